# GenStage.stream/2: the process enumerating the stream is the consumer. It subscribes to each
# producer with tag {monitor_ref, ref} (monitor_ref is that of a helper process that monitors
# the producers on its behalf, so the enumerating process's own monitors stay untouched),
# then receives events and asks for more as it hands them out. Halting the stream cancels
# the subscriptions and flushes what is left of them from the mailbox.
defmodule GenStage.Stream do
  @moduledoc false

  def build(subscriptions, options) do
    subscriptions = Enum.map(subscriptions, &checked/1)

    Stream.resource(
      fn -> start(subscriptions, options) end,
      &next/1,
      &finish/1
    )
  end

  defp checked({to, opts}) when is_list(opts) do
    case GenStage.__subscription_opts__(opts) do
      {:ok, max, min, cancel} -> {to, cancel, min, max, opts}
      {:error, message} -> raise ArgumentError, "invalid options for #{inspect(to)} producer (#{message})"
    end
  end

  defp checked(to), do: checked({to, []})

  defp start(subscriptions, options) do
    parent = self()
    demand = options[:demand] || :forward
    {watcher, watch_ref} = spawn_monitor(fn -> watcher_init(parent, demand) end)
    send(watcher, {parent, watch_ref})
    send(watcher, {watch_ref, {:subscribe, subscriptions}})

    receive do
      {:DOWN, ^watch_ref, _, _, reason} ->
        exit(reason)

      {^watch_ref, {:subscriptions, demand, subscribed}} ->
        case options[:producers] do
          nil -> set_demand(demand, subscribed)
          producers -> Enum.each(producers, &GenStage.demand(&1, demand))
        end

        {:receive, watcher, watch_ref, subscribed}
    end
  end

  defp set_demand(demand, subscribed) do
    Enum.each(subscribed, fn {_, {:subscribed, pid, _, _, _, _}} -> GenStage.demand(pid, demand) end)
  end

  # ---- the watcher: subscribes on the parent's behalf and monitors the producers ----------

  defp watcher_init(parent, demand) do
    parent_ref = Process.monitor(parent)

    receive do
      {:DOWN, ^parent_ref, _, _, reason} -> exit(reason)
      {^parent, watch_ref} -> watcher_loop(parent, parent_ref, watch_ref, demand, [])
    end
  end

  defp watcher_loop(parent, parent_ref, watch_ref, demand, refs) do
    receive do
      {^watch_ref, {:subscribe, subscriptions}} ->
        subscribed = watcher_subscribe(parent, watch_ref, subscriptions)
        send(parent, {watch_ref, {:subscriptions, demand, subscribed}})
        watcher_loop(parent, parent_ref, watch_ref, demand, Map.keys(subscribed) ++ refs)

      {:DOWN, ^parent_ref, _, _, reason} ->
        exit(reason)

      {:DOWN, ref, _, _, reason} ->
        if ref in refs, do: send(parent, {watch_ref, {:DOWN, ref, reason}})
        watcher_loop(parent, parent_ref, watch_ref, demand, refs -- [ref])
    end
  end

  defp watcher_subscribe(parent, watch_ref, subscriptions) do
    Enum.reduce(subscriptions, %{}, fn {to, cancel, min, max, opts}, acc ->
      case GenServer.whereis(to) do
        nil when cancel == :temporary ->
          acc

        nil ->
          exit({:noproc, {GenStage, :init_stream, [subscriptions]}})

        pid ->
          ref = Process.monitor(pid)
          from = {parent, {watch_ref, ref}}
          Process.send(pid, {:"$gen_producer", from, {:subscribe, nil, opts}}, [:noconnect])
          Process.send(pid, {:"$gen_producer", from, {:ask, max}}, [:noconnect])
          Map.put(acc, ref, {:subscribed, pid, cancel, min, max, max})
      end
    end)
  end

  # ---- the enumerating process ------------------------------------------------------------

  defp next({:receive, watcher, watch_ref, subs}), do: receive_events(watcher, watch_ref, subs)

  defp next({:ask, from, ask, batches, watcher, watch_ref, subs}) do
    GenStage.ask(from, ask, [:noconnect])
    hand_out(batches, from, watcher, watch_ref, subs)
  end

  defp finish({:receive, watcher, watch_ref, subs}), do: close(watcher, watch_ref, subs)
  defp finish({:ask, _, _, _, watcher, watch_ref, subs}), do: close(watcher, watch_ref, subs)

  defp finish({:exit, reason, watcher, watch_ref, subs}) do
    close(watcher, watch_ref, subs)
    exit({reason, {GenStage, :close_stream, [subs]}})
  end

  defp close(watcher, watch_ref, subs) do
    cancel_all(watcher, watch_ref, subs)
    stop_watcher(watcher, watch_ref)
  end

  defp receive_events(watcher, watch_ref, subs) when map_size(subs) == 0 do
    {:halt, {:receive, watcher, watch_ref, subs}}
  end

  defp receive_events(watcher, watch_ref, subs) do
    receive do
      {:"$gen_consumer", {pid, {^watch_ref, ref} = tag}, events} when is_list(events) ->
        case subs do
          %{^ref => {:subscribed, ^pid, cancel, min, max, demand}} ->
            from = {pid, tag}
            {demand, batches} = GenStage.__split_batches__(events, from, min, max, demand)
            subs = Map.put(subs, ref, {:subscribed, pid, cancel, min, max, demand})
            hand_out(batches, from, watcher, watch_ref, subs)

          %{^ref => {:cancel, _}} ->
            # Sent before the producer saw our cancellation.
            receive_events(watcher, watch_ref, subs)

          _ ->
            Process.send(pid, {:"$gen_producer", {self(), tag}, {:cancel, :unknown_subscription}}, [:noconnect])
            receive_events(watcher, watch_ref, Map.delete(subs, ref))
        end

      {:"$gen_consumer", {_, {^watch_ref, ref}}, {:cancel, reason}} ->
        cancelled(ref, reason, watcher, watch_ref, subs)

      {:"$gen_cast", {:"$subscribe", nil, to, opts}} ->
        send(watcher, {watch_ref, {:subscribe, [checked({to, opts})]}})

        receive do
          {^watch_ref, {:subscriptions, demand, added}} ->
            set_demand(demand, added)
            receive_events(watcher, watch_ref, Map.merge(subs, added))

          {^watch_ref, {:DOWN, ref, reason}} ->
            cancelled(ref, reason, watcher, watch_ref, subs)
        end

      {:DOWN, ^watch_ref, _, _, reason} ->
        {:halt, {:exit, reason, watcher, watch_ref, subs}}

      {^watch_ref, {:DOWN, ref, reason}} ->
        cancelled(ref, reason, watcher, watch_ref, subs)
    end
  end

  defp hand_out([], _from, watcher, watch_ref, subs), do: receive_events(watcher, watch_ref, subs)

  defp hand_out([{events, ask} | batches], from, watcher, watch_ref, subs) do
    {events, {:ask, from, ask, batches, watcher, watch_ref, subs}}
  end

  defp cancelled(ref, reason, watcher, watch_ref, subs) do
    case subs do
      %{^ref => {_, _, cancel, _, _, _}} ->
        Process.demonitor(ref, [:flush])

        if cancel == :permanent or (cancel == :transient and not GenStage.__transient__(reason)) do
          {:halt, {:exit, reason, watcher, watch_ref, Map.delete(subs, ref)}}
        else
          receive_events(watcher, watch_ref, Map.delete(subs, ref))
        end

      %{^ref => _} ->
        Process.demonitor(ref, [:flush])
        receive_events(watcher, watch_ref, Map.delete(subs, ref))

      _ ->
        receive_events(watcher, watch_ref, subs)
    end
  end

  # Cancels the live subscriptions, then waits for each producer's answer (dropping the
  # events still in flight) until none is left.
  defp cancel_all(watcher, watch_ref, subs) do
    subs =
      Enum.reduce(subs, subs, fn
        {_ref, {:cancel, _}}, acc ->
          acc

        {ref, entry}, acc ->
          pid = elem(entry, 1)
          GenStage.cancel({pid, {watch_ref, ref}}, :normal, [:noconnect])
          Map.put(acc, ref, {:cancel, pid})
      end)

    receive_events(watcher, watch_ref, subs)
  end

  defp stop_watcher(watcher, watch_ref) do
    # The first monitor may have fired already: use a fresh one to wait for the kill.
    Process.demonitor(watch_ref, [:flush])
    ref = Process.monitor(watcher)
    Process.exit(watcher, :kill)

    receive do
      {:DOWN, ^ref, _, _, _} -> flush_watcher(watch_ref)
    end
  end

  defp flush_watcher(watch_ref) do
    receive do
      {^watch_ref, _} -> flush_watcher(watch_ref)
    after
      0 -> :ok
    end
  end
end

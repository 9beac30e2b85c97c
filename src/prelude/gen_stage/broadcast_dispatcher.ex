# Every event goes to every consumer, so events flow only as fast as the slowest consumer
# asks. A consumer may give a :selector to receive only some events (what it does not
# receive is asked again on its behalf). State:
# {[{demand beyond the common part, pid, ref, selector}], events every consumer is waiting
#  for, demand asked upstream not yet served, MapSet of subscribed pids}
defmodule GenStage.BroadcastDispatcher do
  @moduledoc false

  def init(_opts), do: {:ok, {[], 0, 0, MapSet.new()}}

  def info(msg, state) do
    send(self(), msg)
    {:ok, state}
  end

  def subscribe(opts, {pid, ref}, {demands, waiting, requested, pids}) do
    selector = selector_of(opts)

    if MapSet.member?(pids, pid) do
      Logger.bare_log(:error, fn ->
        "#{inspect(pid)} is already registered with #{inspect(self())}. This subscription has been discarded."
      end)

      {:error, :already_subscribed}
    else
      # The newcomer waits for nothing yet: the others' common part becomes their own.
      demands = shift(demands, -waiting)
      {:ok, 0, {[{0, pid, ref, selector} | demands], 0, requested, MapSet.put(pids, pid)}}
    end
  end

  def cancel({pid, ref}, {demands, waiting, requested, pids}) do
    pids = MapSet.delete(pids, pid)

    case List.keydelete(demands, ref, 2) do
      [] ->
        {:ok, 0, {[], 0, requested, pids}}

      demands ->
        # The consumer everyone waited on may be gone: that can free demand.
        {demands, ask, waiting, requested} = settle(demands, waiting, requested)
        {:ok, ask, {demands, waiting, requested, pids}}
    end
  end

  def ask(counter, {pid, ref}, {demands, waiting, requested, pids}) do
    {current, selector, demands} =
      case List.keytake(demands, ref, 2) do
        {{current, _, ^ref, selector}, rest} -> {current, selector, rest}
        nil -> {0, nil, demands}
      end

    demands = [{current + counter, pid, ref, selector} | demands]
    {demands, ask, waiting, requested} = settle(demands, waiting, requested)
    {:ok, ask, {demands, waiting, requested, pids}}
  end

  def dispatch(events, _length, {_, 0, _, _} = state), do: {:ok, events, state}

  def dispatch(events, length, {demands, waiting, requested, pids}) do
    {now, later, waiting, sent} =
      if length <= waiting do
        {events, [], waiting - length, length}
      else
        {now, later} = Enum.split(events, waiting)
        {now, later, 0, waiting}
      end

    Enum.each(demands, fn {_, pid, ref, selector} ->
      {selected, skipped} = select(now, selector)
      if skipped > 0, do: send(self(), {:"$gen_producer", {pid, ref}, {:ask, skipped}})
      Process.send(pid, {:"$gen_consumer", {self(), ref}, selected}, [:noconnect])
    end)

    {:ok, later, {demands, waiting, requested - sent, pids}}
  end

  defp select(events, nil), do: {events, 0}

  defp select(events, selector) do
    {selected, skipped} = Enum.split_with(events, fn e -> selector.(e) end)
    {selected, length(skipped)}
  end

  defp selector_of(opts) do
    case Keyword.get(opts, :selector) do
      nil -> nil
      f when is_function(f, 1) -> f
      other -> raise ArgumentError, ":selector option must be passed a unary function, got: #{inspect(other)}"
    end
  end

  # What every consumer still wants moves into `waiting`; upstream is asked for what
  # `waiting` exceeds the demand already asked for.
  defp settle(demands, waiting, requested) do
    common =
      case demands do
        [] -> 0
        _ -> demands |> Enum.map(&elem(&1, 0)) |> Enum.min() |> max(0)
      end

    demands = shift(demands, common)
    waiting = waiting + common
    ask = max(0, waiting - requested)
    {demands, ask, waiting, requested + ask}
  end

  defp shift(demands, 0), do: demands
  defp shift(demands, by), do: Enum.map(demands, fn {n, pid, ref, selector} -> {n - by, pid, ref, selector} end)
end

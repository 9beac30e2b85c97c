# GenStage.from_enumerable/2: a producer taking `demand` items at a time from an enumerable,
# stopping (:normal) once it is exhausted and the last items are dispatched.
defmodule GenStage.Streamer do
  @moduledoc false

  def start_link({stream, opts}) do
    GenStage.start_link(GenStage.Streamer, {stream, GenStage.caller_stacktrace(), opts}, opts)
  end

  def child_spec(arg) do
    %{id: GenStage.Streamer, start: {GenStage.Streamer, :start_link, [arg]}}
  end

  def init({stream, stack, opts}) do
    # Suspends after `n` items: the continuation resumes where it stopped.
    continuation =
      &Enumerable.reduce(stream, &1, fn
        item, {acc, 1} -> {:suspend, {[item | acc], 0}}
        item, {acc, n} -> {:cont, {[item | acc], n - 1}}
      end)

    on_cancel =
      case Keyword.get(opts, :on_cancel, :continue) do
        :continue -> nil
        :stop -> %{}
      end

    {:producer, {stack, continuation, on_cancel}, Keyword.take(opts, [:dispatcher, :demand])}
  end

  def handle_subscribe(:consumer, _opts, {pid, ref}, {stack, continuation, on_cancel}) do
    on_cancel = if on_cancel, do: Map.put(on_cancel, ref, pid), else: on_cancel
    {:automatic, {stack, continuation, on_cancel}}
  end

  # With on_cancel: :stop, the producer stops once its last consumer is gone.
  def handle_cancel(_reason, {_, ref}, {stack, continuation, on_cancel}) do
    case on_cancel do
      %{^ref => _} when map_size(on_cancel) == 1 -> {:stop, :normal, {stack, continuation, Map.delete(on_cancel, ref)}}
      %{^ref => _} -> {:noreply, [], {stack, continuation, Map.delete(on_cancel, ref)}}
      _ -> {:noreply, [], {stack, continuation, on_cancel}}
    end
  end

  def handle_demand(_demand, {stack, status, on_cancel}) when is_atom(status) do
    {:noreply, [], {stack, status, on_cancel}}
  end

  def handle_demand(demand, {stack, continuation, on_cancel}) when demand > 0 do
    case continuation.({:cont, {[], demand}}) do
      {:suspended, {items, 0}, continuation} ->
        {:noreply, Enum.reverse(items), {stack, continuation, on_cancel}}

      {status, {items, _}} ->
        # Exhausted: stop once these last items have been dispatched.
        GenStage.async_info(self(), :stop)
        {:noreply, Enum.reverse(items), {stack, status, on_cancel}}
    end
  end

  def handle_info(:stop, state), do: {:stop, :normal, state}

  def handle_info(msg, {stack, continuation, on_cancel}) do
    :error_logger.__log__(
      :warning,
      '** Undefined handle_info in ~tp~n** Unhandled message: ~tp~n** Stream started at:~n~ts',
      [inspect(GenStage.Streamer), msg, Exception.format_stacktrace(stack)]
    )

    {:noreply, [], {stack, continuation, on_cancel}}
  end
end

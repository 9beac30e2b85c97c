# The producer's buffer: events waiting for demand, and infos (sync_info/async_info) waiting
# for the events before them. Shape {queue of events, count, infos}: with an unbounded buffer
# an info sits in the queue tagged with the buffer's own reference (and is counted); with a
# bounded one infos are kept apart, in a ring of `size` slots keyed by the position of the
# event they follow, so dropping or taking that event releases them.
defmodule GenStage.Buffer do
  @moduledoc false

  def new(size) when size > 0 do
    infos = if size == :infinity, do: make_ref(), else: size
    {:queue.new(), 0, infos}
  end

  def estimate_size({_, count, _}), do: count

  # {buffer, number of events discarded, infos released by discarding}.
  def store({queue, count, infos}, events, keep) when is_list(events) do
    case ring_size(infos) do
      :infinity ->
        queue = if count == 0, do: :queue.from_list(events), else: Enum.reduce(events, queue, &:queue.in/2)
        {{queue, count + length(events), infos}, 0, []}

      size when keep == :first ->
        {queue, count, rest} = fill(events, queue, count, size)
        {{queue, count, infos}, length(rest), []}

      size ->
        store_last(events, queue, count, size, infos, 0, [])
    end
  end

  defp fill(rest, queue, size, size), do: {queue, size, rest}
  defp fill([], queue, count, _size), do: {queue, count, []}
  defp fill([event | rest], queue, count, size), do: fill(rest, :queue.in(event, queue), count + 1, size)

  # Keeping the last: when full, each new event pushes out the oldest one.
  defp store_last([], queue, count, _size, infos, excess, released), do: {{queue, count, infos}, excess, released}

  defp store_last([event | rest], queue, size, size, infos, excess, released) do
    queue = :queue.in(event, :queue.drop(queue))
    {found, infos} = ring_advance(infos)
    store_last(rest, queue, size, size, infos, excess + 1, released ++ found)
  end

  defp store_last([event | rest], queue, count, size, infos, excess, released),
    do: store_last(rest, :queue.in(event, queue), count + 1, size, infos, excess, released)

  # An info to deliver after the events now buffered; :empty when there are none.
  def put_info({_, 0, _}, _info), do: :empty
  def put_info({queue, count, ref}, info) when is_reference(ref), do: {:ok, {:queue.in({ref, info}, queue), count + 1, ref}}
  def put_info({queue, count, infos}, info), do: {:ok, {queue, count, ring_put(infos, count, info)}}

  # Takes up to `counter` events, stopping after an event an info waits on:
  # {:ok, buffer, counter left, events, infos} or :empty when nothing can be taken.
  def take({_, count, _}, counter) when count == 0 or counter == 0, do: :empty
  def take({queue, count, infos}, counter), do: take(counter, [], queue, count, infos)

  defp take(0, acc, queue, count, infos), do: {:ok, {queue, count, infos}, 0, Enum.reverse(acc), []}
  defp take(counter, acc, queue, 0, infos), do: {:ok, {queue, 0, infos}, counter, Enum.reverse(acc), []}

  defp take(counter, acc, queue, count, ref) when is_reference(ref) do
    {{:value, item}, queue} = :queue.out(queue)

    case item do
      {^ref, info} -> {:ok, {queue, count - 1, ref}, counter, Enum.reverse(acc), [info]}
      event -> take(counter - 1, [event | acc], queue, count - 1, ref)
    end
  end

  defp take(counter, acc, queue, count, infos) do
    {{:value, event}, queue} = :queue.out(queue)

    case ring_advance(infos) do
      {[], infos} -> take(counter - 1, [event | acc], queue, count - 1, infos)
      {found, infos} -> {:ok, {queue, count - 1, infos}, counter - 1, Enum.reverse([event | acc]), found}
    end
  end

  # The ring: `size` alone when empty, else {position of the oldest event, size, %{slot => infos}}.
  defp ring_size(ref) when is_reference(ref), do: :infinity
  defp ring_size({_, size, _}), do: size
  defp ring_size(size), do: size

  defp ring_put({pos, size, slots}, count, info) do
    {pos, size, Map.update(slots, rem(pos + count - 1, size), [info], &[info | &1])}
  end

  defp ring_put(size, count, info), do: {0, size, %{rem(count - 1, size) => [info]}}

  # Moves past the oldest event: {infos that were waiting on it, ring}.
  defp ring_advance({pos, size, slots}) do
    case Map.pop(slots, pos) do
      {nil, _} ->
        {[], {rem(pos + 1, size), size, slots}}

      {found, slots} ->
        ring = if slots == %{}, do: size, else: {rem(pos + 1, size), size, slots}
        {Enum.reverse(found), ring}
    end
  end

  defp ring_advance(size), do: {[], size}
end

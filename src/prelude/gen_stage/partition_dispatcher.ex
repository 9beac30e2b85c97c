# Each event goes to one partition, chosen by a hash function; each partition has at most
# one consumer. Events for a partition beyond its consumer's demand wait in a queue kept
# for that partition. State:
# {tag marking infos in partition queues, hash, demand asked upstream and not yet served,
#  demand of cancelled consumers already asked upstream, %{partition => {pid, ref, demand
#  or queue}}, %{ref => partition}, %{info ref => {msg, partitions still holding it}}}
#
# While dispatching, each partition's events gather under the partition's key in the
# process dictionary (as GenStage does, so the producer's dictionary reads the same).
defmodule GenStage.PartitionDispatcher do
  @moduledoc false

  @free {nil, nil, 0}

  def init(opts) do
    names =
      case Keyword.get(opts, :partitions) do
        nil -> raise ArgumentError, "the enumerable of :partitions is required when using the partition dispatcher"
        n when is_integer(n) -> 0..(n - 1)
        names -> names
      end

    custom_hash? = Keyword.has_key?(opts, :hash)

    partitions =
      Enum.reduce(names, %{}, fn name, acc ->
        if not custom_hash? and not is_integer(name) do
          raise ArgumentError,
                "when :partitions contains partitions that are not integers, you have to pass in the :hash option as well"
        end

        Process.put(name, [])
        Map.put(acc, name, @free)
      end)

    size = map_size(partitions)
    hash = Keyword.get(opts, :hash, fn event -> {event, :erlang.phash2(event, size)} end)
    {:ok, {make_ref(), hash, 0, 0, partitions, %{}, %{}}}
  end

  # An info waits behind the events queued in every partition that has some.
  def info(msg, {tag, hash, waiting, pending, partitions, refs, infos}) do
    info = make_ref()

    {partitions, holding} =
      Enum.reduce(partitions, {partitions, []}, fn
        {name, {pid, ref, queue}}, {acc, holding} when not is_integer(queue) ->
          {Map.put(acc, name, {pid, ref, :queue.in({tag, info}, queue)}), [name | holding]}

        _, acc ->
          acc
      end)

    infos =
      case holding do
        [] ->
          send(self(), msg)
          infos

        _ ->
          Map.put(infos, info, {msg, holding})
      end

    {:ok, {tag, hash, waiting, pending, partitions, refs, infos}}
  end

  def subscribe(opts, {pid, ref}, {tag, hash, waiting, pending, partitions, refs, infos}) do
    name = Keyword.get(opts, :partition)

    case partitions do
      %{^name => {nil, nil, held}} ->
        {:ok, 0, {tag, hash, waiting, pending, Map.put(partitions, name, {pid, ref, held}), Map.put(refs, ref, name), infos}}

      %{^name => {owner, _, _}} ->
        raise ArgumentError, "the partition #{name} is already taken by #{inspect(owner)}"

      _ when is_nil(name) ->
        raise ArgumentError, "the :partition option is required when subscribing to a producer with partition dispatcher"

      _ ->
        raise ArgumentError, ":partition must be one of #{inspect(Map.keys(partitions))}, got: #{name}"
    end
  end

  # A queue left by a cancelled consumer is dropped and its size asked for again.
  def cancel({_, ref}, {tag, hash, waiting, pending, partitions, refs, infos}) do
    {name, refs} = Map.pop(refs, ref)
    {_, _, held} = Map.get(partitions, name)
    partitions = Map.put(partitions, name, @free)

    if is_integer(held) do
      {:ok, 0, {tag, hash, waiting, pending + held, partitions, refs, infos}}
    else
      {dropped, infos} = drop_queue(held, tag, name, 0, infos)
      {:ok, dropped, {tag, hash, waiting + dropped, pending, partitions, refs, infos}}
    end
  end

  def ask(counter, {_, ref}, {tag, hash, waiting, pending, partitions, refs, infos}) do
    name = Map.fetch!(refs, ref)
    {pid, ref, held} = Map.fetch!(partitions, name)

    {held, infos} =
      if is_integer(held),
        do: {held + counter, infos},
        else: send_queued(held, tag, pid, ref, name, counter, [], infos)

    covered = min(pending, counter)
    demand = counter - covered

    {:ok, demand,
     {tag, hash, waiting + demand, pending - covered, Map.put(partitions, name, {pid, ref, held}), refs, infos}}
  end

  # Sends up to `counter` queued events (one message per run between infos): the queue left,
  # or the demand left once the queue is used up.
  defp send_queued(queue, _tag, pid, ref, _name, 0, acc, infos) do
    send_events(acc, pid, ref)
    {queue, infos}
  end

  defp send_queued(queue, tag, pid, ref, name, counter, acc, infos) do
    case :queue.out(queue) do
      {{:value, {^tag, info}}, queue} ->
        send_events(acc, pid, ref)
        send_queued(queue, tag, pid, ref, name, counter, [], release_info(infos, info, name))

      {{:value, event}, queue} ->
        send_queued(queue, tag, pid, ref, name, counter - 1, [event | acc], infos)

      {:empty, _} ->
        send_events(acc, pid, ref)
        {counter, infos}
    end
  end

  defp drop_queue(queue, tag, name, count, infos) do
    case :queue.out(queue) do
      {{:value, {^tag, info}}, queue} -> drop_queue(queue, tag, name, count, release_info(infos, info, name))
      {{:value, _}, queue} -> drop_queue(queue, tag, name, count + 1, infos)
      {:empty, _} -> {count, infos}
    end
  end

  # `reversed` holds events newest first.
  defp send_events([], _pid, _ref), do: :ok

  defp send_events(reversed, pid, ref) do
    Process.send(pid, {:"$gen_consumer", {self(), ref}, Enum.reverse(reversed)}, [:noconnect])
  end

  defp release_info(infos, info, name) do
    case Map.fetch!(infos, info) do
      {msg, [^name]} ->
        send(self(), msg)
        Map.delete(infos, info)

      {msg, names} ->
        Map.put(infos, info, {msg, List.delete(names, name)})
    end
  end

  def dispatch(events, _length, {tag, hash, waiting, pending, partitions, refs, infos}) do
    {later, waiting} = hash_events(events, waiting, hash, partitions)
    partitions = partitions |> :maps.to_list() |> Enum.map(&flush_partition/1) |> :maps.from_list()
    {:ok, later, {tag, hash, waiting, pending, partitions, refs, infos}}
  end

  # Hashes events into their partitions while upstream demand lasts; the rest is returned.
  defp hash_events(events, 0, _hash, _partitions), do: {events, 0}
  defp hash_events([], waiting, _hash, _partitions), do: {[], waiting}

  defp hash_events([event | rest], waiting, hash, partitions) do
    case hash.(event) do
      {event, name} ->
        case Process.get(name, :"$undefined") do
          :"$undefined" ->
            raise "unknown partition #{inspect(name)} computed for GenStage event #{inspect(event)}. " <>
                    "The known partitions are #{inspect(Map.keys(partitions))}. " <>
                    "See the :partitions option to set your own. This event has been discarded."

          gathered ->
            Process.put(name, [event | gathered])
            hash_events(rest, waiting - 1, hash, partitions)
        end

      :none ->
        hash_events(rest, waiting, hash, partitions)

      other ->
        raise "the :hash function should return {event, partition}, got: #{inspect(other)}"
    end
  end

  # Sends a partition what it gathered, up to its consumer's demand; the rest is queued.
  defp flush_partition({name, {pid, ref, held} = value}) do
    case Process.put(name, []) do
      [] ->
        {name, value}

      gathered ->
        events = Enum.reverse(gathered)

        {to_send, held} =
          if is_integer(held),
            do: split_to_queue(events, held, []),
            else: {[], Enum.reduce(events, held, &:queue.in/2)}

        send_events(to_send, pid, ref)
        {name, {pid, ref, held}}
    end
  end

  defp split_to_queue(events, 0, acc), do: {acc, Enum.reduce(events, :queue.new(), &:queue.in/2)}
  defp split_to_queue([], counter, acc), do: {acc, counter}
  defp split_to_queue([event | rest], counter, acc), do: split_to_queue(rest, counter - 1, [event | acc])
end

# Batches go to the consumer with the largest pending demand. State:
# {[{demand, pid, ref}] largest first, demand already asked for cancelled consumers,
#  max demand (from the option or the first ask), shuffle before the first dispatch?}
defmodule GenStage.DemandDispatcher do
  @moduledoc false

  def init(opts) do
    shuffle? = Keyword.get(opts, :shuffle_demands_on_first_dispatch, false)
    {:ok, {[], 0, Keyword.get(opts, :max_demand), shuffle?}}
  end

  def info(msg, state) do
    send(self(), msg)
    {:ok, state}
  end

  def subscribe(_opts, {pid, ref}, {demands, pending, max, shuffle?}) do
    {:ok, 0, {demands ++ [{0, pid, ref}], pending, max, shuffle?}}
  end

  # A cancelled consumer's unmet demand was already asked upstream: what arrives for it
  # serves the next asks instead.
  def cancel({_, ref}, {demands, pending, max, shuffle?}) do
    {current, demands} = take_demand(demands, ref)
    {:ok, 0, {demands, pending + current, max, shuffle?}}
  end

  def ask(counter, {pid, ref}, {demands, pending, max, shuffle?}) do
    max = max || counter

    if counter > max do
      :error_logger.__log__(
        :warning,
        'GenStage producer DemandDispatcher expects a maximum demand of ~tp. Using different maximum demands will overload greedy consumers. Got demand for ~tp events from ~tp~n',
        [max, counter, pid]
      )
    end

    {current, demands} = take_demand(demands, ref)
    demands = insert_demand(demands, {current + counter, pid, ref})
    covered = min(pending, counter)
    {:ok, counter - covered, {demands, pending - covered, max, shuffle?}}
  end

  def dispatch(events, length, {demands, pending, max, true}) do
    dispatch(events, length, {Enum.shuffle(demands), pending, max, false})
  end

  def dispatch(events, length, {demands, pending, max, false}) do
    {left, left_count, demands} = deliver(events, length, demands)
    {:ok, left, {demands, max(pending - left_count, 0), max, false}}
  end

  defp deliver([], count, demands), do: {[], count, demands}
  defp deliver(events, count, []), do: {events, count, []}
  defp deliver(events, count, [{0, _, _} | _] = demands), do: {events, count, demands}

  defp deliver(events, count, [{demand, pid, ref} | demands]) do
    {now, later, count, demand} =
      if count <= demand do
        {events, [], 0, demand - count}
      else
        {now, later} = Enum.split(events, demand)
        {now, later, count - demand, 0}
      end

    Process.send(pid, {:"$gen_consumer", {self(), ref}, now}, [:noconnect])
    deliver(later, count, insert_demand(demands, {demand, pid, ref}))
  end

  # Keeps the list ordered by demand, largest first; equal demands keep their order.
  defp insert_demand([{current, _, _} = first | rest], {demand, _, _} = entry) when demand <= current,
    do: [first | insert_demand(rest, entry)]

  defp insert_demand(demands, {demand, _, _} = entry) when is_integer(demand), do: [entry | demands]

  defp take_demand(demands, ref) do
    {{current, _pid, ^ref}, rest} = List.keytake(demands, ref, 2)
    {current, rest}
  end
end

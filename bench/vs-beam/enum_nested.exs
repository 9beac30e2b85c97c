defmodule Work do
  def setup, do: Enum.to_list(1..10)

  # A compiled function's body calling Enum.map and Enum.filter with a fun, 100k times.
  def run(list), do: loop(list, 100_000, 0)

  defp loop(_list, 0, acc), do: acc

  defp loop(list, n, acc) do
    mapped = Enum.map(list, fn x -> x + n end)
    kept = Enum.filter(mapped, fn x -> rem(x, 3) == 0 end)
    loop(list, n - 1, acc + length(kept))
  end
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

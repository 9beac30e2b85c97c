defmodule Work do
  def setup, do: 100_000

  def run(n) do
    t = :ets.new(:bench, [:set])
    insert(t, n)
    sum = lookup(t, n, 0)
    :ets.delete(t)
    sum
  end

  defp insert(_t, 0), do: :ok
  defp insert(t, n), do: (:ets.insert(t, {n, n}); insert(t, n - 1))

  defp lookup(_t, 0, acc), do: acc
  defp lookup(t, n, acc), do: (([{_, v}] = :ets.lookup(t, n)); lookup(t, n - 1, acc + v))
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

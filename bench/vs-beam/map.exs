defmodule Work do
  def setup, do: 200_000

  def run(n) do
    m = Enum.reduce(1..n, %{}, fn i, m -> Map.put(m, i, i) end)
    Enum.reduce(1..n, 0, fn i, acc -> acc + Map.fetch!(m, i) end)
  end
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

defmodule Work do
  def setup, do: 10_000
  def run(n), do: Enum.reduce(1..n, 1, &*/2)
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

defmodule Work do
  def setup, do: Enum.map(1..100_000, fn i -> rem(i * 7919, 100_003) end)

  def run(list), do: Enum.sort_by(list, &(-&1))
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

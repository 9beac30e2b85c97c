defmodule Work do
  def setup, do: Enum.to_list(1..1_000_000)
  def run(list), do: sum(list)

  defp sum([]), do: 0
  defp sum([h | t]), do: h + sum(t)
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

defmodule Work do
  def setup, do: Enum.to_list(1..1_000_000)

  def run(list) do
    list |> Enum.map(&Work.double/1) |> Enum.filter(&Work.third?/1) |> Enum.reduce(0, &Work.add/2)
  end

  def double(x), do: x * 2
  def third?(x), do: rem(x, 3) == 0
  def add(x, acc), do: x + acc
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

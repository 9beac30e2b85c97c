defmodule Work do
  def setup, do: 1..1_000_000

  def run(range) do
    range |> Enum.map(&(&1 * 2)) |> Enum.filter(&(rem(&1, 3) == 0)) |> Enum.reduce(0, &+/2)
  end
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

defmodule Work do
  def setup, do: 1..1_000_000

  def run(range) do
    range |> Stream.map(&(&1 * 2)) |> Stream.filter(&(rem(&1, 3) == 0)) |> Enum.sum()
  end
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

defmodule Work do
  def setup, do: {Enum.to_list(1..1_000_000), 3}

  # A fun capturing two variables made for each element (and kept in the result).
  def run({list, k}), do: make(list, k, [])

  defp make([], _k, acc), do: acc
  defp make([x | t], k, acc), do: make(t, k, [fn y -> x * k + y end | acc])
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

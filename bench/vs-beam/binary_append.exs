defmodule Work do
  def setup, do: 50_000
  def run(n), do: byte_size(append(<<>>, n))

  defp append(acc, 0), do: acc
  defp append(acc, n), do: append(acc <> <<rem(n, 256)>>, n - 1)
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

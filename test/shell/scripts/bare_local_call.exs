defmodule M do
  def run, do: loop
  defp loop, do: :ok
  defp other, do: :x
end
IO.inspect M.run

defmodule Shapes do
  @type shape :: {:circle, number} | {:square, number}
  @spec area(shap) :: float
  def area({:circle, r}), do: 3.14 * r * r
  def area({:square, s}), do: s * s * 1.0
end

IO.puts(Shapes.area({:square, 2}))

defmodule M do
  @x to_char_list(:a)
  def f, do: @x
  def g(x), do: Kernel.to_char_list(x)
end
IO.inspect M.f
IO.inspect M.g(12)
f = fn -> to_char_list(1.5) end
IO.inspect f.()

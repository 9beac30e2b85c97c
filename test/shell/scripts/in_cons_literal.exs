# Kernel.in walks into a list literal tail: [9 | [10, 11]] is a compile-time proper list.
defmodule IG do
  def f(x) when x in [9 | [10, 11]], do: :cons
  def f(_), do: :no
  def g(x), do: x in [1 | [2]]
end
IO.inspect {IG.f(10), IG.f(1), IG.g(2), IG.g(3)}

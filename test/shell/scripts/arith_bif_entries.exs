# In a module's function, + and - of two operands neither a number literal fail in the BIF
# (its :erlang entry shows); with a float literal, a small integer literal on either side of
# + or a non-negative one right of - (an attribute's value too), the JIT computes inline and
# the entry is left out, as is `/`'s always.
defmodule AR do
  @c 5
  def f(x, y), do: x + y
  def g(x), do: x + 1
  def h(x), do: 1 + x
  def i(x, y), do: x - y
  def j(x, y), do: x / y
  def k(x), do: x + 1.5
  def l(x), do: x - 100000000000000000000
  def m(x), do: x + @c
  def n(x), do: x - (-3)
  def p(x), do: 3 - x
  def q(x), do: 1.5 - x
  def r(x), do: -3 + x
  def o(x, y) do
    z = x + y
    z * 2
  end
end

calls = [
  {:f, [1, :a]}, {:g, [:a]}, {:h, [:a]}, {:i, [1, :a]}, {:j, [1, 0]}, {:k, [:a]},
  {:l, [:a]}, {:m, [:a]}, {:n, [:a]}, {:o, [1, :a]}, {:p, [:a]}, {:q, [:a]}, {:r, [:a]}
]

for {name, args} <- calls do
  try do
    apply(AR, name, args)
  rescue
    e -> IO.inspect({name, Exception.message(e), Enum.take(__STACKTRACE__, 2) |> Enum.filter(&(elem(&1, 0) in [AR, :erlang]))})
  end
end

AR.f(2, nil)

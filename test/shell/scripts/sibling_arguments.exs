# Each argument of a call, tuple, list, map or binary reads the variables as they
# were before the first argument; what they bind is visible after them.
x = 1
IO.inspect({x = 2, x})
IO.inspect(x)
y = 10
IO.inspect([y = y + 1, y, {y = y * 2, y}])
IO.inspect(y)
z = "a"
IO.inspect("#{z = "b"}#{z}" <> z)
s = 1
IO.inspect(%{(s = 2) => s, s => (s = 3)})
IO.inspect(s)
f = fn a, b -> {a, b} end
w = 0
IO.inspect(f.(w = 5, w), label: "anonymous")
IO.inspect(w, label: "after")
v = 1
IO.inspect(for i <- [v = 2, v], do: {i, v})
c = 1
IO.inspect(case {c = 2, c} do
  {a, b} -> {a, b, c}
end)

defmodule Sib do
  def tup(x), do: {x = x + 1, x}
  def nested(x), do: {x = 2, {x = 3, x}, x}
  def remote(x), do: Enum.zip([x = x + 1], [x])
  def closure(x), do: {x = :new, (fn -> x end).()}
  def bin(x), do: <<(x = x + 1), x>>
  def pin(x), do: [x = :b, match?(^x, :a)]
  def last(x) do
    {_, _} = {x = x * 3, x}
    x
  end
end

IO.inspect(Sib.tup(1))
IO.inspect(Sib.nested(1))
IO.inspect(Sib.remote(1))
IO.inspect(Sib.closure(:old))
IO.inspect(Sib.bin(1))
IO.inspect(Sib.pin(:a))
IO.inspect(Sib.last(2))

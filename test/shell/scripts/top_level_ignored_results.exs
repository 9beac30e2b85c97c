# A script's top level is compiled as one function: the Erlang compiler's warnings apply.
list = [1, 2, 3]
length(list)
list == []
hd(list)
list ++ [4]
self()
x = 5
x * 2
is_atom(x)
elem({1, 2}, 0)
tuple_size({1, 2})
abs(-3)
if x > 1 do
  x + 1
  :big
end
case list do
  [_ | _] -> map_size(%{})
  _ -> nil
end
f = fn y -> y + 1 end
fn z -> z * 2 end
f.(1)
defmodule TopLevel do
  def g(n) do
    n + 1
    n
  end
  length([1])
end
IO.puts(TopLevel.g(1))
_ = length(list)
x != 3
String.length("abc")
:erlang.time()
node()
div(10, 3)
IO.puts("done")

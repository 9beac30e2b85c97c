# The index in an inspected fun (#Function<N.uniq/arity in ...>) is the one OTP 25's
# compiler gives: the module's functions, sorted by name and arity, number the funs they
# make in the order written (a comprehension's generator makes one, &local/n one per
# function it names); then the funs lifted out of them, newest first, number theirs.
# (Shown by Show.ix/1 as their index: the uniq part is a hash of the code.)
defmodule Show do
  def ix(f) when is_function(f) do
    {:index, i} = :erlang.fun_info(f, :index)
    i
  end

  def ix(t) when is_tuple(t), do: t |> Tuple.to_list() |> ix() |> List.to_tuple()
  def ix([h | t]), do: [ix(h) | ix(t)]
  def ix(x), do: x
end

defmodule Funs do
  def zz(x), do: fn -> x end
  def zz, do: fn -> :zz0 end
  def a, do: {fn -> :a end, &helper/1, &helper/1, &(&1 + 1)}
  defp helper(x), do: x

  def nested do
    a = fn -> {fn -> fn -> 1 end end, fn -> fn -> 2 end end} end
    b = fn -> fn -> 3 end end
    {x, y} = a.()
    {a, b, b.(), x, y, x.(), y.()}
  end

  def comprehension(l), do: {for(x <- l, do: fn -> x end), fn -> :c end}
  def two_generators, do: for(x <- [1], y <- [2], do: fn -> {x, y} end)
  def mapped(l), do: {Enum.map(l, fn x -> fn -> x end end), fn -> :w end}
  def other, do: fn -> fn -> 9 end end
end

IO.inspect(Show.ix({Funs.zz(1), Funs.zz(), Funs.a()}))
IO.inspect(Show.ix(Funs.nested()))
IO.inspect(Show.ix({Funs.comprehension([1]), Funs.two_generators(), Funs.mapped([1])}))
IO.inspect(Show.ix({Funs.other(), Funs.other().()}))
IO.inspect(:erlang.fun_info(Funs.other().(), :index))

f = fn -> 1 end
a = fn -> {fn -> fn -> 1 end end, fn -> fn -> 2 end end} end
b = fn -> fn -> 3 end end
{x, y} = a.()
IO.inspect(Show.ix({f, a, b, b.(), x, y, x.(), y.()}))
list = for i <- [1], do: fn -> i end
g = fn x -> x end
IO.inspect(Show.ix({list, g}))
try do
  g.(1, 2)
rescue
  e in BadArityError -> IO.inspect(Show.ix({e.function, e.args}))
end

# What a stack trace shows when a fun raises inside Enum.map / Enum.filter called from a
# module's function (over lists and ranges, before and after an element is in the result),
# when the list has an improper tail, and that results and reductions are those of Elixir.
defmodule M do
  def map_first(l), do: Enum.map(l, fn x -> 10 / x end)
  def map_later(l), do: Enum.map(l, fn x -> if x == 3, do: raise("three"), else: x end)
  def filter_first(l), do: Enum.filter(l, fn x -> 10 / x > 1 end)
  def filter_later(l), do: Enum.filter(l, fn x -> if x == 3, do: raise("three"), else: x > 1 end)
  def filter_dropped(l), do: Enum.filter(l, fn x -> if x == 3, do: raise("three"), else: x > 5 end)
  def map_range(a, b), do: Enum.map(a..b, fn x -> 10 / x end)
  def filter_range(a, b), do: Enum.filter(a..b, fn x -> 10 / x > 1 end)
  def improper(l), do: Enum.map(l, fn x -> x * 2 end)
  def improper_filter(l), do: Enum.filter(l, fn x -> x > 1 end)
  def nested(n), do: Enum.map(1..n, fn i -> Enum.map([1, 2, i], fn x -> div(x, i - 2) end) end)
  def ext(l), do: Enum.map(l, &M.inv/1)
  def inv(x), do: 1 / x
  def bad_fun(l), do: Enum.map(l, fn a, b -> {a, b} end)
  def wrapped(l), do: {:ok, Enum.map(l, fn x -> 10 / x end)}
  def receiving(l), do: Enum.map(l, fn x -> send(self(), x); receive(do: (y -> y * 2)) end)
end

show = fn name, f ->
  try do
    IO.inspect(f.(), label: name)
  rescue
    e ->
      IO.puts("#{name}: #{inspect(e.__struct__)}")
      for {m, f, a, loc} <- __STACKTRACE__, m in [M, Enum, :erlang] do
        a = if is_list(a), do: inspect(for(x <- a, do: if(is_function(x), do: :a_fun, else: x))), else: a
        IO.puts("  #{inspect(m)}.#{f}/#{a} #{loc[:line]}")
      end
  end
end

show.("map_first", fn -> M.map_first([0, 1]) end)
show.("map_later", fn -> M.map_later([1, 2, 3, 4]) end)
show.("filter_first", fn -> M.filter_first([0, 1]) end)
show.("filter_later", fn -> M.filter_later([1, 2, 3]) end)
show.("filter_dropped", fn -> M.filter_dropped([1, 2, 3]) end)
show.("map_range", fn -> M.map_range(-2, 2) end)
show.("filter_range", fn -> M.filter_range(2, -2) end)
show.("improper", fn -> M.improper([1, 2 | 3]) end)
show.("improper_first", fn -> M.improper([1 | 3]) end)
show.("improper_filter", fn -> M.improper_filter([1, 2 | 3]) end)
show.("improper_filter_dropped", fn -> M.improper_filter([0, 1 | 3]) end)
show.("nested", fn -> M.nested(3) end)
show.("nested_ok", fn -> M.nested(1) end)
show.("ext", fn -> M.ext([1, 0]) end)
show.("bad_fun", fn -> M.bad_fun([1]) end)
show.("bad_fun_empty", fn -> M.bad_fun([]) end)
show.("wrapped", fn -> M.wrapped([1, 0]) end)
show.("receiving", fn -> M.receiving([1, 2, 3]) end)
show.("ok", fn -> {M.map_later([1, 2]), M.filter_later([1, 2]), M.map_range(1, 2), M.filter_range(5, 1)} end)

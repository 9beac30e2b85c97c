# What a stack trace shows of a comprehension that raises in compiled code (a module's
# function, the file's top level): the generator's fun, the Enum function calling it, and
# the function at the comprehension's line.
defmodule Comp do
  def list(a), do: for(x <- [1, 2], do: x / a)
  def range(a), do: for(x <- 1..2, do: x / a)
  def map(a), do: for({_k, v} <- %{a: 1}, do: v / a)
  def two(a), do: for(x <- [1], y <- [2, 0], do: x / y + a)

  def nested(a) do
    for x <- [1] do
      for y <- [2], do: x / a + y
    end
  end

  def filtered(a) do
    b = 1
    s = "lit"
    c = a + 1
    for x <- [1], y = x + b, y > 0, do: {y / a, s, c}
  end

  def inner_generator(a), do: for(x <- [1], y <- [x / a], do: y)
  def into_map(a), do: for(x <- [1], into: %{}, do: {x, x / a})
  def into_set(a), do: for(x <- [1], into: MapSet.new(), do: x / a)
  def uniq(a), do: for(x <- [1], uniq: true, do: x / a)
  def reduce_tail(a), do: for(x <- [1], reduce: 0, do: (acc -> acc + x / a))

  def reduce_not_tail(a) do
    r = for x <- [1], reduce: 0, do: (acc -> acc + x / a)
    {r}
  end

  def calls(l), do: for(x <- l, do: String.length(x))
  def then_fn(l) do
    _ = for x <- l, do: x
    Enum.map(l, fn x -> 1 / x end)
  end
end

show = fn f ->
  try do
    f.()
  rescue
    e ->
      IO.puts(Exception.message(e))
      # (beamsh leaves out the entries of elixir_compiler running the file)
      IO.inspect(Enum.take(__STACKTRACE__, 5) |> Enum.reject(&(elem(&1, 0) == :elixir_compiler)))
  end
end

show.(fn -> Comp.list(0) end)
show.(fn -> Comp.range(0) end)
show.(fn -> Comp.map(0) end)
show.(fn -> Comp.two(0) end)
show.(fn -> Comp.nested(0) end)
show.(fn -> Comp.filtered(0) end)
show.(fn -> Comp.inner_generator(0) end)
show.(fn -> Comp.into_map(0) end)
show.(fn -> Comp.into_set(0) end)
show.(fn -> Comp.uniq(0) end)
show.(fn -> Comp.reduce_tail(0) end)
show.(fn -> Comp.reduce_not_tail(0) end)
show.(fn -> Comp.calls(["a", :b]) end)
show.(fn -> Comp.then_fn([0]) end)

n = String.length("")
show.(fn -> for x <- [1, 2], do: x / n end)
show.(fn -> for x <- [1, 2], y <- [n], do: x / y end)
r = for x <- [1, 2], y <- [2, 0], do: x / y
IO.inspect(r)

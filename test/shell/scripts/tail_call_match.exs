# `var = call` (and `var = call` then `var`) at the end of a body is a tail call on
# BEAM: the Erlang compiler drops the binding nobody reads. A match with a pattern
# other than a variable is not.
defmodule Tail do
  def f(x), do: x + 1

  def bind(x) do
    y = f(x)
  end

  def ignore(x) do
    _ = f(x)
  end

  def chain(x) do
    a = b = f(x)
  end

  def bind_then_return(x) do
    IO.puts("computing")
    y = f(x)
    y
  end

  def bind_case(x) do
    y =
      case x do
        _ -> f(x)
      end
  end

  def tuple(x) do
    {:ok, y} = {:ok, f(x)}
  end

  def bind_then_other(x) do
    y = f(x)
    z = 1
    y + z
  end

  def in_try(x) do
    try do
      y = f(x)
    after
      :ok
    end
  end
end

caller = fn fun ->
  try do
    apply(Tail, fun, [:a])
  rescue
    ArithmeticError -> IO.inspect({fun, Enum.at(__STACKTRACE__, 1)})
  end
end

caller.(:bind)
caller.(:ignore)
caller.(:chain)
caller.(:bind_then_return)
caller.(:bind_case)
caller.(:tuple)
caller.(:bind_then_other)
caller.(:in_try)
result = Tail.f(:a)

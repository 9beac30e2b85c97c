# `()` as an expression: the parser's warning, with the file:line:column of each `()`
IO.puts("start")
x = ()
IO.inspect({x, [(), 1], "#{(())}"})

defmodule EmptyParens do
  ()
  def f, do: ()
  def g(), do: :g
end

IO.inspect({EmptyParens.f(), EmptyParens.g(), (fn () -> :fn end).()})

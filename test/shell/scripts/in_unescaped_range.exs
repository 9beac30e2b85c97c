try do
  defmodule InErrors do
    range = 1..3
    def foo(x) when x in unquote(range), do: :ok
  end
rescue
  e -> IO.inspect(e)
end
try do
  defmodule InErrors2 do
    range = 1..3
    def foo(x), do: x in unquote(range)
  end
rescue
  e -> IO.inspect(e)
end
defmodule InOk do
  range = Macro.escape(1..3)
  def foo(x) when x in unquote(range), do: :ok
  def foo(_), do: :no
end
IO.inspect {InOk.foo(2), InOk.foo(5)}
defmodule InOkStep do
  range = Macro.escape(1..9//2)
  def foo(x) when x in unquote(range), do: :ok
  def foo(_), do: :no
  def bar(x), do: x in unquote(range)
end
IO.inspect {InOkStep.foo(3), InOkStep.foo(4), InOkStep.foo(11), InOkStep.bar(3), InOkStep.bar(4)}

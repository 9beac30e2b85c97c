# Outside iex's prompt, a bare name that is an import is still "expanded to" a call with a warning.
defmodule BareImported do
  def a, do: b
  def b, do: 1
  def c, do: node
  def d, do: self
  defmacro m, do: quote(do: self)
  def e, do: m()
end
IO.inspect BareImported.a()
IO.inspect BareImported.c()
IO.inspect BareImported.d() == self()
IO.inspect BareImported.e() == self()
IO.inspect self == self()
{value, _} = Code.eval_string("node")
IO.inspect value

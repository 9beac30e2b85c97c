# Patterns that hold macros and interpolations: what they expand to is matched (an
# interpolated module attribute, a pinned var!/2, a sigil giving a variable inside assert).
defmodule Helpers do
  defmacro ctx_var, do: quote(do: var!(a, Elixir))
  defmacro sigil_l({:<<>>, _, [string]}, _), do: Code.string_to_quoted!(string, [])
end

defmodule Patterns do
  require Helpers
  import Helpers
  import ExUnit.Assertions

  @prefix "id"

  def kind("#{@prefix}:" <> rest), do: {:id, rest}
  def kind(<<"x#{@prefix}", n>>), do: {:xid, n}
  def kind(_), do: :other

  def guarded(s) when s == "#{@prefix}!", do: :bang
  def guarded(_), do: :no

  def pins(other) do
    var!(a, Elixir) = 1
    {2, 1} = {2, ^var!(a, Elixir)} = {2, 1}
    ^ctx_var() = 1

    try do
      {^var!(a, Elixir), 1} = other
    rescue
      e -> e
    end
  end

  def asserted do
    assert ~l(x) = 10
    assert {~l(y), [~l(z)]} = {20, [30]}
    {x, y, z}
  end

  def failed do
    assert {~l(q), 1} = {0, 2}
  rescue
    e in ExUnit.AssertionError -> {e.message, Macro.to_string(e.expr), e.left}
  end
end

IO.inspect(Enum.map(["id:7", "xid9", "nope"], &Patterns.kind/1))
IO.inspect({Patterns.guarded("id!"), Patterns.guarded("id")})
IO.inspect(Patterns.pins({3, 1}))
IO.inspect(Patterns.asserted())
IO.inspect(Patterns.failed())

for code <- [~S'"a#{b}" = "ab"', "x = 1; ^foo() = 1", "^x() = 1"] do
  try do
    Code.eval_string(code)
  rescue
    e -> IO.puts(Exception.message(e))
  end
end

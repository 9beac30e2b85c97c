# super from an override of one arity a macro's (or a function's) defaults give.
defmodule OverridableDefault do
  def fun(value, opt \\ :from_parent), do: {value, opt}

  defmacro macro(value, opt \\ :from_parent) do
    {{value, opt}, __CALLER__.module}
  end

  defmacro two(a, b \\ :b, c \\ :c), do: [a, b, c]

  defoverridable fun: 1, fun: 2, macro: 1, macro: 2, two: 1, two: 3

  def fun(value), do: {value, super(value)}

  defmacro macro(value) do
    {{value, super(value)}, __CALLER__.module}
  end

  defmacro two(a), do: {:over, super(a)}
end

defmodule OverridableCall do
  require OverridableDefault
  IO.inspect(OverridableDefault.fun(:foo))
  IO.inspect(OverridableDefault.fun(:foo, :x))
  IO.inspect(OverridableDefault.macro(:bar))
  IO.inspect(OverridableDefault.macro(:bar, :y))
  IO.inspect(OverridableDefault.two(1))
  IO.inspect(OverridableDefault.two(1, 2))
end

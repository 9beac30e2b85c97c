# A defguard calling a macro of its own module: the guard is expanded where the macro is defined.
defmodule MacrosInGuards do
  defmacro is_foo(atom) do
    quote do
      unquote(atom) == :foo
    end
  end

  defguard is_foobar(atom) when is_foo(atom) or atom == :bar
  def f(x) when is_foobar(x), do: true
  def f(_), do: false
end

defmodule GU do
  require MacrosInGuards
  def g(x) when MacrosInGuards.is_foobar(x), do: :yes
  def g(_), do: :no
  def h(x), do: MacrosInGuards.is_foobar(x)
end

IO.inspect({MacrosInGuards.f(:foo), MacrosInGuards.f(:baz), GU.g(:foo), GU.g(:bar), GU.g(1), GU.h(:foo), GU.h(2)})

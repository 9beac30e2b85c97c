# defmodule hands the variables in scope to the module's body: attributes and unquote
# fragments read them; a rebinding inside stays inside; a nested module sees the body's own.
x = 1
unused = 0
defmodule OuterVars do
  x = x + 1
  @v x
  def v, do: @v
  def outer, do: unquote(x)

  defmodule Nested do
    def seen, do: unquote(x * 10)
  end
end

IO.inspect({x, OuterVars.v(), OuterVars.outer(), OuterVars.Nested.seen()})

for i <- 1..2 do
  defmodule :"Elixir.OuterVarsGen#{i}" do
    def i, do: unquote(i)
  end
end

IO.inspect({OuterVarsGen1.i(), OuterVarsGen2.i()})

defmodule OuterVarsFun do
  def make(a) do
    defmodule OuterVarsMade do
      @a a
      def a, do: @a
    end

    OuterVarsMade.a()
  end
end

IO.inspect(OuterVarsFun.make(:made))
later = 3

# @before_compile's code runs apart from the body's variables (and those handed to it): a
# module it defines is handed none of them.
defmodule OuterVarsDefiner do
  defmacro __using__(_), do: quote(do: @before_compile(unquote(__MODULE__)))

  defmacro __before_compile__(_env) do
    quote do
      defmodule Elixir.OuterVarsFirst do
        defstruct foo: :bar
      end

      def first, do: %OuterVarsFirst{}
    end
  end
end

defmodule OuterVarsMacro do
  defmacro bind, do: quote(do: var = 1)
end

defmodule OuterVarsUser do
  require OuterVarsMacro
  OuterVarsMacro.bind()
  use OuterVarsDefiner
end

IO.inspect(OuterVarsUser.first())

defmodule Greeter do
  defmacro hello(name), do: quote(do: "hello " <> unquote(name))
end

defmodule User do
  require Greeter
  defstruct name: "ann"
  def greet(%User{name: n}), do: Greeter.hello(n)
end

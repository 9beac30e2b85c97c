# A struct made by the module's own __struct__ functions (no defstruct), as elixir_map expands it.
defmodule ExternalUser do
  def __struct__, do: %{__struct__: __MODULE__, name: "john", age: 27}
  def __struct__(kv), do: Enum.reduce(kv, __struct__(), fn {k, v}, acc -> :maps.update(k, v, acc) end)
end

defmodule UseIt do
  def a, do: %ExternalUser{}
  def b, do: %ExternalUser{name: "meg"}
  def c(u), do: %ExternalUser{u | name: "x"}
  def d(%ExternalUser{name: n}), do: n
end

IO.inspect({UseIt.a() == %{__struct__: ExternalUser, name: "john", age: 27}, UseIt.b().name, UseIt.c(UseIt.a()).name, UseIt.d(UseIt.b())})

# Function: capture/3 and info/1,2 are Erlang's make_fun/3 and fun_info/1,2 (Elixir's compiler
# calls those directly; these definitions serve captures such as &Function.info/1).
defmodule Function do
  def capture(module, function_name, arity), do: :erlang.make_fun(module, function_name, arity)

  def identity(value), do: value

  def info(fun), do: :erlang.fun_info(fun)

  def info(fun, item), do: :erlang.fun_info(fun, item)
end

# Kernel functions written in Elixir: they may call back into user code, so they run on
# the machine like any other Elixir function.
defmodule Kernel do
  # struct/2 and struct!/2 of a module whose __struct__ is its own function, not one
  # defstruct made (the natives take those): its result checked as Kernel's validate_struct!/3
  # does, then the fields put in as struct/2's reducer does.
  @doc false
  def __struct_of__(module, fields) do
    struct = __validate_struct__(module.__struct__(), module, 0)

    Enum.reduce(fields, struct, fn
      {:__struct__, _val}, acc ->
        acc

      {key, val}, acc ->
        case acc do
          %{^key => _} -> %{acc | key => val}
          _ -> acc
        end
    end)
  end

  @doc false
  def __struct_of__!(module, fields), do: __validate_struct__(module.__struct__(fields), module, 1)

  defp __validate_struct__(%{__struct__: module} = struct, module, _arity), do: struct

  defp __validate_struct__(%{__struct__: struct_name}, module, arity) when is_atom(struct_name) do
    error_message =
      "expected struct name returned by #{inspect(module)}.__struct__/#{arity} to be " <>
        "#{inspect(module)}, got: #{inspect(struct_name)}"

    :erlang.error(ArgumentError.exception(error_message))
  end

  defp __validate_struct__(expr, module, arity) do
    error_message =
      "expected #{inspect(module)}.__struct__/#{arity} to return a map with a :__struct__ " <>
        "key that holds the name of the struct (atom), got: #{inspect(expr)}"

    :erlang.error(ArgumentError.exception(error_message))
  end

  def raise(msg) when is_binary(msg), do: :erlang.error(RuntimeError.exception(msg))
  def raise(%{__exception__: true} = exception), do: :erlang.error(exception)
  def raise(module) when is_atom(module), do: :erlang.error(module.exception([]))

  def raise(other) do
    :erlang.error(ArgumentError.exception("raise/1 and reraise/2 expect a module name, string or exception as the first argument, got: #{inspect(other)}"))
  end

  def raise(module, attrs) when is_atom(module), do: :erlang.error(module.exception(attrs))

  def reraise(%{__exception__: true} = exception, stacktrace), do: :erlang.raise(:error, exception, stacktrace)
  def reraise(msg, stacktrace) when is_binary(msg), do: :erlang.raise(:error, RuntimeError.exception(msg), stacktrace)
  def reraise(module, stacktrace) when is_atom(module), do: :erlang.raise(:error, module.exception([]), stacktrace)

  # (Kernel.Utils.raise/1's ArgumentError, raised with the stacktrace given)
  def reraise(other, stacktrace) do
    message = "raise/1 and reraise/2 expect a module name, string or exception as the first argument, got: #{inspect(other)}"
    :erlang.raise(:error, ArgumentError.exception(message), stacktrace)
  end
  def reraise(module, attrs, stacktrace), do: :erlang.raise(:error, module.exception(attrs), stacktrace)

  def then(value, fun), do: fun.(value)

  def tap(value, fun) do
    fun.(value)
    value
  end

  # Nested access (Elixir 1.14's get_in/put_in/update_in/get_and_update_in/pop_in on
  # explicit key lists; the path macros are the compiler's).
  def get_in(nil, [_ | _]), do: nil
  def get_in(data, [h]) when is_function(h), do: h.(:get, data, & &1)
  def get_in(data, [h | t]) when is_function(h), do: h.(:get, data, &get_in(&1, t))
  def get_in(data, [h]), do: Access.get(data, h)
  def get_in(data, [h | t]), do: get_in(Access.get(data, h), t)

  def put_in(data, [_ | _] = keys, value) do
    elem(get_and_update_in(data, keys, fn _ -> {nil, value} end), 1)
  end

  def update_in(data, [_ | _] = keys, fun) when is_function(fun) do
    elem(get_and_update_in(data, keys, fn x -> {nil, fun.(x)} end), 1)
  end

  def get_and_update_in(data, [head], fun) when is_function(head, 3), do: head.(:get_and_update, data, fun)

  def get_and_update_in(data, [head | tail], fun) when is_function(head, 3),
    do: head.(:get_and_update, data, &get_and_update_in(&1, tail, fun))

  def get_and_update_in(data, [head], fun) when is_function(fun, 1), do: Access.get_and_update(data, head, fun)

  def get_and_update_in(data, [head | tail], fun) when is_function(fun, 1),
    do: Access.get_and_update(data, head, &get_and_update_in(&1, tail, fun))

  def pop_in(nil, [key | _]) do
    :erlang.error(ArgumentError.exception("could not pop key #{inspect(key)} on a nil value"))
  end

  def pop_in(data, [_ | _] = keys), do: pop_in_data(data, keys)

  defp pop_in_data(nil, [_ | _]), do: :pop
  defp pop_in_data(data, [fun]) when is_function(fun), do: fun.(:get_and_update, data, fn _ -> :pop end)
  defp pop_in_data(data, [fun | tail]) when is_function(fun), do: fun.(:get_and_update, data, &pop_in_data(&1, tail))
  defp pop_in_data(data, [key]), do: Access.pop(data, key)
  defp pop_in_data(data, [key | tail]), do: Access.get_and_update(data, key, &pop_in_data(&1, tail))
end

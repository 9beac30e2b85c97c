# Kernel functions written in Elixir: they may call back into user code, so they run on
# the machine like any other Elixir function.
defmodule Kernel do
  def raise(msg) when is_binary(msg), do: :erlang.error(RuntimeError.exception(msg))
  def raise(%{__exception__: true} = exception), do: :erlang.error(exception)
  def raise(module) when is_atom(module), do: :erlang.error(module.exception([]))

  def raise(other) do
    :erlang.error(ArgumentError.exception("raise/1 and reraise/2 expect a module name, string or exception as the first argument, got: #{inspect(other)}"))
  end

  def raise(module, attrs) when is_atom(module), do: :erlang.error(module.exception(attrs))

  def reraise(%{__exception__: true} = exception, stacktrace), do: :erlang.raise(:error, exception, stacktrace)
  def reraise(msg, stacktrace) when is_binary(msg), do: :erlang.raise(:error, RuntimeError.exception(msg), stacktrace)
  def reraise(module, attrs, stacktrace), do: :erlang.raise(:error, module.exception(attrs), stacktrace)

  def then(value, fun), do: fun.(value)

  def tap(value, fun) do
    fun.(value)
    value
  end
end

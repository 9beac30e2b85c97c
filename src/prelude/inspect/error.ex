# Inspect.Error: what inspect shows in place of a struct whose Inspect implementation raised.
defmodule Inspect.Error do
  @enforce_keys [:exception_module, :exception_message, :stacktrace, :inspected_struct]
  defexception [:exception_module, :exception_message, :stacktrace, :inspected_struct]

  def exception(arguments) when is_list(arguments) do
    exception = Keyword.fetch!(arguments, :exception)

    %Inspect.Error{
      exception_module: exception.__struct__,
      exception_message: Exception.message(exception) |> String.trim_trailing("\n"),
      stacktrace: Keyword.fetch!(arguments, :stacktrace),
      inspected_struct: Keyword.fetch!(arguments, :inspected_struct)
    }
  end

  def message(%Inspect.Error{} = e) do
    "got #{inspect(e.exception_module)} with message:\n\n    \"\"\"\n" <>
      pad(e.exception_message, 4) <>
      "\n    \"\"\"\n\nwhile inspecting:\n\n" <> pad(e.inspected_struct, 4) <> "\n"
  end

  @doc false
  def pad(message, padding_length) when is_binary(message) and is_integer(padding_length) and padding_length >= 0 do
    padding = String.duplicate(" ", padding_length)

    message
    |> String.split("\n")
    |> Enum.map(fn
      "" -> "\n"
      line -> [padding, line, ?\n]
    end)
    |> IO.iodata_to_binary()
    |> String.trim_trailing("\n")
  end
end

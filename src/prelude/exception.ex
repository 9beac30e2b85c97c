# Exception.message/1 in Elixir, so that an exception's own message/1 (user code, or a
# library exception such as URI.Error) runs like any function; the other Exception
# functions are natives (src/stdlib/exception.ts).
defmodule Exception do
  def message(%module{__exception__: true} = exception) do
    try do
      module.message(exception)
    rescue
      caught ->
        "got #{inspect(caught.__struct__)} with message #{inspect(message(caught))} " <>
          "while retrieving Exception.message/1 for #{inspect(exception)}. Stacktrace:\n" <>
          Exception.format_stacktrace(__STACKTRACE__)
    else
      result when is_binary(result) ->
        result

      result ->
        "got #{inspect(result)} while retrieving Exception.message/1 for #{inspect(exception)} " <>
          "(expected a string)"
    end
  end

  # (written as Elixir's: their interpolations convert what they are given, failing in
  # String.Chars or List.to_string/1 under the function's entry)
  def format_file_line(file, line, suffix \\ "") do
    cond do
      is_nil(file) -> ""
      is_nil(line) or line == 0 -> "#{file}:#{suffix}"
      true -> "#{file}:#{line}:#{suffix}"
    end
  end

  def format_file_line_column(file, line, column, suffix \\ "") do
    cond do
      is_nil(file) -> ""
      is_nil(line) or line == 0 -> "#{file}:#{suffix}"
      is_nil(column) or column == 0 -> "#{file}:#{line}:#{suffix}"
      true -> "#{file}:#{line}:#{column}:#{suffix}"
    end
  end

  # A line of source under its number, with a caret at the snippet's offset (as Elixir 1.14
  # prints a snippet of a diagnostic)
  @doc false
  def format_snippet(snippet, error_line) do
    digits = error_line |> Integer.to_string() |> byte_size()
    placeholder = String.duplicate(" ", max(digits, 2))
    padding = if digits < 2, do: " "

    " #{placeholder} |\n" <>
      " #{padding}#{error_line} | #{snippet.content}\n" <>
      " #{placeholder} | #{String.duplicate(" ", snippet.offset)}^"
  end

  # erl_error's callback for an Elixir exception (the format_error/2 an {:error_info, ...}
  # stack entry names): its message as the general text, the struct's name as the reason
  @doc false
  def format_error(%struct{} = exception, _stacktrace) do
    %{general: message(exception), reason: "#" <> Atom.to_string(struct)}
  end

  # The warning of defexception's exception/1 for the fields the struct does not have
  # (Kernel.defexception/1 words it so; the fields are dropped).
  @doc false
  def __unknown_fields__(module, invalid) do
    "the following fields are unknown when raising #{inspect(module)}: #{inspect(invalid)}. " <>
      "Please make sure to only give known fields when raising or redefine #{inspect(module)}.exception/1 to " <>
      "discard unknown fields. Future Elixir versions will raise on unknown fields given to raise/2"
  end

  # The same warning for Elixir's own exceptions, whose exception/1 is a native that calls
  # this last: `entry` is its own entry, over its caller's.
  @doc false
  def __warn_unknown_fields__(exception, invalid, entry) do
    {:current_stacktrace, [_info, _self | caller]} = Process.info(self(), :current_stacktrace)
    IO.warn(__unknown_fields__(exception.__struct__, invalid), [entry | Enum.take(caller, 5)])
    exception
  end
end

# UnicodeConversionError.exception/1 is Elixir's own (its other functions are natives).
defmodule UnicodeConversionError do
  def exception(opts) do
    %UnicodeConversionError{
      encoded: Keyword.fetch!(opts, :encoded),
      message: "#{Keyword.fetch!(opts, :kind)} #{detail(Keyword.fetch!(opts, :rest))}"
    }
  end

  defp detail(rest) when is_binary(rest), do: "encoding starting at #{inspect(rest)}"
  defp detail([h | _]) when is_integer(h), do: "code point #{h}"
  defp detail([h | _]), do: detail(h)
end

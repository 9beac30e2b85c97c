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

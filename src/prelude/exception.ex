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
end

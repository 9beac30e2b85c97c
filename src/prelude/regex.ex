# Regex.replace/4 with a replacement function: the native cuts the subject into text and
# matches; the user's function runs here, on the machine.
defmodule Regex do
  def replace(%Regex{} = regex, string, replacement, options \\ [])
      when is_binary(string) and is_list(options) do
    if is_binary(replacement) do
      Regex.__replace__(regex, string, replacement, options)
    else
      # (the replacement is looked at only once there is a match, as Elixir's replace/4 does)
      case Regex.__replace_parts__(regex, string, Keyword.get(options, :global) != false) do
        [_] ->
          string

        parts ->
          {fun, arity} = precompile_replacement(replacement)
          IO.iodata_to_binary(join_replaced(parts, fn groups -> apply(fun, take_groups(groups, arity)) end, []))
      end
    end
  end

  defp precompile_replacement(replacement) when is_function(replacement) do
    {:arity, arity} = Function.info(replacement, :arity)
    {replacement, arity}
  end

  defp take_groups(_groups, 0), do: []
  defp take_groups([], n), do: ["" | take_groups([], n - 1)]
  defp take_groups([g | rest], n), do: [g | take_groups(rest, n - 1)]

  # (the iodata Elixir's apply_list/5 builds: no empty pieces of the subject)
  defp join_replaced([""], _fun, acc), do: :lists.reverse(acc)
  defp join_replaced([text], _fun, acc), do: :lists.reverse(acc, text)
  defp join_replaced(["", groups | rest], fun, acc), do: join_replaced(rest, fun, [fun.(groups) | acc])

  defp join_replaced([text, groups | rest], fun, acc),
    do: join_replaced(rest, fun, [fun.(groups), text | acc])
end

# What Regex.compile!/2 and ~r raise for a pattern or an option that does not compile.
defmodule Regex.CompileError do
  defexception message: "regex could not be compiled"
end

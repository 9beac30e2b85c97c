# Regex.replace/4 with a replacement function: the native cuts the subject into text and
# matches; the user's function runs here, on the machine.
defmodule Regex do
  def replace(regex, string, replacement, options \\ [])

  def replace(regex, string, replacement, options) when is_function(replacement) do
    global = Keyword.get(options, :global, true)
    {:arity, arity} = :erlang.fun_info(replacement, :arity)
    parts = Regex.__replace_parts__(regex, string, global)
    join_replaced(parts, fn groups -> apply(replacement, take_groups(groups, arity)) end, [])
  end

  def replace(regex, string, replacement, options),
    do: Regex.__replace__(regex, string, replacement, options)

  defp take_groups(_groups, 0), do: []
  defp take_groups([], n), do: ["" | take_groups([], n - 1)]
  defp take_groups([g | rest], n), do: [g | take_groups(rest, n - 1)]

  defp join_replaced([text], _fun, acc), do: IO.iodata_to_binary(:lists.reverse([text | acc]))

  defp join_replaced([text, groups | rest], fun, acc),
    do: join_replaced(rest, fun, [fun.(groups), text | acc])
end

# What Regex.compile!/2 and ~r raise for a pattern or an option that does not compile.
defmodule Regex.CompileError do
  defexception message: "regex could not be compiled"
end

# String.replace/4 with a replacement function: the native cuts the subject into text and
# matches; the user's function runs here, on the machine (Regex.replace/4 likewise).
defmodule String do
  def replace(subject, pattern, replacement, options \\ [])

  def replace(subject, pattern, replacement, options) when is_function(replacement, 1) do
    global = Keyword.get(options, :global, true)
    parts = String.__replace_parts__(subject, pattern, global)
    join_replaced(parts, fn match -> replacement.(match) end, [])
  end

  def replace(subject, pattern, replacement, options),
    do: String.__replace__(subject, pattern, replacement, options)

  defp join_replaced([text], _fun, acc), do: IO.iodata_to_binary(:lists.reverse([text | acc]))

  defp join_replaced([text, match | rest], fun, acc),
    do: join_replaced(rest, fun, [fun.(match), text | acc])
end

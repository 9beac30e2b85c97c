# @file before a definition is where its code runs: its stack entries name that file (as
# ExUnit's doctests show "(for doctest at) FILE:LINE"); a source given to Code as a binary
# that is not UTF-8 raises UnicodeConversionError before it is parsed.
defmodule F do
  @file "(for doctest at) foo/bar.exs"
  def a(x), do: raise "boom #{x}"
  def b, do: :erlang.error(:x)
end
try do F.a(1) rescue _ -> IO.inspect(__STACKTRACE__ |> hd) end
try do F.b() rescue _ -> IO.inspect(__STACKTRACE__ |> Enum.take(2)) end
IO.inspect(try do Code.string_to_quoted(<<"\"a", 255, "\")">>) rescue e -> e end)
IO.inspect(try do Code.eval_string(<<"\"a", 255, "\"">>) rescue e -> e end)
IO.inspect(try do Code.string_to_quoted!(<<"\"ab", 0xE2, 0x82>>) rescue e -> e end)
IO.inspect(try do Code.string_to_quoted_with_comments(<<"\"a", 255, "\"">>) rescue e -> e end)
IO.inspect(Code.string_to_quoted(<<"\"a", 0xC3, 0xA9, "\"">>))
IO.inspect(try do Code.format_string!(<<"\"a", 255, "\"">>) rescue e -> e end)
IO.inspect(try do Code.compile_string(<<"\"a", 255, "\"">>) rescue e -> e end)

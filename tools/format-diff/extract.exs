# Differential formatter harness, real Elixir's side (see tools/format-diff/run.mjs).
#   elixir extract.exs OUT.json FILE.ex...
# Takes every def/defp/defmacro/defmacrop (and ExUnit test) of the given Elixir source files and writes, for each,
# its source text as Macro.to_string/1 prints it (src), then what real Elixir 1.14 gives for:
#   string  Macro.to_string(Code.string_to_quoted!(src))
#   bare    the same with all metadata removed first (as `quote` builds code)
#   format  Code.format_string!(src)
defmodule FormatDiff do
  def defs(path) do
    {:ok, ast} = path |> File.read!() |> Code.string_to_quoted()

    {_, acc} =
      Macro.prewalk(ast, [], fn
        {kind, _, [_ | _]} = node, acc when kind in [:def, :defp, :defmacro, :defmacrop, :test] -> {node, [node | acc]}
        node, acc -> {node, acc}
      end)

    Enum.reverse(acc)
  end

  def strip(ast), do: Macro.prewalk(ast, fn {a, _m, b} -> {a, [], b}; other -> other end)

  def attempt(fun) do
    try do
      fun.()
    rescue
      e -> "** " <> Exception.message(e)
    end
  end

  def json(s) do
    escaped =
      for <<c::utf8 <- s>>, into: "" do
        case c do
          ?" -> "\\\""
          ?\\ -> "\\\\"
          ?\n -> "\\n"
          c when c < 0x20 -> "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")
          c -> <<c::utf8>>
        end
      end

    "\"" <> escaped <> "\""
  end
end

[out | files] = System.argv()

entries =
  for file <- files, node <- FormatDiff.defs(file) do
    src = Macro.to_string(node)
    string = FormatDiff.attempt(fn -> Macro.to_string(Code.string_to_quoted!(src)) end)
    bare = FormatDiff.attempt(fn -> Macro.to_string(FormatDiff.strip(Code.string_to_quoted!(src))) end)
    format = FormatDiff.attempt(fn -> IO.iodata_to_binary(Code.format_string!(src)) end)
    "{\"file\": #{FormatDiff.json(Path.basename(file))}, \"src\": #{FormatDiff.json(src)}, \"string\": #{FormatDiff.json(string)}, \"bare\": #{FormatDiff.json(bare)}, \"format\": #{FormatDiff.json(format)}}"
  end

File.write!(out, "[\n" <> Enum.join(entries, ",\n") <> "\n]\n")
IO.puts("#{length(entries)} definitions")

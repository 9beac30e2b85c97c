# Records what real Elixir 1.14 gives for the formatter cases (run from the repository root):
#   elixir test/format/record.exs
# For each case of test/format/*.txt (cases separated by lines holding only %%), writes
# test/format/NAME.expected.json with Macro.to_string/1 of the case quoted (`quote do ... end`,
# no line metadata), of Code.string_to_quoted!/1 of it (line metadata), and Code.format_string!/1
# of it. A case that raises records "** " and the exception's message.
defmodule FormatRecord do
  def cases(path) do
    path
    |> File.read!()
    |> String.split(~r/^%%\n/m)
    |> tl()
    |> Enum.map(&String.trim_trailing(&1, "\n"))
  end

  def attempt(fun) do
    try do
      fun.()
    rescue
      e -> "** " <> Exception.message(e)
    end
  end

  def json(s) when is_binary(s) do
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

  def record(path) do
    entries =
      for src <- cases(path) do
        q = attempt(fn -> {quoted, _} = Code.eval_string("quote do\n" <> src <> "\nend"); Macro.to_string(quoted) end)
        s = attempt(fn -> Macro.to_string(Code.string_to_quoted!(src)) end)
        f = attempt(fn -> IO.iodata_to_binary(Code.format_string!(src)) end)
        "  {\"src\": #{json(src)},\n   \"quote\": #{json(q)},\n   \"string\": #{json(s)},\n   \"format\": #{json(f)}}"
      end

    out = String.replace_suffix(path, ".txt", ".expected.json")
    File.write!(out, "[\n" <> Enum.join(entries, ",\n") <> "\n]\n")
    IO.puts("#{out}: #{length(entries)} cases")
  end
end

for path <- Path.wildcard("test/format/*.txt"), do: FormatRecord.record(path)

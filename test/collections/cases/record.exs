# Records expectations for the collection natives' tests from real Elixir 1.14:
#   elixir test/collections/cases/record.exs input.txt > cases/name.txt
# Each input line is evaluated on its own; the output line is `expr  =>  result` where
# result is inspect(value) or `** (Module) message` (Exception.message/1, no blame), with
# newlines escaped as \n.
for line <- File.read!(hd(System.argv())) |> String.split("\n", trim: true) do
  res =
    try do
      {v, _} = Code.eval_string(line)
      inspect(v, limit: :infinity)
    rescue
      e -> "** (#{inspect(e.__struct__)}) #{Exception.message(e)}"
    catch
      k, v -> "** #{k} #{inspect(v)}"
    end

  IO.puts("#{line}  =>  #{String.replace(res, "\n", "⏎")}")
end

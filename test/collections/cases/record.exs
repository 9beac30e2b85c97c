# Records expectations for the collection natives' tests from real Elixir 1.14:
#   elixir test/collections/cases/record.exs input.txt > cases/name.txt
# Lines are evaluated in order in one session (bindings carry over); the output line is `expr  =>  result` where
# result is inspect(value) or `** (Module) message` (Exception.message/1, no blame), with
# newlines written as ⏎.
File.read!(hd(System.argv()))
|> String.split("\n", trim: true)
|> Enum.reduce([], fn line, binding ->
  {res, binding} =
    try do
      {v, binding} = Code.eval_string(line, binding)
      {inspect(v, limit: :infinity), binding}
    rescue
      e -> {"** (#{inspect(e.__struct__)}) #{Exception.message(e)}", binding}
    catch
      k, v -> {"** #{k} #{inspect(v)}", binding}
    end

  IO.puts("#{line}  =>  #{String.replace(res, "\n", "⏎")}")
  binding
end)

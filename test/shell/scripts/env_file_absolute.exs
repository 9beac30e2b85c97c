# __ENV__.file and __DIR__ name the script expanded (absolute), as Elixir's compiler has it;
# stack entries and Macro.Env.stacktrace name it relative to the current directory.
IO.inspect(Path.type(__ENV__.file))
IO.inspect(Path.basename(__ENV__.file))
IO.inspect(__DIR__ == File.cwd!())
IO.inspect(Path.relative_to_cwd(__ENV__.file))
IO.inspect(Macro.Env.stacktrace(__ENV__))

defmodule EnvFile do
  def file, do: __ENV__.file
end

IO.inspect(EnvFile.file() == __ENV__.file)
{file, _} = Code.eval_string("__ENV__.file", [], __ENV__)
IO.inspect(file == __ENV__.file)
IO.warn("from the script", __ENV__)
raise "at the end"

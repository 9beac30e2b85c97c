# A caught stack trace ends with what runs the script (elixir_compiler, Code.require_file/2)
try do
  Enum.map([1, 0], fn x -> 1 / x end)
rescue
  _ -> IO.inspect(__STACKTRACE__)
end

defmodule RunnerS do
  def f(l), do: Enum.filter(l, fn x -> 1 / x < 2 end)
end

try do
  RunnerS.f([1, 0])
rescue
  _ -> IO.inspect(__STACKTRACE__)
end

try do
  Code.eval_string("Enum.map(1..0, fn x -> 1 / x end)")
rescue
  _ -> IO.inspect(__STACKTRACE__)
end

# Code.eval_string's own entries count towards the 8 printed; Kernel.CLI leaves them out
Code.eval_string("for x <- [1, 2], do: 1 / (x - 1)")

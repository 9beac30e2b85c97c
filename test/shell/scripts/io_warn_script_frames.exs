# IO.warn/1 in a script shows the stack under the file's top level too: Elixir's compiler
# running the file (what a tail call at the top level leaves as well).
defmodule M do
  def f do
    IO.warn("in f")
    :ok
  end

  def tail, do: IO.warn("tail")
end

M.f()
IO.warn("top")
Enum.each([1], fn _ -> IO.warn("in each"); :ok end)
spawn(fn -> IO.warn("spawned") end)
Process.sleep(10)
{:current_stacktrace, trace} = Process.info(self(), :current_stacktrace)
IO.puts(length(trace))
M.tail()

# A bare name Elixir expands to a zero-arity local call is a tail call where it ends a
# function, like the call written with parentheses: its caller's frame is gone.
defmodule B do
  def main([]), do: display
  def main(_), do: display()
  def display, do: File.read!("no-such-notes.txt")
end

try do
  B.main([])
rescue
  e -> IO.inspect({e.__struct__, Enum.take(__STACKTRACE__, 2)})
end

B.main([])

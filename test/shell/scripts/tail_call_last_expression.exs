# The last expression of a file is a tail call on BEAM: the file's own frame
# ("(file)") is gone from the trace of an error raised under it.
defmodule Digits do
  def sum(n) when n < 10, do: n
  def sum(n), do: rem(n, 10) + sum(div(n, 10))
end

IO.puts(Digits.sum(1234))
Digits.sum(:not_a_number)

IO.puts "first"
defmodule A do
  def f, do: bar()
end
IO.puts "after"

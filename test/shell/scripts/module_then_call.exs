IO.puts "x"
defmodule M do
  def f, do: 1
end
IO.inspect M.f()

x = 1
defmodule W do
  def f(a), do: 1
end
IO.puts "ran"
{y, z} = {1, 2}
IO.puts z

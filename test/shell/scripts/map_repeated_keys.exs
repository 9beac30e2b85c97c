# A literal key given twice in a map: the later pair wins, with elixir_map's
# warning (file and line only, even inside a function); keys that are not
# literals (variables, calls, maps) are not compared.
defmodule Inventory do
  def defaults, do: %{apples: 1, pears: 2, apples: 3}
  def bump(stock), do: %{stock | pears: 1, pears: 2}
end

x = 1
IO.inspect(%{1 => :a, 1.0 => :b, 1 => :c})
IO.inspect(%{"k" => [1], {:t, [2]} => 0, "k" => [3], {:t, [2]} => 4})
IO.inspect(%{x => 1, x => 2})
IO.inspect(%{%{1 => 2} => 1, %{1 => 2} => 3})
IO.inspect(Inventory.defaults())
IO.inspect(Inventory.bump(%{pears: 0}))


# Kernel.|> unpipes its right side: a |> (b |> c) is a |> b |> c.
defmodule P do
  def p, do: [1, [2], 3] |> (List.flatten() |> Enum.map(&(&1 * 2)))
  def q(x), do: x |> (Integer.to_string() |> (String.pad_leading(4, "0") |> String.reverse()))
end
IO.inspect({P.p(), P.q(7)})
IO.inspect(3 |> (Integer.to_string() |> String.length()))

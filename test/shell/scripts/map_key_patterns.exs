defmodule M do
  @k {:a, 1}
  def f(%{<<1::16>> => v}), do: {:bin, v}
  def f(%{~D[2020-01-01] => v}), do: {:date, v}
  def f(%{@k => v}), do: {:attr, v}
  def f(%{{:t, [1, 2]} => v}), do: {:tuple, v}
  def f(_), do: :none
  def g(x, m) do
    case m do
      %{{:p, ^x} => v} -> v
      %{[^x | [4]] => v} -> {:list, v}
      _ -> :no
    end
  end
end
IO.inspect M.f(%{<<0, 1>> => 1})
IO.inspect M.f(%{~D[2020-01-01] => 2})
IO.inspect M.f(%{{:a, 1} => 3})
IO.inspect M.f(%{{:t, [1, 2]} => 4})
IO.inspect M.f(%{})
IO.inspect M.g(3, %{{:p, 3} => 5})
IO.inspect M.g(3, %{[3, 4] => 6})
IO.inspect M.g(3, %{[4] => 6})

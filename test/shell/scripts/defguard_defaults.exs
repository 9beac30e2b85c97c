defmodule G1 do
  defguard is_divisible(value, remainder \\ 2) when is_integer(value) and rem(value, remainder) == 0
  defguardp is_small(x, lim \\ 10) when x < lim
  def f(x) when is_divisible(x), do: :even
  def f(x) when is_divisible(x, 3), do: :three
  def f(_), do: :other
  def s(x) when is_small(x), do: true
  def s(x) when is_small(x, 100), do: :medium
  def s(_), do: false
  def t(x), do: {is_small(x), is_divisible(x, 5)}
end
defmodule G1User do
  require G1
  def go do
    IO.inspect {G1.f(4), G1.f(9), G1.f(7)}
    IO.inspect {G1.s(1), G1.s(50), G1.s(500), G1.t(5)}
    IO.inspect G1.is_divisible(10)
    IO.inspect G1.is_divisible(10, 3)
    IO.inspect G1.__info__(:macros)
  end
  def g(x) when G1.is_divisible(x), do: :yes
  def g(_), do: :no
end
G1User.go()
IO.inspect {G1User.g(2), G1User.g(3)}

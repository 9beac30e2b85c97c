# A macro used in its own module calls the module's functions defined before the use.
defmodule LocalMacroCalls do
  defp by_two(x), do: x * 2
  defp via(x), do: by_two(x) + add()
  defp add(n \\ 0), do: n
  def public(x), do: x + 100

  defmacro m(v), do: quote(do: 1 + unquote(by_two(by_two(v))))
  defmacro c(v), do: Enum.map(v, &by_two/1)
  defmacro w(v), do: via(v)
  defmacrop p(v), do: public(v)
  defmacro d(v \\ 1), do: by_two(v)

  def t, do: {m(4), c([1, 2]), w(3), p(1), d(), d(5)}
end

IO.inspect(LocalMacroCalls.t())

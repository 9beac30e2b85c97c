defmodule M do
  def b(x), do: Map.fetch!(x, :k)
  def c(x), do: String.upcase(x)
  def d(x), do: Keyword.fetch!(x, :k)
  def e(x), do: List.first(x)
  def f(x), do: Enum.map(x, fn y -> y + 1 end)
  def g(x), do: :lists.map(fn y -> y end, x)
  def h(x), do: :maps.get(:k, x)
  def i(x), do: Integer.to_string(x)
  def j(x), do: :lists.nth(5, x)
  def k(x), do: Enum.at(x, 1)
  def l(x), do: Tuple.to_list(x)
  def m(x), do: Atom.to_string(x)
  def n(x), do: String.to_atom(x)
  def p(x), do: Enum.reverse(x)
end
for {f, arg} <- [b: %{}, c: 1, d: [], e: :a, f: [:a], g: :a, h: %{}, i: :a, j: [1], k: :a, l: :a, m: 1, n: 1, p: :a] do
  try do
    apply(M, f, [arg])
  rescue
    _ -> IO.inspect({f, Enum.take(__STACKTRACE__, 3)})
  end
end

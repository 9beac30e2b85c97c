defmodule M do
  def a, do: 1 / 0
  def b, do: 1 + :a
  def c, do: div(1, 0)
  def d, do: rem(1, 0)
  def e, do: 1 * :a
  def f, do: :a - 1
  def g, do: 1.0 / 0
  def h, do: 1 / 0.0
  def i, do: 2 - :a
  def j, do: -:a
  def k, do: :a / 1
  def l, do: 1 / :a
end
for f <- [:a, :b, :c, :d, :e, :f, :g, :h, :i, :j, :k, :l] do
  try do
    apply(M, f, [])
  rescue
    _ -> IO.inspect({f, Enum.take(__STACKTRACE__, 1)})
  end
end

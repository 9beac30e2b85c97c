match?({:ok, x}, {:ok, 1})
defmodule MB do
  y = 1
  def f(a), do: 1
  def g(b) do
    case b do
      {:ok, c} -> :ok
      d -> fn e -> 1 end
    end
  end
end
x = 5
with {:ok, q} <- {:ok, 1}, r = 2 do :ok else z -> 1 end
{x, ^x} = {2, 5}
for i <- [1], j = 2, do: IO.puts("for")
IO.puts("done")

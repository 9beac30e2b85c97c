defmodule M do
  defmacro m(x), do: x
end
require M
IO.puts M.m(1)

1
"s"
x = 2
x
(3; :ok)
:atom
if x do
  4
  :ok
end
defmodule InScript do
  def f do
    5.5
    :ok
  end
end
IO.puts(:"done")

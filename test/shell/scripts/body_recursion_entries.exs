defmodule M do
  def badadd([]), do: 0
  def badadd([h | t]), do: h + badadd(t)
  def len([]), do: 0
  def len([_ | t]), do: 1 + len(t)
end
try do
  M.badadd([1, :a, 3])
rescue
  _ -> IO.inspect(__STACKTRACE__)
end
try do
  M.badadd(Enum.to_list(1..20000) ++ [:a])
rescue
  _ -> IO.inspect(Enum.take(__STACKTRACE__, 4))
end
M.len([1 | 2])

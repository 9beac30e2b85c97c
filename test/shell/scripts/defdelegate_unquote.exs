defmodule D1 do
  defdelegate my_flatten(list), to: List, as: :flatten
  dynamic = :dynamic_flatten
  defdelegate unquote(dynamic)(list), to: List, as: :flatten
  for name <- [:first, :last] do
    defdelegate unquote(name)(list), to: List
  end
  r = defdelegate duplicate(x, n), to: List
  IO.inspect r
end
IO.inspect D1.my_flatten([[1]])
IO.inspect D1.dynamic_flatten([[2]])
IO.inspect {D1.first([1, 2]), D1.last([1, 2])}
IO.inspect D1.__info__(:functions)

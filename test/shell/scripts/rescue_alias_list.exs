# rescue [A, B] -> (a list of exception modules without a variable) is rescue _ in [A, B].
f = fn g ->
  try do
    g.()
  rescue
    [FunctionClauseError, RuntimeError] -> :list_no_var
    ArithmeticError -> :bare_alias
    e in [KeyError] -> {:in, e.__struct__}
    other -> {:other, other.__struct__}
  end
end
IO.inspect f.(fn -> raise "x" end)
IO.inspect f.(fn -> 1 / Enum.random([0]) end)
IO.inspect f.(fn -> Map.fetch!(Map.new(), :a) end)
IO.inspect f.(fn -> String.to_integer(Enum.join(["x"])) end)
IO.inspect f.(fn -> List.first(:x) end)

# The heads a rescue clause takes (elixir_clauses' expand_rescue): a variable, `var in _`,
# an alias, `var in Alias`, `var in [Alias, ...]`, a list of aliases, an atom; others are
# an invalid rescue clause.
run = fn f ->
  try do
    f.()
  rescue
    e in _ -> {:in_any, e.__struct__}
  end
end

IO.inspect(run.(fn -> raise "boom" end))
IO.inspect(run.(fn -> run.(fn -> raise ArgumentError end) end))

kinds = fn exc ->
  try do
    raise exc
  rescue
    ArgumentError -> :alias
    e in KeyError -> {:var_in_alias, e.key}
    e in [ArithmeticError, BadArityError] -> {:var_in_list, e.__struct__}
    [RuntimeError, Enum.EmptyError] -> :list
    e in :"Elixir.File.Error" -> {:atom, e.action}
    e -> {:var, e.__struct__}
  end
end

IO.inspect(Enum.map([ArgumentError, KeyError, ArithmeticError, Enum.EmptyError, File.Error, MatchError], kinds))

for code <- ["try do 1 rescue 1 -> 2 end", "try do 1 rescue {a} in [ArgumentError] -> a end", "try do 1 rescue x in [1] -> x end"] do
  try do
    Code.eval_string(code)
  rescue
    e in CompileError -> IO.puts(e.description)
  end
end

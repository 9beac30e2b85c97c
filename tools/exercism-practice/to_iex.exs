# usage: elixir to_iex.exs EXDIR OUTFILE -- an iex transcript input: solution.ex, then the test statements of test.exs
[dir, out] = System.argv()
sol = File.read!(Path.join(dir, "solution.ex"))
{:ok, ast} = Code.string_to_quoted(File.read!(Path.join(dir, "test.exs")))

defmodule X do
  def mods({:defmodule, _, [_, [do: body]]}), do: [body]
  def mods({:__block__, _, xs}), do: Enum.flat_map(xs, &mods/1)
  def mods(_), do: []
  def stmts({:__block__, _, xs}), do: xs
  def stmts(nil), do: []
  def stmts(x), do: [x]

  # module-level attributes (value ASTs) and directives
  def scan(body, acc) do
    Enum.reduce(stmts(body), acc, fn
      {:@, _, [{name, _, [v]}]}, {attrs, dirs, tests} when name not in [:tag, :moduletag, :describetag, :doc, :moduledoc] -> {Map.put(attrs, name, v), dirs, tests}
      {d, _, _} = x, {attrs, dirs, tests} when d in [:alias, :import, :require] -> {attrs, dirs ++ [x], tests}
      {:describe, _, [_, [do: b]]}, acc -> scan(b, acc)
      {:setup, _, [[do: b]]}, {attrs, dirs, tests} -> {attrs, dirs, tests ++ [b]}
      {:setup, _, [_ctx, [do: b]]}, {attrs, dirs, tests} -> {attrs, dirs, tests ++ [b]}
      {:test, _, [_name, [do: b]]}, {attrs, dirs, tests} -> {attrs, dirs, tests ++ [b]}
      {:test, _, [_name, _ctx, [do: b]]}, {attrs, dirs, tests} -> {attrs, dirs, tests ++ [b]}
      _, acc -> acc
    end)
  end

  def subst(ast, attrs) do
    Macro.prewalk(ast, fn
      {:@, _, [{name, _, ctx}]} = x when is_atom(ctx) -> Map.get(attrs, name, x)
      x -> x
    end)
  end

  def lines({:assert, _, [{op, _, [l, _r]}]}) when op in [:==, :===], do: [l]
  def lines({:assert, _, [{op, _, [l, _r]}, _msg]}) when op in [:==, :===], do: [l]
  def lines({:refute, _, [{op, _, [l, _r]}]}) when op in [:==, :===], do: [l]
  def lines({:assert, _, [e | _]}), do: [e]
  def lines({:refute, _, [e | _]}), do: [e]
  def lines({:assert_raise, _, args}) do
    case List.last(args) do
      {:fn, _, [{:->, _, [[], body]}]} -> stmts(body)
      _ -> []
    end
  end
  def lines({a, _, _}) when a in [:assert_receive, :assert_received, :refute_receive, :refute_received, :assert_in_delta, :catch_error, :catch_exit, :catch_throw], do: []
  def lines(x), do: [x]
end

{attrs, dirs, tests} = Enum.reduce(X.mods(ast), {%{}, [], []}, &X.scan/2)
exprs = Enum.flat_map(tests, fn b -> X.stmts(b) |> Enum.flat_map(&X.lines(X.subst(&1, attrs))) end)
text = sol <> "\n" <> Enum.map_join(dirs ++ exprs, "", fn e -> Macro.to_string(e) <> "\n" end)
File.write!(out, text)

# usage: elixir to_koans.exs SRC OUT
# SRC holds the course's lib/koans/*.ex and test/koans/*_test.exs. For each koan file, writes
#   OUT/iex/NN_name.in     an iex transcript input: the koan module's helper code (everything but
#                          the koans), then each koan's body with its blanks filled by the answers
#                          from the test file, as plain iex lines
#   OUT/exunit/NN_name.exs the module run as an ExUnit case: each koan a test, blanks filled
[src, out] = System.argv()

defmodule KoanGen do
  def stmts({:__block__, _, xs}), do: xs
  def stmts(nil), do: []
  def stmts(x), do: [x]

  # the answers of each test file: %{Module => [answer ast, ...]}
  def answers(file) do
    {:ok, ast} = Code.string_to_quoted(File.read!(file))
    {_, acc} =
      Macro.prewalk(ast, %{list: nil, mods: %{}}, fn
        {:=, _, [{:answers, _, _}, list]} = n, acc -> {n, %{acc | list: list}}
        {:test_all, _, [{:__aliases__, _, parts}, _]} = n, acc -> {n, put_in(acc.mods[Module.concat(parts)], acc.list)}
        n, acc -> {n, acc}
      end)
    acc.mods
  end

  # one koan's answer -> the list of values its blanks take, in order
  def fills({:multiple, xs}), do: xs
  def fills({:{}, _, [:multiple, xs]}), do: xs
  def fills(x), do: [x]

  def fill(body, values) do
    {ast, rest} =
      Macro.prewalk(body, values, fn
        {:___, _, ctx}, [v | rest] when is_atom(ctx) -> {v, rest}
        n, acc -> {n, acc}
      end)
    if rest != [], do: raise("unused answers #{inspect(rest)}")
    ast
  end

  def count(ast) do
    {_, n} = Macro.prewalk(ast, 0, fn
      {:___, _, ctx} = x, n when is_atom(ctx) -> {x, n + 1}
      x, n -> {x, n}
    end)
    n
  end

  def inline_attrs(ast, attrs) do
    Macro.prewalk(ast, fn
      {:@, _, [{name, _, ctx}]} = x when is_atom(ctx) -> Map.get(attrs, name, x)
      x -> x
    end)
  end

  # a koan statement as iex lines: an equality assert gives its left side, another assert its
  # expression, assert_raise its function's body; everything else is kept
  def lines({:assert, _, [{op, _, [l, _r]} | _]}) when op in [:==, :===], do: [l]
  def lines({:refute, _, [{op, _, [l, _r]} | _]}) when op in [:==, :===], do: [l]
  def lines({:assert, _, [e | _]}), do: [e]
  def lines({:refute, _, [e | _]}), do: [e]
  def lines({:assert_raise, _, args}) do
    case List.last(args) do
      {:fn, _, [{:->, _, [[], body]}]} -> stmts(body)
      _ -> []
    end
  end
  def lines(x), do: [x]

  # iex takes a line starting with |> as a pipe continuation except right after a match: such
  # an expression is parenthesised to stay one input
  def text(ast) do
    s = Macro.to_string(ast)
    if Regex.match?(~r/\n\s*\|>/, s), do: "(" <> s <> ")", else: s
  end
end

File.mkdir_p!(Path.join(out, "iex"))
File.mkdir_p!(Path.join(out, "exunit"))
answers =
  Path.wildcard(Path.join(src, "test/koans/*_test.exs"))
  |> Enum.map(&KoanGen.answers/1)
  |> Enum.reduce(%{}, &Map.merge/2)

for file <- Path.wildcard(Path.join(src, "lib/koans/*.ex")) |> Enum.sort() do
  {:ok, {:defmodule, _, [{:__aliases__, _, parts} = alias_ast, [do: body]]}} = Code.string_to_quoted(File.read!(file))
  mod = Module.concat(parts)
  base = Path.basename(file, ".ex")
  ans = Map.fetch!(answers, mod)
  items = KoanGen.stmts(body)
  koans = for {:koan, _, [name, [do: b]]} <- items, do: {name, b}
  if length(koans) != length(ans), do: raise("#{mod}: #{length(koans)} koans, #{length(ans)} answers")
  filled = Enum.zip_with(koans, ans, fn {name, b}, a -> {name, KoanGen.fill(b, KoanGen.fills(a))} end)

  helpers =
    Enum.reject(items, fn
      {:koan, _, _} -> true
      {:use, _, [{:__aliases__, _, [:Koans]} | _]} -> true
      {:@, _, [{a, _, _}]} when a in [:intro, :moduledoc] -> true
      _ -> false
    end)
  attrs = for {:@, _, [{name, _, [v]}]} <- helpers, into: %{}, do: {name, v}
  nested = for {d, _, [{:__aliases__, _, [n]} | _]} <- helpers, d in [:defmodule, :defprotocol], do: n
  has_defs = Enum.any?(helpers, &match?({:def, _, _}, &1))
  requires = for {:require, _, _} = r <- helpers, do: r

  # iex transcript
  header =
    ["ExUnit.start(autorun: false)", "import ExUnit.Assertions"] ++
      Enum.map(requires, &Macro.to_string/1) ++
      (if has_defs, do: ["import #{inspect(mod)}"], else: []) ++
      Enum.map(nested, &"alias #{inspect(mod)}.#{&1}")
  module_text =
    if helpers == [], do: [], else: [Macro.to_string({:defmodule, [], [alias_ast, [do: {:__block__, [], helpers}]]})]
  body_lines =
    Enum.flat_map(filled, fn {_name, b} ->
      b |> KoanGen.inline_attrs(attrs) |> KoanGen.stmts() |> Enum.flat_map(&KoanGen.lines/1) |> Enum.map(&KoanGen.text/1)
    end)
  File.write!(Path.join([out, "iex", base <> ".in"]), Enum.map_join(module_text ++ header ++ body_lines, "", &(&1 <> "\n")))

  # ExUnit script: the module itself as the case, each koan a test
  tests = for {name, b} <- filled, do: {:test, [], [name, [do: b]]}
  case_ast =
    {:defmodule, [], [alias_ast, [do: {:__block__, [], [quote(do: use(ExUnit.Case)) | helpers] ++ tests}]]}
  # the same with every blank answered wrong (the atom :wrong), as a learner first runs it
  wrong =
    for {name, b} <- koans do
      {:test, [], [name, [do: KoanGen.fill(b, List.duplicate(:wrong, KoanGen.count(b)))]]}
    end
  File.mkdir_p!(Path.join(out, "exunit_wrong"))
  File.write!(
    Path.join([out, "exunit_wrong", base <> ".exs"]),
    "ExUnit.start(seed: 0, max_cases: 1, autorun: true)\n\n" <>
      Macro.to_string({:defmodule, [], [alias_ast, [do: {:__block__, [], [quote(do: use(ExUnit.Case)) | helpers] ++ wrong}]]}) <> "\n"
  )
  File.write!(
    Path.join([out, "exunit", base <> ".exs"]),
    "ExUnit.start(seed: 0, max_cases: 1, autorun: true)\n\n" <> Macro.to_string(case_ast) <> "\n"
  )
end

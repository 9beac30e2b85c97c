# Good-argument probe inputs: for every exported function of the modules named, calls whose
# arguments all come from a pool of ordinary values (lists, keyword lists, maps, strings with
# and without unicode, integers, floats, ranges with steps, tuples, funs of arity 1 and 2):
# every combination for functions of arity 1 and 2, a fixed pseudo-random sample of
# combinations for higher arities. Calls that return a stream are wrapped in Enum.take/2 so
# their elements are compared, not the struct. Run with real Elixir 1.14:
#
#   MODULES="String Enum" elixir tools/arg-probe/good.exs OUT_DIR [SAMPLE]
#
# SAMPLE (default 60) is how many combinations a function of arity 3 or more gets. POOL=2
# (environment) takes a second pool, of options and the values they go with (trim:, parts:,
# :desc, separators, regexes, negative and stepped ranges, decomposed unicode...), and
# samples SAMPLE combinations for arity 2 as well. Record and compare as for generate.exs
# (one MODULE.in per module, one call a line).
[out | rest] = System.argv()
sample = case rest do [n | _] -> String.to_integer(n); [] -> 60 end
File.mkdir_p!(out)

mods =
  case System.get_env("MODULES") do
    nil -> [String, Map, Keyword, List, Integer, Float, Tuple, Range, MapSet, Enum, Stream, Atom, Function]
    names -> for n <- String.split(names), do: elem(Code.eval_string(n), 0)
  end

pool = ["[3, 1, 2]", "[]", "[a: 1, b: 2, a: 3]", "%{a: 1, b: 2}", "\"hello world\"", "\"héllo\"",
        "\"\"", "0", "2", "-2", "1.5", "1..5", "5..1//-2", "{1, 2, 3}", ":a", "&is_integer/1",
        "&{&1, &2}", "[[1, 2], [3]]", "[b: [c: 1]]", "MapSet.new([1, 2])", "true", "nil", "[{1, 2}, {3, 4}]"]

pool2 = ["[trim: true]", "[parts: 2]", "[global: false]", ":desc", ":asc", "[1, 2, 2, 3, 1]",
         "\"a,b,,c\"", "\",\"", "[\",\", \"b\"]", "~r/,/", "\"ae\\u0301x\"", "0..-1//1", "-3..-1",
         "1..10//3", "2..-2//-1", ":discard", "3", "-1", "&(&1 > 1)", "&String.upcase/1",
         "[a: [b: 1]]", "%{\"k\" => 1}", "\"  hi  \"", "\"x\"", "[{:a, 1}, {:b, 2}]", "&(&1 <= &2)",
         "fn acc, x -> acc + x end", "[]", "0", "\"\"", "{:a, :b}", "[\"a\", \"b\"]", ":b"]
two? = System.get_env("POOL") == "2"
pool = if two?, do: pool2, else: pool

# no randomness, time, processes, or endless output
skip = ~w(shuffle random take_random interval timer system_time monotonic_time capture
  resource unique_integer)a

:rand.seed(:exsss, {1, 2, 3})

for m <- mods do
  lines =
    for {f, ar} <- Enum.sort(m.__info__(:functions)), ar > 0, f not in skip,
        not String.starts_with?(Atom.to_string(f), "__"),
        args <- (if ar == 1 or (ar == 2 and not two?) do
                   Enum.reduce(1..ar, [[]], fn _, acc -> for a <- acc, v <- pool, do: [v | a] end)
                 else
                   for _ <- 1..sample, do: for(_ <- 1..ar, do: Enum.random(pool))
                 end) |> Enum.uniq() do
      call = "#{inspect(m)}.#{f}(#{Enum.join(args, ", ")})"
      if m == Stream, do: "#{call} |> Enum.take(12)\n", else: call <> "\n"
    end

  File.write!(Path.join(out, inspect(m) <> ".in"), lines)
end

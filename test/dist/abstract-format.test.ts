// Closures typed in a real iex, run in beamsh (src/runtime/dist/abstract-format.ts): a real
// Elixir node makes erl_eval closures from Elixir source with bindings, calls them, and sends
// them with the results; beamsh decodes each closure, calls it with the same arguments, and
// must get the same result. Skips without Elixir.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { funSource } from "../../src/runtime/dist/abstract-format.js";
import { a, int, list, tuple } from "../../src/runtime/term.js";
import { evalsTo, testRuntime } from "../helpers/eval.js";
import { NO_ERLANG, hasErlang } from "./real-erl.js";

/** [fn source, bindings (Elixir source of a keyword list), argument lists (Elixir source)] */
const CASES: [string, string, string[]][] = [
  ["fn x -> x * y end", "[y: 3]", ["[4]", "[-2]"]],
  ["fn -> Enum.map(list, &(&1 + 1)) end", "[list: [1, 2, 3]]", ["[]"]],
  ["fn {a, b} -> a + b; other -> {:other, other} end", "[]", ["[{1, 2}]", "[:z]"]],
  ["fn x when is_integer(x) and x > 2 -> :big; _ -> :small end", "[]", ["[5]", "[1]", "[:a]"]],
  ["fn m -> Map.get(m, :k, :none) end", "[]", ["[%{k: 1}]", "[%{}]"]],
  ["fn s -> String.upcase(s) <> suffix end", '[suffix: "!"]', ['["abc"]']],
  ["fn x -> case x do ^y -> :same; _ -> :diff end end", "[y: 3]", ["[3]", "[4]"]],
  ["fn x -> for i <- 1..x, rem(i, 2) == 0, do: i * i end", "[]", ["[6]"]],
  ["fn l -> for i <- l, do: i * 2 end", "[]", ["[[1, 2]]"]],
  ["fn x -> try do 1 / x rescue e -> {:error, Exception.message(e)} end end", "[]", ["[0]", "[4]"]],
  ["fn x -> try do throw(x) catch :throw, v -> {:caught, v} end end", "[]", ["[7]"]],
  ["fn <<a, rest::binary>> -> {a, rest} end", "[]", ['["hey"]']],
  ["fn x -> %{x | a: 2} end", "[]", ["[%{a: 1, b: 3}]"]],
  ["fn x -> receive do {:msg, ^x} -> :got after 0 -> :none end end", "[]", ["[1]"]],
  ["fn x -> if x, do: :yes, else: :no end", "[]", ["[nil]", "[1]"]],
  ['fn x -> x |> Enum.reverse() |> Enum.join(",") end', "[]", ['[["a", "b"]]']],
  ["fn x -> with {:ok, v} <- x, do: v * 2 end", "[]", ["[{:ok, 2}]", "[:error]"]],
  ["fn x -> cond do x > 10 -> :big; true -> :small end end", "[]", ["[11]", "[1]"]],
  ['fn x -> "v=#{x} #{inspect(y)}" end', "[y: {1, 2.5}]", ["[42]"]],
  ["fn x -> f = fn y -> x + y end; f.(1) end", "[]", ["[1]"]],
  ["fn x -> :lists.sum(x) end", "[]", ["[[1, 2, 3]]"]],
  ["fn x -> x.a end", "[]", ["[%{a: 1}]"]],
  ["fn %{name: n} -> n end", "[]", ['[%{name: "kate"}]']],
  ["fn [h | t] -> {h, t} end", "[]", ["[[1, 2, 3]]"]],
  ["fn x -> {not x, x and true, x or false} end", "[]", ["[true]"]],
  ["fn x -> {-x, x in [1, 2], div(x, 2) + rem(x, 3), max(x, 3)} end", "[]", ["[1]", "[7]"]],
  ["fn x -> ~w(a b)a ++ [x] end", "[]", ["[:c]"]],
  ["fn x -> <<x::16, 1::size(4), 0::4>> end", "[]", ["[258]"]],
  ["fn x -> x = x + 1; x = x * 2; x end", "[]", ["[3]"]],
  ["fn a, b -> {b, a, z} end", "[z: [1]]", ["[1, 2]"]],
  ["fn x -> Enum.reduce(x, 0, fn i, acc -> acc + i end) end", "[]", ["[[1, 2, 3]]"]],
  ["fn x -> send(self(), {:t, x}); receive do {:t, v} -> v end end", "[]", ["[5]"]],
  ["fn x -> elem(x, 1) end", "[]", ["[{1, 2}]"]],
  ["fn x -> x ++ 'ab' end", "[]", ["['c']"]],
  ["fn x -> case x do {:ok, v} when v > 0 -> v; {:ok, _} -> 0; _ -> -1 end end", "[]", ["[{:ok, 5}]", "[{:ok, -5}]", "[:error]"]],
  ["fn x -> (&String.length/1) |> then(fn f -> f.(x) end) end", "[]", ['["héllo"]']],
  ['fn x -> raise ArgumentError, "bad #{x}" end', "[]", ["[1]"]],
];

const DRIVER = `
[src] = System.argv()
out =
  for {fsrc, bsrc, args} <- :erlang.binary_to_term(Base.decode64!(src)) do
    {binding, _} = Code.eval_string(bsrc)
    {f, _} = Code.eval_string(fsrc, binding)
    results =
      for asrc <- args do
        {as, _} = Code.eval_string(asrc)
        r = try do inspect(apply(f, as)) rescue e -> "raised " <> inspect(e) end
        {as, r}
      end
    {fsrc, f, inspect(f), results}
  end
IO.write(Base.encode64(:erlang.term_to_binary(out)))
`;

test("funSource writes bound variables in patterns as pins", () => {
  const v = (n: string) => tuple(a("var"), 1, a(n));
  const clause = tuple(a("clause"), 1, list([v("X")]), list([]), list([tuple(a("case"), 1, v("X"), list([tuple(a("clause"), 1, list([v("Y")]), list([]), list([tuple(a("atom"), 1, a("same"))]))]))]));
  assert.equal(funSource(list([clause]), ["Y"]), "fn\nev_X ->\ncase ev_X do\n^ev_Y ->\n:same\nend\nend");
  void int;
});

test("closures made by a real Elixir node print as there and run in beamsh with the same results", { skip: hasErlang() ? false : NO_ERLANG }, () => {
  const t = testRuntime();
  const payload = evalsTo(`:erlang.term_to_binary(${JSON.stringify(CASES).replace(/#\{/g, "\\#{")} |> Enum.map(&List.to_tuple/1)) |> Base.encode64()`, t);
  const r = spawnSync("elixir", ["-e", DRIVER, JSON.parse(payload)], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const results = evalsTo(
    `for {fsrc, f, shown, results} <- :erlang.binary_to_term(Base.decode64!("${r.stdout.trim()}")), {as, expected} <- [{:inspect, shown} | results] do
       got =
         if as == :inspect, do: inspect(f), else: (try do inspect(apply(f, as)) rescue e -> "raised " <> inspect(e) end)
       if got == expected, do: :ok, else: {fsrc, as, got, expected}
     end |> Enum.reject(&(&1 == :ok))`,
    t,
  );
  assert.equal(results, "[]");
});

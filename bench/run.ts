// Benchmarks: each figure is printed on its own line as `name: value unit`.
import { parse } from "../src/lang/parser.js";
import { createRuntime } from "../src/boot.js";
import { run, timed } from "./harness.js";

const FIB = `
defmodule Fib do
  def fib(0), do: 0
  def fib(1), do: 1
  def fib(n), do: fib(n - 1) + fib(n - 2)
end`;

/** Parse time for a 2,000-line program (repeated lesson-style modules). */
function parseBench(): void {
  const unit = `defmodule Shapes do
  defstruct [:w, h: 1]
  def area(%Shapes{w: w, h: h}) when is_number(w), do: w * h
  def scale(%Shapes{} = s, k), do: %{s | w: s.w * k, h: s.h * k}
  def describe(s) do
    case area(s) do
      a when a > 100 -> "big #{a}"
      a -> "small #{a}"
    end
  end
end
`;
  const src = unit.repeat(Math.ceil(2000 / (unit.split("\n").length - 1)));
  parse(src);
  const t0 = performance.now();
  parse(src);
  console.log(`parse ${src.split("\n").length} lines: ${(performance.now() - t0).toFixed(1)} ms`);
}

function main(): void {
  parseBench();
  const rt = createRuntime({ write: () => {} });
  run(rt, FIB);
  run(rt, "Fib.fib(25)"); // warm up
  const [tc] = run(rt, "{us, _} = :timer.tc(fn -> Fib.fib(30) end); us");
  console.log(`fib(30) via :timer.tc: ${(Number(tc) / 1000).toFixed(1)} ms`);
  // Best of three warm runs (the first run also pays for compiling the hot paths).
  const pipeline = "1..1_000_000 |> Enum.map(&(&1 * 2)) |> Enum.filter(&(rem(&1, 3) == 0)) |> Enum.reduce(0, &+/2)";
  console.log(`Enum map/filter/reduce over 1..1_000_000: ${timed(rt, 3, pipeline)}`);
  console.log(`10000! via Enum.reduce: ${timed(rt, 3, "Enum.reduce(1..10000, 1, &*/2)")}`);
  mapBench(rt);
  appendBench(rt);
}

/** Appending a byte at a time: amortised O(1) per append (binary-append.ts), so 4x the bytes is about 4x the time. */
function appendBench(rt: ReturnType<typeof createRuntime>): void {
  run(rt, `defmodule BenchAppend do
    def app(acc, 0), do: acc
    def app(acc, n), do: app(acc <> <<rem(n, 256)>>, n - 1)
  end`);
  console.log(`acc <> <<byte>> 50_000 times: ${timed(rt, 3, "BenchAppend.app(<<>>, 50_000) |> byte_size()")}`);
  console.log(`acc <> <<byte>> 200_000 times: ${timed(rt, 3, "BenchAppend.app(<<>>, 200_000) |> byte_size()")}`);
}

/** Big maps: building one key by key, then walking new ones (hash order: term-hash.ts). */
function mapBench(rt: ReturnType<typeof createRuntime>): void {
  const build = "Enum.reduce(1..100_000, %{}, fn i, m -> Map.put(m, i, i) end) |> map_size()";
  console.log(`Map.put 100_000 integer keys: ${timed(rt, 3, build)}`);
  console.log(`Map.new 100_000 integer keys: ${timed(rt, 3, "Map.new(1..100_000, &{&1, &1}) |> map_size()")}`);
  const walk = "Map.new(1..100_000, &{&1, &1}) |> Enum.map(fn {k, _} -> k end) |> length()";
  console.log(`Map.new then Enum.map over 100_000 integer keys: ${timed(rt, 3, walk)}`);
  const keys = "Map.new(1..20_000, &{Integer.to_string(&1), [&1]}) |> Map.keys() |> length()";
  console.log(`Map.new then Map.keys, 20_000 binary keys: ${timed(rt, 3, keys)}`);
  console.log(`inspect of a 2_000-key map: ${timed(rt, 3, "Map.new(1..2_000, &{&1, {&1}}) |> inspect(limit: :infinity) |> byte_size()")}`);
}

try {
  main();
} catch (e) {
  console.log("benchmark failed: " + (e as Error).message);
  process.exitCode = 1;
}

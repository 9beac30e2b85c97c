// Fuzz corpus: seed programs to mutate and tokens to splice in.
export const SEEDS = [
  "Enum.map([1, 2, 3], fn x -> x * 2 end)",
  "%{a: 1, b: [2, 3]} |> Map.put(:c, {4, 5.0})",
  'for x <- 1..5, rem(x, 2) == 0, into: %{}, do: {x, "v#{x}"}',
  "case {1, :a} do {n, a} when n > 0 -> a; _ -> nil end",
  'try do raise "x" rescue e in RuntimeError -> e.message end',
  "with {:ok, v} <- {:ok, 1}, w = v + 1 do w else _ -> :err end",
  "<<a::8, rest::binary>> = <<1, 2, 3>>",
  'String.split("a,b,,c", ",") |> Enum.join("-")',
  "defmodule F do def f(0), do: 1; def f(n), do: n * f(n - 1) end",
  "receive do x -> x after 0 -> :none end",
  "send(self(), :hi); receive do :hi -> :got end",
  "Stream.iterate(1, &(&1 * 2)) |> Enum.take(5)",
  "[h | t] = [1, 2, 3]; {h, t}",
  "cond do false -> 1; nil -> 2; true -> 3 end",
  "x = 5; ^x = 5; x ++ [1]",
  "'abc' ++ 'def'",
  "1..10//2 |> Enum.to_list() |> length()",
  "Integer.parse(\"12abc\")",
  "fn a, b -> {a, b} end.(1, 2)",
  "&(&1 + &2)",
];

export const TOKENS = ["(", ")", "[", "]", "{", "}", "%{", "<<", ">>", "do", "end", "fn", "->", ",", ".", "|>", "|", "=", "+", "-", "*", "/", "&", "&1", ":a", "\"s\"", "'c'", "1", "2.5", "x", "nil", "true", "Enum", "@a", "^x", "\\\\", "when", "in", "\n", ";", "#", "~w(a b)", "?a", "__MODULE__", "..", "<>", "++", "::"];


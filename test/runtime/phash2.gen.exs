# Regenerates test/runtime/phash2.generated.json with real Elixir 1.14 / OTP 25:
#
#   elixir test/runtime/phash2.gen.exs        (from the repository root)
#
# 400 random terms of every kind whose portable hash does not depend on the node (integers
# small, wide and big, floats, atoms, binaries and bitstrings, charlists, lists, improper
# lists, tuples, maps small and large, external funs, nested), each with
# :erlang.phash2/1 and :erlang.phash2/2 for a random range. Each case is
# [term as term_to_binary in base64, phash2/1, range, phash2/2].
defmodule Phash2Gen do
  import Bitwise

  @atoms [:ok, :error, :a, :name, :"hello world", :"élan", :Elixir, Enum, true, false, nil, :""]

  def term(depth) do
    case :rand.uniform(if depth > 2, do: 11, else: 16) do
      1 -> :rand.uniform(1000)
      2 -> :rand.uniform(1 <<< 40) - (1 <<< 39)
      3 -> (:rand.uniform(1 <<< 62) - 1) * (1 <<< :rand.uniform(70)) * (if :rand.uniform(2) == 1, do: -1, else: 1)
      4 -> :rand.uniform() * :rand.uniform(100_000) - 50_000
      5 -> :crypto.strong_rand_bytes(:rand.uniform(30)) |> Base.encode64() |> String.slice(0, :rand.uniform(20))
      6 -> :crypto.strong_rand_bytes(:rand.uniform(40) - 1)
      7 -> <<:rand.uniform(255), :rand.uniform(127)::size(7)>>
      8 -> for(_ <- 1..:rand.uniform(9), do: :rand.uniform(300) - 20)
      9 -> Enum.random(["", [], {}, 0, -1, 0.0, -0.0, 1.0, "a", 'a', %{}, -134_217_728, 134_217_727, 134_217_728, -134_217_729])
      10 -> Enum.random(@atoms)
      11 -> Enum.random([&Enum.map/2, &:lists.reverse/1, &Kernel.+/2])
      12 -> List.to_tuple(for _ <- 1..:rand.uniform(4), do: term(depth + 1))
      13 -> [term(depth + 1) | term(depth + 1)]
      14 -> for _ <- 1..:rand.uniform(5), do: term(depth + 1)
      15 -> Map.new(for _ <- 1..:rand.uniform(5), do: {term(depth + 1), term(depth + 1)})
      16 -> Map.new(1..(32 + :rand.uniform(20)), fn i -> {i * 7, Enum.random(@atoms)} end)
    end
  end

  def case_for do
    t = term(0)
    range = :rand.uniform(1 <<< :rand.uniform(32))
    [Base.encode64(:erlang.term_to_binary(t)), :erlang.phash2(t), range, :erlang.phash2(t, range)]
  end

  def json(list) when is_list(list), do: "[" <> Enum.map_join(list, ",", &json/1) <> "]"
  def json(n) when is_integer(n), do: Integer.to_string(n)
  def json(s) when is_binary(s), do: "\"" <> s <> "\""

  def run do
    :rand.seed(:exsss, {2026, 12, 5})
    cases = for _ <- 1..400, do: case_for()
    File.write!(Path.join(__DIR__, "phash2.generated.json"), json(cases) <> "\n")
    IO.puts("#{length(cases)} cases")
  end
end

Phash2Gen.run()

# Regenerates test/runtime/map-order.generated.json with real Elixir 1.14 / OTP 25:
#
#   elixir test/runtime/map-order.gen.exs        (from the repository root)
#
# 250 random sets of keys of every kind whose BEAM hash beamsh can reproduce (integers small and
# big, floats, binaries and bitstrings, charlists, lists, improper lists, tuples, maps small
# and large, nested), each with the order :maps.keys/1 gives them on the BEAM. Each case is
# [keys as term_to_binary in base64, the keys' positions in Map.keys/1 order].
defmodule MapOrderGen do
  import Bitwise

  def key(depth) do
    case :rand.uniform(if depth > 1, do: 9, else: if(depth > 0, do: 12, else: 13)) do
      1 -> :rand.uniform(1000)
      2 -> :rand.uniform(1 <<< 40) - (1 <<< 39)
      3 -> (:rand.uniform(1 <<< 62) - 1) * (1 <<< :rand.uniform(40)) * (if :rand.uniform(2) == 1, do: -1, else: 1)
      4 -> :rand.uniform() * :rand.uniform(100_000) - 50_000
      5 -> :crypto.strong_rand_bytes(:rand.uniform(30)) |> Base.encode64() |> String.slice(0, :rand.uniform(20))
      6 -> :crypto.strong_rand_bytes(:rand.uniform(40) - 1)
      7 -> <<:rand.uniform(255), :rand.uniform(127)::size(7)>>
      8 -> for(_ <- 1..:rand.uniform(9), do: :rand.uniform(300) - 20)
      9 -> Enum.random(["", [], {}, 0, -1, 0.0, -0.0, 1.0, "a", 'a'])
      10 -> List.to_tuple(for _ <- 1..:rand.uniform(4), do: key(depth + 1))
      11 -> [key(depth + 1) | key(depth + 1)]
      12 -> Map.new(for _ <- 1..:rand.uniform(5), do: {key(depth + 1), key(depth + 1)})
      13 -> Map.new(1..(32 + :rand.uniform(20)), fn i -> {i * 7, :rand.uniform(9)} end)
    end
  end

  def case_for(n) do
    keys = Stream.repeatedly(fn -> key(0) end) |> Stream.uniq() |> Enum.take(n)
    order = Map.new(keys, &{&1, true}) |> Map.keys()
    index = keys |> Enum.with_index() |> Map.new()
    positions = Enum.map(order, &Map.fetch!(index, &1))
    [Base.encode64(:erlang.term_to_binary(keys)), positions]
  end

  def json(list) when is_list(list), do: "[" <> Enum.map_join(list, ",", &json/1) <> "]"
  def json(n) when is_integer(n), do: Integer.to_string(n)
  def json(s) when is_binary(s), do: "\"" <> s <> "\""

  def run do
    :rand.seed(:exsss, {2022, 11, 25})
    cases = for i <- 1..250, do: case_for(33 + rem(i * 37, 80))
    File.write!(Path.join(__DIR__, "map-order.generated.json"), json(cases) <> "\n")
    IO.puts("#{length(cases)} cases")
  end
end

MapOrderGen.run()

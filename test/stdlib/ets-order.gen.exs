# Regenerates test/stdlib/ets-order.generated.json with real Elixir 1.14 / OTP 25:
#
#   elixir test/stdlib/ets-order.gen.exs        (from the repository root)
#
# Random hashed ETS tables (set, bag, duplicate_bag, with and without write_concurrency),
# filled with objects {key, n} whose keys beamsh can hash as the BEAM does (integers,
# floats, binaries, bitstrings, lists, tuples and maps of those, atoms as whole keys), some
# big enough to grow the table past its first segments and some then emptied enough to
# shrink it, with some keys deleted. Each case records the order ets:first/next walk the keys
# and the order ets:tab2list/1 returns the objects. A case is
# [type, write_concurrency (0/1), objects as term_to_binary in base64, indexes of the objects
# whose keys are deleted afterwards, walk as object indexes of each key's first object,
# tab2list as object indexes].
defmodule EtsOrderGen do
  import Bitwise

  @atoms [:a, :b, :ok, :error, :user, :name, :x, :"hello world", :été, :日本, nil, true, false]

  def key(depth) do
    case :rand.uniform(if depth > 0, do: 9, else: 11) do
      1 -> :rand.uniform(1000)
      2 -> :rand.uniform(1 <<< 40) - (1 <<< 39)
      3 -> (:rand.uniform(1 <<< 62) - 1) * (1 <<< :rand.uniform(40))
      4 -> :rand.uniform() * :rand.uniform(100_000) - 50_000
      5 -> :crypto.strong_rand_bytes(:rand.uniform(30)) |> Base.encode64() |> String.slice(0, :rand.uniform(20))
      6 -> <<:rand.uniform(255), :rand.uniform(127)::size(7)>>
      7 -> for(_ <- 1..:rand.uniform(6), do: :rand.uniform(300) - 20)
      8 -> List.to_tuple(for _ <- 1..:rand.uniform(3), do: key(depth + 1))
      9 -> Map.new(for _ <- 1..:rand.uniform(3), do: {key(depth + 1), key(depth + 1)})
      _ -> Enum.random(@atoms)
    end
  end

  def case_for(type, wc, n, deletes) do
    t = :ets.new(:t, [type | if(wc == 1, do: [write_concurrency: true], else: [])])
    keys = Stream.repeatedly(fn -> key(0) end) |> Stream.uniq() |> Enum.take(n)
    keys = if n > 2000, do: Enum.shuffle(1..n), else: keys

    objects =
      case type do
        :set -> Enum.with_index(keys, fn k, i -> {k, i} end)
        _ -> for k <- keys, j <- 1..:rand.uniform(3), do: {k, rem(j + :erlang.phash2(k), 2)}
      end

    # objects in a random order (bags keep their key's objects newest first)
    objects = Enum.shuffle(objects)
    Enum.each(objects, &:ets.insert(t, &1))
    index = objects |> Enum.with_index() |> Enum.reduce(%{}, fn {o, i}, acc -> Map.put_new(acc, o, i) end)
    first_of_key = objects |> Enum.with_index() |> Enum.reduce(%{}, fn {{k, _}, i}, acc -> Map.put_new(acc, k, i) end)
    deleted = Enum.take_random(0..(length(objects) - 1), deletes)
    Enum.each(deleted, fn i -> :ets.delete(t, elem(Enum.at(objects, i), 0)) end)

    walk =
      Stream.unfold(:ets.first(t), fn :"$end_of_table" -> nil; k -> {k, :ets.next(t, k)} end)
      |> Enum.map(&Map.fetch!(first_of_key, &1))

    tab2list = :ets.tab2list(t) |> Enum.map(&Map.fetch!(index, &1))
    :ets.delete(t)
    [Atom.to_string(type), wc, Base.encode64(:erlang.term_to_binary(objects)), deleted, walk, tab2list]
  end

  def json(list) when is_list(list), do: "[" <> Enum.map_join(list, ",", &json/1) <> "]"
  def json(n) when is_integer(n), do: Integer.to_string(n)
  def json(s) when is_binary(s), do: "\"" <> s <> "\""

  def run do
    :rand.seed(:exsss, {2022, 11, 26})

    small =
      for i <- 1..120 do
        type = Enum.at([:set, :set, :bag, :duplicate_bag], rem(i, 4))
        n = if rem(i, 8) == 0, do: 257 + :rand.uniform(200), else: :rand.uniform(80)
        case_for(type, if(rem(i, 7) == 0, do: 1, else: 0), n, :rand.uniform(div(n, 3) + 1) - 1)
      end

    # growing past the second segment (2304 slots), and shrinking back from 4352 slots
    big = [case_for(:set, 0, 2600, 0), case_for(:set, 1, 2500, 100), case_for(:set, 0, 4400, 3600)]
    cases = small ++ big
    File.write!(Path.join(__DIR__, "ets-order.generated.json"), json(cases) <> "\n")
    IO.puts("#{length(cases)} cases")
  end
end

EtsOrderGen.run()

# HashDict, HashSet, Dict and Set: deprecated since Elixir 1.3, still shipped by 1.14
# (each call warns). Their order is their trie's, as Elixir's.
d = HashDict.new()
d = HashDict.put(d, :a, 1)
IO.inspect(d)
d = Enum.into(1..20, d, &{&1, &1 * &1})
IO.inspect(d)
IO.inspect(HashDict.size(d))
IO.inspect(HashDict.fetch(d, 7))
IO.inspect(HashDict.fetch(d, 70))
IO.inspect(HashDict.get(d, 70, :none))
IO.inspect(HashDict.keys(d))
IO.inspect(HashDict.values(d) |> Enum.sum())
d2 = Enum.reduce(1..20, d, &HashDict.delete(&2, &1))
IO.inspect(d2)
IO.inspect(d2 == HashDict.put(HashDict.new(), :a, 1))
IO.inspect(HashDict.pop(d, :a))
IO.inspect(HashDict.update(d2, :a, 0, &(&1 + 10)))
IO.inspect(HashDict.update!(d2, :a, &(&1 + 10)))
IO.inspect(HashDict.merge(d2, HashDict.put(HashDict.new(), :b, 2)))
IO.inspect(HashDict.take(d, [1, 2, 99]))
IO.inspect(HashDict.split(d, [1, 2, 99]) |> elem(0))
IO.inspect(HashDict.equal?(d, d))
IO.inspect(Enum.map(HashDict.put(HashDict.new(), "k", "v"), fn {k, v} -> k <> v end))
IO.inspect(Enum.take(d, 3))
IO.inspect(Enum.member?(d, {2, 4}))
try do
  HashDict.fetch!(d2, :zz)
rescue
  e -> IO.inspect(e)
end

s = Enum.into([3, 1, 2, :x, "y", {1}], HashSet.new())
IO.inspect(s)
IO.inspect(HashSet.member?(s, :x))
IO.inspect(HashSet.to_list(HashSet.delete(s, 3)))
IO.inspect(HashSet.union(s, Enum.into(10..30, HashSet.new())))
IO.inspect(HashSet.intersection(s, Enum.into([1, 2, 99], HashSet.new())))
IO.inspect(HashSet.difference(s, Enum.into([1, 2], HashSet.new())))
IO.inspect(HashSet.subset?(Enum.into([1], HashSet.new()), s))
IO.inspect(HashSet.disjoint?(Enum.into([1], HashSet.new()), s))
IO.inspect(HashSet.equal?(s, s))
IO.inspect(Enum.count(s))
IO.inspect(Enum.into(1..40, HashSet.new()) |> Enum.to_list())

IO.inspect(Dict.get(%{a: 1}, :a))
IO.inspect(Dict.put([a: 1], :b, 2))
IO.inspect(Dict.merge(d2, %{b: 2}))
IO.inspect(Dict.merge([a: 1], [a: 2, b: 3], fn _k, v1, v2 -> v1 + v2 end))
IO.inspect(Dict.to_list(%{a: 1}))
IO.inspect(Dict.equal?(%{a: 1}, [a: 1]))
try do
  Dict.get(1, :a)
rescue
  e -> IO.inspect(e)
end
try do
  Dict.size(%{a: 1})
rescue
  e -> IO.inspect(e)
end

IO.inspect(Set.member?(MapSet.new([1]), 1))
IO.inspect(Set.put(HashSet.new(), 3))
IO.inspect(Set.union(MapSet.new([1, 2]), Enum.into([3], HashSet.new())))
IO.inspect(Set.equal?(MapSet.new([1]), Enum.into([1], HashSet.new())))
IO.inspect(Set.subset?(MapSet.new([1]), MapSet.new([1, 2])))
try do
  Set.size([1])
rescue
  e -> IO.inspect(e)
end

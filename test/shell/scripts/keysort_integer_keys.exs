# Sorting tuples by an integer key (List.keysort, :lists.keysort/ukeysort, Enum.sort_by):
# stable among equal keys, ascending and descending, keys at and past 31 bits, negative
# keys, and keys that are not all integers (floats equal to integers, atoms, bigints).
import Bitwise
pairs = for i <- 1..40, do: {rem(i * 7, 11) - 5, i}
IO.inspect(List.keysort(pairs, 0), limit: :infinity)
IO.inspect(List.keysort(pairs, 0, :desc), limit: :infinity)
IO.inspect(:lists.keysort(1, pairs), limit: :infinity)
IO.inspect(:lists.ukeysort(1, pairs), limit: :infinity)
IO.inspect(Enum.sort_by(1..30, &rem(&1, 4)), limit: :infinity)
IO.inspect(Enum.sort_by(1..30, &rem(&1, 4), :desc), limit: :infinity)
IO.inspect(Enum.sort_by(1..30, &(-&1)), limit: :infinity)
edge = [2_147_483_648, -2_147_483_648, 2_147_483_647, -2_147_483_649, 0, -0, 5, 2_147_483_647]
IO.inspect(Enum.sort_by(edge, & &1))
IO.inspect(Enum.sort_by(edge, & &1, :desc))
IO.inspect(List.keysort([{3, :a}, {1.0, :b}, {1, :c}, {2, :d}, {1, :e}], 0))
IO.inspect(List.keysort([{3, :a}, {:x, :b}, {1, :c}, {"s", :d}, {1, :e}], 0))
IO.inspect(List.keysort([{3, :a}, {1 <<< 70, :b}, {1, :c}, {-(1 <<< 70), :d}], 0))
IO.inspect(List.keysort([{1, :a}], 0))
IO.inspect(List.keysort([], 0))
IO.inspect(Enum.sort_by([3, 1, 2], & &1, &>=/2))

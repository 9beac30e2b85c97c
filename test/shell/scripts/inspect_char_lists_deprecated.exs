# The deprecated :char_lists inspect option: Inspect.List.inspect/2 warns for every
# non-empty list it inspects (nested ones under the library's frames), and treats lists
# as the option says.
defmodule S do
  defstruct a: [1]
  def s, do: %S{}
  def g, do: IO.inspect([1, 2], char_lists: :as_lists)
end

IO.inspect([65, [66], {[67]}], char_lists: :as_lists)
IO.inspect([a: [1], b: 'x'], char_lists: :as_lists)
IO.inspect(%{a: [1]}, char_lists: :as_lists)
IO.inspect(%{[1] => [2]}, char_lists: :as_lists)
IO.inspect([[1] | :x], char_lists: :as_lists)
IO.inspect(S.s(), char_lists: :as_lists)
IO.inspect([[[[1]]]], char_lists: :as_lists)
IO.inspect([[1], [2], [3]], char_lists: :as_lists, limit: 1)
IO.inspect(MapSet.new([[1]]), char_lists: :as_lists)
IO.inspect([300], char_lists: :as_char_lists)
IO.inspect([], char_lists: :as_lists)
IO.puts(inspect([65], char_lists: :as_lists))
IO.puts(inspect([65], char_lists: :as_lists, charlists: :as_charlists))
IO.puts(inspect([65], char_lists: :as_charlists))
IO.puts(inspect([65], char_lists: :infer))
S.g()
IO.inspect(:stderr, [[1]], char_lists: :as_lists)
IO.inspect([1], char_lists: :as_lists)

// Docs for List (abridged from Elixir's).
import type { RawModuleDoc } from "./index.js";

export const LIST: RawModuleDoc = {
  module: "Elixir.List",
  moduledoc: `
Linked lists hold zero, one, or more elements in the chosen order.

Lists in Elixir are specified between square brackets:

    iex> [1, "two", 3, :four]
    [1, "two", 3, :four]

Two lists can be concatenated and subtracted using the
\`++/2\` and \`--/2\` operators:

    iex> [1, 2, 3] ++ [4, 5, 6]
    [1, 2, 3, 4, 5, 6]
    iex> [1, true, 2, false, 3, true] -- [true, true]
    [1, 2, false, 3]

An element can be prepended to a list using \`|\`:

    iex> new = 0
    iex> list = [1, 2, 3]
    iex> [new | list]
    [0, 1, 2, 3]

Lists are linked lists: prepending is fast, while appending or getting the
length walks the whole list.`,
  functions: [
    ["delete(list, element)", "delete([], any()) :: []", `
Deletes the given \`element\` from the \`list\`. Returns a new list without
the element.

If the \`element\` occurs more than once in the \`list\`, just
the first occurrence is removed.

## Examples

    iex> List.delete([:a, :b, :c], :a)
    [:b, :c]`],
    ["first(list, default \\\\ nil)", "first([], any()) :: any()", `
Returns the first element in \`list\` or \`default\` if \`list\` is empty.

## Examples

    iex> List.first([])
    nil

    iex> List.first([1, 2, 3])
    1`],
    ["flatten(list)", "flatten(deep_list) :: list() when deep_list: [any() | deep_list]", `
Flattens the given \`list\` of nested lists.

## Examples

    iex> List.flatten([1, [[2], 3]])
    [1, 2, 3]`],
    ["insert_at(list, index, value)", "insert_at(list(), integer(), any()) :: list()", `
Returns a list with \`value\` inserted at the specified \`index\`.

## Examples

    iex> List.insert_at([1, 2, 3, 4], 2, 0)
    [1, 2, 0, 3, 4]`],
    ["last(list, default \\\\ nil)", "last([], any()) :: any()", `
Returns the last element in \`list\` or \`default\` if \`list\` is empty.

## Examples

    iex> List.last([1, 2, 3])
    3`],
    ["to_tuple(list)", "to_tuple(list()) :: tuple()", `
Converts a list to a tuple.

## Examples

    iex> List.to_tuple([:share, [:elixir, 163]])
    {:share, [:elixir, 163]}`],
    ["wrap(term)", "wrap(term()) :: maybe_improper_list()", `
Wraps \`term\` in a list if this is not list.

If \`term\` is already a list, it returns the list.
If \`term\` is \`nil\`, it returns an empty list.

## Examples

    iex> List.wrap("hello")
    ["hello"]

    iex> List.wrap([1, 2, 3])
    [1, 2, 3]

    iex> List.wrap(nil)
    []`],
  ],
};

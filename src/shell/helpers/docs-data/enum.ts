// Docs for Enum (abridged from Elixir's, examples checked against iex).
import type { RawModuleDoc } from "./index.js";

export const ENUM: RawModuleDoc = {
  module: "Elixir.Enum",
  moduledoc: `
Functions for working with collections (known as enumerables).

In Elixir, an enumerable is any data type that implements the \`Enumerable\`
protocol. \`List\`s (\`[1, 2, 3]\`), \`Map\`s (\`%{foo: 1, bar: 2}\`) and \`Range\`s
(\`1..3\`) are common data types used as enumerables:

    iex> Enum.map([1, 2, 3], fn x -> x * 2 end)
    [2, 4, 6]

    iex> Enum.sum([1, 2, 3])
    6

    iex> Enum.map(1..3, fn x -> x * 2 end)
    [2, 4, 6]

    iex> Enum.sum(1..3)
    6

    iex> map = %{"a" => 1, "b" => 2}
    iex> Enum.map(map, fn {k, v} -> {k, v * 2} end)
    [{"a", 2}, {"b", 4}]

The functions in this module are eager: they traverse the whole enumerable
and return a list. For lazy computations, see the \`Stream\` module.`,
  functions: [
    ["all?(enumerable, fun \\\\ fn x -> x end)", "all?(t(), (element() -> as_boolean(term()))) :: boolean()", `
Returns \`true\` if \`fun.(element)\` is truthy for all elements in \`enumerable\`.

## Examples

    iex> Enum.all?([2, 4, 6], fn x -> rem(x, 2) == 0 end)
    true

    iex> Enum.all?([2, 3, 4], fn x -> rem(x, 2) == 0 end)
    false`],
    ["any?(enumerable, fun \\\\ fn x -> x end)", "any?(t(), (element() -> as_boolean(term()))) :: boolean()", `
Returns \`true\` if \`fun.(element)\` is truthy for at least one element in \`enumerable\`.

## Examples

    iex> Enum.any?([2, 4, 6], fn x -> rem(x, 2) == 1 end)
    false

    iex> Enum.any?([2, 3, 4], fn x -> rem(x, 2) == 1 end)
    true`],
    ["count(enumerable)", "count(t()) :: non_neg_integer()", `
Returns the size of the \`enumerable\`.

## Examples

    iex> Enum.count([1, 2, 3])
    3`],
    ["each(enumerable, fun)", "each(t(), (element() -> any())) :: :ok", `
Invokes the given \`fun\` for each element in the \`enumerable\`.

Returns \`:ok\`.

## Examples

    Enum.each(["some", "example"], fn x -> IO.puts(x) end)
    "some"
    "example"`],
    ["filter(enumerable, fun)", "filter(t(), (element() -> as_boolean(term()))) :: list()", `
Filters the \`enumerable\`, i.e. returns only those elements
for which \`fun\` returns a truthy value.

See also \`reject/2\` which discards all elements where the
function returns a truthy value.

## Examples

    iex> Enum.filter([1, 2, 3], fn x -> rem(x, 2) == 0 end)
    [2]`],
    ["find(enumerable, default \\\\ nil, fun)", "find(t(), default(), (element() -> any())) :: element() | default()", `
Returns the first element for which \`fun\` returns a truthy value.
If no such element is found, returns \`default\`.

## Examples

    iex> Enum.find([2, 3, 4], fn x -> rem(x, 2) == 1 end)
    3

    iex> Enum.find([2, 4, 6], fn x -> rem(x, 2) == 1 end)
    nil`],
    ["join(enumerable, joiner \\\\ \"\")", "join(t(), String.t()) :: String.t()", `
Joins the given \`enumerable\` into a string using \`joiner\` as a
separator.

## Examples

    iex> Enum.join([1, 2, 3])
    "123"

    iex> Enum.join([1, 2, 3], " = ")
    "1 = 2 = 3"`],
    ["map(enumerable, fun)", "map(t(), (element() -> any())) :: list()", `
Returns a list where each element is the result of invoking \`fun\` on each
corresponding element of \`enumerable\`.

For maps, the function expects a key-value tuple.

## Examples

    iex> Enum.map([1, 2, 3], fn x -> x * 2 end)
    [2, 4, 6]

    iex> Enum.map([a: 1, b: 2], fn {k, v} -> {k, -v} end)
    [a: -1, b: -2]`],
    ["max(enumerable)", "max(t()) :: element()", `
Returns the maximal element in the \`enumerable\` according
to Erlang's term ordering.

Raises \`Enum.EmptyError\` if \`enumerable\` is empty.

## Examples

    iex> Enum.max([1, 2, 3])
    3`],
    ["min(enumerable)", "min(t()) :: element()", `
Returns the minimal element in the \`enumerable\` according
to Erlang's term ordering.

## Examples

    iex> Enum.min([1, 2, 3])
    1`],
    ["reduce(enumerable, acc, fun)", "reduce(t(), acc(), (element(), acc() -> acc())) :: acc()", `
Invokes \`fun\` for each element in the \`enumerable\` with the
accumulator.

The initial value of the accumulator is \`acc\`. The function is invoked for
each element in the enumerable with the accumulator. The result returned
by the function is used as the accumulator for the next iteration.
The function returns the last accumulator.

## Examples

    iex> Enum.reduce([1, 2, 3], 0, fn x, acc -> x + acc end)
    6`],
    ["reject(enumerable, fun)", "reject(t(), (element() -> as_boolean(term()))) :: list()", `
Returns a list of elements in \`enumerable\` excluding those for which the function \`fun\` returns
a truthy value.

## Examples

    iex> Enum.reject([1, 2, 3], fn x -> rem(x, 2) == 0 end)
    [1, 3]`],
    ["reverse(enumerable)", "reverse(t()) :: list()", `
Returns a list of elements in \`enumerable\` in reverse order.

## Examples

    iex> Enum.reverse([1, 2, 3])
    [3, 2, 1]`],
    ["sort(enumerable)", "sort(t()) :: list()", `
Sorts the \`enumerable\` according to Erlang's term ordering.

## Examples

    iex> Enum.sort([3, 2, 1])
    [1, 2, 3]`],
    ["sum(enumerable)", "sum(t()) :: number()", `
Returns the sum of all elements.

Raises \`ArithmeticError\` if \`enumerable\` contains a non-numeric value.

## Examples

    iex> Enum.sum([1, 2, 3])
    6

    iex> Enum.sum(1..10)
    55`],
    ["take(enumerable, amount)", "take(t(), integer()) :: list()", `
Takes an \`amount\` of elements from the beginning or the end of the \`enumerable\`.

If a positive \`amount\` is given, it takes the \`amount\` elements from the
beginning of the \`enumerable\`. If a negative \`amount\` is given, the \`amount\` of
elements will be taken from the end.

## Examples

    iex> Enum.take([1, 2, 3], 2)
    [1, 2]

    iex> Enum.take([1, 2, 3], -1)
    [3]`],
    ["with_index(enumerable, fun_or_offset \\\\ 0)", "with_index(t(), integer()) :: [{term(), integer()}]", `
Returns the \`enumerable\` with each element wrapped in a tuple
alongside its index.

## Examples

    iex> Enum.with_index([:a, :b, :c])
    [a: 0, b: 1, c: 2]`],
    ["zip(enumerable1, enumerable2)", "zip(t(), t()) :: [{any(), any()}]", `
Zips corresponding elements from two enumerables into a list
of tuples.

The zipping finishes as soon as either enumerable completes.

## Examples

    iex> Enum.zip([1, 2, 3], [:a, :b, :c])
    [{1, :a}, {2, :b}, {3, :c}]`],
  ],
};

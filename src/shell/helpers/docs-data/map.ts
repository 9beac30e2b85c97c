// Docs for Map (abridged from Elixir's).
import type { RawModuleDoc } from "./index.js";

export const MAP: RawModuleDoc = {
  module: "Elixir.Map",
  moduledoc: `
Maps are the "go to" key-value data structure in Elixir.

Maps can be created with the \`%{}\` syntax, and key-value pairs can be
expressed as \`key => value\`:

    iex> %{}
    %{}
    iex> %{"one" => :two, 3 => "four"}
    %{3 => "four", "one" => :two}

Key-value pairs in a map do not follow any order. When the keys are atoms,
the keyword syntax can be used:

    iex> %{a: 1, b: 2}
    %{a: 1, b: 2}

Atom keys can be read with \`map.key\`, and existing keys updated with
\`%{map | key: value}\`.`,
  functions: [
    ["delete(map, key)", "delete(map(), key()) :: map()", `
Deletes the entry in \`map\` for a specific \`key\`.

If the \`key\` does not exist, returns \`map\` unchanged.

## Examples

    iex> Map.delete(%{a: 1, b: 2}, :a)
    %{b: 2}`],
    ["fetch(map, key)", "fetch(map(), key()) :: {:ok, value()} | :error", `
Fetches the value for a specific \`key\` in the given \`map\`.

If \`map\` contains the given \`key\` then its value is returned in the shape of \`{:ok, value}\`.
If \`map\` doesn't contain \`key\`, \`:error\` is returned.

## Examples

    iex> Map.fetch(%{a: 1}, :a)
    {:ok, 1}
    iex> Map.fetch(%{a: 1}, :b)
    :error`],
    ["get(map, key, default \\\\ nil)", "get(map(), key(), value()) :: value()", `
Gets the value for a specific \`key\` in \`map\`.

If \`key\` is present in \`map\` then its value \`value\` is
returned. Otherwise, \`default\` is returned.

## Examples

    iex> Map.get(%{}, :a)
    nil
    iex> Map.get(%{a: 1}, :a)
    1
    iex> Map.get(%{a: 1}, :b, 3)
    3`],
    ["has_key?(map, key)", "has_key?(map(), key()) :: boolean()", `
Returns whether the given \`key\` exists in the given \`map\`.

## Examples

    iex> Map.has_key?(%{a: 1}, :a)
    true
    iex> Map.has_key?(%{a: 1}, :b)
    false`],
    ["keys(map)", "keys(map()) :: [key()]", `
Returns all keys from \`map\`.

## Examples

    iex> Map.keys(%{a: 1, b: 2})
    [:a, :b]`],
    ["merge(map1, map2)", "merge(map(), map()) :: map()", `
Merges two maps into one.

All keys in \`map2\` will be added to \`map1\`, overriding any existing one.

## Examples

    iex> Map.merge(%{a: 1, b: 2}, %{a: 3, d: 4})
    %{a: 3, b: 2, d: 4}`],
    ["new()", "new() :: map()", `
Returns a new empty map.

## Examples

    iex> Map.new()
    %{}`],
    ["put(map, key, value)", "put(map(), key(), value()) :: map()", `
Puts the given \`value\` under \`key\` in \`map\`.

## Examples

    iex> Map.put(%{a: 1}, :b, 2)
    %{a: 1, b: 2}
    iex> Map.put(%{a: 1, b: 2}, :a, 3)
    %{a: 3, b: 2}`],
    ["update(map, key, default, fun)", "update(map(), key(), value(), (existing_value :: value() -> new_value :: value())) :: map()", `
Updates the \`key\` in \`map\` with the given function.

If \`key\` is present in \`map\` then the existing value is passed to \`fun\` and its result is
used as the updated value of \`key\`. If \`key\` is
not present in \`map\`, \`default\` is inserted as the value of \`key\`.

## Examples

    iex> Map.update(%{a: 1}, :a, 13, fn existing_value -> existing_value * 2 end)
    %{a: 2}
    iex> Map.update(%{a: 1}, :b, 11, fn existing_value -> existing_value * 2 end)
    %{a: 1, b: 11}`],
    ["values(map)", "values(map()) :: [value()]", `
Returns all values from \`map\`.

## Examples

    iex> Map.values(%{a: 1, b: 2})
    [1, 2]`],
  ],
};

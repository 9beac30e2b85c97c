// Docs for String (abridged from Elixir's).
import type { RawModuleDoc } from "./index.js";

export const STRING: RawModuleDoc = {
  module: "Elixir.String",
  moduledoc: `
Strings in Elixir are UTF-8 encoded binaries.

Strings in Elixir are a sequence of Unicode characters,
typically written between double quoted strings, such
as \`"hello"\` and \`"héllò"\`.

In case a string must have a double-quote in itself,
the double quotes must be escaped with a backslash,
for example: \`"this is a string with \\"double quotes\\""\`.

You can concatenate two strings with the \`<>/2\` operator:

    iex> "hello" <> " " <> "world"
    "hello world"

The functions in this module work on graphemes (what a user sees as one
character) unless they say otherwise.`,
  functions: [
    ["contains?(string, contents)", "contains?(t(), t() | [t()]) :: boolean()", `
Checks if \`string\` contains any of the given \`contents\`.

## Examples

    iex> String.contains?("elixir of life", "of")
    true
    iex> String.contains?("elixir of life", ["death", "mercury"])
    false`],
    ["downcase(string, mode \\\\ :default)", "downcase(t(), :default | :ascii | :greek | :turkic) :: t()", `
Converts all characters in the given string to lowercase according to \`mode\`.

## Examples

    iex> String.downcase("ABCD")
    "abcd"`],
    ["length(string)", "length(t()) :: non_neg_integer()", `
Returns the number of Unicode graphemes in a UTF-8 string.

## Examples

    iex> String.length("elixir")
    6

    iex> String.length("եոգլի")
    5`],
    ["replace(subject, pattern, replacement, options \\\\ [])", "replace(t(), pattern() | Regex.t(), t() | (t() -> t() | iodata()), keyword()) :: t()", `
Returns a new string created by replacing occurrences of \`pattern\` in
\`subject\` with \`replacement\`.

## Examples

    iex> String.replace("a,b,c", ",", "-")
    "a-b-c"

    iex> String.replace("a,b,c", ",", "-", global: false)
    "a-b,c"`],
    ["reverse(string)", "reverse(t()) :: t()", `
Reverses the graphemes in given string.

## Examples

    iex> String.reverse("abcd")
    "dcba"`],
    ["slice(string, range)", "slice(t(), Range.t()) :: t()", `
Returns a substring from the offset given by the start of the
range to the offset given by the end of the range.

## Examples

    iex> String.slice("elixir", 1..3)
    "lix"`],
    ["split(string)", "split(t()) :: [t()]", `
Divides a string into substrings at each Unicode whitespace
occurrence with leading and trailing whitespace ignored.

## Examples

    iex> String.split("foo bar")
    ["foo", "bar"]

    iex> String.split(" foo   bar ")
    ["foo", "bar"]`],
    ["split(string, pattern, options \\\\ [])", "split(t(), pattern() | Regex.t(), keyword()) :: [t()]", `
Divides a string into parts based on a pattern.

## Examples

    iex> String.split("a,b,c", ",")
    ["a", "b", "c"]

    iex> String.split("a,b,c", ",", parts: 2)
    ["a", "b,c"]`],
    ["starts_with?(string, prefix)", "starts_with?(t(), t() | [t()]) :: boolean()", `
Returns \`true\` if \`string\` starts with any of the prefixes given.

## Examples

    iex> String.starts_with?("elixir", "eli")
    true`],
    ["to_atom(string)", "to_atom(t()) :: atom()", `
Converts a string to an atom.

## Examples

    iex> String.to_atom("my_atom")
    :my_atom`],
    ["to_integer(string)", "to_integer(t()) :: integer()", `
Returns an integer whose text representation is \`string\`.

## Examples

    iex> String.to_integer("123")
    123`],
    ["trim(string)", "trim(t()) :: t()", `
Returns a string where all leading and trailing Unicode whitespaces
have been removed.

## Examples

    iex> String.trim("\\n  abc\\n  ")
    "abc"`],
    ["upcase(string, mode \\\\ :default)", "upcase(t(), :default | :ascii | :greek | :turkic) :: t()", `
Converts all characters in the given string to uppercase according to \`mode\`.

## Examples

    iex> String.upcase("abcd")
    "ABCD"`],
  ],
};

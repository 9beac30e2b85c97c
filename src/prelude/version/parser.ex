# Parses versions ("1.2.3-rc.1+build.5") and requirements ("~> 1.2 or >= 2.0.0-dev").
defmodule Version.Parser do
  @moduledoc false

  @operators [
    {">=", :>=},
    {"<=", :<=},
    {"~>", :~>},
    {">", :>},
    {"<", :<},
    {"==", :==},
    {" or ", :or},
    {" and ", :and}
  ]

  # Splits a requirement into versions and operators, most recent first; a version with no
  # operator before it is compared with ==.
  def lexer(string), do: lex(string, "", [])

  defp lex("", buffer, acc), do: push_buffer(buffer, acc)

  defp lex(string, buffer, acc) do
    case Enum.find(@operators, fn {text, _op} -> String.starts_with?(string, text) end) do
      {text, op} ->
        lex(binary_part(string, byte_size(text), byte_size(string) - byte_size(text)), "", [op | push_buffer(buffer, acc)])

      nil ->
        lex_other(string, buffer, acc)
    end
  end

  defp lex_other("!=" <> rest, buffer, acc) do
    IO.warn("!= inside Version requirements is deprecated, use ~> or >= instead")
    lex(rest, "", [:!= | push_buffer(buffer, acc)])
  end

  defp lex_other("!" <> rest, buffer, acc) do
    IO.warn("! inside Version requirements is deprecated, use ~> or >= instead")
    lex(rest, "", [:!= | push_buffer(buffer, acc)])
  end

  defp lex_other(" " <> rest, buffer, acc), do: lex(rest, "", push_buffer(buffer, acc))
  defp lex_other(<<char::utf8, rest::binary>>, buffer, acc), do: lex(rest, <<buffer::binary, char::utf8>>, acc)

  defp push_buffer("", acc), do: acc
  defp push_buffer(buffer, [op | _] = acc) when is_atom(op) and op not in [:and, :or], do: [buffer | acc]
  defp push_buffer(buffer, acc), do: [buffer, :== | acc]

  def parse_requirement(source), do: in_order(lexer(source), [])

  defp in_order([version, op, join | rest], acc) when is_binary(version) and is_atom(op) and join in [:or, :and] do
    with {:ok, version} <- requirement_version(op, version) do
      in_order(rest, [join, op, version | acc])
    end
  end

  defp in_order([version, op], acc) when is_binary(version) and is_atom(op) do
    with {:ok, version} <- requirement_version(op, version) do
      {:ok, [op, version | acc]}
    end
  end

  defp in_order(_rest, _acc), do: :error

  # Only ~> may leave the patch out.
  defp requirement_version(op, version) do
    case parse_version(version, true) do
      {:ok, version} when op == :~> -> {:ok, version}
      {:ok, {_, _, patch, _, _} = version} when is_integer(patch) -> {:ok, version}
      _ -> :error
    end
  end

  def parse_version(string, approximate? \\ false) when is_binary(string) do
    {version_with_pre, build} = split2(string, "+")
    {version, pre} = split2(version_with_pre, "-")

    with [major, minor | patch_and_more] when length(patch_and_more) <= 1 <- String.split(version, "."),
         {:ok, major} <- digits(major),
         {:ok, minor} <- digits(minor),
         {:ok, patch} <- patch(List.first(patch_and_more), approximate?),
         {:ok, pre_parts} <- identifiers(pre),
         {:ok, pre_parts} <- numeric_parts(pre_parts, []),
         {:ok, build_parts} <- identifiers(build) do
      {:ok, {major, minor, patch, pre_parts, build_parts}}
    else
      _ -> :error
    end
  end

  defp split2(string, sep) do
    case String.split(string, sep, parts: 2) do
      [left, right] -> {left, right}
      [left] -> {left, nil}
    end
  end

  defp patch(nil, true), do: {:ok, nil}
  defp patch(patch, _approximate?), do: digits(patch)

  defp digits(nil), do: :error
  defp digits(string), do: if(leading_zero?(string), do: :error, else: all_digits(string, ""))

  defp leading_zero?(<<?0, _, _::binary>>), do: true
  defp leading_zero?(_), do: false

  defp all_digits(<<char, rest::binary>>, acc) when char in ?0..?9, do: all_digits(rest, <<acc::binary, char>>)
  defp all_digits(<<>>, acc) when byte_size(acc) > 0, do: {:ok, String.to_integer(acc)}
  defp all_digits(_, _acc), do: :error

  defp identifiers(nil), do: {:ok, []}

  defp identifiers(string) do
    parts = String.split(string, ".")
    if Enum.all?(parts, &(&1 != "" and identifier?(&1))), do: {:ok, parts}, else: :error
  end

  # Numeric pre-release parts become integers (no leading zeros allowed).
  defp numeric_parts([part | rest], acc) do
    case all_digits(part, "") do
      {:ok, integer} -> if leading_zero?(part), do: :error, else: numeric_parts(rest, [integer | acc])
      :error -> numeric_parts(rest, [part | acc])
    end
  end

  defp numeric_parts([], acc), do: {:ok, Enum.reverse(acc)}

  defp identifier?(<<char, rest::binary>>) when char in ?0..?9 or char in ?a..?z or char in ?A..?Z or char == ?-,
    do: identifier?(rest)

  defp identifier?(<<>>), do: true
  defp identifier?(_other), do: false
end

# Code.Identifier: what Elixir's parser knows about operators (their associativity and
# precedence), as the formatter and Macro.to_string ask it, and the parent function of an
# anonymous function's compiled name; escape/2,3,4, the escaping of a string as it prints
# between the given delimiters (inspect, ExUnit.Diff).
defmodule Code.Identifier do
  @moduledoc false

  # {associativity, precedence} of each unary operator (higher binds tighter).
  @unary %{
    !: 300, ^: 300, not: 300, +: 300, -: 300, "~~~": 300,
    @: 320, &: 90
  }

  # Binary operators by precedence, lowest first.
  @binary [
    {:left, 40, [:<-, :\\]},
    {:right, 50, [:when]},
    {:right, 60, [:"::"]},
    {:right, 70, [:|]},
    {:right, 100, [:=]},
    {:left, 120, [:||, :|||, :or]},
    {:left, 130, [:&&, :&&&, :and]},
    {:left, 140, [:==, :!=, :=~, :===, :!==]},
    {:left, 150, [:<, :<=, :>=, :>]},
    {:left, 160, [:|>, :<<<, :>>>, :<<~, :~>>, :<~, :~>, :<~>, :"<|>"]},
    {:left, 170, [:in]},
    {:left, 180, [:"^^^"]},
    {:right, 190, [:"//"]},
    {:right, 200, [:++, :--, :.., :<>, :+++, :---]},
    {:left, 210, [:+, :-]},
    {:left, 220, [:*, :/]},
    {:left, 230, [:**]},
    {:left, 310, [:.]}
  ]

  def unary_op(op) do
    case @unary do
      %{^op => precedence} -> {:non_associative, precedence}
      %{} -> :error
    end
  end

  def binary_op(op) do
    Enum.find_value(@binary, :error, fn {assoc, precedence, ops} ->
      if op in ops, do: {assoc, precedence}
    end)
  end

  # "-parent/arity-fun-N-" => {:parent, "arity"}; the parent's name may hold "/" itself.
  def extract_anonymous_fun_parent(atom) when is_atom(atom) do
    with "-" <> rest <- Atom.to_string(atom),
         [_ | _] = parts <- :binary.split(rest, "/", [:global]),
         {name_parts, [suffix]} = Enum.split(parts, -1),
         true <- name_parts != [],
         [arity, _kind, _n, ""] <- :binary.split(suffix, "-", [:global]) do
      {String.to_atom(Enum.join(name_parts, "/")), arity}
    else
      _ -> :error
    end
  end

  # Escapes `string` to be printed between `delimiter`s (nil: none): the delimiter, `#{`,
  # the characters `fun` maps (by default \n, \t... and the backslash) and the ones that
  # cannot be printed as they are (\xHH, \x{HHHH}, bytes that are not UTF-8 as \xHH).
  # With a `limit`, at most that many characters: returns {escaped iodata, the rest}.
  def escape(string, delimiter, limit \\ :infinity, fun \\ &escape_map/1)
      when ((delimiter in 0..0x10FFFF or is_nil(delimiter)) and limit == :infinity) or
             (is_integer(limit) and limit >= 0) do
    do_escape(string, delimiter, limit, [], fun)
  end

  defp do_escape(<<_, _::binary>> = rest, _delimiter, 0, acc, _fun), do: {acc, rest}
  defp do_escape(<<>>, _delimiter, _limit, acc, _fun), do: {acc, <<>>}

  defp do_escape(<<c, rest::binary>>, c, limit, acc, fun),
    do: do_escape(rest, c, count_down(limit), [acc | [?\\, c]], fun)

  defp do_escape(<<"\#{", rest::binary>>, delimiter, limit, acc, fun),
    do: do_escape(rest, delimiter, count_down(limit), [acc | ~c"\\\#{"], fun)

  defp do_escape(<<c::utf8, rest::binary>>, delimiter, limit, acc, fun) do
    piece = fun.(c) || printable_or_hex(c)
    do_escape(rest, delimiter, count_down(limit), [acc | piece], fun)
  end

  defp do_escape(<<byte, rest::binary>>, delimiter, limit, acc, fun),
    do: do_escape(rest, delimiter, count_down(limit), [acc | hex_byte(byte)], fun)

  defp count_down(:infinity), do: :infinity
  defp count_down(n), do: n - 1

  defp printable_or_hex(0), do: ~c"\\0"
  defp printable_or_hex(0xFEFF), do: ~c"\\uFEFF"

  defp printable_or_hex(c)
       when c in 0x20..0x7E or c in 0xA0..0xD7FF or c in 0xE000..0xFFFD or c in 0x10000..0x10FFFF,
       do: <<c::utf8>>

  defp printable_or_hex(c) when c < 0x100, do: hex_byte(c)

  defp printable_or_hex(c) when c < 0x10000, do: [~c"\\x{" | hex_digits(c, 4, [?}])]
  defp printable_or_hex(c), do: [~c"\\x{" | hex_digits(c, 6, [?}])]

  defp hex_byte(byte), do: [~c"\\x" | hex_digits(byte, 2, [])]

  defp hex_digits(_n, 0, acc), do: acc
  defp hex_digits(n, count, acc), do: hex_digits(div(n, 16), count - 1, [hex_digit(rem(n, 16)) | acc])

  defp hex_digit(d) when d < 10, do: ?0 + d
  defp hex_digit(d), do: ?A + d - 10

  defp escape_map(?\a), do: ~c"\\a"
  defp escape_map(?\b), do: ~c"\\b"
  defp escape_map(?\d), do: ~c"\\d"
  defp escape_map(?\e), do: ~c"\\e"
  defp escape_map(?\f), do: ~c"\\f"
  defp escape_map(?\n), do: ~c"\\n"
  defp escape_map(?\r), do: ~c"\\r"
  defp escape_map(?\t), do: ~c"\\t"
  defp escape_map(?\v), do: ~c"\\v"
  defp escape_map(?\\), do: ~c"\\\\"
  defp escape_map(_), do: false
end

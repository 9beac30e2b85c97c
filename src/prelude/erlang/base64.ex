# :base64 as OTP 25 has it (RFC 4648's standard alphabet, with padding): encode/1,
# encode_to_string/1, decode/1, decode_to_string/1 (whitespace between characters allowed,
# anything else fails) and mime_decode/1, mime_decode_to_string/1 (RFC 2045: characters
# outside the alphabet are skipped). Input is a binary or a list of bytes.
#
# The decoders walk the input one character at a time in functions named as OTP's, whose
# states are the sextets read so far: what they do with bad input (which function finds no
# clause, which operation fails) is what a learner sees on the BEAM.
defmodule :base64 do
  @moduledoc false
  import Bitwise

  @alphabet 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  @encode List.to_tuple(@alphabet)

  # What each byte is to a decoder: a sextet, :ws (tab, LF, CR, space), :eq (padding), :bad.
  # Indexed by the byte itself (element 0 does not exist: a NUL fails, as on the BEAM).
  @decode (for c <- 1..255 do
             cond do
               c in [9, 10, 13, 32] -> :ws
               c == ?= -> :eq
               true -> Enum.find_index(@alphabet, &(&1 == c)) || :bad
             end
           end)
          |> List.to_tuple()

  # The table look-ups and group arithmetic are inlined into the functions that use them, as
  # OTP's are (a failure is reported in the walking function's frame).
  defmacrop b64e(x), do: quote(do: :erlang.element(unquote(x) + 1, @encode))
  defmacrop b64d(c), do: quote(do: :erlang.element(unquote(c), @decode))

  # The four characters of three bytes, and of the last one or two (padded with =).
  defmacrop quad(b1, b2, b3) do
    quote do
      bb = unquote(b1) <<< 16 ||| unquote(b2) <<< 8 ||| unquote(b3)
      [b64e(bb >>> 18), b64e(bb >>> 12 &&& 63), b64e(bb >>> 6 &&& 63), b64e(bb &&& 63)]
    end
  end

  defmacrop tail1(b1), do: quote(do: [b64e(unquote(b1) >>> 2), b64e((unquote(b1) &&& 3) <<< 4), ?=, ?=])

  defmacrop tail2(b1, b2) do
    quote do
      [b64e(unquote(b1) >>> 2), b64e((unquote(b1) &&& 3) <<< 4 ||| unquote(b2) >>> 4), b64e((unquote(b2) &&& 15) <<< 2), ?=]
    end
  end

  # The bytes of the last group: two sextets and a half, or three and a third.
  defmacrop last2(b1, b2), do: quote(do: <<unquote(b1)::6, unquote(b2) >>> 4::2>>)
  defmacrop last3(b1, b2, b3), do: quote(do: <<unquote(b1)::6, unquote(b2)::6, unquote(b3) >>> 2::4>>)

  defmacrop octets(b1, b2, b3, b4) do
    quote do
      bits = unquote(b1) <<< 18 ||| unquote(b2) <<< 12 ||| unquote(b3) <<< 6 ||| unquote(b4)
      [bits >>> 16, bits >>> 8 &&& 0xFF, bits &&& 0xFF]
    end
  end

  def encode_to_string(bin) when is_binary(bin), do: encode_to_string(:erlang.binary_to_list(bin))
  def encode_to_string(list) when is_list(list), do: encode_list_to_string(list)

  def encode(bin) when is_binary(bin), do: encode_binary(bin, <<>>)
  def encode(list) when is_list(list), do: encode_list(list, <<>>)

  def decode(bin) when is_binary(bin), do: decode_binary(bin, <<>>)
  def decode(list) when is_list(list), do: decode_list(list, <<>>)

  def mime_decode(bin) when is_binary(bin), do: mime_decode_binary(bin, <<>>)
  def mime_decode(list) when is_list(list), do: mime_decode_list(list, <<>>)

  def decode_to_string(bin) when is_binary(bin), do: decode_to_string(:erlang.binary_to_list(bin))
  def decode_to_string(list) when is_list(list), do: decode_list_to_string(list)

  def mime_decode_to_string(bin) when is_binary(bin), do: mime_decode_to_string(:erlang.binary_to_list(bin))
  def mime_decode_to_string(list) when is_list(list), do: mime_decode_list_to_string(list)

  # ---- encoding ------------------------------------------------------------------------

  defp encode_list_to_string([]), do: []
  defp encode_list_to_string([b1]), do: tail1(b1)
  defp encode_list_to_string([b1, b2]), do: tail2(b1, b2)
  defp encode_list_to_string([b1, b2, b3 | rest]), do: quad(b1, b2, b3) ++ encode_list_to_string(rest)

  defp encode_binary(<<>>, acc), do: acc
  defp encode_binary(<<b1::8>>, acc), do: acc <> :erlang.list_to_binary(tail1(b1))
  defp encode_binary(<<b1::8, b2::8>>, acc), do: acc <> :erlang.list_to_binary(tail2(b1, b2))
  defp encode_binary(<<b1::8, b2::8, b3::8, rest::bits>>, acc), do: encode_binary(rest, acc <> :erlang.list_to_binary(quad(b1, b2, b3)))

  defp encode_list([], acc), do: acc
  defp encode_list([b1], acc), do: acc <> :erlang.list_to_binary(tail1(b1))
  defp encode_list([b1, b2], acc), do: acc <> :erlang.list_to_binary(tail2(b1, b2))
  defp encode_list([b1, b2, b3 | rest], acc), do: encode_list(rest, acc <> :erlang.list_to_binary(quad(b1, b2, b3)))

  # ---- strict decoding ---------------------------------------------------------------

  defp decode_binary(<<c1::8, cs::bits>>, acc) do
    case b64d(c1) do
      :ws -> decode_binary(cs, acc)
      b1 -> decode_binary(cs, acc, b1)
    end
  end

  defp decode_binary(<<>>, acc), do: acc

  defp decode_binary(<<c2::8, cs::bits>>, acc, b1) do
    case b64d(c2) do
      :ws -> decode_binary(cs, acc, b1)
      b2 -> decode_binary(cs, acc, b1, b2)
    end
  end

  defp decode_binary(<<c3::8, cs::bits>>, acc, b1, b2) do
    case b64d(c3) do
      :ws -> decode_binary(cs, acc, b1, b2)
      b3 -> decode_binary(cs, acc, b1, b2, b3)
    end
  end

  defp decode_binary(<<c4::8, cs::bits>>, acc, b1, b2, b3) do
    case b64d(c4) do
      :ws -> decode_binary(cs, acc, b1, b2, b3)
      :eq when b3 == :eq -> only_ws_binary(cs, <<acc::bits, last2(b1, b2)::bits>>)
      :eq -> only_ws_binary(cs, <<acc::bits, last3(b1, b2, b3)::bits>>)
      b4 -> decode_binary(cs, <<acc::bits, b1::6, b2::6, b3::6, b4::6>>)
    end
  end

  defp only_ws_binary(<<>>, acc), do: acc

  defp only_ws_binary(<<c::8, cs::bits>>, acc) do
    case b64d(c) do
      :ws -> only_ws_binary(cs, acc)
    end
  end

  defp decode_list([c1 | cs], acc) do
    case b64d(c1) do
      :ws -> decode_list(cs, acc)
      b1 -> decode_list(cs, acc, b1)
    end
  end

  defp decode_list([], acc), do: acc

  defp decode_list([c2 | cs], acc, b1) do
    case b64d(c2) do
      :ws -> decode_list(cs, acc, b1)
      b2 -> decode_list(cs, acc, b1, b2)
    end
  end

  defp decode_list([c3 | cs], acc, b1, b2) do
    case b64d(c3) do
      :ws -> decode_list(cs, acc, b1, b2)
      b3 -> decode_list(cs, acc, b1, b2, b3)
    end
  end

  defp decode_list([c4 | cs], acc, b1, b2, b3) do
    case b64d(c4) do
      :ws -> decode_list(cs, acc, b1, b2, b3)
      :eq when b3 == :eq -> only_ws(cs, <<acc::bits, last2(b1, b2)::bits>>)
      :eq -> only_ws(cs, <<acc::bits, last3(b1, b2, b3)::bits>>)
      b4 -> decode_list(cs, <<acc::bits, b1::6, b2::6, b3::6, b4::6>>)
    end
  end

  defp only_ws([], acc), do: acc

  defp only_ws([c | cs], acc) do
    case b64d(c) do
      :ws -> only_ws(cs, acc)
    end
  end

  defp decode_list_to_string([c1 | cs]) do
    case b64d(c1) do
      :ws -> decode_list_to_string(cs)
      b1 -> decode_list_to_string(cs, b1)
    end
  end

  defp decode_list_to_string([]), do: []

  defp decode_list_to_string([c2 | cs], b1) do
    case b64d(c2) do
      :ws -> decode_list_to_string(cs, b1)
      b2 -> decode_list_to_string(cs, b1, b2)
    end
  end

  defp decode_list_to_string([c3 | cs], b1, b2) do
    case b64d(c3) do
      :ws -> decode_list_to_string(cs, b1, b2)
      b3 -> decode_list_to_string(cs, b1, b2, b3)
    end
  end

  defp decode_list_to_string([c4 | cs], b1, b2, b3) do
    case b64d(c4) do
      :ws -> decode_list_to_string(cs, b1, b2, b3)
      :eq when b3 == :eq -> only_ws(cs, :erlang.binary_to_list(last2(b1, b2)))
      :eq -> only_ws(cs, :erlang.binary_to_list(last3(b1, b2, b3)))
      b4 -> octets(b1, b2, b3, b4) ++ decode_list_to_string(cs)
    end
  end

  # ---- MIME decoding: NUL and characters outside the alphabet are skipped -----------------

  defp mime_decode_binary(<<0::8, cs::bits>>, acc), do: mime_decode_binary(cs, acc)

  defp mime_decode_binary(<<c1::8, cs::bits>>, acc) do
    case b64d(c1) do
      b1 when is_integer(b1) -> mime_decode_binary(cs, acc, b1)
      _ -> mime_decode_binary(cs, acc)
    end
  end

  defp mime_decode_binary(<<>>, acc), do: acc

  defp mime_decode_binary(<<0::8, cs::bits>>, acc, b1), do: mime_decode_binary(cs, acc, b1)

  defp mime_decode_binary(<<c2::8, cs::bits>>, acc, b1) do
    case b64d(c2) do
      b2 when is_integer(b2) -> mime_decode_binary(cs, acc, b1, b2)
      _ -> mime_decode_binary(cs, acc, b1)
    end
  end

  defp mime_decode_binary(<<0::8, cs::bits>>, acc, b1, b2), do: mime_decode_binary(cs, acc, b1, b2)

  defp mime_decode_binary(<<c3::8, cs::bits>>, acc, b1, b2) do
    case b64d(c3) do
      b3 when is_integer(b3) -> mime_decode_binary(cs, acc, b1, b2, b3)
      :eq -> mime_decode_binary_after_eq(cs, acc, b1, b2, :eq)
      _ -> mime_decode_binary(cs, acc, b1, b2)
    end
  end

  defp mime_decode_binary(<<0::8, cs::bits>>, acc, b1, b2, b3), do: mime_decode_binary(cs, acc, b1, b2, b3)

  defp mime_decode_binary(<<c4::8, cs::bits>>, acc, b1, b2, b3) do
    case b64d(c4) do
      b4 when is_integer(b4) -> mime_decode_binary(cs, <<acc::bits, b1::6, b2::6, b3::6, b4::6>>)
      :eq -> mime_decode_binary_after_eq(cs, acc, b1, b2, b3)
      _ -> mime_decode_binary(cs, acc, b1, b2, b3)
    end
  end

  # After padding, more data means the padding was wrong: it is skipped.
  defp mime_decode_binary_after_eq(<<0::8, cs::bits>>, acc, b1, b2, b3), do: mime_decode_binary_after_eq(cs, acc, b1, b2, b3)

  defp mime_decode_binary_after_eq(<<c::8, cs::bits>>, acc, b1, b2, b3) do
    case b64d(c) do
      b when is_integer(b) ->
        if b3 == :eq,
          do: mime_decode_binary(cs, acc, b1, b2, b),
          else: mime_decode_binary(cs, <<acc::bits, b1::6, b2::6, b3::6, b::6>>)

      _ ->
        mime_decode_binary_after_eq(cs, acc, b1, b2, b3)
    end
  end

  defp mime_decode_binary_after_eq(<<>>, acc, b1, b2, :eq), do: <<acc::bits, last2(b1, b2)::bits>>
  defp mime_decode_binary_after_eq(<<>>, acc, b1, b2, b3), do: <<acc::bits, last3(b1, b2, b3)::bits>>

  defp mime_decode_list([0 | cs], acc), do: mime_decode_list(cs, acc)

  defp mime_decode_list([c1 | cs], acc) do
    case b64d(c1) do
      b1 when is_integer(b1) -> mime_decode_list(cs, acc, b1)
      _ -> mime_decode_list(cs, acc)
    end
  end

  defp mime_decode_list([], acc), do: acc

  defp mime_decode_list([0 | cs], acc, b1), do: mime_decode_list(cs, acc, b1)

  defp mime_decode_list([c2 | cs], acc, b1) do
    case b64d(c2) do
      b2 when is_integer(b2) -> mime_decode_list(cs, acc, b1, b2)
      _ -> mime_decode_list(cs, acc, b1)
    end
  end

  defp mime_decode_list([0 | cs], acc, b1, b2), do: mime_decode_list(cs, acc, b1, b2)

  defp mime_decode_list([c3 | cs], acc, b1, b2) do
    case b64d(c3) do
      b3 when is_integer(b3) -> mime_decode_list(cs, acc, b1, b2, b3)
      :eq -> mime_decode_list_after_eq(cs, acc, b1, b2, :eq)
      _ -> mime_decode_list(cs, acc, b1, b2)
    end
  end

  defp mime_decode_list([0 | cs], acc, b1, b2, b3), do: mime_decode_list(cs, acc, b1, b2, b3)

  defp mime_decode_list([c4 | cs], acc, b1, b2, b3) do
    case b64d(c4) do
      b4 when is_integer(b4) -> mime_decode_list(cs, <<acc::bits, b1::6, b2::6, b3::6, b4::6>>)
      :eq -> mime_decode_list_after_eq(cs, acc, b1, b2, b3)
      _ -> mime_decode_list(cs, acc, b1, b2, b3)
    end
  end

  defp mime_decode_list_after_eq([0 | cs], acc, b1, b2, b3), do: mime_decode_list_after_eq(cs, acc, b1, b2, b3)

  defp mime_decode_list_after_eq([c | cs], acc, b1, b2, b3) do
    case b64d(c) do
      b when is_integer(b) ->
        if b3 == :eq,
          do: mime_decode_list(cs, acc, b1, b2, b),
          else: mime_decode_list(cs, <<acc::bits, b1::6, b2::6, b3::6, b::6>>)

      _ ->
        mime_decode_list_after_eq(cs, acc, b1, b2, b3)
    end
  end

  defp mime_decode_list_after_eq([], acc, b1, b2, :eq), do: <<acc::bits, last2(b1, b2)::bits>>
  defp mime_decode_list_after_eq([], acc, b1, b2, b3), do: <<acc::bits, last3(b1, b2, b3)::bits>>

  defp mime_decode_list_to_string([0 | cs]), do: mime_decode_list_to_string(cs)

  defp mime_decode_list_to_string([c1 | cs]) do
    case b64d(c1) do
      b1 when is_integer(b1) -> mime_decode_list_to_string(cs, b1)
      _ -> mime_decode_list_to_string(cs)
    end
  end

  defp mime_decode_list_to_string([]), do: []

  defp mime_decode_list_to_string([0 | cs], b1), do: mime_decode_list_to_string(cs, b1)

  defp mime_decode_list_to_string([c2 | cs], b1) do
    case b64d(c2) do
      b2 when is_integer(b2) -> mime_decode_list_to_string(cs, b1, b2)
      _ -> mime_decode_list_to_string(cs, b1)
    end
  end

  defp mime_decode_list_to_string([0 | cs], b1, b2), do: mime_decode_list_to_string(cs, b1, b2)

  defp mime_decode_list_to_string([c3 | cs], b1, b2) do
    case b64d(c3) do
      b3 when is_integer(b3) -> mime_decode_list_to_string(cs, b1, b2, b3)
      :eq -> mime_decode_list_to_string_after_eq(cs, b1, b2, :eq)
      _ -> mime_decode_list_to_string(cs, b1, b2)
    end
  end

  defp mime_decode_list_to_string([0 | cs], b1, b2, b3), do: mime_decode_list_to_string(cs, b1, b2, b3)

  defp mime_decode_list_to_string([c4 | cs], b1, b2, b3) do
    case b64d(c4) do
      b4 when is_integer(b4) -> octets(b1, b2, b3, b4) ++ mime_decode_list_to_string(cs)
      :eq -> mime_decode_list_to_string_after_eq(cs, b1, b2, b3)
      _ -> mime_decode_list_to_string(cs, b1, b2, b3)
    end
  end

  defp mime_decode_list_to_string_after_eq([0 | cs], b1, b2, b3), do: mime_decode_list_to_string_after_eq(cs, b1, b2, b3)

  defp mime_decode_list_to_string_after_eq([c | cs], b1, b2, b3) do
    case b64d(c) do
      b when is_integer(b) ->
        if b3 == :eq,
          do: mime_decode_list_to_string(cs, b1, b2, b),
          else: octets(b1, b2, b3, b) ++ mime_decode_list_to_string(cs)

      _ ->
        mime_decode_list_to_string_after_eq(cs, b1, b2, b3)
    end
  end

  defp mime_decode_list_to_string_after_eq([], b1, b2, :eq), do: :erlang.binary_to_list(last2(b1, b2))
  defp mime_decode_list_to_string_after_eq([], b1, b2, b3), do: :erlang.binary_to_list(last3(b1, b2, b3))
end

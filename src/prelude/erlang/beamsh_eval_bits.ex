# Binaries of abstract code, built and matched as OTP's eval_bits does for erl_eval and
# erl_parse:normalise/1: each element's type (integer, float, binary/bytes, bitstring/bits,
# utf8/16/32), signedness, endianness and unit, its size given or the type's default; a
# string literal stands for one element per character with the same specifiers. A value
# that does not fit its specifiers fails with badarg, as eval_bits does.
defmodule :beamsh_eval_bits do
  @moduledoc false

  # build(elements, eval): eval.(expr) gives an expression's value
  def build(elements, eval), do: build(elements, eval, <<>>)

  defp build([], _eval, acc), do: acc

  defp build([{:bin_element, _, {:string, _, s}, size, types} | rest], eval, acc) do
    specs = specs(types)

    acc =
      case {size, specs} do
        {:default, {:integer, _, _, _}} -> :lists.foldl(fn c, acc -> <<acc::bitstring, c>> end, acc, s)
        _ -> :lists.foldl(fn c, acc -> <<acc::bitstring, value(c, size_of(size, eval), specs)::bitstring>> end, acc, s)
      end

    build(rest, eval, acc)
  end

  defp build([{:bin_element, _, expr, size, types} | rest], eval, acc) do
    v = eval.(expr)
    bits = value(v, size_of(size, eval), specs(types))
    build(rest, eval, <<acc::bitstring, bits::bitstring>>)
  end

  defp size_of(:default, _), do: :default
  defp size_of(expr, eval), do: eval.(expr)

  @doc false
  # {type, unit, signedness, endianness} from a type specifier list
  def specs(:default), do: specs([])

  def specs(types) do
    type = Enum.find(types, :integer, &(&1 in [:integer, :float, :binary, :bytes, :bitstring, :bits, :utf8, :utf16, :utf32]))
    type = case type do
      :bytes -> :binary
      :bits -> :bitstring
      t -> t
    end
    unit = Enum.find_value(types, fn {:unit, u} -> u; _ -> nil end)
    sign = if :signed in types, do: :signed, else: :unsigned
    endian = cond do
      :little in types -> :little
      :native in types -> :little
      true -> :big
    end
    {type, unit, sign, endian}
  end

  @doc false
  # The bits of one value.
  def value(v, size, {type, unit, _sign, endian}) do
    case type do
      :integer ->
        n = bits(size, unit, 8, 1)
        if not is_integer(v), do: :erlang.error(:badarg)
        int(v, n, endian)

      :float ->
        n = bits(size, unit, 64, 1)
        if not is_number(v), do: :erlang.error(:badarg)

        case {n, endian} do
          {64, :big} -> <<v::float-size(64)>>
          {64, :little} -> <<v::float-size(64)-little>>
          {32, :big} -> <<v::float-size(32)>>
          {32, :little} -> <<v::float-size(32)-little>>
          {16, :big} -> <<v::float-size(16)>>
          {16, :little} -> <<v::float-size(16)-little>>
          _ -> :erlang.error(:badarg)
        end

      :binary ->
        if not is_binary(v), do: :erlang.error(:badarg)
        take(v, size, unit || 8)

      :bitstring ->
        if not is_bitstring(v), do: :erlang.error(:badarg)
        take(v, size, unit || 1)

      utf ->
        if size != :default or not is_integer(v), do: :erlang.error(:badarg)

        try do
          case {utf, endian} do
            {:utf8, _} -> <<v::utf8>>
            {:utf16, :big} -> <<v::utf16>>
            {:utf16, :little} -> <<v::utf16-little>>
            {:utf32, :big} -> <<v::utf32>>
            {:utf32, :little} -> <<v::utf32-little>>
          end
        rescue
          _ -> :erlang.error(:badarg)
        end
    end
  end

  defp bits(:default, _unit, default, _), do: default
  defp bits(size, unit, _, default_unit) when is_integer(size) and size >= 0, do: size * (unit || default_unit)
  defp bits(_, _, _, _), do: :erlang.error(:badarg)

  defp int(v, n, :big), do: <<v::size(n)>>
  defp int(v, n, :little), do: <<v::size(n)-little>>

  defp take(v, :default, unit) do
    if rem(bit_size(v), unit) != 0, do: :erlang.error(:badarg)
    v
  end

  defp take(v, size, unit) when is_integer(size) and size >= 0 do
    n = size * unit
    if bit_size(v) < n, do: :erlang.error(:badarg)
    <<part::bitstring-size(n), _::bitstring>> = v
    part
  end

  defp take(_, _, _), do: :erlang.error(:badarg)

  @doc false
  # Matches one value of the given specifiers at the start of a bitstring:
  # {:ok, value, rest} or :nomatch. size is :default, or an integer.
  def match(bin, size, {type, unit, sign, endian}) do
    try do
      case type do
        :integer ->
          n = bits(size, unit, 8, 1)

          case {sign, endian} do
            {:unsigned, :big} -> (<<x::size(n), r::bitstring>> = bin; {:ok, x, r})
            {:unsigned, :little} -> (<<x::size(n)-little, r::bitstring>> = bin; {:ok, x, r})
            {:signed, :big} -> (<<x::size(n)-signed, r::bitstring>> = bin; {:ok, x, r})
            {:signed, :little} -> (<<x::size(n)-signed-little, r::bitstring>> = bin; {:ok, x, r})
          end

        :float ->
          n = bits(size, unit, 64, 1)

          case endian do
            :big -> (<<x::float-size(n), r::bitstring>> = bin; {:ok, x, r})
            :little -> (<<x::float-size(n)-little, r::bitstring>> = bin; {:ok, x, r})
          end

        t when t in [:binary, :bitstring] ->
          u = unit || if(t == :binary, do: 8, else: 1)

          case size do
            :default ->
              if rem(bit_size(bin), u) != 0, do: :nomatch, else: {:ok, bin, <<>>}

            _ ->
              n = bits(size, u, 0, u)
              <<x::bitstring-size(n), r::bitstring>> = bin
              {:ok, x, r}
          end

        :utf8 -> (<<x::utf8, r::bitstring>> = bin; {:ok, x, r})
        :utf16 when endian == :big -> (<<x::utf16, r::bitstring>> = bin; {:ok, x, r})
        :utf16 -> (<<x::utf16-little, r::bitstring>> = bin; {:ok, x, r})
        :utf32 when endian == :big -> (<<x::utf32, r::bitstring>> = bin; {:ok, x, r})
        :utf32 -> (<<x::utf32-little, r::bitstring>> = bin; {:ok, x, r})
      end
    rescue
      _ -> :nomatch
    catch
      _, _ -> :nomatch
    end
  end
end

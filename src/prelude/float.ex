# Float's functions whose clauses and failures are Elixir's own (floor, ceil and round judge
# their precision in Elixir, the message built by String.Chars), and those Elixir 1.14
# deprecated but still runs; the rest, and the rounding itself, are natives.
defmodule Float do
  # (a binary is read natively; anything else meets parse_unsigned/1's clauses as in Elixir)
  def parse(binary) when is_binary(binary), do: Float.__parse__(binary)
  def parse(other), do: parse_unsigned(other)

  defp parse_unsigned(binary) when is_binary(binary), do: :error

  def floor(number, precision \\ 0)

  def floor(number, 0) when is_float(number) do
    :math.floor(number)
  end

  def floor(number, precision) when is_float(number) and precision in 0..15 do
    Float.__round__(number, precision, :floor)
  end

  def floor(number, precision) when is_float(number) do
    raise ArgumentError, invalid_precision_message(precision)
  end

  def ceil(number, precision \\ 0)

  def ceil(number, 0) when is_float(number) do
    :math.ceil(number)
  end

  def ceil(number, precision) when is_float(number) and precision in 0..15 do
    Float.__round__(number, precision, :ceil)
  end

  def ceil(number, precision) when is_float(number) do
    raise ArgumentError, invalid_precision_message(precision)
  end

  def round(float, precision \\ 0)

  def round(float, 0) when is_float(float) do
    float |> :erlang.round() |> :erlang.float()
  end

  def round(float, precision) when is_float(float) and precision in 0..15 do
    Float.__round__(float, precision, :half_up)
  end

  def round(float, precision) when is_float(float) do
    raise ArgumentError, invalid_precision_message(precision)
  end

  defp invalid_precision_message(precision) do
    "precision #{precision} is out of valid range of #{inspect(0..15)}"
  end

  def to_char_list(float), do: Float.to_charlist(float)
  def to_char_list(float, options), do: :erlang.float_to_list(float, expand_compact(options))
  def to_string(float, options), do: :erlang.float_to_binary(float, expand_compact(options))

  defp expand_compact([{:compact, false} | t]), do: expand_compact(t)
  defp expand_compact([{:compact, true} | t]), do: [:compact | expand_compact(t)]
  defp expand_compact([h | t]), do: [h | expand_compact(t)]
  defp expand_compact([]), do: []
end

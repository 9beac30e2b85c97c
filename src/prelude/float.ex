# Float's functions that Elixir 1.14 deprecated but still runs (the rest are natives).
defmodule Float do
  def to_char_list(float), do: Float.to_charlist(float)
  def to_char_list(float, options), do: :erlang.float_to_list(float, expand_compact(options))
  def to_string(float, options), do: :erlang.float_to_binary(float, expand_compact(options))

  defp expand_compact([{:compact, false} | t]), do: expand_compact(t)
  defp expand_compact([{:compact, true} | t]), do: [:compact | expand_compact(t)]
  defp expand_compact([h | t]), do: [h | expand_compact(t)]
  defp expand_compact([]), do: []
end

# Integer's functions that Elixir 1.14 deprecated but still runs (the rest are natives).
defmodule Integer do
  def to_char_list(integer), do: Integer.to_charlist(integer)
  def to_char_list(integer, base), do: Integer.to_charlist(integer, base)
end

# The String.Chars protocol (to_string/1, interpolation). The natives convert the built-in
# types and the library's structs themselves; any other value comes here, so a user's
# `defimpl String.Chars` is used by interpolation, to_string/1, IO.puts and Enum.join alike.
defprotocol String.Chars do
  def to_string(term)
end

defimpl String.Chars, for: Atom do
  def to_string(nil), do: ""
  def to_string(atom), do: Atom.to_string(atom)
end

defimpl String.Chars, for: BitString do
  def to_string(term) when is_binary(term), do: term

  def to_string(term) do
    raise Protocol.UndefinedError,
      protocol: @protocol,
      value: term,
      description: "cannot convert a bitstring to a string"
  end
end

defimpl String.Chars, for: List do
  def to_string(charlist), do: List.to_string(charlist)
end

defimpl String.Chars, for: Integer do
  def to_string(term), do: Integer.to_string(term)
end

defimpl String.Chars, for: Float do
  def to_string(term), do: Float.to_string(term)
end

defimpl String.Chars, for: URI do
  def to_string(term), do: Kernel.to_string(term)
end

# (the natives show these in Calendar.ISO; other calendars and structs the natives cannot
# show come here, to the calendar's callbacks)
defimpl String.Chars, for: [Date, Time, NaiveDateTime, DateTime] do
  def to_string(term), do: Calendar.__text__(:to_string, term)
end

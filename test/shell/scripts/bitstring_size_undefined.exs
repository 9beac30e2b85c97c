# An undefined function in a segment's size, outside a match.
bits = 12
IO.inspect(<<bits::size(width())>>)

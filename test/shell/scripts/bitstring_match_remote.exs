# A remote call as a segment's value in a binary pattern.
<<head::binary-size(4), Header.byte()>> = "abcd1"
IO.inspect(head)

# The deprecated \xH and \x{H*} escapes: elixir_interpolation writes a warning without a
# location for each as it unescapes it (strings, charlists and quoted atoms while the file
# is tokenized, interpolated ones included).
name = "J\x{332}o\x{332}s\x{332}e\x{301}\x{332}"
IO.puts byte_size(name)
IO.inspect '\x{41}\x4g'
IO.inspect :"\x{42}"
IO.inspect "a#{1}\x{43}"
IO.inspect "\x41\x{10FFFF}"
x = 1
IO.inspect "\x{47}"

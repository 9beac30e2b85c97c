# An undefined function in a segment inside a fn: the fn's entries follow
# elixir_bitstring's, as many as Erlang keeps.
pack = fn x -> <<x, checksum(x)>> end
IO.inspect(pack.(1))

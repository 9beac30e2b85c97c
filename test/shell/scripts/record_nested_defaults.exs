# A record default holding tuples of any size and maps (the macro quotes its defaults again).
defmodule V do
  require Record
  @t {nil, nil, nil}
  Record.defrecordp :vec, V, size: 0, children: {nil, @t}, m: %{a: 1}
  def new, do: vec()
  def upd(v), do: vec(v, size: 3)
  def s(vec(size: s)), do: s
end
IO.inspect V.new
IO.inspect V.upd(V.new)
IO.inspect V.s(V.new)

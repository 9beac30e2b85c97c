# A struct of an enclosing module (still being built) is usable once its defstruct ran.
defmodule Outer do
  defstruct name: "john", n: 1
  def new, do: %Outer{}
  def default, do: %Outer{n: 2}
  defmodule Inner do
    def new, do: %Outer{name: "x"}
    def m(%Outer{n: n}), do: n
    def upd(o), do: %Outer{o | n: 9}
  end
end
IO.inspect Outer.new()
IO.inspect Outer.default()
IO.inspect Outer.Inner.new()
IO.inspect Outer.Inner.m(Outer.default())
IO.inspect Outer.Inner.upd(Outer.new())

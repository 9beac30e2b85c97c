# exit status: 2
# Errors of inlined operations name their own line; arithmetic on constants keeps the
# :erlang entry (and ArithmeticError's blame); a tail call into a protocol function leaves
# the caller out of the trace.
ExUnit.start(seed: 0, max_cases: 1, autorun: true)

defprotocol ErrorLines.Shape do
  def area(shape)
end

defmodule ErrorLines.Ops do
  def add(x) do
    Process.put(:step, :adding)
    y = 1 + x
    y
  end

  def last(x) do
    Process.put(:step, :last)
    x * 2
  end

  def pick(t) do
    Process.put(:step, :pick)
    v = elem(t, 3)
    v
  end

  def first(l) do
    _ = Process.put(:step, :first)
    hd(l)
  end

  def concat(s) do
    Process.put(:step, :concat)
    s <> "!"
  end
end

defmodule ErrorLinesTest do
  use ExUnit.Case
  alias ErrorLines.{Ops, Shape}

  test "arithmetic in a body" do
    assert Ops.add(:a) == 2
  end

  test "arithmetic in tail position" do
    assert Ops.last("x") == 2
  end

  test "elem out of range" do
    assert Ops.pick({1, 2}) == 1
  end

  test "hd of an empty list" do
    assert Ops.first([]) == 1
  end

  test "concatenation of a non-binary" do
    assert Ops.concat(:a) == "a!"
  end

  test "arithmetic on constants" do
    assert 2 == 1 + :wrong
  end

  test "division of constants" do
    assert 1 == 2 / :wrong
  end

  test "a protocol function called last in a fn" do
    assert_raise ArgumentError, fn -> Shape.area(:circle) end
  end

  test "a protocol function called in a body" do
    assert Shape.area(:circle) == 1
  end
end

defmodule ErrorLines.Sizes do
  def sizes(x) do
    Process.put(:step, :sizes)
    {tuple_size(x), map_size(x)}
  end

  def build(x), do: <<1, x::binary-size(2)>>
  def float(x), do: <<x::float>>
  def utf(x), do: <<x::utf8>>
end

defmodule ErrorLinesBifTest do
  use ExUnit.Case
  import Bitwise

  test "the BIFs the JIT calls keep their entry" do
    assert ErrorLines.Sizes.sizes(:x) == 1
  end

  test "a binary shorter than its segment" do
    assert ErrorLines.Sizes.build("a") == "a"
  end

  test "a float segment of an atom" do
    assert ErrorLines.Sizes.float(:a) == "a"
  end

  test "a utf8 segment of a surrogate" do
    assert ErrorLines.Sizes.utf(0xD800) == "a"
  end

  test "a chain of concatenations" do
    x = Process.get(:none, :x)
    assert "a" <> x <> "b" == "axb"
  end

  test "rem and div keep it" do
    x = :erlang.binary_to_term(:erlang.term_to_binary(:x))
    assert rem(x, 2) == div(x, 3)
  end

  test "a constant first operand of * is the BIF's second" do
    x = Process.get(:none, :x)
    assert 2 * x == 4
  end

  test "unary minus keeps it, subtraction does not" do
    x = Process.get(:none, :x)
    assert {-x} == {x - 1}
  end

  test "band" do
    x = Process.get(:none, :x)
    assert band(x, 1) == 0
  end
end

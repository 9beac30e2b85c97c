# ExUnit's failure report with colours on: left and right show what differs between the
# two sides (ExUnit.Diff) for ==, ===, comparisons, matches with pins, guards, structs,
# maps, lists (improper, ++), tuples, strings, charlists, a mailbox, and long terms that
# wrap. The run's time line is left out.
ExUnit.start(autorun: false, colors: [enabled: true], seed: 0, max_cases: 1)

defmodule DiffColorsTest do
  use ExUnit.Case

  defmodule User do
    defstruct [:name, :age]
  end

  defmodule Point do
    defstruct x: 0, y: 0
  end

  test "maps with ==" do
    assert %{a: 1, b: 2, d: [1]} == %{a: 1, b: 3, c: 4, d: [1]}
  end

  test "integers and floats with ===" do
    assert %{a: 1, b: 2.0} === %{a: 1.0, b: 2.0}
  end

  test "numbers with <" do
    assert 12345 < 123
  end

  test "nested match" do
    x = %{a: 1, b: [1, 2, 3], c: {:ok, "value"}}
    assert %{a: 2, b: [1, 2 | _], c: {:ok, "valve"}} = x
  end

  test "pins" do
    expected = 10
    name = "joe"
    assert {^expected, ^name, _} = {11, "joe", :z}
  end

  test "guards" do
    pair = Enum.at([{1, 2}], 0)
    assert match?({x, y} when x > y and is_integer(x), pair)
  end

  test "similar strings" do
    assert "hello world, how are you" == "hello there world, how are we"
  end

  test "different strings" do
    assert "abc" == "xyz"
  end

  test "white space" do
    assert "a b c" == "a  b c"
  end

  test "same look, other code points" do
    assert "café au lait" == "cafe\u0301 au lait"
  end

  test "escapes in strings" do
    assert "line\none\t\"q\"" == "line\ntwo\t\"q\""
  end

  test "structs" do
    assert %User{name: "ann", age: 30} == %User{name: "anne", age: 31}
  end

  test "structs of other modules" do
    assert %User{name: "ann", age: 30} == %Point{x: 1}
  end

  test "struct pattern" do
    assert %Point{x: 1} = %Point{x: 2, y: 3}
  end

  test "struct against a map" do
    assert %User{name: "ann"} == %{name: "ann"}
  end

  test "dates" do
    assert ~D[2020-01-01] == ~D[2020-01-02]
  end

  test "date pattern" do
    assert ~D[2020-01-01] = Date.add(~D[2020-01-01], 31)
  end

  test "lists" do
    assert [1, 2, 3, 4, 5] == [1, 3, 4, 6, 5, 7]
  end

  test "improper lists" do
    assert [1, 2 | 3] == [1, 2, 3]
  end

  test "list tails" do
    assert [1, 2 | rest] = [1, 3, 4, 5]
    IO.inspect(rest)
  end

  test "appended lists" do
    assert [1, 2] ++ rest = [1, 5, 6]
    IO.inspect(rest)
  end

  test "string prefix" do
    assert "foo" <> rest = "fob bar"
    IO.inspect(rest)
  end

  test "tuples" do
    assert {:ok, 1, 2} == {:ok, 1}
  end

  test "charlists" do
    assert 'hello' == 'help'
  end

  test "keyword lists" do
    assert [a: 1, b: 2, c: 3] == [a: 1, b: 20, d: 3]
  end

  test "atoms and types" do
    assert %{status: :ok, value: nil} == %{status: :error, value: "x"}
  end

  test "bound twice" do
    assert {x, x} = {1, 2}
    IO.inspect(x)
  end

  test "long terms wrap" do
    left = Enum.to_list(1..30) |> Enum.map(&%{id: &1, name: "name #{&1}"}) |> Enum.take(4)
    right = List.update_at(left, 2, &%{&1 | name: "other"})
    assert left == right
  end

  test "mailbox" do
    send(self(), {:hello, 1})
    send(self(), {:hello, 2, 3})
    assert_received {:hello, 3}
  end

  test "match? in refute" do
    refute match?(%{a: _}, %{a: 1})
  end

  test "not a map" do
    assert %{a: 1} = [a: 1]
  end
end

output = ExUnit.CaptureIO.capture_io(fn -> ExUnit.run() end)

output
|> String.split("\n")
|> Enum.reject(&String.starts_with?(&1, "Finished in"))
|> Enum.join("\n")
|> IO.write()

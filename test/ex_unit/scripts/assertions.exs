# exit status: 2
ExUnit.start(seed: 0)

defmodule Helper do
  def double(x), do: x * 2
end

defmodule AssertionsTest do
  use ExUnit.Case

  test "== with a call" do
    x = 3
    assert Helper.double(x) == 7
  end

  test "a call that is falsy shows its arguments" do
    list = [1, 2]
    assert Enum.member?(list, 3)
  end

  test "a call of literals shows no arguments" do
    assert String.contains?("abc", "z")
  end

  test "match with a pin" do
    x = 1
    assert {^x, _} = {2, 3}
  end

  test "match binds variables" do
    assert {:ok, value} = {:ok, 42}
    assert value == 42
    assert [head | _] = [1, 2]
    assert head == 1
  end

  test "match with a falsy right side" do
    assert _ = nil
  end

  test "match?" do
    assert match?({:ok, _}, {:error, 1})
  end

  test "refute match?" do
    refute match?({:ok, _}, {:ok, 1})
  end

  test "assert_raise, another exception" do
    assert_raise ArgumentError, fn -> raise "oops" end
  end

  test "assert_raise, nothing raised" do
    assert_raise ArgumentError, fn -> :ok end
  end

  test "assert_raise, wrong message" do
    assert_raise RuntimeError, "a", fn -> raise "b" end
  end

  test "assert_raise, regex" do
    error = assert_raise RuntimeError, ~r/^lucky \d+$/, fn -> raise "lucky 7" end
    assert error.message == "lucky 7"
    assert_raise RuntimeError, ~r/^x/, fn -> raise "lucky 7" end
  end

  test "assert_in_delta" do
    assert_in_delta 1.0, 1.05, 0.1
    assert_in_delta 1.0, 1.5, 0.1
  end

  test "refute_in_delta" do
    refute_in_delta 1.0, 1.05, 0.01
    refute_in_delta 1.0, 1.05, 0.1
  end

  test "catch_throw, catch_exit, catch_error" do
    assert catch_throw(throw(:x)) == :x
    assert catch_exit(exit(:y)) == :y
    assert catch_error(raise "z") == %RuntimeError{message: "z"}
    catch_throw(:nothing)
  end

  test "assert_received lists the mailbox" do
    send(self(), :a)
    send(self(), {:b, 2})
    assert_received :a
    assert_received {:c, _}
  end

  test "assert_receive with a pin" do
    expected = 5
    send(self(), {:n, 4})
    assert_receive {:n, ^expected}, 10
  end

  test "assert_receive binds" do
    send(self(), {:n, 4})
    assert_receive {:n, n}
    assert n == 4
    send(self(), {:m, 1})
    assert_receive {:m, m} when m > 0
    assert m == 1
  end

  test "more than ten messages" do
    for i <- 1..12, do: send(self(), {:msg, i})
    assert_received :none
  end

  test "refute_receive" do
    send(self(), {:hello, 1})
    refute_receive {:hello, _}
  end

  test "refute_received with a message" do
    send(self(), :hi)
    refute_received :hi, "got hi"
  end

  test "empty mailbox" do
    assert_receive :never, 10
  end

  test "< fails" do
    assert 3 < 2
  end

  test "!= with equal sides" do
    assert 2 != 2
  end

  test "=== and floats" do
    assert 1 === 1.0
  end

  test "refute ==" do
    refute 2 == 2
  end

  test "refute >" do
    refute 3 > 2
  end

  test "assert nil" do
    assert nil
  end

  test "refute a truthy value" do
    refute :value
  end

  test "=~" do
    assert "abc" =~ "z"
  end

  test "in" do
    assert 5 in [1, 2]
  end

  test "with a message" do
    assert false, "custom message"
  end

  test "flunk" do
    flunk()
  end

  test "flunk with a message" do
    flunk("gave up\non two lines")
  end

  test "multi-line values" do
    assert Enum.to_list(1..30) == Enum.to_list(2..31)
  end

  test "a map against a struct" do
    assert %{a: 1, b: "two"} == URI.parse("http://x")
  end

  test "passes" do
    assert true
    refute false
    assert 1 + 1 == 2
    assert [1, 2] = [1, 2]
  end
end

# exit status: 2
ExUnit.start(seed: 0)
defmodule ATest do
  use ExUnit.Case, async: true
  setup do
    %{pid: self()}
  end
  test "ok", %{pid: pid} do
    assert pid == self()
  end
  test "eq fails" do
    x = 1
    assert x + 1 == 3
  end
  test "match fails" do
    assert {:ok, _} = {:error, 2}
  end
  test "receive fails" do
    send(self(), {:hello, 1})
    assert_receive {:echo_reply, "hello"}, 10
  end
  test "raise" do
    raise "boom"
  end
  @tag :skip
  test "skipped" do
  end
  describe "group" do
    test "truthy" do
      assert nil
    end
    test "refute" do
      refute 1 == 1
    end
  end
end

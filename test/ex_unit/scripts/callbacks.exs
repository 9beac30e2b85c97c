# exit status: 2
ExUnit.start(seed: 0, exclude: [:slow])

defmodule CallbacksTest do
  use ExUnit.Case, async: true
  @moduletag :mod

  setup_all do
    IO.puts("setup_all runs once")
    {:ok, _} = Agent.start(fn -> [] end, name: :on_exit_log)
    [all: 1]
  end

  setup :named
  setup [:listed, :also_listed]

  setup context do
    {:ok, seen: context |> Map.drop([:file]) |> Map.keys() |> Enum.sort()}
  end

  defp named(_), do: %{named: true}
  defp listed(_), do: [listed: 1]
  defp also_listed(%{listed: 1}), do: :ok

  test "context has the tags and what setups returned", ctx do
    assert ctx.seen == [:all, :async, :case, :describe, :describe_line, :line, :listed, :mod, :module, :named, :registered, :test, :test_type]
    assert ctx.named and ctx.all == 1 and ctx.mod
    assert ctx.test == :"test context has the tags and what setups returned"
    assert ctx.async == true
    assert ctx.describe == nil
    assert ctx.test_type == :test
    assert ctx.file =~ "callbacks.exs"
  end

  @tag :slow
  test "excluded by the filter" do
    flunk("never runs")
  end

  @tag skip: "not today"
  test "skipped with a message" do
  end

  @tag :skip
  test "skipped" do
  end

  @tag custom: "value", other: 2
  test "tags are in the context", %{custom: custom, other: other} do
    assert {custom, other} == {"value", 2}
  end

  test "on_exit runs after the test" do
    on_exit(fn -> Agent.update(:on_exit_log, &[:first | &1]) end)
    on_exit(:named, fn -> Agent.update(:on_exit_log, &[:second | &1]) end)
    assert Agent.get(:on_exit_log, & &1) == []
  end

  test "on_exit ran, newest first" do
    assert Agent.get(:on_exit_log, & &1) == [:first, :second]
  end

  test "not implemented"

  describe "a describe" do
    @describetag :d
    setup do
      %{inner: true}
    end

    test "sees its setup and describetag", %{inner: inner, d: d} = ctx do
      assert inner and d
      assert ctx.describe == "a describe"
      assert ctx.test == :"test a describe sees its setup and describetag"
    end

    test "fails with the describe in its name" do
      assert 1 == 2
    end
  end

  describe "another" do
    test "does not see the other describe's setup", ctx do
      refute Map.has_key?(ctx, :inner)
      refute Map.has_key?(ctx, :d)
    end
  end
end

defmodule SetupAllFailsTest do
  use ExUnit.Case

  setup_all do
    n = 1
    raise "setup_all failed #{n}"
  end

  test "one" do
    :ok
  end

  test "two" do
    :ok
  end
end

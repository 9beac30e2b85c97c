# exit status: 2
ExUnit.start(seed: 0)

defmodule Helper do
  def pick(:a), do: 1
  def pick(:b), do: 2
end

defmodule ErrorsTest do
  use ExUnit.Case

  test "raise" do
    raise "boom"
  end

  test "raise with a module" do
    raise ArgumentError, message: "bad"
  end

  test "throw" do
    throw(:ball)
  end

  test "exit" do
    exit(:bye)
  end

  test "exit with a tuple" do
    exit({:shutdown, 1})
  end

  test "a function clause" do
    Helper.pick(:c)
  end

  test "a match error" do
    {:ok, _} = {:error, :nope}
  end

  test "a key error" do
    map = %{a: 1}
    map.b
  end

  test "an undefined function" do
    Helper.nope()
  end
end

# exit status: 2
# The code an assertion failure shows is printed from its quoted form without metadata
# (Macro.escape(..., prune_metadata: true)): sigils with their default delimiter.
ExUnit.start(seed: 0, max_cases: 1, autorun: true)

defmodule AssertionCodeTest do
  use ExUnit.Case

  test "a sigil with braces" do
    assert ~s{This is a string} == :wrong
  end

  test "a word list" do
    assert ~w(Hello world) == [:wrong]
  end

  test "an interpolating sigil in a refute" do
    refute ~s[1 + 1 = #{1 + 1}] == "1 + 1 = 2"
  end

  test "a match" do
    assert {:ok, ~c{x}} = {:ok, :wrong}
  end
end

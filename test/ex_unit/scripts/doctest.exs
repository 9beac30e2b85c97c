defmodule Calc do
  @moduledoc """
  Arithmetic, with examples.

      iex> Calc.add(1, 2)
      3

  A fenced example:

  ```
  iex> Calc.add(0, 0)
  0
  ```
  """

  @doc """
  Adds.

  ## Examples

      iex> Calc.add(1, 1)
      2
      iex> Calc.add(2, 2)
      5

      iex> x = 10
      iex> Calc.add(x, 1)
      11

      iex(1)> Calc.add(1,
      ...(1)>   2)
      3

      iex> {:ok, n} = {:ok, Calc.add(1, 1)}
      iex> n
      2

      iex> Calc.boom()
      ** (RuntimeError) boom

      iex> Calc.boom()
      ** (RuntimeError) bam
  """
  def add(a, b), do: a + b

  @doc """
      iex> Calc.boom()
      ** (ArgumentError) boom

      iex> Calc.add(1, 1)
      ** (ArgumentError) boom

      iex> Calc.set()
      #MapSet<[2]>
  """
  def boom, do: raise("boom")

  @doc "No examples."
  def set, do: MapSet.new([1])

  @doc false
  def hidden, do: :ok
end

# exit status: 2
# Real elixir cannot doctest a module of the script itself (it reads the docs from the
# module's BEAM file); beamsh keeps the docs of the modules it compiles. doctest.out was
# recorded with Calc (the lines above) compiled by elixirc, and this test part run with
# `elixir -pa`, its lines at the same numbers, "calc.ex" then read as "doctest.exs".
ExUnit.start(seed: 0)

defmodule CalcTest do
  use ExUnit.Case
  doctest Calc
end

defmodule OnlyTest do
  use ExUnit.Case
  doctest Calc, only: [add: 2], except: [], import: true
end

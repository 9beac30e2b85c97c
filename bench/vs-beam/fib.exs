defmodule Work do
  def fib(0), do: 0
  def fib(1), do: 1
  def fib(n), do: fib(n - 1) + fib(n - 2)

  def setup, do: 30
  def run(n), do: fib(n)
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

# :beamsh_for, beamsh's own helper for `for` comprehensions over enumerables that are not
# plain lists, ranges, maps or MapSets: Enumerable.reduce/3 suspended after every element,
# so the comprehension's body runs between the enumerable's own steps (as Enum.reduce/3
# interleaves them).
defmodule :beamsh_for do
  @moduledoc false

  # {:start, enumerable} or a continuation → {element, continuation} | :done. The reducer
  # tags the element it was given: an enumerable may halt right after giving one (as
  # Stream.take/2 does with its last), and that element still counts.
  def next({:start, enumerable}), do: step(Enumerable.reduce(enumerable, {:cont, :none}, &suspend/2))
  def next(:finished), do: :done
  def next(continuation), do: step(continuation.({:cont, :none}))

  defp suspend(element, _acc), do: {:suspend, {:element, element}}

  defp step({:suspended, {:element, element}, continuation}), do: {element, continuation}
  defp step({:suspended, :none, continuation}), do: next(continuation)
  defp step({_done_or_halted, {:element, element}}), do: {element, :finished}
  defp step({_done_or_halted, _}), do: :done
end

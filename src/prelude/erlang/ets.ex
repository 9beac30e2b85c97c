# The functions of Erlang's :ets that take funs (the table BIFs are natives, src/stdlib/ets.ts).
# As in OTP, the folds fix the table while they walk it key by key, so the fun may delete
# the key it was given without breaking the walk.
defmodule :ets do
  def foldl(fun, acc, table) do
    :ets.safe_fixtable(table, true)

    try do
      do_foldl(fun, acc, :ets.first(table), table)
    after
      :ets.safe_fixtable(table, false)
    end
  end

  def foldr(fun, acc, table) do
    :ets.safe_fixtable(table, true)

    try do
      do_foldr(fun, acc, :ets.last(table), table)
    after
      :ets.safe_fixtable(table, false)
    end
  end

  defp do_foldl(_fun, acc, :"$end_of_table", _table), do: acc
  defp do_foldl(fun, acc, key, table), do: do_foldl(fun, :lists.foldl(fun, acc, :ets.lookup(table, key)), :ets.next(table, key), table)

  defp do_foldr(_fun, acc, :"$end_of_table", _table), do: acc
  defp do_foldr(fun, acc, key, table), do: do_foldr(fun, :lists.foldr(fun, acc, :ets.lookup(table, key)), :ets.prev(table, key), table)
end

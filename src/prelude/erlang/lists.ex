# The fun-taking functions of Erlang's :lists and :maps (the rest are natives). Enum and
# List build on these, so they are plain tail-recursive loops.
defmodule :lists do
  def foldl(fun, acc, [h | t]), do: foldl(fun, fun.(h, acc), t)
  def foldl(fun, acc, []) when is_function(fun, 2), do: acc

  def foldr(fun, acc, list) when is_function(fun, 2), do: foldl(fun, acc, :lists.reverse(list))

  def map(fun, list) when is_function(fun, 1), do: map(fun, list, [])
  defp map(fun, [h | t], acc), do: map(fun, t, [fun.(h) | acc])
  defp map(_fun, [], acc), do: :lists.reverse(acc)

  def foreach(fun, [h | t]) do
    fun.(h)
    foreach(fun, t)
  end

  def foreach(fun, []) when is_function(fun, 1), do: :ok

  def filter(pred, list) when is_function(pred, 1), do: filter(pred, list, [])
  defp filter(pred, [h | t], acc), do: filter(pred, t, if(pred.(h), do: [h | acc], else: acc))
  defp filter(_pred, [], acc), do: :lists.reverse(acc)

  def filtermap(fun, list) when is_function(fun, 1), do: filtermap(fun, list, [])

  defp filtermap(fun, [h | t], acc) do
    case fun.(h) do
      false -> filtermap(fun, t, acc)
      true -> filtermap(fun, t, [h | acc])
      {true, v} -> filtermap(fun, t, [v | acc])
    end
  end

  defp filtermap(_fun, [], acc), do: :lists.reverse(acc)

  def flatmap(fun, list) when is_function(fun, 1), do: flatmap(fun, list, [])
  defp flatmap(fun, [h | t], acc), do: flatmap(fun, t, :lists.reverse(fun.(h), acc))
  defp flatmap(_fun, [], acc), do: :lists.reverse(acc)

  def mapfoldl(fun, acc, list) when is_function(fun, 2), do: mapfoldl(fun, acc, list, [])

  defp mapfoldl(fun, acc, [h | t], out) do
    {v, acc} = fun.(h, acc)
    mapfoldl(fun, acc, t, [v | out])
  end

  defp mapfoldl(_fun, acc, [], out), do: {:lists.reverse(out), acc}

  def mapfoldr(fun, acc, list) when is_function(fun, 2) do
    {out, acc} = mapfoldl(fun, acc, :lists.reverse(list), [])
    {:lists.reverse(out), acc}
  end

  def all(pred, [h | t]), do: if(pred.(h), do: all(pred, t), else: false)
  def all(pred, []) when is_function(pred, 1), do: true

  def any(pred, [h | t]), do: if(pred.(h), do: true, else: any(pred, t))
  def any(pred, []) when is_function(pred, 1), do: false

  def dropwhile(pred, [h | t] = list), do: if(pred.(h), do: dropwhile(pred, t), else: list)
  def dropwhile(pred, []) when is_function(pred, 1), do: []

  def takewhile(pred, list) when is_function(pred, 1), do: takewhile(pred, list, [])
  defp takewhile(pred, [h | t], acc), do: if(pred.(h), do: takewhile(pred, t, [h | acc]), else: :lists.reverse(acc))
  defp takewhile(_pred, [], acc), do: :lists.reverse(acc)

  def splitwith(pred, list) when is_function(pred, 1), do: splitwith(pred, list, [])

  defp splitwith(pred, [h | t] = list, acc) do
    if pred.(h), do: splitwith(pred, t, [h | acc]), else: {:lists.reverse(acc), list}
  end

  defp splitwith(_pred, [], acc), do: {:lists.reverse(acc), []}

  def partition(pred, list) when is_function(pred, 1), do: partition(pred, list, [], [])

  defp partition(pred, [h | t], yes, no) do
    if pred.(h), do: partition(pred, t, [h | yes], no), else: partition(pred, t, yes, [h | no])
  end

  defp partition(_pred, [], yes, no), do: {:lists.reverse(yes), :lists.reverse(no)}

  def search(pred, [h | t]), do: if(pred.(h), do: {:value, h}, else: search(pred, t))
  def search(pred, []) when is_function(pred, 1), do: false

  def zipwith(fun, [x | xs], [y | ys]), do: [fun.(x, y) | zipwith(fun, xs, ys)]
  def zipwith(fun, [], []) when is_function(fun, 2), do: []

  def zipwith3(fun, [x | xs], [y | ys], [z | zs]), do: [fun.(x, y, z) | zipwith3(fun, xs, ys, zs)]
  def zipwith3(fun, [], [], []) when is_function(fun, 3), do: []

  def keymap(fun, n, [tup | t]), do: [:erlang.setelement(n, tup, fun.(:erlang.element(n, tup))) | keymap(fun, n, t)]
  def keymap(fun, n, []) when is_function(fun, 1) and is_integer(n), do: []

  # Stable merge sort: `fun.(a, b)` is true when a may come before b.
  def sort(fun, list) when is_function(fun, 2) and is_list(list), do: merge_sort(list, length(list), fun)

  def usort(fun, list) when is_function(fun, 2) and is_list(list), do: dedup_sorted(sort(fun, list), fun)

  def merge(fun, list1, list2) when is_function(fun, 2), do: merge_lists(list1, list2, fun, [])

  def uniq(fun, list) when is_function(fun, 1), do: uniq(fun, list, %{}, [])

  defp uniq(fun, [h | t], seen, acc) do
    key = fun.(h)

    case seen do
      %{^key => _} -> uniq(fun, t, seen, acc)
      %{} -> uniq(fun, t, Map.put(seen, key, true), [h | acc])
    end
  end

  defp uniq(_fun, [], _seen, acc), do: :lists.reverse(acc)

  defp merge_sort(list, n, _fun) when n < 2, do: list

  defp merge_sort(list, n, fun) do
    half = div(n, 2)
    {left, right} = :lists.split(half, list)
    merge_lists(merge_sort(left, half, fun), merge_sort(right, n - half, fun), fun, [])
  end

  defp merge_lists([l | lt] = left, [r | rt] = right, fun, acc) do
    if fun.(l, r) do
      merge_lists(lt, right, fun, [l | acc])
    else
      merge_lists(left, rt, fun, [r | acc])
    end
  end

  defp merge_lists([], right, _fun, acc), do: :lists.reverse(acc, right)
  defp merge_lists(left, [], _fun, acc), do: :lists.reverse(acc, left)

  # usort/2 keeps the first of elements that sort both ways (a <= b and b <= a).
  defp dedup_sorted([a, b | t], fun) do
    if fun.(b, a), do: dedup_sorted([a | t], fun), else: [a | dedup_sorted([b | t], fun)]
  end

  defp dedup_sorted(list, _fun), do: list
end

# The fun-taking functions of Erlang's :lists (the rest are natives), laid out as lists.erl:
# the same helpers, body-recursive where OTP's are, so a bad argument fails where it does.
defmodule :lists do
  # As OTP's: a fun of the wrong arity fails the entry guard (FunctionClauseError), a
  # predicate answering neither true nor false is a CaseClauseError, and an improper list
  # fails in the helper walking it (e.g. :lists.map_1/2).
  def foldl(fun, acc, list) when is_function(fun, 2) do
    case list do
      [h | t] -> foldl_1(fun, fun.(h, acc), t)
      [] -> acc
    end
  end

  defp foldl_1(fun, acc, [h | t]), do: foldl_1(fun, fun.(h, acc), t)
  defp foldl_1(_fun, acc, []), do: acc

  def foldr(fun, acc, list) when is_function(fun, 2), do: foldr_1(fun, acc, list)
  defp foldr_1(fun, acc, [h | t]), do: fun.(h, foldr_1(fun, acc, t))
  defp foldr_1(_fun, acc, []), do: acc

  def map(fun, list) when is_function(fun, 1) do
    case list do
      [h | t] -> [fun.(h) | map_1(fun, t)]
      [] -> []
    end
  end

  defp map_1(fun, [h | t]), do: [fun.(h) | map_1(fun, t)]
  defp map_1(_fun, []), do: []

  def foreach(fun, list) when is_function(fun, 1), do: foreach_1(fun, list)

  defp foreach_1(fun, [h | t]) do
    fun.(h)
    foreach_1(fun, t)
  end

  defp foreach_1(_fun, []), do: :ok

  # A list comprehension in OTP ([E || E <- List, Pred(E)]), as its compiler lays it out:
  # the generator must be a list, the filter a boolean.
  def filter(pred, list) when is_function(pred, 1), do: unquote(:"-filter/2-lc$^0/1-0-")(list, pred)

  defp unquote(:"-filter/2-lc$^0/1-0-")([h | t], pred) do
    case pred.(h) do
      true -> [h | unquote(:"-filter/2-lc$^0/1-0-")(t, pred)]
      false -> unquote(:"-filter/2-lc$^0/1-0-")(t, pred)
      other -> :erlang.error({:bad_filter, other})
    end
  end

  defp unquote(:"-filter/2-lc$^0/1-0-")([], _pred), do: []
  defp unquote(:"-filter/2-lc$^0/1-0-")(other, _pred), do: :erlang.error({:bad_generator, other})

  def filtermap(fun, list) when is_function(fun, 1), do: filtermap_1(fun, list)

  defp filtermap_1(fun, [h | t]) do
    case fun.(h) do
      true -> [h | filtermap_1(fun, t)]
      {true, v} -> [v | filtermap_1(fun, t)]
      false -> filtermap_1(fun, t)
    end
  end

  defp filtermap_1(_fun, []), do: []

  def flatmap(fun, list) when is_function(fun, 1), do: flatmap_1(fun, list)

  # The list form of each of `things` (atoms, integers, floats, strings), joined.
  def concat(things), do: flatmap(&thing_to_list/1, things)

  defp thing_to_list(x) when is_integer(x), do: :erlang.integer_to_list(x)
  defp thing_to_list(x) when is_float(x), do: :erlang.float_to_list(x)
  defp thing_to_list(x) when is_atom(x), do: :erlang.atom_to_list(x)
  defp thing_to_list(x) when is_list(x), do: x

  defp flatmap_1(fun, [h | t]) do
    first = fun.(h)
    first ++ flatmap_1(fun, t)
  end

  defp flatmap_1(_fun, []), do: []

  def mapfoldl(fun, acc, list) when is_function(fun, 2), do: mapfoldl_1(fun, acc, list)

  defp mapfoldl_1(fun, acc0, [h | t]) do
    {r, acc1} = fun.(h, acc0)
    {rs, acc2} = mapfoldl_1(fun, acc1, t)
    {[r | rs], acc2}
  end

  defp mapfoldl_1(_fun, acc, []), do: {[], acc}

  def mapfoldr(fun, acc, list) when is_function(fun, 2), do: mapfoldr_1(fun, acc, list)

  defp mapfoldr_1(fun, acc0, [h | t]) do
    {rs, acc1} = mapfoldr_1(fun, acc0, t)
    {r, acc2} = fun.(h, acc1)
    {[r | rs], acc2}
  end

  defp mapfoldr_1(_fun, acc, []), do: {[], acc}

  def all(pred, list) when is_function(pred, 1) do
    case list do
      [h | t] ->
        case pred.(h) do
          true -> all_1(pred, t)
          false -> false
        end

      [] ->
        true
    end
  end

  defp all_1(pred, [h | t]) do
    case pred.(h) do
      true -> all_1(pred, t)
      false -> false
    end
  end

  defp all_1(_pred, []), do: true

  def any(pred, list) when is_function(pred, 1) do
    case list do
      [h | t] ->
        case pred.(h) do
          true -> true
          false -> any_1(pred, t)
        end

      [] ->
        false
    end
  end

  defp any_1(pred, [h | t]) do
    case pred.(h) do
      true -> true
      false -> any_1(pred, t)
    end
  end

  defp any_1(_pred, []), do: false

  def dropwhile(pred, list) when is_function(pred, 1), do: dropwhile_1(pred, list)

  defp dropwhile_1(pred, [h | t] = list) do
    case pred.(h) do
      true -> dropwhile_1(pred, t)
      false -> list
    end
  end

  defp dropwhile_1(_pred, []), do: []

  def takewhile(pred, list) when is_function(pred, 1), do: takewhile_1(pred, list)

  defp takewhile_1(pred, [h | t]) do
    case pred.(h) do
      true -> [h | takewhile_1(pred, t)]
      false -> []
    end
  end

  defp takewhile_1(_pred, []), do: []

  def splitwith(pred, list) when is_function(pred, 1), do: splitwith_1(pred, list, [])

  defp splitwith_1(pred, [h | t] = list, acc) do
    case pred.(h) do
      true -> splitwith_1(pred, t, [h | acc])
      false -> {:lists.reverse(acc), list}
    end
  end

  defp splitwith_1(_pred, [], acc), do: {:lists.reverse(acc), []}

  def partition(pred, list) when is_function(pred, 1), do: partition_1(pred, list, [], [])

  defp partition_1(pred, [h | t], yes, no) do
    case pred.(h) do
      true -> partition_1(pred, t, [h | yes], no)
      false -> partition_1(pred, t, yes, [h | no])
    end
  end

  defp partition_1(_pred, [], yes, no), do: {:lists.reverse(yes), :lists.reverse(no)}

  def search(pred, list) when is_function(pred, 1), do: search_1(pred, list)

  defp search_1(pred, [h | t]) do
    case pred.(h) do
      true -> {:value, h}
      false -> search_1(pred, t)
    end
  end

  defp search_1(_pred, []), do: false

  def zipwith(fun, [x | xs], [y | ys]), do: [fun.(x, y) | zipwith(fun, xs, ys)]
  def zipwith(fun, [], []) when is_function(fun, 2), do: []

  def zipwith3(fun, [x | xs], [y | ys], [z | zs]), do: [fun.(x, y, z) | zipwith3(fun, xs, ys, zs)]
  def zipwith3(fun, [], [], []) when is_function(fun, 3), do: []

  def keymap(fun, n, [tup | t]), do: [:erlang.setelement(n, tup, fun.(:erlang.element(n, tup))) | keymap(fun, n, t)]
  def keymap(fun, n, []) when is_function(fun, 1) and is_integer(n), do: []

  # sort/2 and usort/2 are lists.erl's merge sorts, helper for helper: the list is split
  # into runs (ascending ones gathered reversed) while its elements are compared pairwise,
  # then the runs merged two at a time. So the fun is called on the same pairs in the same
  # order as on the BEAM, an answer neither true nor false is a CaseClauseError in the
  # helper that asked, and an improper list fails in the helper that reaches its end. (As
  # OTP's, only the short lists check that fun is a fun of two arguments.)
  def sort(fun, []) when is_function(fun, 2), do: []
  def sort(fun, [_] = list) when is_function(fun, 2), do: list

  def sort(fun, [x, y | t]) do
    case fun.(x, y) do
      true -> fsplit_1(y, x, fun, t, [], [])
      false -> fsplit_2(y, x, fun, t, [], [])
    end
  end

  defp fsplit_1(y, x, fun, [z | l], r, rs) do
    case fun.(y, z) do
      true ->
        fsplit_1(z, y, fun, l, [x | r], rs)

      false ->
        case fun.(x, z) do
          true -> fsplit_1(y, z, fun, l, [x | r], rs)
          false when r == [] -> fsplit_1(y, x, fun, l, [z], rs)
          false -> fsplit_1_1(y, x, fun, l, r, rs, z)
        end
    end
  end

  defp fsplit_1(y, x, fun, [], r, rs), do: rfmergel([[y, x | r] | rs], [], fun, :asc)

  defp fsplit_1_1(y, x, fun, [z | l], r, rs, s) do
    case fun.(y, z) do
      true ->
        fsplit_1_1(z, y, fun, l, [x | r], rs, s)

      false ->
        case fun.(x, z) do
          true ->
            fsplit_1_1(y, z, fun, l, [x | r], rs, s)

          false ->
            case fun.(s, z) do
              true -> fsplit_1(z, s, fun, l, [], [[y, x | r] | rs])
              false -> fsplit_1(s, z, fun, l, [], [[y, x | r] | rs])
            end
        end
    end
  end

  defp fsplit_1_1(y, x, fun, [], r, rs, s), do: rfmergel([[s], [y, x | r] | rs], [], fun, :asc)

  defp fsplit_2(y, x, fun, [z | l], r, rs) do
    case fun.(y, z) do
      false ->
        fsplit_2(z, y, fun, l, [x | r], rs)

      true ->
        case fun.(x, z) do
          false -> fsplit_2(y, z, fun, l, [x | r], rs)
          true when r == [] -> fsplit_2(y, x, fun, l, [z], rs)
          true -> fsplit_2_1(y, x, fun, l, r, rs, z)
        end
    end
  end

  defp fsplit_2(y, x, fun, [], r, rs), do: fmergel([[y, x | r] | rs], [], fun, :desc)

  defp fsplit_2_1(y, x, fun, [z | l], r, rs, s) do
    case fun.(y, z) do
      false ->
        fsplit_2_1(z, y, fun, l, [x | r], rs, s)

      true ->
        case fun.(x, z) do
          false ->
            fsplit_2_1(y, z, fun, l, [x | r], rs, s)

          true ->
            case fun.(s, z) do
              false -> fsplit_2(z, s, fun, l, [], [[y, x | r] | rs])
              true -> fsplit_2(s, z, fun, l, [], [[y, x | r] | rs])
            end
        end
    end
  end

  defp fsplit_2_1(y, x, fun, [], r, rs, s), do: fmergel([[s], [y, x | r] | rs], [], fun, :desc)

  defp fmergel([t1, [h2 | t2] | l], acc, fun, :asc), do: fmergel(l, [fmerge2_1(t1, h2, fun, t2, []) | acc], fun, :asc)
  defp fmergel([[h2 | t2], t1 | l], acc, fun, :desc), do: fmergel(l, [fmerge2_1(t1, h2, fun, t2, []) | acc], fun, :desc)
  defp fmergel([l], [], _fun, _o), do: l
  defp fmergel([l], acc, fun, o), do: rfmergel([:lists.reverse(l, []) | acc], [], fun, o)
  defp fmergel([], acc, fun, o), do: rfmergel(acc, [], fun, o)

  defp rfmergel([[h2 | t2], t1 | l], acc, fun, :asc), do: rfmergel(l, [rfmerge2_1(t1, h2, fun, t2, []) | acc], fun, :asc)
  defp rfmergel([t1, [h2 | t2] | l], acc, fun, :desc), do: rfmergel(l, [rfmerge2_1(t1, h2, fun, t2, []) | acc], fun, :desc)
  defp rfmergel([l], acc, fun, o), do: fmergel([:lists.reverse(l, []) | acc], [], fun, o)
  defp rfmergel([], acc, fun, o), do: fmergel(acc, [], fun, o)

  def usort(fun, [_] = list) when is_function(fun, 2), do: list
  def usort(fun, [] = list) when is_function(fun, 2), do: list
  def usort(fun, [x | l]) when is_function(fun, 2), do: usort_1(fun, x, l)

  defp usort_1(fun, x, [y | l]) do
    case fun.(x, y) do
      true ->
        case fun.(y, x) do
          true ->
            case l do
              [] -> [x]
              _ -> usort_1(fun, x, l)
            end

          false ->
            ufsplit_1(y, x, fun, l, [], [])
        end

      false ->
        ufsplit_2(y, l, fun, [x])
    end
  end

  defp ufsplit_1(y, x, fun, [z | l], r, rs) do
    case fun.(y, z) do
      true ->
        case fun.(z, y) do
          true -> ufsplit_1(y, x, fun, l, r, rs)
          false -> ufsplit_1(z, y, fun, l, [x | r], rs)
        end

      false ->
        case fun.(x, z) do
          true ->
            case fun.(z, x) do
              true -> ufsplit_1(y, x, fun, l, r, rs)
              false -> ufsplit_1(y, z, fun, l, [x | r], rs)
            end

          false when r == [] ->
            ufsplit_1(y, x, fun, l, [z], rs)

          false ->
            ufsplit_1_1(y, x, fun, l, r, rs, z)
        end
    end
  end

  defp ufsplit_1(y, x, fun, [], r, rs), do: rufmergel([[y, x | r] | rs], [], fun)

  defp ufsplit_1_1(y, x, fun, [z | l], r, rs, s) do
    case fun.(y, z) do
      true ->
        case fun.(z, y) do
          true -> ufsplit_1_1(y, x, fun, l, r, rs, s)
          false -> ufsplit_1_1(z, y, fun, l, [x | r], rs, s)
        end

      false ->
        case fun.(x, z) do
          true ->
            case fun.(z, x) do
              true -> ufsplit_1_1(y, x, fun, l, r, rs, s)
              false -> ufsplit_1_1(y, z, fun, l, [x | r], rs, s)
            end

          false ->
            case fun.(s, z) do
              true ->
                case fun.(z, s) do
                  true -> ufsplit_1_1(y, x, fun, l, r, rs, s)
                  false -> ufsplit_1(z, s, fun, l, [], [[y, x | r] | rs])
                end

              false ->
                ufsplit_1(s, z, fun, l, [], [[y, x | r] | rs])
            end
        end
    end
  end

  defp ufsplit_1_1(y, x, fun, [], r, rs, s), do: rufmergel([[s], [y, x | r] | rs], [], fun)

  defp ufsplit_2(y, [z | l], fun, r) do
    case fun.(y, z) do
      true ->
        case fun.(z, y) do
          true -> ufsplit_2(y, l, fun, r)
          false -> ufsplit_1(z, y, fun, l, [], [:lists.reverse(r, [])])
        end

      false ->
        ufsplit_2(z, l, fun, [y | r])
    end
  end

  defp ufsplit_2(y, [], _fun, r), do: [y | r]

  defp ufmergel([[h1 | t1], t2 | l], acc, fun), do: ufmergel(l, [ufmerge2_2(h1, t1, fun, t2, []) | acc], fun)
  defp ufmergel([l], [], _fun), do: l
  defp ufmergel([l], acc, fun), do: rufmergel([:lists.reverse(l, []) | acc], [], fun)
  defp ufmergel([], acc, fun), do: rufmergel(acc, [], fun)

  defp rufmergel([[h2 | t2], t1 | l], acc, fun), do: rufmergel(l, [rufmerge2_1(t1, h2, fun, t2, []) | acc], fun)
  defp rufmergel([l], acc, fun), do: ufmergel([:lists.reverse(l, []) | acc], [], fun)
  defp rufmergel([], acc, fun), do: ufmergel(acc, [], fun)

  # The merges with a fun, named and laid out as OTP's helpers (so a bad list fails where
  # OTP's does, in the helper walking it, below the merge waiting on its result): each
  # helper gathers the merged elements in reverse and the merge turns them round. merge
  # takes from the first list while fun.(h1, h2); rmerge from the second while
  # fun.(h1, h2); umerge drops an element of the second list equal to the one just taken
  # from the first; rumerge lets an element of the first replace an equal one of the second.
  def merge(fun, list1, [h2 | t2]) when is_function(fun, 2), do: :lists.reverse(fmerge2_1(list1, h2, fun, t2, []), [])
  def merge(fun, list1, []) when is_function(fun, 2), do: list1

  defp fmerge2_1([h1 | t1], h2, fun, t2, acc) do
    case fun.(h1, h2) do
      true -> fmerge2_1(t1, h2, fun, t2, [h1 | acc])
      false -> fmerge2_2(h1, t1, fun, t2, [h2 | acc])
    end
  end

  defp fmerge2_1([], h2, _fun, t2, acc), do: :lists.reverse(t2, [h2 | acc])

  defp fmerge2_2(h1, t1, fun, [h2 | t2], acc) do
    case fun.(h1, h2) do
      true -> fmerge2_1(t1, h2, fun, t2, [h1 | acc])
      false -> fmerge2_2(h1, t1, fun, t2, [h2 | acc])
    end
  end

  defp fmerge2_2(h1, t1, _fun, [], acc), do: :lists.reverse(t1, [h1 | acc])

  def rmerge(fun, list1, [h2 | t2]) when is_function(fun, 2), do: :lists.reverse(rfmerge2_1(list1, h2, fun, t2, []), [])
  def rmerge(fun, list1, []) when is_function(fun, 2), do: list1

  defp rfmerge2_1([h1 | t1], h2, fun, t2, acc) do
    case fun.(h1, h2) do
      true -> rfmerge2_2(h1, t1, fun, t2, [h2 | acc])
      false -> rfmerge2_1(t1, h2, fun, t2, [h1 | acc])
    end
  end

  defp rfmerge2_1([], h2, _fun, t2, acc), do: :lists.reverse(t2, [h2 | acc])

  defp rfmerge2_2(h1, t1, fun, [h2 | t2], acc) do
    case fun.(h1, h2) do
      true -> rfmerge2_2(h1, t1, fun, t2, [h2 | acc])
      false -> rfmerge2_1(t1, h2, fun, t2, [h1 | acc])
    end
  end

  defp rfmerge2_2(h1, t1, _fun, [], acc), do: :lists.reverse(t1, [h1 | acc])

  def umerge(fun, [], list2) when is_function(fun, 2), do: list2
  def umerge(fun, [h1 | t1], list2) when is_function(fun, 2), do: :lists.reverse(ufmerge2_2(h1, t1, fun, list2, []), [])

  defp ufmerge2_1([h1 | t1], h2, fun, t2, acc, last) do
    case fun.(h1, h2) do
      true ->
        ufmerge2_1(t1, h2, fun, t2, [h1 | acc], h1)

      false ->
        case fun.(h2, last) do
          true -> ufmerge2_2(h1, t1, fun, t2, acc)
          false -> ufmerge2_2(h1, t1, fun, t2, [h2 | acc])
        end
    end
  end

  defp ufmerge2_1([], h2, fun, t2, acc, last) do
    case fun.(h2, last) do
      true -> :lists.reverse(t2, acc)
      false -> :lists.reverse(t2, [h2 | acc])
    end
  end

  defp ufmerge2_2(h1, t1, fun, [h2 | t2], acc) do
    case fun.(h1, h2) do
      true -> ufmerge2_1(t1, h2, fun, t2, [h1 | acc], h1)
      false -> ufmerge2_2(h1, t1, fun, t2, [h2 | acc])
    end
  end

  defp ufmerge2_2(h1, t1, _fun, [], acc), do: :lists.reverse(t1, [h1 | acc])

  def rumerge(fun, list1, []) when is_function(fun, 2), do: list1
  def rumerge(fun, list1, [h2 | t2]) when is_function(fun, 2), do: :lists.reverse(rufmerge2_1(list1, h2, fun, t2, []), [])

  defp rufmerge2_1([h1 | t1], h2, fun, t2, acc) do
    case fun.(h1, h2) do
      true -> rufmerge2_2(h1, t1, fun, t2, acc, h2)
      false -> rufmerge2_1(t1, h2, fun, t2, [h1 | acc])
    end
  end

  defp rufmerge2_1([], h2, _fun, t2, acc), do: :lists.reverse(t2, [h2 | acc])

  defp rufmerge2_2(h1, t1, fun, [h2 | t2], acc, h2m) do
    case fun.(h1, h2) do
      true ->
        rufmerge2_2(h1, t1, fun, t2, [h2m | acc], h2)

      false ->
        case fun.(h2m, h1) do
          true -> rufmerge2_1(t1, h2, fun, t2, [h1 | acc])
          false -> rufmerge2_1(t1, h2, fun, t2, [h1, h2m | acc])
        end
    end
  end

  defp rufmerge2_2(h1, t1, fun, [], acc, h2m) do
    case fun.(h2m, h1) do
      true -> :lists.reverse(t1, [h1 | acc])
      false -> :lists.reverse(t1, [h1, h2m | acc])
    end
  end

  # An old name of filtermap/2.
  def zf(fun, list), do: filtermap(fun, list)

  def uniq(fun, list) when is_function(fun, 1), do: uniq_2(list, fun, %{})

  defp uniq_2([h | t], fun, seen) do
    key = fun.(h)

    case seen do
      %{^key => _} -> uniq_2(t, fun, seen)
      %{} -> [h | uniq_2(t, fun, Map.put(seen, key, true))]
    end
  end

  defp uniq_2([], _fun, _seen), do: []
end

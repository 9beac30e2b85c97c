# HashSet (deprecated since Elixir 1.3, still shipped by 1.14): a set kept in a trie of
# 8-slot tuples indexed by 3 bits of the member's phash2 at a time. A slot holds nothing
# ([]), one member ([member]) or a member with a deeper node ([member | node]): the layout
# Elixir's HashSet has, so members come out in the same order.
defmodule HashSet do
  @moduledoc false

  @empty {[], [], [], [], [], [], [], []}

  message = "Use the MapSet module instead"

  @opaque t :: %__MODULE__{size: non_neg_integer, root: term}
  defstruct size: 0, root: @empty

  @deprecated message
  def new, do: %HashSet{}

  @deprecated message
  def union(%HashSet{size: size1} = set1, %HashSet{size: size2} = set2) when size1 <= size2 do
    fold(set1, set2, &put(&2, &1))
  end

  def union(%HashSet{} = set1, %HashSet{} = set2), do: fold(set2, set1, &put(&2, &1))

  @deprecated message
  def intersection(%HashSet{} = set1, %HashSet{} = set2) do
    fold(set1, %HashSet{}, fn member, acc -> if member?(set2, member), do: put(acc, member), else: acc end)
  end

  @deprecated message
  def difference(%HashSet{} = set1, %HashSet{} = set2), do: fold(set2, set1, &delete(&2, &1))

  @deprecated message
  def to_list(set), do: set |> fold([], &[&1 | &2]) |> :lists.reverse()

  @deprecated message
  def equal?(%HashSet{size: size1} = set1, %HashSet{size: size2} = set2) do
    size1 == size2 and subset?(set1, set2)
  end

  @deprecated message
  def subset?(%HashSet{} = set1, %HashSet{} = set2) do
    reduce(set1, {:cont, true}, fn member, acc -> if member?(set2, member), do: {:cont, acc}, else: {:halt, false} end)
    |> elem(1)
  end

  @deprecated message
  def disjoint?(%HashSet{} = set1, %HashSet{} = set2) do
    reduce(set2, {:cont, true}, fn member, acc -> if member?(set1, member), do: {:halt, false}, else: {:cont, acc} end)
    |> elem(1)
  end

  @deprecated message
  def member?(%HashSet{root: root}, member), do: trie_member?(root, member, :erlang.phash2(member))

  @deprecated message
  def put(%HashSet{root: root, size: size}, member) do
    {root, added} = trie_put(root, member, :erlang.phash2(member))
    %HashSet{root: root, size: size + added}
  end

  @deprecated message
  def delete(%HashSet{root: root, size: size} = set, member) do
    case trie_delete(root, member, :erlang.phash2(member)) do
      {:ok, root} -> %HashSet{root: root, size: size - 1}
      :error -> set
    end
  end

  @doc false
  def reduce(%HashSet{root: root}, acc, fun) do
    walk(root, 8, acc, fun, fn
      {:cont, acc} -> {:done, acc}
      {:halt, acc} -> {:halted, acc}
      {:suspend, acc} -> {:suspended, acc, &{:done, elem(&1, 1)}}
    end)
  end

  @deprecated message
  def size(%HashSet{size: size}), do: size

  # ---- the trie --------------------------------------------------------------------------

  import Bitwise

  defp slot(hash), do: (hash &&& 7) + 1

  defp trie_member?(node, member, hash) do
    case :erlang.element(slot(hash), node) do
      [] -> false
      [^member | _] -> true
      [_] -> false
      [_ | deeper] -> trie_member?(deeper, member, hash >>> 3)
    end
  end

  defp trie_put(node, member, hash) do
    i = slot(hash)

    case :erlang.element(i, node) do
      [] ->
        {:erlang.setelement(i, node, [member]), 1}

      [^member | _] ->
        {node, 0}

      [other] ->
        {:erlang.setelement(i, node, [other | :erlang.setelement(slot(hash >>> 3), @empty, [member])]), 1}

      [other | deeper] ->
        {deeper, added} = trie_put(deeper, member, hash >>> 3)
        {:erlang.setelement(i, node, [other | deeper]), added}
    end
  end

  defp trie_delete(node, member, hash) do
    i = slot(hash)

    case :erlang.element(i, node) do
      [] ->
        :error

      [^member] ->
        {:ok, :erlang.setelement(i, node, [])}

      [_] ->
        :error

      [^member | deeper] ->
        {:ok, :erlang.setelement(i, node, pull_up(deeper))}

      [other | deeper] ->
        case trie_delete(deeper, member, hash >>> 3) do
          {:ok, @empty} -> {:ok, :erlang.setelement(i, node, [other])}
          {:ok, deeper} -> {:ok, :erlang.setelement(i, node, [other | deeper])}
          :error -> :error
        end
    end
  end

  # A slot whose own member was deleted takes the member of the first non-empty slot below it.
  defp pull_up(node), do: pull_up(node, first_taken(node, 1))

  defp pull_up(node, i) do
    case :erlang.element(i, node) do
      [member] ->
        case :erlang.setelement(i, node, []) do
          @empty -> [member]
          rest -> [member | rest]
        end

      [member | deeper] ->
        [member | :erlang.setelement(i, node, pull_up(deeper))]
    end
  end

  defp first_taken(node, i) do
    if :erlang.element(i, node) != [], do: i, else: first_taken(node, i + 1)
  end

  defp fold(%HashSet{root: root}, acc, fun), do: fold_node(root, 8, acc, fun)

  defp fold_node(_node, 0, acc, _fun), do: acc

  defp fold_node(node, i, acc, fun) do
    acc =
      case :erlang.element(i, node) do
        [] -> acc
        [member] -> fun.(member, acc)
        [member | deeper] -> fold_node(deeper, 8, fun.(member, acc), fun)
      end

    fold_node(node, i - 1, acc, fun)
  end

  defp walk(_node, _i, {:halt, acc}, _fun, _next), do: {:halted, acc}
  defp walk(node, i, {:suspend, acc}, fun, next), do: {:suspended, acc, &walk(node, i, &1, fun, next)}
  defp walk(_node, 0, acc, _fun, next), do: next.(acc)

  defp walk(node, i, {:cont, acc} = cont, fun, next) do
    after_slot = &walk(node, i - 1, &1, fun, next)

    case :erlang.element(i, node) do
      [] -> after_slot.(cont)
      [member] -> after_slot.(fun.(member, acc))
      [member | deeper] -> walk_member_then(deeper, fun.(member, acc), fun, after_slot)
    end
  end

  defp walk_member_then(_deeper, {:halt, acc}, _fun, _next), do: {:halted, acc}
  defp walk_member_then(deeper, {:suspend, acc}, fun, next), do: {:suspended, acc, &walk_member_then(deeper, &1, fun, next)}
  defp walk_member_then(deeper, cont, fun, next), do: walk(deeper, 8, cont, fun, next)
end

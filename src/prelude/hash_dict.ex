# HashDict (deprecated since Elixir 1.3, still shipped by 1.14): a dictionary kept in a trie
# of 8-slot tuples indexed by 3 bits of the key's phash2 at a time. A slot holds nothing
# ([]), one entry ([key | value]) or an entry with a deeper node ({key, value, node}): the
# layout Elixir's HashDict has, so entries come out in the same order and two dicts with the
# same entries put in the same order are equal (==). The functions every dict shares come
# from `use Dict`.
defmodule HashDict do
  @moduledoc false

  use Dict

  @empty {[], [], [], [], [], [], [], []}

  @opaque t :: %__MODULE__{size: non_neg_integer, root: term}
  defstruct size: 0, root: @empty

  message = "Use maps and the Map module instead"

  @deprecated message
  def new, do: %HashDict{}

  @deprecated message
  def put(%HashDict{root: root, size: size}, key, value) do
    {root, added} = trie_update(root, key, :erlang.phash2(key), fn -> value end, fn _ -> value end)
    %HashDict{root: root, size: size + added}
  end

  @deprecated message
  def update!(%HashDict{root: root, size: size} = dict, key, fun) when is_function(fun, 1) do
    missing = fn -> raise KeyError, key: key, term: dict end
    {root, added} = trie_update(root, key, :erlang.phash2(key), missing, fun)
    %HashDict{root: root, size: size + added}
  end

  @deprecated message
  def update(%HashDict{root: root, size: size}, key, default, fun) when is_function(fun, 1) do
    {root, added} = trie_update(root, key, :erlang.phash2(key), fn -> default end, fun)
    %HashDict{root: root, size: size + added}
  end

  @deprecated message
  def fetch(%HashDict{root: root}, key), do: trie_fetch(root, key, :erlang.phash2(key))

  @deprecated message
  def delete(dict, key) do
    case dict_delete(dict, key) do
      {dict, _value} -> dict
      :error -> dict
    end
  end

  @deprecated message
  def pop(dict, key, default \\ nil) do
    case dict_delete(dict, key) do
      {dict, value} -> {value, dict}
      :error -> {default, dict}
    end
  end

  @deprecated message
  def size(%HashDict{size: size}), do: size

  @doc false
  @deprecated message
  def reduce(%HashDict{root: root}, acc, fun) do
    walk(root, 8, acc, fun, fn
      {:cont, acc} -> {:done, acc}
      {:halt, acc} -> {:halted, acc}
      {:suspend, acc} -> {:suspended, acc, &{:done, elem(&1, 1)}}
    end)
  end

  @doc false
  def dict_delete(%HashDict{root: root, size: size}, key) do
    case trie_delete(root, key, :erlang.phash2(key)) do
      {root, value} -> {%HashDict{root: root, size: size - 1}, value}
      :error -> :error
    end
  end

  # ---- the trie --------------------------------------------------------------------------

  import Bitwise

  defp slot(hash), do: (hash &&& 7) + 1

  defp trie_fetch(node, key, hash) do
    case :erlang.element(slot(hash), node) do
      [^key | value] -> {:ok, value}
      {^key, value, _} -> {:ok, value}
      {_, _, deeper} -> trie_fetch(deeper, key, hash >>> 3)
      _ -> :error
    end
  end

  # The key's value set from `missing.()` when it is not there, `present.(value)` when it is;
  # with how many entries were added (0 or 1).
  defp trie_update(node, key, hash, missing, present) do
    i = slot(hash)

    case :erlang.element(i, node) do
      [] ->
        {:erlang.setelement(i, node, [key | missing.()]), 1}

      [^key | value] ->
        {:erlang.setelement(i, node, [key | present.(value)]), 0}

      [other | other_value] ->
        deeper = :erlang.setelement(slot(hash >>> 3), @empty, [key | missing.()])
        {:erlang.setelement(i, node, {other, other_value, deeper}), 1}

      {^key, value, deeper} ->
        {:erlang.setelement(i, node, {key, present.(value), deeper}), 0}

      {other, other_value, deeper} ->
        {deeper, added} = trie_update(deeper, key, hash >>> 3, missing, present)
        {:erlang.setelement(i, node, {other, other_value, deeper}), added}
    end
  end

  defp trie_delete(node, key, hash) do
    i = slot(hash)

    case :erlang.element(i, node) do
      [] ->
        :error

      [^key | value] ->
        {:erlang.setelement(i, node, []), value}

      [_ | _] ->
        :error

      {^key, value, deeper} ->
        {:erlang.setelement(i, node, pull_up(deeper)), value}

      {other, other_value, deeper} ->
        case trie_delete(deeper, key, hash >>> 3) do
          {@empty, value} -> {:erlang.setelement(i, node, [other | other_value]), value}
          {deeper, value} -> {:erlang.setelement(i, node, {other, other_value, deeper}), value}
          :error -> :error
        end
    end
  end

  # A slot whose own entry was deleted takes the entry of the first non-empty slot below it.
  defp pull_up(node), do: pull_up(node, first_taken(node, 1))

  defp pull_up(node, i) do
    case :erlang.element(i, node) do
      [key | value] ->
        case :erlang.setelement(i, node, []) do
          @empty -> [key | value]
          rest -> {key, value, rest}
        end

      {key, value, deeper} ->
        {key, value, :erlang.setelement(i, node, pull_up(deeper))}
    end
  end

  defp first_taken(node, i) do
    if :erlang.element(i, node) != [], do: i, else: first_taken(node, i + 1)
  end

  # Slots from the last to the first, each entry before its deeper node (Enumerable's reduce).
  defp walk(_node, _i, {:halt, acc}, _fun, _next), do: {:halted, acc}
  defp walk(node, i, {:suspend, acc}, fun, next), do: {:suspended, acc, &walk(node, i, &1, fun, next)}
  defp walk(_node, 0, acc, _fun, next), do: next.(acc)

  defp walk(node, i, {:cont, acc} = cont, fun, next) do
    after_slot = &walk(node, i - 1, &1, fun, next)

    case :erlang.element(i, node) do
      [] -> after_slot.(cont)
      [key | value] -> after_slot.(fun.({key, value}, acc))
      {key, value, deeper} -> walk_entry_then(deeper, fun.({key, value}, acc), fun, after_slot)
    end
  end

  defp walk_entry_then(_deeper, {:halt, acc}, _fun, _next), do: {:halted, acc}
  defp walk_entry_then(deeper, {:suspend, acc}, fun, next), do: {:suspended, acc, &walk_entry_then(deeper, &1, fun, next)}
  defp walk_entry_then(deeper, cont, fun, next), do: walk(deeper, 8, cont, fun, next)
end

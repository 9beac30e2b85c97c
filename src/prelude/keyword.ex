# The fun-taking functions of Keyword, ported from Elixir 1.14, and those whose failures
# on what is not a keyword list are Elixir's own steps (take, drop, split, get_values,
# pop_values, validate!); the rest are natives.
defmodule Keyword do
  # Elixir's Keyword inlines delete/2 (@compile {:inline, delete: 2}) into its callers, where
  # its failed guard (an improper list's tail) is a CaseClauseError on the arguments.
  defp delete_local(keywords, key) do
    case {keywords, key} do
      {keywords, key} when is_list(keywords) and is_atom(key) -> Keyword.delete(keywords, key)
    end
  end

  def replace(keywords, key, value) when is_list(keywords) and is_atom(key) do
    do_replace(keywords, key, value)
  end

  defp do_replace([{key, _} | keywords], key, value), do: [{key, value} | delete_local(keywords, key)]
  defp do_replace([{_, _} = e | keywords], key, value), do: [e | do_replace(keywords, key, value)]
  defp do_replace([], _key, _value), do: []

  def replace!(keywords, key, value) when is_list(keywords) and is_atom(key) do
    replace!(keywords, key, value, keywords)
  end

  defp replace!([{key, _} | keywords], key, value, _original), do: [{key, value} | delete_local(keywords, key)]
  defp replace!([{_, _} = e | keywords], key, value, original), do: [e | replace!(keywords, key, value, original)]
  defp replace!([], key, _value, original), do: raise(KeyError, key: key, term: original)

  def get_values(keywords, key) when is_list(keywords) and is_atom(key) do
    get_values(keywords, key, [])
  end

  defp get_values([{key, value} | tail], key, values), do: get_values(tail, key, [value | values])
  defp get_values([{_, _} | tail], key, values), do: get_values(tail, key, values)
  defp get_values([], _key, values), do: :lists.reverse(values)

  def pop_values(keywords, key) when is_list(keywords) and is_atom(key) do
    pop_values(:lists.reverse(keywords), key, [], [])
  end

  defp pop_values([{key, value} | tail], key, values, acc),
    do: pop_values(tail, key, [value | values], acc)

  defp pop_values([{_, _} = pair | tail], key, values, acc),
    do: pop_values(tail, key, values, [pair | acc])

  defp pop_values([], _key, values, acc), do: {values, acc}

  # (:lists.filter/2 and :lists.foldl/3, which Elixir's compiler inlines into the function
  # calling them, under the names it gives them: a failure shows them)
  def take(keywords, keys) when is_list(keywords) and is_list(keys) do
    unquote(:"-take/2-lists^filter/1-0-")(fn {k, _} -> :lists.member(k, keys) end, keywords)
  end

  def drop(keywords, keys) when is_list(keywords) and is_list(keys) do
    unquote(:"-drop/2-lists^filter/1-0-")(fn {k, _} -> k not in keys end, keywords)
  end

  for loop <- [:"-take/2-lists^filter/1-0-", :"-drop/2-lists^filter/1-0-"] do
    # (as OTP's compiler lays out the comprehension in :lists.filter/2: the rest is built
    # before the element is kept or not, so one frame of it waits, kept or dropped)
    defp unquote(loop)(pred, [head | tail]) do
      keep = pred.(head)
      rest = unquote(loop)(pred, tail)
      if keep, do: [head | rest], else: rest
    end

    defp unquote(loop)(_pred, []), do: []
  end

  defp unquote(:"-split/2-lists^foldl/2-0-")(fun, acc, [head | tail]),
    do: unquote(:"-split/2-lists^foldl/2-0-")(fun, fun.(head, acc), tail)

  defp unquote(:"-split/2-lists^foldl/2-0-")(fun, acc, []) when is_function(fun, 2), do: acc

  def split(keywords, keys) when is_list(keywords) and is_list(keys) do
    fun = fn {k, v}, {take, drop} ->
      case k in keys do
        true -> {[{k, v} | take], drop}
        false -> {take, [{k, v} | drop]}
      end
    end

    {take, drop} = unquote(:"-split/2-lists^foldl/2-0-")(fun, {[], []}, keywords)
    {:lists.reverse(take), :lists.reverse(drop)}
  end

  def validate!(keyword, values) do
    case Keyword.validate(keyword, values) do
      {:ok, kw} ->
        kw

      {:error, invalid_keys} ->
        # (a comprehension, as Elixir compiles it: Enum.reduce/3 and a reverse)
        keys =
          values
          |> Enum.reduce([], fn value, acc -> [if(is_atom(value), do: value, else: elem(value, 0)) | acc] end)
          |> :lists.reverse()

        message =
          case Enum.split_with(invalid_keys, &(&1 in keys)) do
            {_, [_ | _] = unknown} ->
              "unknown keys #{inspect(unknown)} in #{inspect(keyword)}, " <>
                "the allowed keys are: #{inspect(keys)}"

            {[_ | _] = known, _} ->
              "duplicate keys #{inspect(known)} in #{inspect(keyword)}"
          end

        raise ArgumentError, message
    end
  end

  def new(pairs, transform) when is_function(transform, 1) do
    fun = fn el, acc ->
      {k, v} = transform.(el)
      Keyword.put_new(acc, k, v)
    end

    :lists.foldl(fun, [], Enum.reverse(pairs))
  end

  def get_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 0) do
    case :lists.keyfind(key, 1, keywords) do
      {^key, value} -> value
      false -> fun.()
    end
  end

  def get_and_update(keywords, key, fun) when is_list(keywords) and is_atom(key),
    do: get_and_update(keywords, [], key, fun)

  defp get_and_update([{key, current} | t], acc, key, fun) do
    case fun.(current) do
      {get, value} -> {get, :lists.reverse(acc, [{key, value} | t])}
      :pop -> {current, :lists.reverse(acc, t)}
      other -> :erlang.error(RuntimeError.exception(bad_return(other)))
    end
  end

  defp get_and_update([{_, _} = h | t], acc, key, fun), do: get_and_update(t, [h | acc], key, fun)

  defp get_and_update([], acc, key, fun) do
    case fun.(nil) do
      {get, update} -> {get, [{key, update} | :lists.reverse(acc)]}
      :pop -> {nil, :lists.reverse(acc)}
      other -> :erlang.error(RuntimeError.exception(bad_return(other)))
    end
  end

  def get_and_update!(keywords, key, fun), do: get_and_update!(keywords, key, fun, [])

  defp get_and_update!([{key, value} | keywords], key, fun, acc) do
    case fun.(value) do
      {get, value} -> {get, :lists.reverse(acc, [{key, value} | delete_local(keywords, key)])}
      :pop -> {value, :lists.reverse(acc, keywords)}
      other -> :erlang.error(RuntimeError.exception(bad_return(other)))
    end
  end

  defp get_and_update!([{_, _} = e | keywords], key, fun, acc), do: get_and_update!(keywords, key, fun, [e | acc])

  defp get_and_update!([], key, _fun, acc) when is_atom(key) do
    :erlang.error(KeyError.exception(key: key, term: acc))
  end

  def put_new_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 0) do
    case :lists.keyfind(key, 1, keywords) do
      {^key, _} -> keywords
      false -> [{key, fun.()} | keywords]
    end
  end

  def replace_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 1) do
    do_replace_lazy(keywords, key, fun)
  end

  defp do_replace_lazy([{key, value} | keywords], key, fun), do: [{key, fun.(value)} | delete_local(keywords, key)]
  defp do_replace_lazy([{_, _} = e | keywords], key, fun), do: [e | do_replace_lazy(keywords, key, fun)]
  defp do_replace_lazy([], _key, _value), do: []

  def merge(keywords1, keywords2, fun) when is_list(keywords1) and is_list(keywords2) and is_function(fun, 3) do
    if Keyword.keyword?(keywords1) do
      do_merge(keywords2, [], keywords1, keywords1, fun, keywords2)
    else
      :erlang.error(
        ArgumentError.exception("expected a keyword list as the first argument, got: #{inspect(keywords1)}")
      )
    end
  end

  defp do_merge([{key, value2} | tail], acc, rest, original, fun, keywords2) when is_atom(key) do
    case :lists.keyfind(key, 1, original) do
      {^key, value1} ->
        acc = [{key, fun.(key, value1, value2)} | acc]
        original = :lists.keydelete(key, 1, original)
        do_merge(tail, acc, Keyword.delete(rest, key), original, fun, keywords2)

      false ->
        do_merge(tail, [{key, value2} | acc], rest, original, fun, keywords2)
    end
  end

  defp do_merge([], acc, rest, _original, _fun, _keywords2), do: rest ++ :lists.reverse(acc)

  defp do_merge(_other, _acc, _rest, _original, _fun, keywords2) do
    :erlang.error(
      ArgumentError.exception("expected a keyword list as the second argument, got: #{inspect(keywords2)}")
    )
  end

  def update!(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 1) do
    update!(keywords, key, fun, keywords)
  end

  defp update!([{key, value} | keywords], key, fun, _original), do: [{key, fun.(value)} | delete_local(keywords, key)]
  defp update!([{_, _} = pair | keywords], key, fun, original), do: [pair | update!(keywords, key, fun, original)]
  defp update!([], key, _fun, original), do: :erlang.error(KeyError.exception(key: key, term: original))

  def update(keywords, key, default, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 1) do
    update_guarded(keywords, key, default, fun)
  end

  defp update_guarded([{key, value} | keywords], key, _default, fun) do
    [{key, fun.(value)} | delete_local(keywords, key)]
  end

  defp update_guarded([{_, _} = pair | keywords], key, default, fun) do
    [pair | update_guarded(keywords, key, default, fun)]
  end

  defp update_guarded([], key, default, _fun), do: [{key, default}]

  def pop_lazy(keywords, key, fun) when is_list(keywords) and is_atom(key) and is_function(fun, 0) do
    case Keyword.fetch(keywords, key) do
      {:ok, value} -> {value, Keyword.delete(keywords, key)}
      :error -> {fun.(), keywords}
    end
  end

  def filter(keywords, fun) when is_list(keywords) and is_function(fun, 1), do: do_filter(keywords, fun)

  defp do_filter([], _fun), do: []

  defp do_filter([{_, _} = entry | entries], fun) do
    if fun.(entry), do: [entry | do_filter(entries, fun)], else: do_filter(entries, fun)
  end

  def reject(keywords, fun) when is_list(keywords) and is_function(fun, 1), do: do_reject(keywords, fun)

  defp do_reject([], _fun), do: []

  defp do_reject([{_, _} = entry | entries], fun) do
    if fun.(entry), do: do_reject(entries, fun), else: [entry | do_reject(entries, fun)]
  end

  def map(keywords, fun) when is_list(keywords) do
    Enum.map(keywords, fn {k, v} -> {k, fun.({k, v})} end)
  end

  defp bad_return(other) do
    "the given function must return a two-element tuple or :pop, got: #{inspect(other)}"
  end
end

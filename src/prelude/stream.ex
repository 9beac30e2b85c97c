# Stream, ported from Elixir 1.14: lazy enumerables as %Stream{} structs (a source plus a
# stack of reducer-transformers, printed by inspect as #Stream<[enum: ..., funs: [...]]>)
# or as arity-2 functions `fn acc, fun -> ... end`. Stream.Reducers' macros are expanded
# by hand: a stream accumulator is `[head, state | tail]` and `next_with_acc/5` threads
# one stage's state around the call to the next stage.
defmodule Stream do
  # Struct literals below spell out every field: beamsh does not fill in defaults for a
  # struct built inside its own module.
  defstruct enum: nil, funs: [], accs: [], done: nil

  ## Transformers

  def chunk(enum, n), do: chunk(enum, n, n, nil)
  def chunk(enum, n, step), do: chunk_every(enum, n, step, nil)

  def chunk(enum, n, step, leftover)
      when is_integer(n) and n > 0 and is_integer(step) and step > 0 do
    chunk_every(enum, n, step, leftover || :discard)
  end

  def chunk_every(enum, count), do: chunk_every(enum, count, count, [])

  def chunk_every(enum, count, step, leftover \\ [])
      when is_integer(count) and count > 0 and is_integer(step) and step > 0 do
    Stream.Reducers.chunk_every(&chunk_while/4, enum, count, step, leftover)
  end

  def chunk_by(enum, fun) when is_function(fun, 1) do
    Stream.Reducers.chunk_by(&chunk_while/4, enum, fun)
  end

  def chunk_while(enum, acc, chunk_fun, after_fun)
      when is_function(chunk_fun, 2) and is_function(after_fun, 1) do
    lazy(enum, [acc | after_fun], fn f1 -> chunk_while_fun(chunk_fun, f1) end, &after_chunk_while/2)
  end

  defp chunk_while_fun(callback, fun) do
    fn entry, [head, [acc | after_fun] | tail] ->
      case callback.(entry, acc) do
        {:cont, emit, acc} ->
          case fun.(emit, [head | tail]) do
            {:halt, [head | tail]} -> {:halt, [head, [acc | &{:cont, &1}] | tail]}
            {command, [head | tail]} -> {command, [head, [acc | after_fun] | tail]}
          end

        {:cont, acc} ->
          {:cont, [head, [acc | after_fun] | tail]}

        {:halt, acc} ->
          {:halt, [head, [acc | after_fun] | tail]}
      end
    end
  end

  defp after_chunk_while([h, [acc | after_fun] | t], f1) do
    case after_fun.(acc) do
      {:cont, emit, acc} -> next_with_acc(f1, emit, h, [acc | after_fun], t)
      {:cont, acc} -> {:cont, [h, [acc | after_fun] | t]}
    end
  end

  def dedup(enum), do: dedup_by(enum, fn x -> x end)

  def dedup_by(enum, fun) when is_function(fun, 1) do
    lazy(enum, nil, fn f1 ->
      fn entry, [head, prev | tail] = acc ->
        value = fun.(entry)

        case prev do
          {:value, ^value} -> {:cont, acc}
          _ -> next_with_acc(f1, entry, head, {:value, value}, tail)
        end
      end
    end)
  end

  def drop(enum, n) when is_integer(n) and n >= 0 do
    lazy(enum, n, fn f1 ->
      fn
        _entry, [head, amount | tail] when amount > 0 -> {:cont, [head, amount - 1 | tail]}
        entry, [head, amount | tail] -> next_with_acc(f1, entry, head, amount, tail)
      end
    end)
  end

  def drop(enum, n) when is_integer(n) and n < 0 do
    n = abs(n)

    lazy(enum, {0, [], []}, fn f1 ->
      fn
        entry, [h, {count, buf1, []} | t] ->
          do_drop(:cont, n, entry, h, count, buf1, [], t)

        entry, [h, {count, buf1, [next | buf2]} | t] ->
          {reason, [h | t]} = f1.(next, [h | t])
          do_drop(reason, n, entry, h, count, buf1, buf2, t)
      end
    end)
  end

  defp do_drop(reason, n, entry, h, count, buf1, buf2, t) do
    buf1 = [entry | buf1]
    count = count + 1

    if count == n do
      {reason, [h, {0, [], :lists.reverse(buf1)} | t]}
    else
      {reason, [h, {count, buf1, buf2} | t]}
    end
  end

  def drop_every(enum, 0), do: %Stream{enum: enum, funs: [], accs: [], done: nil}
  def drop_every([], _nth), do: %Stream{enum: [], funs: [], accs: [], done: nil}

  def drop_every(enum, nth) when is_integer(nth) and nth > 0 do
    lazy(enum, nth, fn f1 ->
      fn
        _entry, [head, curr | tail] when curr in [nth, :first] -> {:cont, [head, 1 | tail]}
        entry, [head, curr | tail] -> next_with_acc(f1, entry, head, curr + 1, tail)
      end
    end)
  end

  def drop_while(enum, fun) when is_function(fun, 1) do
    lazy(enum, true, fn f1 ->
      fn entry, [head, bool | tail] = original ->
        if bool and fun.(entry) do
          {:cont, original}
        else
          next_with_acc(f1, entry, head, false, tail)
        end
      end
    end)
  end

  def duplicate(value, n) when is_integer(n) and n >= 0 do
    unfold(n, fn
      0 -> nil
      remaining -> {value, remaining - 1}
    end)
  end

  def each(enum, fun) when is_function(fun, 1) do
    lazy(enum, fn f1 ->
      fn x, acc ->
        fun.(x)
        f1.(x, acc)
      end
    end)
  end

  def flat_map(enum, mapper) when is_function(mapper, 1) do
    transform(enum, nil, fn val, nil -> {mapper.(val), nil} end)
  end

  def filter(enum, fun) when is_function(fun, 1) do
    lazy(enum, fn f1 ->
      fn entry, acc -> if fun.(entry), do: f1.(entry, acc), else: {:cont, acc} end
    end)
  end

  def filter_map(enum, filter, mapper) do
    lazy(enum, fn f1 ->
      fn entry, acc -> if filter.(entry), do: f1.(mapper.(entry), acc), else: {:cont, acc} end
    end)
  end

  def interval(n) when is_integer(n) and n >= 0 when n == :infinity do
    unfold(0, fn count ->
      Process.sleep(n)
      {count, count + 1}
    end)
  end

  def into(enum, collectable, transform \\ fn x -> x end) when is_function(transform, 1) do
    &do_into(enum, collectable, transform, &1, &2)
  end

  defp do_into(enum, collectable, transform, acc, fun) do
    {initial, into} = Collectable.into(collectable)

    composed = fn x, [acc | collectable] ->
      collectable = into.(collectable, {:cont, transform.(x)})
      {reason, acc} = fun.(x, acc)
      {reason, [acc | collectable]}
    end

    do_into(&Enumerable.reduce(enum, &1, composed), initial, into, acc)
  end

  defp do_into(reduce, collectable, into, {command, acc}) do
    try do
      reduce.({command, [acc | collectable]})
    catch
      kind, reason ->
        into.(collectable, :halt)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {:suspended, [acc | collectable], continuation} ->
        {:suspended, acc, &do_into(continuation, collectable, into, &1)}

      {reason, [acc | collectable]} ->
        into.(collectable, :done)
        {reason, acc}
    end
  end

  def map(enum, fun) when is_function(fun, 1) do
    lazy(enum, fn f1 -> fn entry, acc -> f1.(fun.(entry), acc) end end)
  end

  def map_every(enum, nth, fun) when is_integer(nth) and nth >= 0 and is_function(fun, 1) do
    map_every_after_guards(enum, nth, fun)
  end

  defp map_every_after_guards(enum, 1, fun), do: map(enum, fun)
  defp map_every_after_guards(enum, 0, _fun), do: %Stream{enum: enum, funs: [], accs: [], done: nil}
  defp map_every_after_guards([], _nth, _fun), do: %Stream{enum: [], funs: [], accs: [], done: nil}

  defp map_every_after_guards(enum, nth, fun) do
    lazy(enum, nth, fn f1 ->
      fn
        entry, [head, curr | tail] when curr in [nth, :first] ->
          next_with_acc(f1, fun.(entry), head, 1, tail)

        entry, [head, curr | tail] ->
          next_with_acc(f1, entry, head, curr + 1, tail)
      end
    end)
  end

  def reject(enum, fun) when is_function(fun, 1) do
    lazy(enum, fn f1 ->
      fn entry, acc -> if fun.(entry), do: {:cont, acc}, else: f1.(entry, acc) end
    end)
  end

  def run(stream) do
    _ = Enumerable.reduce(stream, {:cont, nil}, fn _, _ -> {:cont, nil} end)
    :ok
  end

  def scan(enum, fun) when is_function(fun, 2) do
    lazy(enum, :first, fn f1 ->
      fn
        entry, [head, :first | tail] ->
          next_with_acc(f1, entry, head, {:ok, entry}, tail)

        entry, [head, {:ok, acc} | tail] ->
          value = fun.(entry, acc)
          next_with_acc(f1, value, head, {:ok, value}, tail)
      end
    end)
  end

  def scan(enum, acc, fun) when is_function(fun, 2) do
    lazy(enum, acc, fn f1 ->
      fn entry, [head, acc | tail] ->
        value = fun.(entry, acc)
        next_with_acc(f1, value, head, value, tail)
      end
    end)
  end

  def take(enum, count) when is_integer(count), do: take_after_guards(enum, count)

  defp take_after_guards(_enum, 0), do: %Stream{enum: [], funs: [], accs: [], done: nil}
  defp take_after_guards([], _count), do: %Stream{enum: [], funs: [], accs: [], done: nil}

  defp take_after_guards(enum, count) when count > 0 do
    lazy(enum, count, fn f1 ->
      fn entry, [head, curr | tail] = original ->
        case curr do
          0 ->
            {:halt, original}

          1 ->
            {_, acc} = next_with_acc(f1, entry, head, 0, tail)
            {:halt, acc}

          _ ->
            next_with_acc(f1, entry, head, curr - 1, tail)
        end
      end
    end)
  end

  defp take_after_guards(enum, count) when count < 0 do
    &Enumerable.reduce(Enum.take(enum, count), &1, &2)
  end

  def take_every(enum, nth) when is_integer(nth) and nth >= 0, do: take_every_after_guards(enum, nth)

  defp take_every_after_guards(_enum, 0), do: %Stream{enum: [], funs: [], accs: [], done: nil}
  defp take_every_after_guards([], _nth), do: %Stream{enum: [], funs: [], accs: [], done: nil}

  defp take_every_after_guards(enum, nth) do
    lazy(enum, nth, fn f1 ->
      fn
        entry, [head, curr | tail] when curr in [nth, :first] ->
          next_with_acc(f1, entry, head, 1, tail)

        _entry, [head, curr | tail] ->
          {:cont, [head, curr + 1 | tail]}
      end
    end)
  end

  def take_while(enum, fun) when is_function(fun, 1) do
    lazy(enum, fn f1 ->
      fn entry, acc -> if fun.(entry), do: f1.(entry, acc), else: {:halt, acc} end
    end)
  end

  def timer(n) when is_integer(n) and n >= 0 when n == :infinity, do: take(interval(n), 1)

  def uniq(enum), do: uniq_by(enum, fn x -> x end)
  def uniq(enum, fun), do: uniq_by(enum, fun)

  def uniq_by(enum, fun) when is_function(fun, 1) do
    lazy(enum, %{}, fn f1 ->
      fn entry, [head, prev | tail] = original ->
        value = fun.(entry)

        if Map.has_key?(prev, value) do
          {:cont, original}
        else
          next_with_acc(f1, entry, head, Map.put(prev, value, true), tail)
        end
      end
    end)
  end

  def with_index(enum, offset \\ 0) when is_integer(offset) do
    lazy(enum, offset, fn f1 ->
      fn entry, [head, counter | tail] ->
        next_with_acc(f1, {entry, counter}, head, counter + 1, tail)
      end
    end)
  end

  def intersperse(enumerable, intersperse_element) do
    Stream.transform(enumerable, false, fn
      element, true -> {[intersperse_element, element], true}
      element, false -> {[element], true}
    end)
  end

  ## Combinators

  def concat(enumerables), do: flat_map(enumerables, & &1)
  def concat(first, second), do: flat_map([first, second], & &1)

  def zip(enumerable1, enumerable2) do
    zip_with(enumerable1, enumerable2, fn left, right -> {left, right} end)
  end

  def zip(enumerables), do: zip_with(enumerables, &List.to_tuple(&1))

  def zip_with(enumerable1, enumerable2, zip_fun)
      when is_list(enumerable1) and is_list(enumerable2) and is_function(zip_fun, 2) do
    &zip_pair(enumerable1, enumerable2, &1, &2, zip_fun)
  end

  def zip_with(enumerable1, enumerable2, zip_fun) when is_function(zip_fun, 2) do
    zip_with([enumerable1, enumerable2], fn [left, right] -> zip_fun.(left, right) end)
  end

  def zip_with(enumerables, zip_fun) when is_function(zip_fun, 1) do
    if is_list(enumerables) and all_lists?(enumerables) do
      &zip_list(enumerables, &1, &2, zip_fun)
    else
      &zip_enum(enumerables, &1, &2, zip_fun)
    end
  end

  defp all_lists?([h | t]) when is_list(h), do: all_lists?(t)
  defp all_lists?([]), do: true
  defp all_lists?(_), do: false

  defp zip_pair(_list1, _list2, {:halt, acc}, _fun, _zip_fun), do: {:halted, acc}

  defp zip_pair(list1, list2, {:suspend, acc}, fun, zip_fun),
    do: {:suspended, acc, &zip_pair(list1, list2, &1, fun, zip_fun)}

  defp zip_pair([], _list2, {:cont, acc}, _fun, _zip_fun), do: {:done, acc}
  defp zip_pair(_list1, [], {:cont, acc}, _fun, _zip_fun), do: {:done, acc}

  defp zip_pair([head1 | tail1], [head2 | tail2], {:cont, acc}, fun, zip_fun),
    do: zip_pair(tail1, tail2, fun.(zip_fun.(head1, head2), acc), fun, zip_fun)

  defp zip_list(_enumerables, {:halt, acc}, _fun, _zip_fun), do: {:halted, acc}

  defp zip_list(enumerables, {:suspend, acc}, fun, zip_fun),
    do: {:suspended, acc, &zip_list(enumerables, &1, fun, zip_fun)}

  defp zip_list(enumerables, {:cont, acc}, fun, zip_fun) do
    case zip_list_heads_tails(enumerables, [], []) do
      {heads, tails} -> zip_list(tails, fun.(zip_fun.(heads), acc), fun, zip_fun)
      :error -> {:done, acc}
    end
  end

  defp zip_list_heads_tails([[head | tail] | rest], heads, tails),
    do: zip_list_heads_tails(rest, [head | heads], [tail | tails])

  defp zip_list_heads_tails([[] | _rest], _heads, _tails), do: :error
  defp zip_list_heads_tails([], heads, tails), do: {:lists.reverse(heads), :lists.reverse(tails)}

  defp zip_enum(enumerables, acc, fun, zip_fun) do
    step = fn x, acc -> {:suspend, :lists.reverse([x | acc])} end
    enum_funs = Enum.map(enumerables, fn enum -> {&Enumerable.reduce(enum, &1, step), [], :cont} end)
    do_zip_enum(enum_funs, acc, fun, zip_fun)
  end

  defp do_zip_enum(zips, {:halt, acc}, _fun, _zip_fun) do
    do_zip_close(zips)
    {:halted, acc}
  end

  defp do_zip_enum(zips, {:suspend, acc}, fun, zip_fun),
    do: {:suspended, acc, &do_zip_enum(zips, &1, fun, zip_fun)}

  defp do_zip_enum([], {:cont, acc}, _callback, _zip_fun), do: {:done, acc}

  defp do_zip_enum(zips, {:cont, acc}, callback, zip_fun) do
    try do
      do_zip_next(zips, acc, callback, [], [], zip_fun)
    catch
      kind, reason ->
        do_zip_close(zips)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {:next, buffer, acc} -> do_zip_enum(buffer, acc, callback, zip_fun)
      {:done, _acc} = other -> other
    end
  end

  defp do_zip_next([{_, [], :halt} | zips], acc, _callback, _yielded_elems, buffer, _zip_fun) do
    do_zip_close(:lists.reverse(buffer, zips))
    {:done, acc}
  end

  defp do_zip_next([{fun, [], :cont} | zips], acc, callback, yielded_elems, buffer, zip_fun) do
    case fun.({:cont, []}) do
      {:suspended, [elem | next_acc], fun} ->
        next_buffer = [{fun, next_acc, :cont} | buffer]
        do_zip_next(zips, acc, callback, [elem | yielded_elems], next_buffer, zip_fun)

      {_, [elem | next_acc]} ->
        next_buffer = [{fun, next_acc, :halt} | buffer]
        do_zip_next(zips, acc, callback, [elem | yielded_elems], next_buffer, zip_fun)

      {_, []} ->
        do_zip_close(:lists.reverse(buffer, zips))
        {:done, acc}
    end
  end

  defp do_zip_next([{fun, zip_acc, zip_op} | zips], acc, callback, yielded_elems, buffer, zip_fun) do
    [elem | rest] = zip_acc
    next_buffer = [{fun, rest, zip_op} | buffer]
    do_zip_next(zips, acc, callback, [elem | yielded_elems], next_buffer, zip_fun)
  end

  defp do_zip_next([] = _zips, acc, callback, yielded_elems, buffer, zip_fun) do
    {:next, :lists.reverse(buffer), callback.(zip_fun.(:lists.reverse(yielded_elems)), acc)}
  end

  defp do_zip_close(zips) do
    :lists.foreach(fn {fun, _, _} -> fun.({:halt, []}) end, zips)
  end

  ## Transform

  def transform(enum, acc, reducer) when is_function(reducer, 2) do
    &do_transform(enum, fn -> acc end, reducer, &1, &2, nil, fn acc -> acc end)
  end

  def transform(enum, start_fun, reducer, after_fun)
      when is_function(start_fun, 0) and is_function(reducer, 2) and is_function(after_fun, 1) do
    &do_transform(enum, start_fun, reducer, &1, &2, nil, after_fun)
  end

  def transform(enum, start_fun, reducer, last_fun, after_fun)
      when is_function(start_fun, 0) and is_function(reducer, 2) and is_function(last_fun, 1) and
             is_function(after_fun, 1) do
    &do_transform(enum, start_fun, reducer, &1, &2, last_fun, after_fun)
  end

  defp do_transform(enumerables, user_acc, user, inner_acc, fun, last_fun, after_fun) do
    inner = &do_transform_each(&1, &2, fun)
    step = &do_transform_step(&1, &2)
    next = &Enumerable.reduce(enumerables, &1, step)
    funs = {user, fun, inner, last_fun, after_fun}
    do_transform(user_acc.(), :cont, next, inner_acc, funs)
  end

  defp do_transform(user_acc, _next_op, next, {:halt, inner_acc}, funs) do
    {_, _, _, _, after_fun} = funs
    next.({:halt, []})
    after_fun.(user_acc)
    {:halted, inner_acc}
  end

  defp do_transform(user_acc, next_op, next, {:suspend, inner_acc}, funs) do
    {:suspended, inner_acc, &do_transform(user_acc, next_op, next, &1, funs)}
  end

  defp do_transform(user_acc, :cont, next, inner_acc, funs) do
    {_, _, _, _, after_fun} = funs

    try do
      next.({:cont, []})
    catch
      kind, reason ->
        after_fun.(user_acc)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {:suspended, vals, next} ->
        do_transform_user(:lists.reverse(vals), user_acc, :cont, next, inner_acc, funs)

      {_, vals} ->
        do_transform_user(:lists.reverse(vals), user_acc, :last, next, inner_acc, funs)
    end
  end

  defp do_transform(user_acc, :last, next, inner_acc, funs) do
    {_, _, _, last_fun, after_fun} = funs

    if last_fun do
      try do
        last_fun.(user_acc)
      catch
        kind, reason ->
          next.({:halt, []})
          after_fun.(user_acc)
          :erlang.raise(kind, reason, __STACKTRACE__)
      else
        result -> do_transform_result(result, [], :halt, next, inner_acc, funs)
      end
    else
      do_transform(user_acc, :halt, next, inner_acc, funs)
    end
  end

  defp do_transform(user_acc, :halt, _next, inner_acc, funs) do
    {_, _, _, _, after_fun} = funs
    after_fun.(user_acc)
    {:halted, elem(inner_acc, 1)}
  end

  defp do_transform_user([], user_acc, next_op, next, inner_acc, funs) do
    do_transform(user_acc, next_op, next, inner_acc, funs)
  end

  defp do_transform_user([val | vals], user_acc, next_op, next, inner_acc, funs) do
    {user, _, _, _, after_fun} = funs

    try do
      user.(val, user_acc)
    catch
      kind, reason ->
        next.({:halt, []})
        after_fun.(user_acc)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      result -> do_transform_result(result, vals, next_op, next, inner_acc, funs)
    end
  end

  defp do_transform_result(result, vals, next_op, next, inner_acc, funs) do
    {_, fun, inner, _, after_fun} = funs

    case result do
      {[], user_acc} ->
        do_transform_user(vals, user_acc, next_op, next, inner_acc, funs)

      {list, user_acc} when is_list(list) ->
        reduce = &Enumerable.List.reduce(list, &1, fun)
        do_transform_inner_list(vals, user_acc, next_op, next, inner_acc, reduce, funs)

      {:halt, user_acc} ->
        next.({:halt, []})
        after_fun.(user_acc)
        {:halted, elem(inner_acc, 1)}

      {other, user_acc} ->
        reduce = &Enumerable.reduce(other, &1, inner)
        do_transform_inner_enum(vals, user_acc, next_op, next, inner_acc, reduce, funs)
    end
  end

  defp do_transform_inner_list(vals, user_acc, next_op, next, inner_acc, reduce, funs) do
    {_, _, _, _, after_fun} = funs

    try do
      reduce.(inner_acc)
    catch
      kind, reason ->
        next.({:halt, []})
        after_fun.(user_acc)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {:done, acc} ->
        do_transform_user(vals, user_acc, next_op, next, {:cont, acc}, funs)

      {:halted, acc} ->
        next.({:halt, []})
        after_fun.(user_acc)
        {:halted, acc}

      {:suspended, acc, continuation} ->
        resume = &do_transform_inner_list(vals, user_acc, next_op, next, &1, continuation, funs)
        {:suspended, acc, resume}
    end
  end

  defp do_transform_inner_enum(vals, user_acc, next_op, next, {op, inner_acc}, reduce, funs) do
    {_, _, _, _, after_fun} = funs

    try do
      reduce.({op, [:outer | inner_acc]})
    catch
      kind, reason ->
        next.({:halt, []})
        after_fun.(user_acc)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {:halted, [:outer | acc]} when op != :halt ->
        do_transform_user(vals, user_acc, next_op, next, {:cont, acc}, funs)

      {:halted, [_ | acc]} ->
        next.({:halt, []})
        after_fun.(user_acc)
        {:halted, acc}

      {:done, [_ | acc]} ->
        do_transform_user(vals, user_acc, next_op, next, {:cont, acc}, funs)

      {:suspended, [_ | acc], continuation} ->
        resume = &do_transform_inner_enum(vals, user_acc, next_op, next, &1, continuation, funs)
        {:suspended, acc, resume}
    end
  end

  defp do_transform_each(x, [:outer | acc], f) do
    case f.(x, acc) do
      {:halt, res} -> {:halt, [:inner | res]}
      {op, res} -> {op, [:outer | res]}
    end
  end

  defp do_transform_step(x, acc), do: {:suspend, [x | acc]}

  ## Sources

  def cycle([]), do: :erlang.error(ArgumentError.exception("cannot cycle over an empty enumerable"))

  def cycle(enumerable) when is_list(enumerable) do
    unfold({enumerable, enumerable}, fn
      {source, [h | t]} -> {h, {source, t}}
      {source = [h | t], []} -> {h, {source, t}}
    end)
  end

  def cycle(enumerable) do
    fn acc, fun ->
      step = &do_cycle_step(&1, &2)
      cycle = &Enumerable.reduce(enumerable, &1, step)
      reduce = check_cycle_first_element(cycle)
      do_cycle(reduce, [], cycle, acc, fun)
    end
  end

  defp do_cycle(reduce, inner_acc, _cycle, {:halt, acc}, _fun) do
    reduce.({:halt, inner_acc})
    {:halted, acc}
  end

  defp do_cycle(reduce, inner_acc, cycle, {:suspend, acc}, fun) do
    {:suspended, acc, &do_cycle(reduce, inner_acc, cycle, &1, fun)}
  end

  defp do_cycle(reduce, inner_acc, cycle, {:cont, acc}, fun) do
    case reduce.({:cont, inner_acc}) do
      {:suspended, [element], new_reduce} ->
        do_cycle(new_reduce, inner_acc, cycle, fun.(element, acc), fun)

      {_, [element]} ->
        do_cycle(cycle, [], cycle, fun.(element, acc), fun)

      {_, []} ->
        do_cycle(cycle, [], cycle, {:cont, acc}, fun)
    end
  end

  defp do_cycle_step(x, acc), do: {:suspend, [x | acc]}

  defp check_cycle_first_element(reduce) do
    fn acc ->
      case reduce.(acc) do
        {state, []} when state in [:done, :halted] ->
          :erlang.error(ArgumentError.exception("cannot cycle over an empty enumerable"))

        other ->
          other
      end
    end
  end

  def iterate(start_value, next_fun) when is_function(next_fun, 1) do
    unfold({:ok, start_value}, fn
      {:ok, value} ->
        {value, {:next, value}}

      {:next, value} ->
        next = next_fun.(value)
        {next, {:next, next}}
    end)
  end

  def repeatedly(generator_fun) when is_function(generator_fun, 0) do
    &do_repeatedly(generator_fun, &1, &2)
  end

  defp do_repeatedly(generator_fun, {:suspend, acc}, fun) do
    {:suspended, acc, &do_repeatedly(generator_fun, &1, fun)}
  end

  defp do_repeatedly(_generator_fun, {:halt, acc}, _fun), do: {:halted, acc}

  defp do_repeatedly(generator_fun, {:cont, acc}, fun) do
    do_repeatedly(generator_fun, fun.(generator_fun.(), acc), fun)
  end

  def resource(start_fun, next_fun, after_fun)
      when is_function(start_fun, 0) and is_function(next_fun, 1) and is_function(after_fun, 1) do
    &do_resource(start_fun.(), next_fun, &1, &2, after_fun)
  end

  defp do_resource(next_acc, next_fun, {:suspend, acc}, fun, after_fun) do
    {:suspended, acc, &do_resource(next_acc, next_fun, &1, fun, after_fun)}
  end

  defp do_resource(next_acc, _next_fun, {:halt, acc}, _fun, after_fun) do
    after_fun.(next_acc)
    {:halted, acc}
  end

  defp do_resource(next_acc, next_fun, {:cont, acc}, fun, after_fun) do
    try do
      next_fun.(next_acc)
    catch
      kind, reason ->
        after_fun.(next_acc)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {:halt, next_acc} ->
        do_resource(next_acc, next_fun, {:halt, acc}, fun, after_fun)

      {[], next_acc} ->
        do_resource(next_acc, next_fun, {:cont, acc}, fun, after_fun)

      {[v], next_acc} ->
        do_element_resource(next_acc, next_fun, acc, fun, after_fun, v)

      {list, next_acc} when is_list(list) ->
        reduce = &Enumerable.List.reduce(list, &1, fun)
        do_list_resource(next_acc, next_fun, {:cont, acc}, fun, after_fun, reduce)

      {enum, next_acc} ->
        inner = &do_resource_each(&1, &2, fun)
        reduce = &Enumerable.reduce(enum, &1, inner)
        do_enum_resource(next_acc, next_fun, {:cont, acc}, fun, after_fun, reduce)
    end
  end

  defp do_element_resource(next_acc, next_fun, acc, fun, after_fun, v) do
    try do
      fun.(v, acc)
    catch
      kind, reason ->
        after_fun.(next_acc)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      acc -> do_resource(next_acc, next_fun, acc, fun, after_fun)
    end
  end

  defp do_list_resource(next_acc, next_fun, acc, fun, after_fun, reduce) do
    try do
      reduce.(acc)
    catch
      kind, reason ->
        after_fun.(next_acc)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {:done, acc} ->
        do_resource(next_acc, next_fun, {:cont, acc}, fun, after_fun)

      {:halted, acc} ->
        do_resource(next_acc, next_fun, {:halt, acc}, fun, after_fun)

      {:suspended, acc, c} ->
        {:suspended, acc, &do_list_resource(next_acc, next_fun, &1, fun, after_fun, c)}
    end
  end

  defp do_enum_resource(next_acc, next_fun, {op, acc}, fun, after_fun, reduce) do
    try do
      reduce.({op, [:outer | acc]})
    catch
      kind, reason ->
        after_fun.(next_acc)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {:halted, [:outer | acc]} ->
        do_resource(next_acc, next_fun, {:cont, acc}, fun, after_fun)

      {:halted, [:inner | acc]} ->
        do_resource(next_acc, next_fun, {:halt, acc}, fun, after_fun)

      {:done, [_ | acc]} ->
        do_resource(next_acc, next_fun, {:cont, acc}, fun, after_fun)

      {:suspended, [_ | acc], c} ->
        {:suspended, acc, &do_enum_resource(next_acc, next_fun, &1, fun, after_fun, c)}
    end
  end

  defp do_resource_each(x, [:outer | acc], f) do
    case f.(x, acc) do
      {:halt, res} -> {:halt, [:inner | res]}
      {op, res} -> {op, [:outer | res]}
    end
  end

  def unfold(next_acc, next_fun) when is_function(next_fun, 1) do
    &do_unfold(next_acc, next_fun, &1, &2)
  end

  defp do_unfold(next_acc, next_fun, {:suspend, acc}, fun) do
    {:suspended, acc, &do_unfold(next_acc, next_fun, &1, fun)}
  end

  defp do_unfold(_next_acc, _next_fun, {:halt, acc}, _fun), do: {:halted, acc}

  defp do_unfold(next_acc, next_fun, {:cont, acc}, fun) do
    case next_fun.(next_acc) do
      nil -> {:done, acc}
      {v, next_acc} -> do_unfold(next_acc, next_fun, fun.(v, acc), fun)
    end
  end

  ## Helpers

  defp next_with_acc(fun, entry, head, state, tail) do
    {reason, [head | tail]} = fun.(entry, [head | tail])
    {reason, [head, state | tail]}
  end

  defp lazy(%Stream{done: nil, funs: funs} = lazy, fun), do: %{lazy | funs: [fun | funs]}
  defp lazy(enum, fun), do: %Stream{enum: enum, funs: [fun], accs: [], done: nil}

  defp lazy(%Stream{done: nil, funs: funs, accs: accs} = lazy, acc, fun),
    do: %{lazy | funs: [fun | funs], accs: [acc | accs]}

  defp lazy(enum, acc, fun), do: %Stream{enum: enum, funs: [fun], accs: [acc], done: nil}

  defp lazy(%Stream{done: nil, funs: funs, accs: accs} = lazy, acc, fun, done),
    do: %{lazy | funs: [fun | funs], accs: [acc | accs], done: done}

  defp lazy(enum, acc, fun, done), do: %Stream{enum: enum, funs: [fun], accs: [acc], done: done}
end

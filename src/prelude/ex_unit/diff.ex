# ExUnit.Diff: what differs between the two sides of a failed assertion (==, === or a
# pattern match), for the formatter to colour. A diff is %ExUnit.Diff{equivalent?, left,
# right} whose sides are quoted expressions, in which:
#   - {:__block__, [diff: true], [term]} (or :diff in a node's metadata) is a part with no
#     counterpart on the other side, shown in the diff colour;
#   - {:__block__, [delimiter: ?"], parts} is a string cut into parts (some of them marked);
#   - {term} is a value (a list or a tuple) shown with inspect, not read as code.
# compute/3 also returns the environment after the comparison: the pins, the variables the
# pattern bound (current_vars, keyed {name, counter or context}) and hints for the reader.
# to_algebra/2 renders a side as an Inspect.Algebra document, wrapping marked parts with
# the given function.
defmodule ExUnit.Diff do
  @moduledoc false

  alias Inspect.Algebra

  defstruct equivalent?: true, left: nil, right: nil

  @pseudo_vars [:__MODULE__, :__DIR__, :__STACKTRACE__, :__ENV__, :__CALLER__]
  @infix_ops [:<>, :++, :|, :when, :and, :or]

  def compute(left, right, {:match, pins}) do
    walk(left, right, %{pins: Map.new(pins), context: :match, current_vars: %{}, hints: []})
  end

  def compute(left, right, op) when op in [:==, :===] do
    walk(left, right, %{pins: %{}, context: op, current_vars: %{}, hints: []})
  end

  defp walk(left, right, %{context: :match} = env), do: pattern(left, right, env)
  defp walk(left, right, env), do: value(left, right, env)

  defp same(left, right, env), do: {%__MODULE__{equivalent?: true, left: left, right: right}, env}
  defp apart(left, right, env), do: {%__MODULE__{equivalent?: false, left: left, right: right}, env}

  # Both sides differ as a whole.
  defp all_apart(left, right, env), do: apart(mark(left), mark(shield(right)), env)

  ## Patterns (the left side is quoted)

  defp pattern({:_, _, ctx} = left, right, env) when is_atom(ctx), do: same(left, shield(right), env)

  defp pattern({:^, _, [{name, _, ctx} = var]} = pin, right, env)
       when is_atom(name) and is_atom(ctx) do
    {diff, env} = value(Map.fetch!(env.pins, var_key(var)), right, env)
    {%{diff | left: mark(pin, not diff.equivalent?)}, env}
  end

  defp pattern({name, _, ctx} = var, right, env)
       when is_atom(name) and is_atom(ctx) and name not in @pseudo_vars do
    key = var_key(var)

    case env.current_vars do
      %{^key => ^right} -> same(var, shield(right), env)
      %{^key => _} -> all_apart(var, right, env)
      vars -> same(var, shield(right), %{env | current_vars: Map.put(vars, key, right)})
    end
  end

  defp pattern({sign, _, [n]}, right, env) when sign in [:-, :+] and is_number(n) do
    pattern(if(sign == :-, do: -n, else: n), right, env)
  end

  defp pattern({:++, meta, [prefix, suffix]}, right, env) when is_list(right) do
    prefix =
      case prefix do
        {_, [{:expanded, expanded} | _], _} -> expanded
        _ -> prefix
      end

    list(:match, {:++, meta, [prefix, suffix]}, right, env)
  end

  defp pattern({:{}, _, items}, right, env) when is_tuple(right),
    do: tuple(items, Tuple.to_list(right), env)

  defp pattern({a, b}, right, env) when is_tuple(right), do: tuple([a, b], Tuple.to_list(right), env)

  defp pattern({:%, _, [name, {:%{}, _, pairs}]}, %{} = right, env) when is_list(pairs),
    do: struct_pattern([{:__struct__, name} | pairs], right, env)

  defp pattern({:%{}, _, pairs}, %{} = right, env) when is_list(pairs),
    do: struct_pattern(pairs, right, env)

  defp pattern({:<>, _, [prefix, _]} = left, right, env) when is_binary(prefix) and is_binary(right),
    do: concat(left, right, env)

  defp pattern({:when, _, [_, _]} = left, right, env), do: guarded(left, right, env)

  defp pattern({_, [{:expanded, expanded} | _], _} = call, right, env) do
    {diff, env} = walk(expanded, right, env)
    written = Macro.update_meta(call, &Keyword.delete(&1, :expanded))
    {%{diff | left: mark(written, not diff.equivalent?)}, env}
  end

  defp pattern(left, right, env) when is_list(left) and is_list(right), do: maybe_list(left, right, env)

  defp pattern(left, right, env)
       when is_atom(left) or is_number(left) or is_reference(left) or is_pid(left) or
              is_function(left) or is_binary(left),
       do: value(left, right, env)

  defp pattern(left, right, env), do: all_apart(left, right, env)

  ## Values

  defp value(term, term, env)
       when is_atom(term) or is_number(term) or is_reference(term) or is_pid(term) or
              is_function(term),
       do: same(term, term, env)

  defp value(left, right, %{context: :==} = env) when is_number(left) and left == right,
    do: same(left, right, env)

  defp value(left, right, env) when is_number(left) and is_number(right),
    do: text(inspect(left), inspect(right), nil, env)

  defp value(left, right, env) when is_list(left) and is_list(right), do: maybe_list(left, right, env)

  defp value(left, right, env) when is_tuple(left) and is_tuple(right),
    do: tuple(Tuple.to_list(left), Tuple.to_list(right), env)

  defp value(%ls{} = left, %rs{} = right, env),
    do: structs(left, Map.to_list(left), right, ls, rs, env)

  defp value(%{} = left, %{} = right, env),
    do: map(Map.to_list(left), right, struct_name(left), struct_name(right), env)

  defp value(left, right, env) when is_binary(left) and is_binary(right),
    do: text(left, right, ?", env)

  defp value(left, right, env), do: all_apart(shield(left), right, env)

  ## Guards: the guard is evaluated only when the pattern matched, with its bindings.

  defp guarded({:when, _, [expr, guard]}, right, env) do
    {diff, env} = pattern(expr, right, env)

    {guard, holds?} =
      if diff.equivalent? do
        check_guard(guard, Map.merge(env.pins, env.current_vars))
      else
        {guard, false}
      end

    {%{diff | left: {:when, [], [diff.left, guard]}, equivalent?: holds?}, env}
  end

  defp check_guard({op, _, [a, b]}, binding) when op in [:when, :or, :and] do
    {a, a?} = check_guard(a, binding)
    {b, b?} = check_guard(b, binding)
    holds? = if op == :and, do: a? and b?, else: a? or b?
    {{op, [], [a, b]}, holds?}
  end

  defp check_guard(guard, binding) do
    runnable =
      Macro.prewalk(guard, fn
        {_, [{:expanded, expanded} | _], _} ->
          expanded

        {name, _, ctx} = var when is_atom(name) and is_atom(ctx) ->
          if Map.has_key?(binding, var_key(var)), do: var, else: throw(:unbound)

        node ->
          node
      end)

    holds? =
      try do
        {result, _} = Code.eval_quoted(runnable, Map.to_list(binding))
        result == true
      rescue
        _ -> false
      end

    {mark(guard, not holds?), holds?}
  catch
    :unbound -> {guard, false}
  end

  ## Tuples: element by element; extra elements are marked.

  defp tuple(lefts, rights, env), do: tuple(lefts, rights, env, true, [], [])

  defp tuple([l | ls], [r | rs], env, eq?, accl, accr) do
    {diff, env} = walk(l, r, env)
    tuple(ls, rs, env, eq? and diff.equivalent?, [diff.left | accl], [diff.right | accr])
  end

  defp tuple(ls, rs, env, eq?, accl, accr) do
    extra_left = Enum.map(ls, &mark(left_term(&1, env)))
    extra_right = Enum.map(rs, &mark(shield(&1)))
    eq? = eq? and ls == [] and rs == []

    {%__MODULE__{
       equivalent?: eq?,
       left: {:{}, [], Enum.reverse(accl, extra_left)},
       right: {:{}, [], Enum.reverse(accr, extra_right)}
     }, env}
  end

  ## Lists

  defp maybe_list([], [], env), do: same([], [], env)

  defp maybe_list(left, right, env) do
    if List.ascii_printable?(left) and List.ascii_printable?(right) do
      text(List.to_string(left), List.to_string(right), ?', env)
    else
      list(env.context, left, right, env)
    end
  end

  # The left list (a value, or a pattern with `|` and `++`) is flattened into its elements,
  # its tail and a record of where the operators were; the right list gives as many
  # elements, then its tail. Elements are compared by Myers' algorithm, tails on their own,
  # and the left side is rebuilt with its operators.
  defp list(context, left, right, env) do
    {elems, ltail, ops, count} = flatten(left, 0, context)
    {rhead, rtail} = take(right, count, [])
    {elems_diff, env} = myers(elems, rhead, env)
    {tail_diff, env} = list_tail(ltail, rtail, env)

    tail_kind =
      cond do
        ltail != [] -> {:improper, tail_diff.left}
        rtail != [] -> :tail
        true -> :nothing
      end

    {%__MODULE__{
       equivalent?: elems_diff.equivalent? and tail_diff.equivalent?,
       left: rebuild_left(elems_diff.left, tail_kind, ops),
       right: rebuild_right(Enum.reverse(elems_diff.right), tail_diff.right)
     }, env}
  end

  defp list_tail([], right, env) when is_list(right) do
    eq? = right == []
    {%__MODULE__{equivalent?: eq?, left: [], right: mark(shield(right), not eq?)}, env}
  end

  defp list_tail(left, right, env), do: walk(left, right, env)

  defp take([h | t], n, acc) when n > 0, do: take(t, n - 1, [h | acc])
  defp take(rest, _n, acc), do: {Enum.reverse(acc), rest}

  # {elements, tail, operators, count} or {:improper, tail}. Operators are nil,
  # {:|, index, [inner]} (a cons cell after `index` elements) or {:++, count, [left, right]}.
  defp flatten([], _index, _context), do: {[], [], nil, 0}

  defp flatten({:++, _, [a, b]}, _index, :match) do
    {elems_a, [], ops_a, count_a} = flatten(a, 0, :match)

    case flatten(b, 0, :match) do
      {:improper, tail} ->
        {elems_a, tail, {:++, count_a, [ops_a, nil]}, count_a}

      {elems_b, tail, ops_b, count_b} ->
        {elems_a ++ elems_b, tail, {:++, count_a, [ops_a, ops_b]}, count_a + count_b}
    end
  end

  defp flatten([{:|, _, [head, tail]}], index, :match), do: cons(head, flatten(tail, 0, :match), index)

  defp flatten([head | tail], index, context) do
    case flatten(tail, index + 1, context) do
      {:improper, _} = improper -> cons(head, improper, index)
      {elems, rest, ops, count} -> {[head | elems], rest, ops, count + 1}
    end
  end

  defp flatten(other, _index, _context), do: {:improper, other}

  defp cons(head, {:improper, tail}, index), do: {[head], tail, {:|, index, [nil]}, 1}

  defp cons(head, {elems, tail, ops, count}, index),
    do: {[head | elems], tail, {:|, index, [ops]}, count + 1}

  defp rebuild_left([], {:improper, tail}, nil), do: tail
  defp rebuild_left(elems, _tail_kind, nil), do: elems

  defp rebuild_left(elems, tail_kind, {:|, index, [inner]}) do
    {before, [head | rest]} = Enum.split(elems, index)

    rest =
      if tail_kind == :tail,
        do: mark(rebuild_left(rest, :nothing, inner)),
        else: rebuild_left(rest, tail_kind, inner)

    before ++ [{:|, [], [head, rest]}]
  end

  defp rebuild_left(elems, tail_kind, {:++, index, [ops_a, ops_b]}) do
    {a, b} = Enum.split(elems, index)
    {:++, [], [rebuild_left(a, :nothing, ops_a), rebuild_left(b, tail_kind, ops_b)]}
  end

  # `acc` holds the compared elements, last first; `tail` is the diffed right tail.
  defp rebuild_right(acc, tail) do
    case unmark(tail) do
      {{value}, marked?} -> append_tail(value, acc, &mark(shield(&1), marked?))
      {[_ | _] = list, false} -> append_tail(list, acc, & &1)
      _ -> append_tail(tail, acc, & &1)
    end
  end

  defp append_tail([h | t], acc, fun), do: append_tail(t, [fun.(h) | acc], fun)
  defp append_tail([], acc, _fun), do: Enum.reverse(acc)
  defp append_tail(tail, [last | acc], fun), do: Enum.reverse([{:|, [], [last, fun.(tail)]} | acc])
  defp append_tail(tail, [], fun), do: fun.(tail)

  # Myers' difference of two lists of elements, where two elements are "equal" when their
  # diff is equivalent (so variables bind along the way). Each path is
  # {consumed_left, rest_left, rest_right, edits_left, edits_right, env}; the paths of one
  # round are kept by diagonal, lowest first.
  defp myers(lefts, rights, env), do: myers_round(0, [{0, lefts, rights, [], [], env}])

  defp myers_round(d, paths) do
    case myers_diagonals(-d, d, paths, []) do
      {:done, {_, _, _, el, er, env}} -> edits_to_diff(Enum.reverse(el), Enum.reverse(er), true, [], [], env)
      {:next, paths} -> myers_round(d + 1, paths)
    end
  end

  defp myers_diagonals(k, d, _paths, acc) when k > d, do: {:next, Enum.reverse(acc)}

  defp myers_diagonals(k, d, paths, acc) do
    {path, rest} =
      case paths do
        [only] when k == 0 and d == 0 -> {only, []}
        [first | _] when k == -d -> {step_left(first), paths}
        [only] when k == d -> {step_right(only), []}
        [a, b | more] -> if elem(a, 0) > elem(b, 0), do: {step_right(a), [b | more]}, else: {step_left(b), [b | more]}
      end

    case snake(path) do
      {:done, path} -> {:done, path}
      {:cont, path} -> myers_diagonals(k + 2, d, rest, [path | acc])
    end
  end

  # Consume one element of the right list (an insertion).
  defp step_right({y, ls, [r | rs], el, er, env}), do: {y, ls, rs, el, [{:ins, r} | er], env}
  defp step_right(path), do: path

  # Consume one element of the left list (a deletion).
  defp step_left({y, [l | ls], rs, el, er, env}), do: {y + 1, ls, rs, [{:del, l} | el], er, env}
  defp step_left({y, [], rs, el, er, env}), do: {y + 1, [], rs, el, er, env}

  defp snake({y, [l | ls], [r | rs], el, er, env} = path) do
    {diff, next_env} = walk(l, r, env)

    if diff.equivalent? do
      snake({y + 1, ls, rs, [{:eq, diff.left} | el], [{:eq, diff.right} | er], next_env})
    else
      {:cont, path}
    end
  end

  defp snake({_, [], [], _, _, _} = path), do: {:done, path}
  defp snake(path), do: {:cont, path}

  # A deletion followed by an insertion is compared as a pair.
  defp edits_to_diff([], [], eq?, accl, accr, env),
    do: {%__MODULE__{equivalent?: eq?, left: Enum.reverse(accl), right: Enum.reverse(accr)}, env}

  defp edits_to_diff([{:del, l} | el], [{:ins, r} | er], eq?, accl, accr, env) do
    {diff, env} = walk(l, r, env)
    edits_to_diff(el, er, eq? and diff.equivalent?, [diff.left | accl], [diff.right | accr], env)
  end

  defp edits_to_diff([{:del, l} | el], er, _eq?, accl, accr, env),
    do: edits_to_diff(el, er, false, [mark(left_term(l, env)) | accl], accr, env)

  defp edits_to_diff(el, [{:ins, r} | er], _eq?, accl, accr, env),
    do: edits_to_diff(el, er, false, accl, [mark(shield(r)) | accr], env)

  defp edits_to_diff([{:eq, l} | el], [{:eq, r} | er], eq?, accl, accr, env),
    do: edits_to_diff(el, er, eq?, [l | accl], [r | accr], env)

  ## Maps: pairs compared by key (pinned keys by the pin's value).

  defp map(pairs, right, left_struct, right_struct, env) do
    {eq?, lefts, rights, env} = map_pairs(pairs, right, env)
    {%__MODULE__{equivalent?: eq?, left: map_ast(lefts, left_struct), right: map_ast(rights, right_struct)}, env}
  end

  defp map_pairs(pairs, right, env) do
    init = {true, [], [], [], right, env}

    {eq?, matched_l, matched_r, missing, rest, env} =
      Enum.reduce(pairs, init, fn {lkey, lval}, {eq?, ml, mr, missing, rest, env} ->
        rkey = key_value(lkey, env)

        case rest do
          %{^rkey => rval} ->
            {diff, env} = walk(lval, rval, env)
            pair_l = {left_term(lkey, env), diff.left}
            pair_r = {shield(rkey), diff.right}
            {eq? and diff.equivalent?, [pair_l | ml], [pair_r | mr], missing, Map.delete(rest, rkey), env}

          %{} ->
            pair = mark({left_term(lkey, env), left_term(lval, env)})
            {false, ml, mr, [pair | missing], rest, env}
        end
      end)

    rest = for {k, v} <- Map.to_list(rest), do: {shield(k), shield(v)}

    {rest, eq?} =
      if env.context == :match,
        do: {rest, eq?},
        else: {Enum.map(rest, &mark/1), eq? and rest == []}

    {eq?, Enum.sort(matched_l) ++ Enum.sort(missing), Enum.sort(matched_r) ++ Enum.sort(rest), env}
  end

  defp key_value({:^, _, [var]}, env), do: Map.fetch!(env.pins, var_key(var))
  defp key_value(key, _env), do: key

  defp map_ast(pairs, nil), do: {:%{}, [], pairs}

  defp map_ast(pairs, _struct) do
    {name, pairs} = take_struct_name(pairs, [])
    {:%, [], [name, {:%{}, [], pairs}]}
  end

  defp take_struct_name([{:__block__, meta, [{:__struct__, name}]} | rest], acc),
    do: {{:__block__, meta, [name]}, Enum.reverse(acc, rest)}

  defp take_struct_name([{:__struct__, name} | rest], acc), do: {name, Enum.reverse(acc, rest)}
  defp take_struct_name([pair | rest], acc), do: take_struct_name(rest, [pair | acc])

  ## Structs: compared by their inspected text when they have an Inspect implementation of
  ## their own, field by field otherwise.

  defp struct_pattern(pairs, right, env) do
    name = pairs[:__struct__]
    default = struct_default(name)

    cond do
      default == nil or not Enum.all?(pairs, fn {k, _} -> Map.has_key?(default, k) end) ->
        map(pairs, right, nil, struct_name(right), env)

      Macro.quoted_literal?(pairs) ->
        case eval_literal(pairs) do
          {fields, []} ->
            left = struct!(default, fields)

            case right do
              %rs{} -> structs(left, pairs, right, name, rs, env)
              _ -> map(pairs, right, name, nil, env)
            end

          _ ->
            map(pairs, right, name, struct_name(right), env)
        end

      true ->
        map(pairs, right, name, struct_name(right), env)
    end
  end

  defp structs(left, pairs, right, ls, rs, env) do
    with true <- Inspect.impl_for(left) not in [Inspect.Any, Inspect.Map],
         {:ok, ltext} <- inspected(left),
         {:ok, rtext} <- inspected(right) do
      if ltext != rtext do
        text(ltext, rtext, nil, env)
      else
        case map(pairs, right, ls, rs, env) do
          {%{equivalent?: true}, env} -> same(left, right, env)
          other -> other
        end
      end
    else
      _ -> map(pairs, right, ls, rs, env)
    end
  end

  defp struct_default(name) do
    if is_atom(name) and name != nil and Code.ensure_loaded?(name) and
         function_exported?(name, :__struct__, 0),
       do: name.__struct__()
  end

  defp struct_name(%name{}), do: name
  defp struct_name(_), do: nil

  defp eval_literal(quoted) do
    Code.eval_quoted(quoted, [])
  rescue
    _ -> :error
  end

  defp inspected(term) do
    {:ok, inspect(term, safe: false)}
  rescue
    _ -> :error
  end

  ## Strings: escaped as they print, then compared by Myers' algorithm when they are alike
  ## enough (a bag distance above 0.4), as a whole otherwise.

  defp text(left, right, delimiter, env) do
    left = escaped(left, delimiter)
    right = escaped(right, delimiter)

    cond do
      left == right ->
        {script_diff([eq: left], delimiter), env}

      String.bag_distance(left, right) > 0.4 ->
        env =
          if String.equivalent?(left, right),
            do: hint(env, :equivalent_but_different_strings),
            else: env

        {script_diff(String.myers_difference(left, right), delimiter), env}

      true ->
        {script_diff([del: left, ins: right], delimiter), env}
    end
  end

  defp escaped(string, delimiter) do
    {iodata, _} = Code.Identifier.escape(string, delimiter)
    IO.iodata_to_binary(iodata)
  end

  defp hint(env, hint) do
    if hint in env.hints, do: env, else: %{env | hints: [hint | env.hints]}
  end

  defp script_diff(script, delimiter) do
    {eq?, lefts, rights} =
      Enum.reduce(script, {true, [], []}, fn
        {:eq, s}, {eq?, l, r} -> {eq?, [s | l], [s | r]}
        {:del, s}, {_, l, r} -> {false, [mark(s) | l], r}
        {:ins, s}, {_, l, r} -> {false, l, [mark(s) | r]}
      end)

    %__MODULE__{
      equivalent?: eq?,
      left: string_block(Enum.reverse(lefts), delimiter),
      right: string_block(Enum.reverse(rights), delimiter)
    }
  end

  defp string_block(parts, nil), do: {:__block__, [], parts}
  defp string_block(parts, delimiter), do: {:__block__, [delimiter: delimiter], parts}

  # `"lit" <> "lit" <> rest`: the literals against as many characters of the right string,
  # the rest of the pattern against the rest of the string.
  defp concat(left, right, env) do
    {literal, rest_pattern, cuts, size} = literal_prefix(left)

    if rest_pattern == nil do
      {diff, env} = text(literal, right, ?", env)
      {%{diff | left: recut(diff.left, nil, cuts)}, env}
    else
      {head, tail} = String.split_at(right, size)
      {head_diff, env} = text(literal, head, ?", env)
      {tail_diff, env} = walk(rest_pattern, tail, env)

      {%__MODULE__{
         equivalent?: head_diff.equivalent? and tail_diff.equivalent?,
         left: recut(head_diff.left, tail_diff.left, cuts),
         right: join_parts(head_diff.right, tail_diff.right)
       }, env}
    end
  end

  defp literal_prefix({:<>, _, [lit, rest]}) when is_binary(lit) do
    {more, pattern, cuts, size} = literal_prefix(rest)
    n = String.length(lit)
    {lit <> more, pattern, [n | cuts], n + size}
  end

  defp literal_prefix(lit) when is_binary(lit), do: {lit, nil, [], String.length(lit)}
  defp literal_prefix(pattern), do: {"", pattern, [], 0}

  defp join_parts(block, ""), do: block
  defp join_parts({:__block__, meta, parts}, {:__block__, _, more}), do: {:__block__, meta, parts ++ more}
  defp join_parts({:__block__, meta, parts}, other), do: {:__block__, meta, parts ++ [other]}

  defp recut(block, nil, []), do: block
  defp recut(_block, pattern, []), do: pattern

  defp recut(block, pattern, [n | cuts]) do
    {first, rest} = cut(block, n)
    {:<>, [], [first, recut(rest, pattern, cuts)]}
  end

  defp cut({:__block__, [{:delimiter, _} | _] = meta, parts}, n) do
    {first, rest} = cut(parts, n)
    {{:__block__, meta, first}, {:__block__, meta, rest}}
  end

  defp cut([part | parts], n) do
    {string, marked?} = unmark(part)
    size = String.length(string)

    cond do
      size > n ->
        {a, b} = String.split_at(string, n)
        {[mark(a, marked?)], [mark(b, marked?) | parts]}

      size < n ->
        {first, rest} = cut(parts, n - size)
        {[part | first], rest}

      true ->
        {[part], parts}
    end
  end

  defp cut([], _n), do: {[], []}

  ## Rendering

  def to_algebra(quoted, wrapper), do: on_mark(quoted, &render/2, wrapper)

  defp render({:__block__, meta, parts}, wrapper) do
    docs = Enum.map(parts, &on_mark(&1, fn part, _ -> part end, wrapper))

    case meta[:delimiter] do
      nil -> Algebra.concat(docs)
      delimiter -> Algebra.concat([<<delimiter::utf8>> | docs] ++ [<<delimiter::utf8>>])
    end
  end

  defp render(list, wrapper) when is_list(list), do: container("[", list, "]", wrapper, list_item(list))

  defp render({op, _, [left, right]}, wrapper) when op in @infix_ops do
    Algebra.concat([to_algebra(left, wrapper), " #{op} ", to_algebra(right, wrapper)])
  end

  defp render({:{}, _, items}, wrapper), do: container("{", items, "}", wrapper, &to_algebra/2)
  defp render({a, b}, wrapper), do: container("{", [a, b], "}", wrapper, &to_algebra/2)

  defp render({:%, _, [{:_, _, _}, {:%{}, _, pairs}]}, wrapper),
    do: container("%_{", pairs, "}", wrapper, map_item(pairs))

  defp render({:%, _, [name, {:%{}, _, pairs}]}, wrapper) do
    open = Algebra.concat(["%", on_mark(name, &struct_name_doc/2, wrapper), "{"])
    container(open, pairs, "}", wrapper, map_item(pairs))
  end

  defp render({:%{}, _, pairs}, wrapper), do: container("%{", pairs, "}", wrapper, map_item(pairs))
  defp render({_, _, _} = quoted, _wrapper), do: Macro.to_string(quoted)
  defp render({value}, _wrapper), do: inspect(value)
  defp render(literal, _wrapper), do: inspect(literal)

  defp struct_name_doc({:^, _, _} = pin, _wrapper), do: Macro.to_string(pin)
  defp struct_name_doc(name, _wrapper), do: Macro.inspect_atom(:literal, name)

  defp container(open, items, close, wrapper, item_doc) do
    docs =
      items
      |> Enum.map(&item_doc.(&1, wrapper))
      |> Algebra.fold_doc(fn doc, acc -> Algebra.glue(Algebra.concat(doc, ","), acc) end)

    open
    |> Algebra.glue("", docs)
    |> Algebra.nest(2)
    |> Algebra.glue("", close)
    |> Algebra.group()
  end

  defp list_item(items), do: if(Enum.all?(items, &keyword_pair?/1), do: &keyword_doc/2, else: &to_algebra/2)
  defp map_item(items), do: if(Enum.all?(items, &keyword_pair?/1), do: &keyword_doc/2, else: &arrow_doc/2)

  defp keyword_doc(pair, wrapper) do
    on_mark(
      pair,
      fn p, w ->
        {key, value} = pair_parts(p)
        key_doc = on_mark(key, fn k, _ -> Macro.inspect_atom(:key, k) end, w)
        Algebra.concat([key_doc, " ", to_algebra(value, w)])
      end,
      wrapper
    )
  end

  defp arrow_doc(pair, wrapper) do
    on_mark(
      pair,
      fn p, w ->
        {key, value} = pair_parts(p)
        Algebra.concat([to_algebra(key, w), " => ", to_algebra(value, w)])
      end,
      wrapper
    )
  end

  defp pair_parts({:{}, _, [key, value]}), do: {key, value}
  defp pair_parts({key, value}), do: {key, value}

  defp keyword_pair?(item) do
    case unmark(item) do
      {{:{}, _, [key, _]}, _} -> atom_key?(key)
      {{key, _}, _} -> atom_key?(key)
      _ -> false
    end
  end

  defp atom_key?(key), do: is_atom(elem(unmark(key), 0))

  # Renders with `fun`, wrapping the whole when the part is marked.
  defp on_mark(quoted, fun, wrapper) do
    case unmark(quoted) do
      {part, true} -> wrapper.(fun.(part, & &1))
      {part, false} -> fun.(part, wrapper)
    end
  end

  ## Helpers

  # Lists and tuples given as values are wrapped in a one-element tuple (never valid AST),
  # so that rendering inspects them.
  defp shield(term) when is_list(term) or is_tuple(term), do: {term}
  defp shield(term), do: term

  # The left side is quoted in a match, a value otherwise.
  defp left_term(term, %{context: :match}), do: term
  defp left_term(term, _env), do: shield(term)

  defp mark(term), do: mark(term, true)

  defp mark({form, meta, args}, true) when is_list(meta), do: {form, Keyword.put(meta, :diff, true), args}
  defp mark({form, meta, args}, false) when is_list(meta), do: {form, Keyword.delete(meta, :diff), args}
  defp mark(term, true), do: {:__block__, [diff: true], [term]}
  defp mark(term, false), do: term

  defp unmark({:__block__, [diff: true], [term]}), do: {term, true}
  defp unmark({_, meta, _} = node) when is_list(meta), do: {node, Keyword.get(meta, :diff, false) == true}
  defp unmark(other), do: {other, false}

  defp var_key({name, meta, ctx}), do: {name, Keyword.get(meta, :counter, ctx)}
end

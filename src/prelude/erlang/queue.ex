# Erlang's :queue, a FIFO double-ended queue kept as `{rear, front}`: `front` holds the
# oldest items in order, `rear` the newest reversed. The shape is visible to anyone who
# inspects a queue, so every operation leaves exactly the shape OTP 25's leaves: when one
# side runs dry, half of the other side moves over (at least one item each side when that
# is cheap). Bad queues raise `badarg` with the call's arguments; taking from an empty
# queue with get/drop/head raises `empty`.
defmodule :queue do
  def new(), do: {[], []}

  def is_queue({r, f}) when is_list(r) and is_list(f), do: true
  def is_queue(_), do: false

  def is_empty({[], []}), do: true
  def is_empty({r, f}) when is_list(r) and is_list(f), do: false
  def is_empty(q), do: :erlang.error(:badarg, [q])

  def len({r, f}) when is_list(r) and is_list(f), do: length(r) + length(f)
  def len(q), do: :erlang.error(:badarg, [q])

  def to_list({r, f}) when is_list(r) and is_list(f), do: f ++ :lists.reverse(r, [])
  def to_list(q), do: :erlang.error(:badarg, [q])

  def from_list(l) when is_list(l), do: front_to_rear(l)
  def from_list(l), do: :erlang.error(:badarg, [l])

  def member(x, {r, f}) when is_list(r) and is_list(f), do: :lists.member(x, r) or :lists.member(x, f)
  def member(x, q), do: :erlang.error(:badarg, [x, q])

  # --- Original API -------------------------------------------------------------------

  # in/2 is native (src/stdlib/queue.ts): Elixir cannot name a function `in`.

  def in_r(x, {[], [_] = f}), do: {f, [x]}
  def in_r(x, {r, f}) when is_list(r) and is_list(f), do: {r, [x | f]}
  def in_r(x, q), do: :erlang.error(:badarg, [x, q])

  def out({[], []} = q), do: {:empty, q}
  def out({[v], []}), do: {{:value, v}, {[], []}}

  def out({[newest | r], []}) do
    [v | f] = :lists.reverse(r, [])
    {{:value, v}, {[newest], f}}
  end

  def out({r, [v]}) when is_list(r), do: {{:value, v}, rear_to_front(r)}
  def out({r, [v | f]}) when is_list(r), do: {{:value, v}, {r, f}}
  def out(q), do: :erlang.error(:badarg, [q])

  def out_r({[], []} = q), do: {:empty, q}
  def out_r({[], [v]}), do: {{:value, v}, {[], []}}

  def out_r({[], [oldest | f]}) do
    [v | r] = :lists.reverse(f, [])
    {{:value, v}, {r, [oldest]}}
  end

  def out_r({[v], f}) when is_list(f), do: {{:value, v}, front_to_rear(f)}
  def out_r({[v | r], f}) when is_list(f), do: {{:value, v}, {r, f}}
  def out_r(q), do: :erlang.error(:badarg, [q])

  # --- Extended API -------------------------------------------------------------------

  # (clauses laid out as queue.erl's, where the stack entry of a raise names its line)
  def get({[], []} = q), do: :erlang.error(:empty, [q])

  def get({r, f}) when is_list(r) and is_list(f), do: first(r, f)

  def get(q), do: :erlang.error(:badarg, [q])

  def get_r({[], []} = q), do: :erlang.error(:empty, [q])

  def get_r({[x | _], f}) when is_list(f), do: x

  def get_r({[], [x]}), do: x

  def get_r({[], [_ | f]}), do: :lists.last(f)

  def get_r(q), do: :erlang.error(:badarg, [q])

  def peek({[], []}), do: :empty
  def peek({r, [x | _]}) when is_list(r), do: {:value, x}
  def peek({[x], []}), do: {:value, x}
  def peek({[_ | r], []}), do: {:value, :lists.last(r)}
  def peek(q), do: :erlang.error(:badarg, [q])

  def peek_r({[], []}), do: :empty
  def peek_r({[x | _], f}) when is_list(f), do: {:value, x}
  def peek_r({[], [x]}), do: {:value, x}
  def peek_r({[], [_ | f]}), do: {:value, :lists.last(f)}
  def peek_r(q), do: :erlang.error(:badarg, [q])

  def drop({[], []} = q), do: :erlang.error(:empty, [q])
  def drop({[_], []}), do: {[], []}

  def drop({[newest | r], []}) do
    [_ | f] = :lists.reverse(r, [])
    {[newest], f}
  end

  def drop({r, [_]}) when is_list(r), do: rear_to_front(r)
  def drop({r, [_ | f]}) when is_list(r), do: {r, f}
  def drop(q), do: :erlang.error(:badarg, [q])

  def drop_r({[], []} = q), do: :erlang.error(:empty, [q])
  def drop_r({[], [_]}), do: {[], []}

  def drop_r({[], [oldest | f]}) do
    [_ | r] = :lists.reverse(f, [])
    {r, [oldest]}
  end

  def drop_r({[_], f}) when is_list(f), do: front_to_rear(f)
  def drop_r({[_ | r], f}) when is_list(f), do: {r, f}
  def drop_r(q), do: :erlang.error(:badarg, [q])

  def reverse({r, f}) when is_list(r) and is_list(f), do: {f, r}
  def reverse(q), do: :erlang.error(:badarg, [q])

  def join({r, f} = q, {[], []}) when is_list(r) and is_list(f), do: q
  def join({[], []}, {r, f} = q) when is_list(r) and is_list(f), do: q

  def join({r1, f1}, {r2, f2}) when is_list(r1) and is_list(f1) and is_list(r2) and is_list(f2) do
    {r2, f1 ++ :lists.reverse(r1, f2)}
  end

  def join(q1, q2), do: :erlang.error(:badarg, [q1, q2])

  def split(0, {r, f} = q) when is_list(r) and is_list(f), do: {{[], []}, q}

  def split(n, {r, f} = q) when is_integer(n) and n >= 1 and is_list(r) and is_list(f) do
    front_len = length(f)

    cond do
      n < front_len ->
        [x | f1] = f
        move_front_to_rear(n - 1, r, f1, [], [x])

      n > front_len ->
        # `keep` items stay in the second queue's rear; the rest of the rear joins the first.
        keep = length(r) - (n - front_len)

        cond do
          keep < 0 ->
            :erlang.error(:badarg, [n, q])

          keep > 0 ->
            [x | r1] = r
            move_rear_to_front(keep - 1, r1, f, [x], [])

          true ->
            {q, {[], []}}
        end

      true ->
        {front_to_rear(f), rear_to_front(r)}
    end
  end

  def split(n, q), do: :erlang.error(:badarg, [n, q])

  # A fun answering true/false keeps or drops an item; a list answer replaces the item.
  def filter(fun, {r, f}) when is_function(fun, 1) and is_list(r) and is_list(f) do
    front = filter_front(fun, f)
    rebalance(filter_rear(fun, r), front)
  end

  def filter(fun, q), do: :erlang.error(:badarg, [fun, q])

  def filtermap(fun, {r, f}) when is_function(fun, 1) and is_list(r) and is_list(f) do
    front = :lists.filtermap(fun, f)
    rebalance(filtermap_rear(fun, r), front)
  end

  def filtermap(fun, q), do: :erlang.error(:badarg, [fun, q])

  def fold(fun, acc, {r, f}) when is_function(fun, 2) and is_list(r) and is_list(f) do
    :lists.foldr(fun, :lists.foldl(fun, acc, f), r)
  end

  def fold(fun, acc, q), do: :erlang.error(:badarg, [fun, acc, q])

  def any(pred, {r, f}) when is_function(pred, 1) and is_list(r) and is_list(f) do
    :lists.any(pred, f) or :lists.any(pred, r)
  end

  def any(pred, q), do: :erlang.error(:badarg, [pred, q])

  def all(pred, {r, f}) when is_function(pred, 1) and is_list(r) and is_list(f) do
    :lists.all(pred, f) and :lists.all(pred, r)
  end

  def all(pred, q), do: :erlang.error(:badarg, [pred, q])

  def delete(item, {r, f} = q) when is_list(r) and is_list(f) do
    delete_with(&(&1 === item), q, fn -> q end)
  end

  def delete(item, q), do: :erlang.error(:badarg, [item, q])

  def delete_r(item, {r, f}) when is_list(r) and is_list(f) do
    {f1, r1} = delete(item, {f, r})
    {r1, f1}
  end

  def delete_r(item, q), do: :erlang.error(:badarg, [item, q])

  def delete_with(pred, {r, f} = q) when is_function(pred, 1) and is_list(r) and is_list(f) do
    delete_with(&boolean!(pred.(&1)), q, fn -> q end)
  end

  def delete_with(pred, q), do: :erlang.error(:badarg, [pred, q])

  def delete_with_r(pred, {r, f}) when is_function(pred, 1) and is_list(r) and is_list(f) do
    {f1, r1} = delete_with(pred, {f, r})
    {r1, f1}
  end

  def delete_with_r(pred, q), do: :erlang.error(:badarg, [pred, q])

  # --- Okasaki API --------------------------------------------------------------------

  def cons(x, q), do: in_r(x, q)

  def head({[], []} = q), do: :erlang.error(:empty, [q])

  def head({r, f}) when is_list(r) and is_list(f), do: first(r, f)

  def head(q), do: :erlang.error(:badarg, [q])

  def tail(q), do: drop(q)
  def snoc(q, x), do: __MODULE__.in(x, q)
  def daeh(q), do: get_r(q)
  def last(q), do: get_r(q)
  def liat(q), do: drop_r(q)
  def lait(q), do: drop_r(q)
  def init(q), do: drop_r(q)

  # --- Internals ----------------------------------------------------------------------

  defp first(_r, [x | _]), do: x
  defp first([x], []), do: x
  defp first([_ | r], []), do: :lists.last(r)

  # After a filter: an emptied side takes half of the other.
  defp rebalance([], f), do: front_to_rear(f)
  defp rebalance(r, []), do: rear_to_front(r)
  defp rebalance(r, f), do: {r, f}

  # The rear holds the newest item first: half of it (the oldest half) moves to the front.
  defp rear_to_front([]), do: {[], []}
  defp rear_to_front([_] = r), do: {[], r}
  defp rear_to_front([y, x]), do: {[y], [x]}

  defp rear_to_front(r) do
    {keep, move} = :lists.split(div(length(r), 2), r)
    {keep, :lists.reverse(move, [])}
  end

  defp front_to_rear([]), do: {[], []}
  defp front_to_rear([_] = f), do: {f, []}
  defp front_to_rear([x, y]), do: {[y], [x]}

  defp front_to_rear(f) do
    {keep, move} = :lists.split(div(length(f), 2), f)
    {:lists.reverse(move, []), keep}
  end

  defp move_front_to_rear(0, r1, f1, r2, f2), do: {{r2, f2}, {r1, f1}}
  defp move_front_to_rear(n, r1, [x | f1], r2, f2), do: move_front_to_rear(n - 1, r1, f1, [x | r2], f2)

  defp move_rear_to_front(0, r1, f1, r2, f2), do: {{r1, f1}, {r2, f2}}
  defp move_rear_to_front(n, [x | r1], f1, r2, f2), do: move_rear_to_front(n - 1, r1, f1, r2, [x | f2])

  # Front items in queue order; each answer is true, false or a list replacing the item.
  defp filter_front(_fun, []), do: []

  defp filter_front(fun, [x | f]) do
    case fun.(x) do
      true -> [x | filter_front(fun, f)]
      [y] -> [y | filter_front(fun, f)]
      false -> filter_front(fun, f)
      [] -> filter_front(fun, f)
      l when is_list(l) -> l ++ filter_front(fun, f)
    end
  end

  # Rear items are visited oldest first too (from the end of the list inwards).
  defp filter_rear(_fun, []), do: []

  defp filter_rear(fun, [x | r0]) do
    r = filter_rear(fun, r0)

    case fun.(x) do
      true -> [x | r]
      [y] -> [y | r]
      false -> r
      [] -> r
      l when is_list(l) -> :lists.reverse(l, r)
    end
  end

  defp filtermap_rear(_fun, []), do: []

  defp filtermap_rear(fun, [x | r0]) do
    r = filtermap_rear(fun, r0)

    case fun.(x) do
      true -> [x | r]
      {true, y} -> [y | r]
      false -> r
    end
  end

  # Removes the oldest item `hit?` accepts: first searching the front in order, then the
  # rear from its oldest end. `none` gives the answer when nothing matches.
  defp delete_with(hit?, {r, f}, none) do
    case delete_front(hit?, f) do
      false ->
        case delete_rear(hit?, r) do
          false -> none.()
          [] -> front_to_rear(f)
          r1 -> {r1, f}
        end

      [] ->
        rear_to_front(r)

      f1 ->
        {r, f1}
    end
  end

  defp delete_front(hit?, [x | rest]) do
    if hit?.(x) do
      rest
    else
      case delete_front(hit?, rest) do
        false -> false
        f -> [x | f]
      end
    end
  end

  defp delete_front(_hit?, []), do: false

  defp delete_rear(hit?, [x | rest]) do
    case delete_rear(hit?, rest) do
      false -> if hit?.(x), do: rest, else: false
      r -> [x | r]
    end
  end

  defp delete_rear(_hit?, []), do: false

  # A predicate answering neither true nor false fails as OTP's case does.
  defp boolean!(true), do: true
  defp boolean!(false), do: false
  defp boolean!(other), do: raise(CaseClauseError, term: other)
end

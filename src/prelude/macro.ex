# Macro: building, walking and taking apart quoted expressions. What needs the compiler or
# the runtime (escape, expand, to_string, atom classification, camelize/underscore, fresh
# hygiene counters) is native (src/stdlib/macro.ts); this is the part written in Elixir.
#
# A quoted expression is a literal (atom, number, binary, two-element tuple, list) or a
# three-element tuple {form, meta, args}: form an atom or another quoted expression, meta a
# keyword list, args a list of quoted expressions (or an atom: the context of a variable).
defmodule Macro do
  @moduledoc false

  # ---- building -------------------------------------------------------------------------

  def var(name, context) when is_atom(name) and is_atom(context), do: {name, [], context}

  def generate_arguments(0, context) when is_atom(context), do: []

  def generate_arguments(amount, context) when is_integer(amount) and amount > 0 and is_atom(context) do
    Enum.map(1..amount, fn i -> var(argument_name(i), context) end)
  end

  def generate_unique_arguments(0, context) when is_atom(context), do: []

  def generate_unique_arguments(amount, context) when is_integer(amount) and amount > 0 and is_atom(context) do
    Enum.map(1..amount, fn i -> Macro.unique_var(argument_name(i), context) end)
  end

  defp argument_name(i), do: String.to_atom("arg" <> Integer.to_string(i))

  def update_meta({form, meta, args}, fun) when is_list(meta), do: {form, fun.(meta), args}
  def update_meta(quoted, _fun), do: quoted

  # ---- walking --------------------------------------------------------------------------

  def prewalk(ast, fun) when is_function(fun, 1) do
    {ast, nil} = prewalk(ast, nil, fn node, nil -> {fun.(node), nil} end)
    ast
  end

  def prewalk(ast, acc, fun) when is_function(fun, 2), do: traverse(ast, acc, fun, &keep/2)

  def postwalk(ast, fun) when is_function(fun, 1) do
    {ast, nil} = postwalk(ast, nil, fn node, nil -> {fun.(node), nil} end)
    ast
  end

  def postwalk(ast, acc, fun) when is_function(fun, 2), do: traverse(ast, acc, &keep/2, fun)

  defp keep(node, acc), do: {node, acc}

  # pre runs on a node before its children are visited (and may replace it), post after.
  def traverse(ast, acc, pre, post) when is_function(pre, 2) and is_function(post, 2) do
    {ast, acc} = pre.(ast, acc)
    visit_children(ast, acc, pre, post)
  end

  defp visit_children({form, meta, args}, acc, pre, post) when is_atom(form) do
    {args, acc} = visit_args(args, acc, pre, post)
    post.({form, meta, args}, acc)
  end

  defp visit_children({form, meta, args}, acc, pre, post) do
    {form, acc} = traverse(form, acc, pre, post)
    {args, acc} = visit_args(args, acc, pre, post)
    post.({form, meta, args}, acc)
  end

  defp visit_children({left, right}, acc, pre, post) do
    {left, acc} = traverse(left, acc, pre, post)
    {right, acc} = traverse(right, acc, pre, post)
    post.({left, right}, acc)
  end

  defp visit_children(list, acc, pre, post) when is_list(list) do
    {list, acc} = visit_args(list, acc, pre, post)
    post.(list, acc)
  end

  defp visit_children(leaf, acc, _pre, post), do: post.(leaf, acc)

  defp visit_args(context, acc, _pre, _post) when is_atom(context), do: {context, acc}

  defp visit_args(args, acc, pre, post) when is_list(args) do
    :lists.mapfoldl(fn arg, acc -> traverse(arg, acc, pre, post) end, acc, args)
  end

  # Enumerable walkers: functions of the {:cont | :halt | :suspend, acc} protocol that
  # Enum and Stream reduce with. `pending` holds what is still to be emitted, in order.
  def prewalker(ast), do: &pre_step([ast], &1, &2)

  defp pre_step(_pending, {:halt, acc}, _fun), do: {:halted, acc}
  defp pre_step(pending, {:suspend, acc}, fun), do: {:suspended, acc, &pre_step(pending, &1, fun)}
  defp pre_step([], {:cont, acc}, _fun), do: {:done, acc}

  defp pre_step([node | rest], {:cont, acc}, fun) do
    pre_step(children(node) ++ rest, fun.(node, acc), fun)
  end

  def postwalker(ast), do: &post_step([{:visit, ast}], &1, &2)

  defp post_step(_pending, {:halt, acc}, _fun), do: {:halted, acc}
  defp post_step(pending, {:suspend, acc}, fun), do: {:suspended, acc, &post_step(pending, &1, fun)}
  defp post_step([], {:cont, acc}, _fun), do: {:done, acc}

  defp post_step([{:emit, node} | rest], {:cont, acc}, fun), do: post_step(rest, fun.(node, acc), fun)

  # A pair's left element is emitted without visiting inside it, as Elixir 1.14 does.
  defp post_step([{:visit, {left, right} = node} | rest], cont, fun),
    do: post_step([{:emit, left}, {:visit, right}, {:emit, node} | rest], cont, fun)

  defp post_step([{:visit, node} | rest], cont, fun) do
    case children(node) do
      [] -> post_step([{:emit, node} | rest], cont, fun)
      kids -> post_step(Enum.map(kids, &{:visit, &1}) ++ [{:emit, node} | rest], cont, fun)
    end
  end

  # The sub-expressions of a node, in source order.
  defp children({left, right}), do: [left, right]
  defp children({form, meta, args}) when is_atom(form) and is_list(meta) and is_list(args), do: args
  defp children({form, meta, _context}) when is_atom(form) and is_list(meta), do: []
  defp children({form, meta, args}) when is_list(meta) and is_list(args), do: [form | args]
  defp children({form, meta, _context}) when is_list(meta), do: [form]
  defp children(list) when is_list(list), do: list
  defp children(_leaf), do: []

  # The nodes from the root down to the first (pre-order) node for which fun is truthy,
  # innermost first; nil when none.
  def path(ast, fun) when is_function(fun, 1), do: find_path(ast, [], fun)

  defp find_path(node, above, fun) do
    if fun.(node) do
      [node | above]
    else
      case node do
        {form, _, args} when is_atom(form) -> first_path(path_args(args), [node | above], fun)
        {form, _, args} -> find_path(form, [node | above], fun) || first_path(path_args(args), [node | above], fun)
        {left, right} -> find_path(left, [node | above], fun) || find_path(right, [node | above], fun)
        list when is_list(list) -> first_path(list, [node | above], fun)
        _ -> nil
      end
    end
  end

  defp path_args(args) when is_list(args), do: args
  defp path_args(_context), do: []

  defp first_path([], _above, _fun), do: nil
  defp first_path([node | rest], above, fun), do: find_path(node, above, fun) || first_path(rest, above, fun)

  # ---- taking apart ---------------------------------------------------------------------

  def decompose_call({:{}, _, args}) when is_list(args), do: :error

  def decompose_call({{:., _, [remote, fun]}, _, args}) when is_tuple(remote) or is_atom(remote),
    do: {remote, fun, args}

  def decompose_call({name, _, context}) when is_atom(name) and is_atom(context), do: {name, []}
  def decompose_call({name, _, args}) when is_atom(name) and is_list(args), do: {name, args}
  def decompose_call(_), do: :error

  def unpipe(expr), do: expr |> unpipe_into([]) |> :lists.reverse()

  defp unpipe_into({:|>, _, [left, right]}, acc), do: unpipe_into(right, unpipe_into(left, acc))
  defp unpipe_into(other, acc), do: [{other, 0} | acc]

  def pipe(expr, {:&, _, _} = call, _position), do: bad_pipe(expr, call)
  def pipe(expr, {form, _, _} = call, _position) when form in [:{}, :%{}, :__aliases__, :<<>>], do: bad_pipe(expr, call)

  def pipe(expr, {form, _, []}, _position) when form in [:unquote, :unquote_splicing] do
    raise ArgumentError,
          "cannot pipe #{Macro.to_string(expr)} into the special form #{form}/1 since #{form}/1 is used to build the Elixir AST itself"
  end

  def pipe(expr, {:fn, _, _}, _position) do
    raise ArgumentError,
          "cannot pipe #{Macro.to_string(expr)} into an anonymous function without calling the function; use Kernel.then/2 instead or define the anonymous function as a regular private function"
  end

  def pipe(expr, {name, meta, context}, position) when is_atom(context),
    do: {name, meta, List.insert_at([], position, expr)}

  def pipe(_expr, {op, _, [arg]}, _position) when op in [:+, :-] do
    raise ArgumentError,
          "piping into a unary operator is not supported, please use the qualified name: Kernel.#{op}(#{Macro.to_string(arg)}), instead of #{op}#{Macro.to_string(arg)}"
  end

  def pipe(expr, {op, meta, args} = call, position) when is_list(args) do
    cond do
      is_atom(op) and Macro.operator?(op, 1) ->
        raise ArgumentError,
              "cannot pipe #{Macro.to_string(expr)} into #{Macro.to_string(call)}, the #{Macro.to_string(op)} operator can only take one argument"

      is_atom(op) and Macro.operator?(op, 2) ->
        raise ArgumentError,
              "cannot pipe #{Macro.to_string(expr)} into #{Macro.to_string(call)}, the #{Macro.to_string(op)} operator can only take two arguments"

      true ->
        {op, meta, List.insert_at(args, position, expr)}
    end
  end

  def pipe(expr, call, _position), do: bad_pipe(expr, call)

  defp bad_pipe(expr, call) do
    raise ArgumentError,
          "cannot pipe #{Macro.to_string(expr)} into #{Macro.to_string(call)}, can only pipe into local calls foo(), remote calls Foo.bar() or anonymous function calls foo.()"
  end

  # ---- checking -------------------------------------------------------------------------

  def validate(expr) do
    case invalid_part(expr) do
      nil -> :ok
      bad -> {:error, bad}
    end
  end

  defp invalid_part({left, right}), do: invalid_part(left) || invalid_part(right)

  defp invalid_part({form, meta, args}) when is_list(meta) and (is_atom(args) or is_list(args)),
    do: invalid_part(form) || invalid_part(args)

  defp invalid_part(list) when is_list(list), do: Enum.find_value(list, &invalid_part/1)

  defp invalid_part(term) when is_atom(term) or is_number(term) or is_binary(term) or is_pid(term),
    do: nil

  defp invalid_part(fun) when is_function(fun) do
    if Function.info(fun, :type) == {:type, :external} and Function.info(fun, :env) == {:env, []},
      do: nil,
      else: fun
  end

  defp invalid_part(other), do: other

  def quoted_literal?({:__aliases__, _, parts}), do: quoted_literal?(parts)
  def quoted_literal?({:%, _, [struct, map]}), do: quoted_literal?(struct) and quoted_literal?(map)
  def quoted_literal?({form, _, items}) when form in [:%{}, :{}], do: quoted_literal?(items)
  def quoted_literal?({left, right}), do: quoted_literal?(left) and quoted_literal?(right)
  def quoted_literal?(items) when is_list(items), do: Enum.all?(items, &quoted_literal?/1)
  def quoted_literal?(term), do: is_atom(term) or is_number(term) or is_binary(term)

  def expand_literal(ast, env) do
    if quoted_literal?(ast) do
      prewalk(ast, fn
        {:__aliases__, _, _} = alias -> Macro.expand(alias, env)
        other -> other
      end)
    else
      ast
    end
  end

  def struct!(module, env) when is_atom(module) do
    if module == env.module and Module.open?(module) do
      Module.get_attribute(module, :__struct__)
    end || module.__struct__()
  end
end

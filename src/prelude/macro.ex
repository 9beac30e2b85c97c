# Macro: building, walking and taking apart quoted expressions. What needs the compiler or
# the runtime (escape, expand, to_string, atom classification, camelize/underscore, fresh
# hygiene counters) is native (src/stdlib/macro.ts); this is the part written in Elixir.
#
# A quoted expression is a literal (atom, number, binary, two-element tuple, list) or a
# three-element tuple {form, meta, args}: form an atom or another quoted expression, meta a
# keyword list, args a list of quoted expressions (or an atom: the context of a variable).
defmodule Macro do
  @moduledoc false

  # ---- unescaping -----------------------------------------------------------------------

  # Macro.unescape_string/2: each backslash sequence becomes what `map` says: it is asked
  # about :hex (\\x), :unicode (\\u) and :newline (a backslash before a line break) with
  # true/false, and about any other escaped character with the byte to put (or false to keep
  # the backslash and the character).
  def unescape_string(string, map) do
    unescape_chars(string, map, "")
  catch
    {:error, reason} -> raise ArgumentError, reason
  end

  def unescape_tokens(tokens), do: Enum.map(tokens, &if(is_binary(&1), do: Macro.unescape_string(&1), else: &1))

  def unescape_tokens(tokens, map), do: Enum.map(tokens, &if(is_binary(&1), do: unescape_string(&1, map), else: &1))

  defguardp is_hex(c) when c in ?0..?9 or c in ?a..?f or c in ?A..?F

  defp unescape_chars(<<?\\, ?x, rest::binary>>, map, acc) do
    if map.(:hex), do: unescape_hex(rest, map, acc), else: unescape_chars(rest, map, acc <> "\\x")
  end

  defp unescape_chars(<<?\\, ?u, rest::binary>>, map, acc) do
    if map.(:unicode), do: unescape_unicode(rest, map, acc), else: unescape_chars(rest, map, acc <> "\\u")
  end

  defp unescape_chars(<<?\\, ?\n, rest::binary>>, map, acc) do
    if map.(:newline), do: unescape_chars(rest, map, acc), else: unescape_chars(rest, map, acc <> "\\\n")
  end

  defp unescape_chars(<<?\\, ?\r, ?\n, rest::binary>>, map, acc) do
    if map.(:newline), do: unescape_chars(rest, map, acc), else: unescape_chars(rest, map, acc <> "\\\r\n")
  end

  defp unescape_chars(<<?\\, char, rest::binary>>, map, acc) do
    case map.(char) do
      false -> unescape_chars(rest, map, <<acc::binary, ?\\, char>>)
      other -> unescape_chars(rest, map, <<acc::binary, other>>)
    end
  end

  defp unescape_chars(<<char, rest::binary>>, map, acc), do: unescape_chars(rest, map, <<acc::binary, char>>)
  defp unescape_chars(<<>>, _map, acc), do: acc

  @deprecated_hex "warning: \\xH inside strings/sigils/chars is deprecated, please use \\xHH (byte) or \\uHHHH (code point) instead\n"
  @deprecated_braces "warning: \\x{H*} inside strings/sigils/chars is deprecated, please use \\xHH (byte) or \\uHHHH (code point) instead\n"

  defp unescape_hex(<<a, b, rest::binary>>, map, acc) when is_hex(a) and is_hex(b) do
    unescape_chars(rest, map, <<acc::binary, String.to_integer(<<a, b>>, 16)>>)
  end

  defp unescape_hex(<<a, rest::binary>>, map, acc) when is_hex(a) do
    IO.write(:stderr, @deprecated_hex)
    codepoint(rest, map, <<a>>, acc)
  end

  defp unescape_hex(<<?{, rest::binary>> = all, map, acc) do
    case braced_hex(rest, "") do
      {digits, after_brace} ->
        IO.write(:stderr, @deprecated_braces)
        codepoint(after_brace, map, digits, acc)

      :error ->
        hex_error(all)
    end
  end

  defp unescape_hex(other, _map, _acc), do: hex_error(other)

  defp hex_error(_), do: throw({:error, "invalid hex escape character, expected \\xHH where H is a hexadecimal digit"})

  defp unescape_unicode(<<a, b, c, d, rest::binary>>, map, acc) when is_hex(a) and is_hex(b) and is_hex(c) and is_hex(d) do
    codepoint(rest, map, <<a, b, c, d>>, acc)
  end

  defp unescape_unicode(<<?{, rest::binary>>, map, acc) do
    case braced_hex(rest, "") do
      {digits, after_brace} -> codepoint(after_brace, map, digits, acc)
      :error -> unicode_error()
    end
  end

  defp unescape_unicode(_, _map, _acc), do: unicode_error()

  defp unicode_error do
    throw({:error, "invalid Unicode escape character, expected \\uHHHH or \\u{H*} where H is a hexadecimal digit"})
  end

  # One to six hex digits and the closing brace.
  defp braced_hex(<<?}, rest::binary>>, digits) when byte_size(digits) in 1..6, do: {digits, rest}
  defp braced_hex(<<c, rest::binary>>, digits) when is_hex(c) and byte_size(digits) < 6, do: braced_hex(rest, digits <> <<c>>)
  defp braced_hex(_, _), do: :error

  defp codepoint(rest, map, digits, acc) do
    code = String.to_integer(digits, 16)

    if code in 0xD800..0xDFFF or code > 0x10FFFF do
      throw({:error, "invalid or reserved Unicode code point \\u{#{digits}}"})
    end

    unescape_chars(rest, map, <<acc::binary, code::utf8>>)
  end

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
    # (the module being defined, or one still open around it, as :elixir_map.load_struct reads it)
    cond do
      module == env.module -> Module.get_attribute(module, :__struct__)
      Module.open?(module) -> Module.get_attribute(module, :__struct__)
      true -> nil
    end || load_struct(module, env)
  end

  # :elixir_map.load_struct/5: a module being defined is asked through its own __struct__/0
  # as stored so far; what comes back must be a map whose :__struct__ is the module.
  defp load_struct(module, env) do
    struct =
      if Module.open?(module) and Module.defines?(module, {:__struct__, 0}, :def) do
        :beamsh_module.__local__(module, :__struct__, [])
      else
        module.__struct__()
      end

    case struct do
      %{__struct__: ^module} ->
        struct

      %{__struct__: name} when is_atom(name) ->
        raise CompileError,
          file: env.file,
          line: env.line,
          description:
            "expected struct name returned by #{inspect(module)}.__struct__/0 to be #{inspect(module)}, got: #{inspect(name)}"

      other ->
        raise CompileError,
          file: env.file,
          line: env.line,
          description:
            "expected #{inspect(module)}.__struct__/0 to return a map with a :__struct__ key " <>
              "that holds the name of the struct (atom), got: #{inspect(other)}"
    end
  end

  # ---- to_string/2 (deprecated) -------------------------------------------------------------
  # The printer Elixir had before the formatter: one line per expression (do/end blocks and
  # multi-clause fns aside), parentheses on every call, and `fun` called on each node with the
  # node and its text, its answer used as that node's text.

  def to_string(tree, fun)

  def to_string({name, _, context} = ast, fun) when is_atom(name) and is_atom(context),
    do: fun.(ast, Atom.to_string(name))

  def to_string({:__aliases__, _, refs} = ast, fun),
    do: fun.(ast, Enum.map_join(refs, ".", &old_callee(&1, fun)))

  def to_string({:__block__, _, [expr]} = ast, fun), do: fun.(ast, to_string(expr, fun))

  def to_string({:__block__, _, _} = ast, fun),
    do: fun.(ast, "(\n  " <> old_indent(old_block(ast, fun)) <> "\n)")

  def to_string({:<<>>, _, parts} = ast, fun) do
    if old_interpolation?(ast) do
      fun.(ast, old_interpolate(ast, "\"", "\"", fun))
    else
      inner =
        Enum.map_join(parts, ", ", fn part ->
          text = old_bitpart(part, fun)
          if :binary.first(text) == ?< or :binary.last(text) == ?>, do: "(" <> text <> ")", else: text
        end)

      fun.(ast, "<<" <> inner <> ">>")
    end
  end

  def to_string({:{}, _, args} = ast, fun),
    do: fun.(ast, "{" <> Enum.map_join(args, ", ", &to_string(&1, fun)) <> "}")

  def to_string({:%{}, _, args} = ast, fun), do: fun.(ast, "%{" <> old_map_body(args, fun) <> "}")

  def to_string({:%, _, [name, {:%{}, _, args}]} = ast, fun),
    do: fun.(ast, "%" <> to_string(name, fun) <> "{" <> old_map_body(args, fun) <> "}")

  def to_string({:fn, _, [{:->, _, [_, body]}] = clauses} = ast, fun)
      when not is_tuple(body) or elem(body, 0) != :__block__,
      do: fun.(ast, "fn " <> old_arrows(clauses, fun, false) <> " end")

  def to_string({:fn, _, [{:->, _, _}] = clauses} = ast, fun),
    do: fun.(ast, "fn " <> old_block(clauses, fun) <> "\nend")

  def to_string({:fn, _, clauses} = ast, fun),
    do: fun.(ast, "fn\n  " <> old_indent(old_block(clauses, fun)) <> "\nend")

  def to_string([{:->, _, _} | _] = ast, fun), do: fun.(ast, "(" <> old_arrows(ast, fun, true) <> ")")

  def to_string({:when, _, [left, right]} = ast, fun) do
    right_text =
      if right != [] and Keyword.keyword?(right),
        do: old_keywords(right, fun),
        else: fun.(ast, old_operand(right, fun, :when, :right))

    fun.(ast, old_operand(left, fun, :when, :left) <> " when " <> right_text)
  end

  def to_string({:when, _, args} = ast, fun) do
    {heads, guard} = old_split_last(args)
    fun.(ast, "(" <> Enum.map_join(heads, ", ", &to_string(&1, fun)) <> ") when " <> to_string(guard, fun))
  end

  def to_string({:&, _, [{:/, _, [{name, _, ctx}, arity]}]} = ast, fun)
      when is_atom(name) and is_atom(ctx) and is_integer(arity),
      do: fun.(ast, "&" <> Atom.to_string(name) <> "/" <> to_string(arity, fun))

  def to_string({:&, _, [{:/, _, [{{:., _, [mod, name]}, _, []}, arity]}]} = ast, fun)
      when is_atom(name) and is_integer(arity),
      do: fun.(ast, "&" <> to_string(mod, fun) <> "." <> Atom.to_string(name) <> "/" <> to_string(arity, fun))

  def to_string({:&, _, [arg]} = ast, fun) when not is_integer(arg),
    do: fun.(ast, "&(" <> to_string(arg, fun) <> ")")

  def to_string({:not, _, [{:in, _, [left, right]}]} = ast, fun),
    do: fun.(ast, to_string(left, fun) <> " not in " <> to_string(right, fun))

  def to_string({{:., _, [Access, :get]}, _, [left, right]} = ast, fun) do
    target = if old_operator_call?(left), do: "(" <> to_string(left, fun) <> ")", else: to_string(left, fun)
    fun.(ast, target <> to_string([right], fun))
  end

  def to_string({{:., _, [left, :{}]}, _, args} = ast, fun),
    do: fun.(ast, to_string(left, fun) <> ".{" <> old_args(args, fun) <> "}")

  def to_string({{:., _, [left, _]} = target, meta, []} = ast, fun) do
    text = old_callee(target, fun)
    if is_tuple(left) && meta[:no_parens], do: fun.(ast, text), else: fun.(ast, text <> "()")
  end

  def to_string({target, _, args} = ast, fun) when is_list(args) do
    case old_unary(ast, fun) || old_binary(ast, fun) || old_sigil(ast, fun) do
      nil ->
        {leading, last} = old_split_last(args)

        text =
          cond do
            not old_do_blocks?(last) -> old_call(target, args, fun)
            leading == [] -> old_callee(target, fun) <> old_do_blocks(last, fun)
            true -> old_call(target, leading, fun) <> old_do_blocks(last, fun)
          end

        fun.(ast, text)

      text ->
        text
    end
  end

  def to_string({left, right}, fun), do: to_string({:{}, [], [left, right]}, fun)

  def to_string(list, fun) when is_list(list) do
    text =
      cond do
        list == [] -> "[]"
        :io_lib.printable_list(list) -> inspect(list, limit: :infinity, printable_limit: :infinity)
        Inspect.List.keyword?(list) -> "[" <> old_keywords(list, fun) <> "]"
        true -> "[" <> Enum.map_join(list, ", ", &to_string(&1, fun)) <> "]"
      end

    fun.(list, text)
  end

  def to_string(other, fun), do: fun.(other, inspect(other, limit: :infinity, printable_limit: :infinity))

  defp old_bitpart({:"::", meta, [left, right]} = ast, fun) do
    text =
      if meta[:inferred_bitstring_spec],
        do: to_string(left, fun),
        else: old_operand(left, fun, :"::", :left) <> "::" <> old_modifiers(right, fun, :"::", :right)

    fun.(ast, text)
  end

  defp old_bitpart(ast, fun), do: to_string(ast, fun)

  defp old_modifiers({op, _, [left, right]} = ast, fun, _, _) when op in [:*, :-] do
    fun.(ast, old_modifiers(left, fun, op, :left) <> Atom.to_string(op) <> old_modifiers(right, fun, op, :right))
  end

  defp old_modifiers(other, fun, parent, side), do: old_operand(other, fun, parent, side)

  defp old_do_blocks?([{:do, _} | _] = kw),
    do: Enum.all?(kw, fn {key, _} -> key in [:do, :rescue, :catch, :else, :after]; _ -> false end)

  defp old_do_blocks?(_), do: false

  defp old_interpolation?({:<<>>, _, [_ | _] = parts}) do
    Enum.all?(parts, fn
      {:"::", _, [{{:., _, [Kernel, :to_string]}, _, [_]}, {:binary, _, _}]} -> true
      part -> is_binary(part)
    end)
  end

  defp old_interpolation?(_), do: false

  defp old_interpolate({:<<>>, _, [text]}, open, close, _fun) when open in ["\"\"\"\n", "'''\n"],
    do: open <> text <> close

  defp old_interpolate({:<<>>, _, parts}, open, close, fun) do
    inner =
      Enum.map_join(parts, "", fn
        {:"::", _, [{{:., _, [Kernel, :to_string]}, _, [arg]}, {:binary, _, _}]} -> "\#{" <> to_string(arg, fun) <> "}"
        text when is_binary(text) -> old_escape_delimiter(text, open)
      end)

    open <> inner <> close
  end

  defp old_escape_delimiter(text, "("), do: String.replace(text, ")", "\\)")
  defp old_escape_delimiter(text, "{"), do: String.replace(text, "}", "\\}")
  defp old_escape_delimiter(text, "["), do: String.replace(text, "]", "\\]")
  defp old_escape_delimiter(text, "<"), do: String.replace(text, ">", "\\>")
  defp old_escape_delimiter(text, delimiter), do: String.replace(text, delimiter, "\\" <> delimiter)

  defp old_module(atom, _fun) when is_atom(atom), do: inspect(atom, limit: :infinity, printable_limit: :infinity)
  defp old_module({:&, _, [value]} = expr, fun) when not is_integer(value), do: "(" <> to_string(expr, fun) <> ")"
  defp old_module({:fn, _, _} = expr, fun), do: "(" <> to_string(expr, fun) <> ")"

  defp old_module({_, _, [_ | _] = args} = expr, fun) do
    if old_do_blocks?(List.last(args)), do: "(" <> to_string(expr, fun) <> ")", else: to_string(expr, fun)
  end

  defp old_module(expr, fun), do: to_string(expr, fun)

  defp old_unary({op, _, [arg]} = ast, fun) when is_atom(op) do
    cond do
      not Macro.operator?(op, 1) -> nil
      op == :not or old_operator_call?(arg) -> fun.(ast, Atom.to_string(op) <> "(" <> to_string(arg, fun) <> ")")
      true -> fun.(ast, Atom.to_string(op) <> to_string(arg, fun))
    end
  end

  defp old_unary(_, _), do: nil

  defp old_binary({:"..//", _, [first, last, step]} = ast, fun) do
    text =
      old_operand(first, fun, :.., :left) <> ".." <> old_operand(last, fun, :.., :right) <>
        "//" <> old_operand(step, fun, :"//", :right)

    fun.(ast, text)
  end

  defp old_binary({op, _, [left, right]} = ast, fun) when is_atom(op) do
    if Macro.operator?(op, 2) do
      separator = if op == :.., do: "..", else: " " <> Atom.to_string(op) <> " "
      fun.(ast, old_operand(left, fun, op, :left) <> separator <> old_operand(right, fun, op, :right))
    end
  end

  defp old_binary(_, _), do: nil

  defp old_sigil({sigil, meta, [{:<<>>, _, _} = parts, modifiers]} = ast, fun) when is_atom(sigil) and is_list(modifiers) do
    {open, close} = old_delimiters(Keyword.get(meta, :delimiter, "\""))

    case Atom.to_string(sigil) do
      <<"sigil_", name>> when name in ?A..?Z ->
        {:<<>>, _, [text]} = parts
        fun.(ast, <<?~, name, open::binary, text::binary, close::binary>> <> old_sigil_modifiers(modifiers, fun))

      <<"sigil_", name>> when name in ?a..?z ->
        fun.(ast, <<?~, name>> <> old_interpolate(parts, open, close, fun) <> old_sigil_modifiers(modifiers, fun))

      _ ->
        nil
    end
  end

  defp old_sigil(_, _), do: nil

  defp old_delimiters("["), do: {"[", "]"}
  defp old_delimiters("{"), do: {"{", "}"}
  defp old_delimiters("("), do: {"(", ")"}
  defp old_delimiters("<"), do: {"<", ">"}
  defp old_delimiters("\"\"\""), do: {"\"\"\"\n", "\"\"\""}
  defp old_delimiters("'''"), do: {"'''\n", "'''"}
  defp old_delimiters(other), do: {other, other}

  defp old_sigil_modifiers([], _fun), do: ""
  defp old_sigil_modifiers(modifiers, fun), do: fun.(modifiers, List.to_string(modifiers))

  defp old_operator_call?({op, _, [_, _]}), do: Macro.operator?(op, 2)
  defp old_operator_call?({op, _, [_]}), do: Macro.operator?(op, 1)
  defp old_operator_call?(_), do: false

  defp old_callee(atom, _fun) when is_atom(atom), do: Atom.to_string(atom)
  defp old_callee({:., _, [arg]}, fun), do: old_module(arg, fun) <> "."
  defp old_callee({:., _, [left, right]}, fun) when is_atom(right), do: old_module(left, fun) <> "." <> Macro.inspect_atom(:remote_call, right)
  defp old_callee({:., _, [left, right]}, fun), do: old_module(left, fun) <> "." <> old_callee(right, fun)
  defp old_callee(other, fun), do: to_string(other, fun)

  defp old_call(target, args, fun), do: old_callee(target, fun) <> "(" <> old_args(args, fun) <> ")"

  defp old_args(args, fun) do
    {leading, last} = old_split_last(args)

    if last != [] and Inspect.List.keyword?(last) do
      prefix = if leading == [], do: "", else: Enum.map_join(leading, ", ", &to_string(&1, fun)) <> ", "
      prefix <> old_keywords(last, fun)
    else
      Enum.map_join(args, ", ", &to_string(&1, fun))
    end
  end

  defp old_do_blocks(kw, fun) do
    body =
      for key <- [:do, :rescue, :catch, :else, :after], Keyword.has_key?(kw, key), into: "" do
        Atom.to_string(key) <> "\n  " <> old_indent(old_block(Keyword.get(kw, key), fun)) <> "\n"
      end

    " " <> body <> "end"
  end

  defp old_block([{:->, _, _} | _] = clauses, fun) do
    Enum.map_join(clauses, "\n", fn {:->, _, [left, right]} ->
      old_heads(left, fun, false) <> "->\n  " <> old_indent(old_block(right, fun))
    end)
  end

  defp old_block({:__block__, _, exprs}, fun), do: Enum.map_join(exprs, "\n", &to_string(&1, fun))
  defp old_block(other, fun), do: to_string(other, fun)

  defp old_map_body([{:|, _, [map, updates]}], fun), do: to_string(map, fun) <> " | " <> old_map_body(updates, fun)

  defp old_map_body(pairs, fun) do
    if Inspect.List.keyword?(pairs) do
      old_keywords(pairs, fun)
    else
      Enum.map_join(pairs, ", ", fn
        {key, value} -> to_string(key, fun) <> " => " <> to_string(value, fun)
        other -> to_string(other, fun)
      end)
    end
  end

  defp old_keywords(pairs, fun),
    do: Enum.map_join(pairs, ", ", fn {key, value} -> Macro.inspect_atom(:key, key) <> " " <> to_string(value, fun) end)

  defp old_operand({op, _, [_, _]} = expr, fun, parent, side) when is_atom(op) do
    case old_precedence(op) do
      nil ->
        to_string(expr, fun)

      {_, prec} ->
        {parent_assoc, parent_prec} = old_precedence(parent)

        cond do
          parent_prec < prec -> to_string(expr, fun)
          parent_prec > prec -> "(" <> to_string(expr, fun) <> ")"
          parent_assoc == side -> to_string(expr, fun)
          true -> "(" <> to_string(expr, fun) <> ")"
        end
    end
  end

  defp old_operand(expr, fun, _, _), do: to_string(expr, fun)

  # {associativity, precedence} of a binary operator, as Elixir's parser binds them.
  defp old_precedence(op) do
    cond do
      op in [:<-, :\\] -> {:left, 40}
      op == :when -> {:right, 50}
      op == :"::" -> {:right, 60}
      op == :| -> {:right, 70}
      op == := -> {:right, 100}
      op in [:||, :|||, :or] -> {:left, 120}
      op in [:&&, :&&&, :and] -> {:left, 130}
      op in [:==, :!=, :=~, :===, :!==] -> {:left, 140}
      op in [:<, :<=, :>=, :>] -> {:left, 150}
      op in [:|>, :<<<, :>>>, :<~, :~>, :<<~, :~>>, :<~>, :"<|>"] -> {:left, 160}
      op == :in -> {:left, 170}
      op == :"^^^" -> {:left, 180}
      op == :"//" -> {:right, 190}
      op in [:++, :--, :.., :<>, :+++, :---] -> {:right, 200}
      op in [:+, :-] -> {:left, 210}
      op in [:*, :/] -> {:left, 220}
      op == :** -> {:left, 230}
      op == :. -> {:left, 310}
      true -> nil
    end
  end

  defp old_arrows(clauses, fun, parens) do
    Enum.map_join(clauses, "; ", fn {:->, _, [left, right]} ->
      old_heads(left, fun, parens) <> "-> " <> to_string(right, fun)
    end)
  end

  defp old_heads([], _fun, true), do: "() "
  defp old_heads([], _fun, false), do: ""
  defp old_heads(args, fun, _), do: Enum.map_join(args, ", ", &to_string(&1, fun)) <> " "

  defp old_split_last([]), do: {[], []}
  defp old_split_last(args), do: {Enum.drop(args, -1), List.last(args)}

  defp old_indent(text), do: String.replace(text, "\n", "\n  ")

  # ---- dbg ------------------------------------------------------------------------------

  # Kernel.dbg/2's default debug function: code that evaluates `code`, prints where it is
  # (`[file:line: Mod.fun/arity]`) and the code with its value (each step of a pipeline with
  # the value it gave), inspected with `options`, and gives the value back.
  def dbg(code, options, %{__struct__: Macro.Env} = env) do
    header = dbg_header(env)

    quote do
      to_debug = unquote(dbg_debuggable(code))
      unquote(__MODULE__).__dbg__(unquote(header), to_debug, unquote(options))
    end
  end

  # A pipeline runs step by step, each value kept: {:pipe, step texts, values in order}.
  defp dbg_debuggable({:|>, _meta, _args} = pipeline) do
    value = Macro.unique_var(:value, __MODULE__)
    values = Macro.unique_var(:values, __MODULE__)
    [first | later] = steps = for {step, 0} <- unpipe(pipeline), do: step
    texts = Enum.map(steps, &Macro.to_string/1)

    start =
      quote do
        unquote(value) = unquote(first)
        unquote(values) = [unquote(value)]
      end

    run =
      Enum.reduce(later, start, fn step, acc ->
        quote do
          unquote(acc)
          unquote(value) = unquote(pipe(value, step, 0))
          unquote(values) = [unquote(value) | unquote(values)]
        end
      end)

    quote do
      unquote(run)
      {:pipe, unquote(texts), Enum.reverse(unquote(values))}
    end
  end

  defp dbg_debuggable(code) do
    quote do: {:value, unquote(Macro.to_string(code)), unquote(code)}
  end

  @doc false
  def __dbg__(header, to_debug, options) do
    {location?, options} = Keyword.pop(options, :print_location, true)
    colors = if IO.ANSI.enabled?(), do: IO.ANSI.syntax_colors(), else: []
    options = Keyword.merge([width: 80, pretty: true, syntax_colors: colors], options)
    {lines, result} = dbg_lines(to_debug, options)

    printed =
      if location? do
        [:cyan, :italic, header, :reset, "\n", lines, "\n"]
      else
        [lines, "\n"]
      end

    :ok = IO.write(IO.ANSI.format(printed, options[:syntax_colors] != []))
    result
  end

  defp dbg_lines({:pipe, texts, values}, options) do
    [{first_text, first_value} | rest] = Enum.zip(texts, values)
    first = [dbg_code(first_text), " ", inspect(first_value, options), ?\n]

    steps =
      for {text, value} <- rest do
        [:faint, "|> ", :reset, dbg_code(text), " ", inspect(value, options), ?\n]
      end

    {[first | steps], List.last(values)}
  end

  defp dbg_lines({:value, text, value}, options) do
    {[dbg_code(text), " ", inspect(value, options), ?\n], value}
  end

  defp dbg_code(text), do: [text, :faint, " #=>", :reset]

  defp dbg_header(env) do
    env = %{env | file: env.file && Path.relative_to_cwd(env.file)}
    [entry] = Macro.Env.stacktrace(env)
    "[" <> Exception.format_stacktrace_entry(entry) <> "]"
  end
end

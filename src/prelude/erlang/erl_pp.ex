# :erl_pp as OTP 25 prints abstract code (erl_parse's forms, expressions and guards).
#
# Two passes, as erl_pp makes them: the abstract code becomes a layout of items (a leaf of
# text with its width, words such as `case` and ` ->`, and groups: a `:list` of items that
# stays on one line if it fits and otherwise breaks between them, `:first` (an item
# continuing after a head, indented by its width), `:seq` (items between a before and an
# after, with separators), `:prefer_nl` (always broken unless printing flat), `:force_nl`;
# `{:step, a, b}` puts b after a break one indent in, `{:cstep, a, b}` only when a is wider
# than an indent). Then the layout is laid out into a deep character list at a line width
# of 72 and an indent of 4 (options `linewidth`, `indent`), a negative starting column
# printing everything on one line. The character lists nest as erl_pp's do, so the deep
# results are the same lists, not only the same text.
defmodule :erl_pp do
  @moduledoc false

  @linewidth 72
  @indent 4
  @n_spaces 30
  @min_substring 5

  # ---- API

  def form(thing), do: form(thing, :none)
  def form(thing, options), do: frmt(lform(thing, opts(options)), state(options))

  def attribute(thing), do: attribute(thing, :none)
  def attribute(thing, options), do: frmt(lattribute(thing, opts(options)), state(options))

  def function(f), do: function(f, :none)
  def function(f, options), do: frmt(lfunction(f, opts(options)), state(options))

  def guard(gs), do: guard(gs, :none)
  def guard(gs, options), do: frmt(lguard(gs, opts(options)), state(options))

  def exprs(es), do: exprs(es, 0, :none)
  def exprs(es, options), do: exprs(es, 0, options)

  def exprs(es, i, options) do
    o = opts(options)
    frmt({:seq, [], [], [?,], Enum.map(es, &lexpr(&1, 0, o))}, i, state(options))
  end

  def expr(e), do: frmt(lexpr(e, 0, opts(:none)), state(:none))
  def expr(e, options), do: frmt(lexpr(e, 0, opts(options)), state(options))
  def expr(e, i, options), do: frmt(lexpr(e, 0, opts(options)), i, state(options))
  def expr(e, i, p, options), do: frmt(lexpr(e, p, opts(options)), i, state(options))

  # A function whose variables are not all valid Erlang variables (such as Elixir's
  # lowercase ones) with each renamed: uppercased, then prefixed with X until it is unused.
  def legalize_vars({:function, anno, name, arity, clauses}) do
    {valid, invalid} =
      fold_vars(clauses, {%{}, %{}}, fn {:var, _, v}, {valid, invalid} ->
        [first | _] = str = :erlang.atom_to_list(v)
        if first >= ?a and first <= ?z, do: {valid, Map.put(invalid, v, str)}, else: {Map.put(valid, v, v), invalid}
      end)

    mapping = :maps.fold(&legalize_name/3, valid, invalid)
    {:function, anno, name, arity, map_vars(clauses, fn {:var, a, v} -> {:var, a, :erlang.map_get(v, mapping)} end)}
  end

  def legalize_vars(form), do: :erlang.error(:badarg, [form])

  defp legalize_name(invalid, str, used) do
    new = :erlang.list_to_atom(:string.to_upper(str))
    if :erlang.is_map_key(new, used), do: legalize_name(invalid, [?X | str], used), else: Map.put(used, invalid, new)
  end

  defp fold_vars(l, acc, f) when is_list(l), do: :lists.foldl(fn x, a -> fold_vars(x, a, f) end, acc, l)
  defp fold_vars({:var, _, _} = v, acc, f), do: f.(v, acc)
  defp fold_vars(t, acc, f) when is_tuple(t), do: fold_vars(:erlang.tuple_to_list(t), acc, f)
  defp fold_vars(_, acc, _), do: acc

  defp map_vars(l, f) when is_list(l), do: for(x <- l, do: map_vars(x, f))
  defp map_vars({:var, _, _} = v, f), do: f.(v)
  defp map_vars(t, f) when is_tuple(t), do: :erlang.list_to_tuple(for x <- :erlang.tuple_to_list(t), do: map_vars(x, f))
  defp map_vars(x, _), do: x

  # ---- options and printing state

  defp opts(options) when is_list(options) do
    %{hook: :proplists.get_value(:hook, options, :none), encoding: encoding(options), opts: options}
  end

  defp opts(hook), do: %{hook: hook, encoding: encoding([]), opts: hook}

  defp state(options) when is_list(options) do
    quote? = :proplists.get_bool(:quote_singleton_atom_types, options)
    st = if encoding(options) == :latin1, do: latin1_state(quote?), else: unicode_state(quote?)
    %{st | indent: :proplists.get_value(:indent, options, @indent), linewidth: :proplists.get_value(:linewidth, options, @linewidth)}
  end

  defp state(_hook), do: latin1_state(false)

  defp latin1_state(quote?) do
    value = fn v -> :io_lib.format('~p', [v]) end
    singleton = if quote?, do: fn a -> :io_lib.write_string_as_latin1(:erlang.atom_to_list(a), ?') end, else: value
    %{value: value, singleton: singleton, string: &:io_lib.write_string_as_latin1/1, char: &:io_lib.write_char_as_latin1/1, indent: @indent, linewidth: @linewidth}
  end

  defp unicode_state(quote?) do
    value = fn v -> :io_lib.format('~tp', [v]) end
    singleton = if quote?, do: fn a -> :io_lib.write_string(:erlang.atom_to_list(a), ?') end, else: value
    %{value: value, singleton: singleton, string: &:io_lib.write_string/1, char: &:io_lib.write_char/1, indent: @indent, linewidth: @linewidth}
  end

  defp encoding(options) do
    case :proplists.get_value(:encoding, options, :epp.default_encoding()) do
      :latin1 -> :latin1
      :utf8 -> :unicode
      :unicode -> :unicode
    end
  end

  # ---- forms

  defp lform({:attribute, _, _, _} = a, o), do: lattribute(a, o)
  defp lform({:function, _, _, _, _} = f, o), do: lfunction(f, o)
  defp lform({:error, _} = e, o), do: message(e, o)
  defp lform({:warning, _} = w, o), do: message(w, o)
  defp lform({:eof, _}, _o), do: ?\n

  defp message(m, %{encoding: enc}), do: leaf(:io_lib.format(if(enc == :latin1, do: '~p\n', else: '~tp\n'), [m]))

  defp lattribute({:attribute, _, :type, type}, o), do: [typeattr(:type, type, o), leaf('.\n')]
  defp lattribute({:attribute, _, :opaque, type}, o), do: [typeattr(:opaque, type, o), leaf('.\n')]
  defp lattribute({:attribute, _, :spec, arg}, _o), do: [specattr(:spec, arg), leaf('.\n')]
  defp lattribute({:attribute, _, :callback, arg}, _o), do: [specattr(:callback, arg), leaf('.\n')]
  defp lattribute({:attribute, _, name, arg}, o), do: [lattribute(name, arg, o), leaf('.\n')]

  defp lattribute(:module, {m, vs}, _o) do
    a = a0()
    attr(:module, [{:var, a, pname(m)}, List.foldr(vs, {nil, a}, fn v, c -> {:cons, a, {:var, a, v}, c} end)])
  end

  defp lattribute(:module, m, _o), do: attr(:module, [{:var, a0(), pname(m)}])
  defp lattribute(:export, falist, _o), do: attrib(:export, falist(falist))
  defp lattribute(:import, name, _o) when is_list(name), do: attr(:import, [{:var, a0(), pname(name)}])
  defp lattribute(:import, {from, falist}, _o), do: attrib(:import, [leaf(pname(from)), falist(falist)])
  defp lattribute(:export_type, talist, _o), do: attrib(:export_type, falist(talist))

  defp lattribute(:optional_callbacks, falist, o) do
    try do
      attrib(:optional_callbacks, falist(falist))
    catch
      _, _ -> attr(:optional_callbacks, [abstract(falist, o)])
    end
  end

  defp lattribute(:file, {name, anno}, _o), do: attr(:file, [{:string, a0(), name}, {:integer, a0(), anno}])
  defp lattribute(:record, {name, is}, o), do: [{:first, [leaf('-record('), {:atom, name}, ?,], record_fields(is, o)}, ?)]
  defp lattribute(name, arg, o), do: attr(name, [abstract(arg, o)])

  defp abstract(arg, %{encoding: enc}), do: :erl_parse.abstract(arg, encoding: enc)

  defp typeattr(tag, {name, type, args}, _o) do
    {:first, leaf('-' ++ :erlang.atom_to_list(tag) ++ ' '), typed(call({:atom, a0(), name}, args, 0, opts(:none)), type)}
  end

  # ---- types

  defp ltype(t), do: ltype(t, 0)

  defp ltype({:ann_type, _, [v, t]}, prec) do
    {l, p, r} = :erl_parse.type_inop_prec(:"::")
    maybe_paren(p, prec, {:list, [{:cstep, [ltype(v, l), :" ::"], ltype(t, r)}]})
  end

  defp ltype({:paren_type, _, [t]}, p), do: ltype(t, p)

  defp ltype({:type, _, :union, ts}, prec) do
    {_l, p, r} = :erl_parse.type_inop_prec(:|)
    maybe_paren(p, prec, {:seq, [], [], [:" |"], ltypes(ts, r)})
  end

  defp ltype({:type, _, :list, [t]}, _), do: {:seq, ?[, ?], ?,, [ltype(t)]}
  defp ltype({:type, _, :nonempty_list, [t]}, _), do: {:seq, ?[, ?], [?,], [ltype(t), leaf('...')]}
  defp ltype({:type, anno, nil, []}, _), do: lexpr({nil, anno}, 0, opts(:none))
  defp ltype({:type, anno, :map, :any}, _), do: simple_type({:atom, anno, :map}, [])

  defp ltype({:type, _, :map, pairs}, prec) do
    {p, _r} = :erl_parse.type_preop_prec(:"#")
    maybe_paren(p, prec, {:first, [?#], tuple_type(pairs, &map_pair_type/2)})
  end

  defp ltype({:type, anno, :tuple, :any}, _), do: simple_type({:atom, anno, :tuple}, [])
  defp ltype({:type, _, :tuple, ts}, _), do: tuple_type(ts, &ltype/2)

  defp ltype({:type, _, :record, [{:atom, _, n} | fs]}, prec) do
    {p, _r} = :erl_parse.type_preop_prec(:"#")
    maybe_paren(p, prec, {:first, [record_name(n)], tuple_type(fs, &field_type/2)})
  end

  defp ltype({:type, _, :range, [_, _] = es}, prec) do
    {_l, p, r} = :erl_parse.type_inop_prec(:..)
    maybe_paren(p, prec, expr_list(es, :.., fn e, o -> lexpr(e, r, o) end, opts(:none)))
  end

  defp ltype({:type, _, :binary, [i1, i2]}, _), do: binary_type(i1, i2)
  defp ltype({:type, _, :fun, []}, _), do: leaf('fun()')
  defp ltype({:type, _, :fun, [{:type, _, :any}, _]} = ft, _), do: [fun_type([:fun, ?(], ft), ?)]
  defp ltype({:type, _, :fun, [{:type, _, :product, _}, _]} = ft, _), do: [fun_type([:fun, ?(], ft), ?)]
  defp ltype({:type, anno, t, ts}, _), do: simple_type({:atom, anno, t}, ts)
  defp ltype({:user_type, anno, t, ts}, _), do: simple_type({:atom, anno, t}, ts)
  defp ltype({:remote_type, anno, [m, f, ts]}, _), do: simple_type({:remote, anno, m, f}, ts)
  defp ltype({:atom, _, t}, _), do: {:singleton_atom_type, t}
  defp ltype(e, p), do: lexpr(e, p, opts(:none))

  defp binary_type(i1, i2) do
    p = :erl_parse.max_prec()
    e1 = if match?({:integer, _, 0}, i1), do: [], else: [[leaf('_:'), lexpr(i1, p, opts(:none))]]
    e2 = if match?({:integer, _, 0}, i2), do: [], else: [[leaf('_:_*'), lexpr(i2, p, opts(:none))]]

    case e1 ++ e2 do
      [] -> leaf('<<>>')
      es -> {:seq, :"<<", :">>", [?,], es}
    end
  end

  defp map_pair_type({:type, _, :map_field_assoc, [k, v]}, prec), do: {:list, [{:cstep, [ltype(k, prec), leaf(' =>')], ltype(v, prec)}]}
  defp map_pair_type({:type, _, :map_field_exact, [k, v]}, prec), do: {:list, [{:cstep, [ltype(k, prec), leaf(' :=')], ltype(v, prec)}]}

  defp field_type({:type, _, :field_type, [name, type]}, _prec), do: typed(lexpr(name, 0, opts(:none)), type)

  defp typed(b, type), do: {:list, [{:cstep, [b, :" ::"], ltype(type)}]}

  defp tuple_type([], _), do: leaf('{}')
  defp tuple_type(ts, f), do: {:seq, ?{, ?}, [?,], for(t <- ts, do: f.(t, 0))}

  defp specattr(kind, {func_spec, type_specs}) do
    func =
      case func_spec do
        {f, _a} -> {:atom, f}
        {m, f, _a} -> [{:atom, m}, ?:, {:atom, f}]
      end

    {:first, leaf(:lists.concat(['-', kind, ' '])), {:list, [{:first, func, {:prefer_nl, [?;], Enum.map(type_specs, &sig_type/1)}}]}}
  end

  defp sig_type({:type, _, :bounded_fun, [t, gs]}), do: guard_type(fun_type([], t), gs)
  defp sig_type(ft), do: fun_type([], ft)

  defp guard_type(before, gs) do
    gl = {:list, [{:step, :when, expr_list(gs, [?,], &constraint/2, opts(:none))}]}
    {:list, [{:step, before, gl}]}
  end

  defp constraint({:type, _, :constraint, [{:atom, _, :is_subtype}, [{:var, _, _} = v, type]]}, _o), do: typed(lexpr(v, 0, opts(:none)), type)
  defp constraint({:type, _, :constraint, [tag, as]}, _o), do: simple_type(tag, as)

  defp fun_type(before, {:type, _, :fun, [ftype, ret]}), do: {:first, before, {:step, [type_args(ftype), :" ->"], ltype(ret)}}

  defp type_args({:type, _, :any}), do: leaf('(...)')
  defp type_args({:type, _, :product, ts}), do: targs(ts)

  defp simple_type(tag, types), do: {:first, lexpr(tag, 0, opts(:none)), targs(types)}

  defp targs(ts), do: {:seq, ?(, ?), [?,], ltypes(ts, 0)}

  defp ltypes(ts, prec), do: for(t <- ts, do: ltype(t, prec))

  defp attr(name, args), do: {:first, [?-, {:atom, name}], args(args, opts(:none))}
  defp attrib(name, args), do: {:first, [?-, {:atom, name}], [{:seq, ?(, ?), [?,], args}]}

  defp pname([:"" | as]), do: [?. | pname(as)]
  defp pname([a]), do: :io_lib.write(a)
  defp pname([a | as]), do: [:io_lib.write(a), ?. | pname(as)]
  defp pname(a) when is_atom(a), do: :io_lib.write(a)

  defp falist([]), do: [:"[]"]

  defp falist(falist) do
    l = for {name, arity} <- falist, do: [{:atom, name}, leaf(:io_lib.format('/~w', [arity]))]
    [{:seq, ?[, ?], ?,, l}]
  end

  # ---- functions and clauses

  defp lfunction({:function, _, name, _arity, cs}, o) do
    [nl_clauses(fn c, o -> func_clause(name, c, o) end, ?;, o, cs), leaf('.\n')]
  end

  defp func_clause(name, {:clause, anno, head, guard, body}, o) do
    hl = call({:atom, anno, name}, head, 0, o)
    {:step, guard_when(hl, guard, o), body(body, o)}
  end

  defp guard_when(before, guard, o, after_ \\ :" ->"), do: [{:list, [{:step, before, lguard(guard, o)}]}, after_]

  defp lguard([e | _] = es, o) when is_list(e), do: {:list, [{:step, :when, expr_list(es, [?;], &guard0/2, o)}]}
  defp lguard([_ | _] = es, o), do: lguard([es], o)
  defp lguard([], _), do: []

  defp guard0(es, o), do: expr_list(es, [?,], &lexpr/2, o)

  defp body([e], o), do: lexpr(e, 0, o)
  defp body(es, o), do: {:prefer_nl, [?,], lexprs(es, o)}

  # ---- expressions

  defp lexpr(e, o), do: lexpr(e, 0, o)

  defp lexpr({:var, _, v}, _, _) when is_integer(v), do: leaf(:io_lib.format('_~w', [v]))
  defp lexpr({:var, _, v}, _, _), do: leaf(:io_lib.format('~ts', [v]))
  defp lexpr({:char, _, c}, _, _), do: {:char, c}
  defp lexpr({:integer, _, n}, _, _), do: leaf(:io_lib.write(n))
  defp lexpr({:float, _, f}, _, _), do: leaf(:io_lib.write(f))
  defp lexpr({:atom, _, a}, _, _), do: {:atom, a}
  defp lexpr({:string, _, s}, _, _), do: {:string, s}
  defp lexpr({nil, _}, _, _), do: :"[]"
  defp lexpr({:cons, _, h, t}, _, o), do: list(t, [h], o)

  defp lexpr({:lc, _, e, qs}, _, o) do
    lcl = {:list, [{:step, [lexpr(e, 0, o), leaf(' ||')], lc_quals(qs, o)}]}
    {:list, [{:seq, ?[, [], [[]], [{:force_nl, leaf(' '), [lcl]}]}, ?]]}
  end

  defp lexpr({:bc, _, e, qs}, _, o) do
    lcl = {:list, [{:step, [lexpr(e, :erl_parse.max_prec(), o), leaf(' ||')], lc_quals(qs, o)}]}
    {:list, [{:seq, :"<<", [], [[]], [{:force_nl, leaf(' '), [lcl]}]}, :">>"]}
  end

  defp lexpr({:tuple, _, elts}, _, o), do: tuple(elts, &lexpr/2, o)

  defp lexpr({:record_index, _, name, f}, prec, o) do
    {p, r} = :erl_parse.preop_prec(:"#")
    maybe_paren(p, prec, [record_name(name), ?., lexpr(f, r, o)])
  end

  defp lexpr({:record, _, name, fs}, prec, o) do
    {p, _r} = :erl_parse.preop_prec(:"#")
    maybe_paren(p, prec, {:first, record_name(name), record_fields(fs, o)})
  end

  defp lexpr({:record_field, _, rec, name, f}, prec, o) do
    {l, p, r} = :erl_parse.inop_prec(:"#")
    nl = [hash_after_integer(rec, [?#]), {:atom, name}, ?.]
    maybe_paren(p, prec, [lexpr(rec, l, o), nl, lexpr(f, r, o)])
  end

  defp lexpr({:record, _, rec, name, fs}, prec, o) do
    {l, p, _r} = :erl_parse.inop_prec(:"#")
    el = {:first, [lexpr(rec, l, o), hash_after_integer(rec, []), record_name(name)], record_fields(fs, o)}
    maybe_paren(p, prec, el)
  end

  defp lexpr({:record_field, _, {:atom, _, :""}, f}, prec, o) do
    {_l, p, r} = :erl_parse.inop_prec(:.)
    maybe_paren(p, prec, [?., lexpr(f, r, o)])
  end

  defp lexpr({:record_field, _, rec, f}, prec, o) do
    {l, p, r} = :erl_parse.inop_prec(:.)
    maybe_paren(p, prec, [lexpr(rec, l, o), ?., lexpr(f, r, o)])
  end

  defp lexpr({:map, _, fs}, prec, o) do
    {p, _r} = :erl_parse.preop_prec(:"#")
    maybe_paren(p, prec, {:first, ?#, tuple(fs, &map_field/2, o)})
  end

  defp lexpr({:map, _, map, fs}, prec, o) do
    {l, p, _r} = :erl_parse.inop_prec(:"#")
    el = {:first, [lexpr(map, l, o) | hash_after_integer(map, [?#])], tuple(fs, &map_field/2, o)}
    maybe_paren(p, prec, el)
  end

  defp lexpr({:block, _, es}, _, o), do: {:list, [{:step, :begin, body(es, o)}, {:reserved, :end}]}
  defp lexpr({:if, _, cs}, _, o), do: {:list, [{:step, :if, clauses(&if_clause/2, o, cs)}, {:reserved, :end}]}

  defp lexpr({:case, _, expr, cs}, _, o) do
    {:list, [{:step, {:list, [{:step, :case, lexpr(expr, 0, o)}, {:reserved, :of}]}, clauses(&cr_clause/2, o, cs)}, {:reserved, :end}]}
  end

  defp lexpr({:cond, _, cs}, _, o), do: {:list, [{:step, leaf('cond'), clauses(&cond_clause/2, o, cs)}, {:reserved, :end}]}
  defp lexpr({:receive, _, cs}, _, o), do: {:list, [{:step, :receive, clauses(&cr_clause/2, o, cs)}, {:reserved, :end}]}

  defp lexpr({:receive, _, cs, to, to_body}, _, o) do
    al = {:list, [{:step, [lexpr(to, 0, o), :" ->"], body(to_body, o)}]}
    {:list, [{:step, :receive, clauses(&cr_clause/2, o, cs)}, {:step, :after, al}, {:reserved, :end}]}
  end

  defp lexpr({:fun, _, {:function, f, a}}, _, _o), do: [leaf('fun '), {:atom, f}, leaf(:io_lib.format('/~w', [a]))]
  defp lexpr({:fun, a, {:function, _, _} = func, extra}, prec, o), do: {:force_nl, fun_info(extra), lexpr({:fun, a, func}, prec, o)}
  defp lexpr({:fun, _, {:function, m, f, a}}, _, o), do: ['fun ', lexpr(m, 0, o), ?:, lexpr(f, 0, o), ?/, lexpr(a, 0, o)]
  defp lexpr({:fun, _, {:clauses, cs}}, _, o), do: {:list, [{:first, :fun, fun_clauses(cs, o, :unnamed)}, {:reserved, :end}]}

  defp lexpr({:named_fun, _, name, cs}, _, o) do
    {:list, [{:first, [:fun, ' '], fun_clauses(cs, o, {:named, name})}, {:reserved, :end}]}
  end

  defp lexpr({:fun, _, {:clauses, cs}, extra}, _, o) do
    {:force_nl, fun_info(extra), {:list, [{:first, :fun, fun_clauses(cs, o, :unnamed)}, {:reserved, :end}]}}
  end

  defp lexpr({:named_fun, _, name, cs, extra}, _, o) do
    {:force_nl, fun_info(extra), {:list, [{:first, [:fun, ' '], fun_clauses(cs, o, {:named, name})}, {:reserved, :end}]}}
  end

  defp lexpr({:call, _, {:remote, _, {:atom, _, m}, {:atom, _, f} = n} = name, args}, prec, o) do
    # an auto-imported BIF called as erlang:F prints as F, but for float
    if f != :float and :erl_internal.bif(m, f, length(args)), do: call(n, args, prec, o), else: call(name, args, prec, o)
  end

  defp lexpr({:call, _, name, args}, prec, o), do: call(name, args, prec, o)

  defp lexpr({:try, _, es, scs, ccs, as}, _, o) do
    head =
      if scs == [],
        do: {:step, :try, body(es, o)},
        else: {:step, {:list, [{:step, :try, body(es, o)}, {:reserved, :of}]}, clauses(&cr_clause/2, o, scs)}

    catches = if ccs == [], do: [], else: [{:step, :catch, clauses(&try_clause/2, o, ccs)}]
    afters = if as == [], do: [], else: [{:step, :after, body(as, o)}]
    {:list, [head] ++ catches ++ afters ++ [{:reserved, :end}]}
  end

  defp lexpr({:catch, _, expr}, prec, o) do
    {p, r} = :erl_parse.preop_prec(:catch)
    maybe_paren(p, prec, {:list, [{:step, :catch, lexpr(expr, r, o)}]})
  end

  defp lexpr({:maybe, _, es}, _, o), do: {:list, [{:step, :maybe, body(es, o)}, {:reserved, :end}]}

  defp lexpr({:maybe, _, es, {:else, _, cs}}, _, o) do
    {:list, [{:step, :maybe, body(es, o)}, {:step, :else, clauses(&cr_clause/2, o, cs)}, {:reserved, :end}]}
  end

  defp lexpr({:maybe_match, _, lhs, rhs}, _, o), do: {:list, [{:cstep, [lexpr(lhs, 0, o), leaf(' ?=')], lexpr(rhs, 0, o)}]}

  defp lexpr({:match, _, lhs, rhs}, prec, o) do
    {l, p, r} = :erl_parse.inop_prec(:=)
    maybe_paren(p, prec, {:list, [{:cstep, [lexpr(lhs, l, o), :" ="], lexpr(rhs, r, o)}]})
  end

  defp lexpr({:op, _, op, arg}, prec, o) when op in [:+, :-] do
    {p, r} = :erl_parse.preop_prec(op)
    maybe_paren(p, prec, [{:reserved, leaf(:erlang.atom_to_list(op))}, lexpr(arg, r, o)])
  end

  defp lexpr({:op, _, op, arg}, prec, o) do
    {p, r} = :erl_parse.preop_prec(op)
    maybe_paren(p, prec, [{:reserved, leaf(:io_lib.format('~s ', [op]))}, lexpr(arg, r, o)])
  end

  defp lexpr({:op, _, op, larg, rarg}, prec, o) when op in [:orelse, :andalso] do
    {l, p, r} = :erl_parse.inop_prec(op)
    el = {:prefer_nl, [[]], [lexpr(larg, l, o), {:reserved, leaf(:io_lib.format('~s', [op]))}, lexpr(rarg, r, o)]}
    maybe_paren(p, prec, el)
  end

  defp lexpr({:op, _, op, larg, rarg}, prec, o) do
    {l, p, r} = :erl_parse.inop_prec(op)
    el = {:list, [lexpr(larg, l, o), {:reserved, leaf(:io_lib.format('~s', [op]))}, lexpr(rarg, r, o)]}
    maybe_paren(p, prec, el)
  end

  defp lexpr({:remote, _, m, f}, prec, o) do
    {l, p, r} = :erl_parse.inop_prec(:":")
    maybe_paren(p, prec, [lexpr(m, l, o), ?:, lexpr(f, r, o)])
  end

  defp lexpr({:bin, _, []}, _, _o), do: leaf('<<>>')
  defp lexpr({:bin, _, fs}, _, o), do: [:"<<", expr_list(fs, ?,, &bit_elem/2, o), :">>"]
  defp lexpr({:value, _, val}, _, _), do: {:value, val}
  defp lexpr(other, _prec, %{hook: :none}), do: leaf(:io_lib.format('INVALID-FORM:~w:', [other]))
  defp lexpr(e, prec, %{hook: {m, f, eas}}) when m != :fun, do: {:ehook, e, prec, {m, f, eas}}
  defp lexpr(e, prec, %{hook: func, opts: options}), do: {:hook, e, prec, func, options}

  # (an integer, or a fun naming a function, is kept apart from a following #)
  defp hash_after_integer({:integer, _, _}, c), do: [?\s | c]
  defp hash_after_integer({:fun, _, {:function, _, _}}, c), do: [?\s | c]
  defp hash_after_integer({:fun, _, {:function, _, _, _}}, c), do: [?\s | c]
  defp hash_after_integer(_, c), do: c

  defp call(name, args, prec, o) do
    {f, p} = :erl_parse.func_prec()
    maybe_paren(p, prec, {:first, lexpr(name, f, o), args(args, o)})
  end

  defp fun_info(extra), do: [leaf('% fun-info: '), {:value, extra}]

  defp bit_elem({:bin_element, _, expr, sz, types}, o) do
    p = :erl_parse.max_prec()
    v = lexpr(expr, p, o)
    s = if sz != :default, do: [v, ?:, lexpr(sz, p, o)], else: v
    if types != :default, do: [s, ?/ | bit_elem_types(types)], else: s
  end

  defp bit_elem_types([t]), do: [bit_elem_type(t)]
  defp bit_elem_types([t | rest]), do: [bit_elem_type(t), ?- | bit_elem_types(rest)]

  defp bit_elem_type({a, b}), do: [lexpr(:erl_parse.abstract(a), 0, opts(:none)), ?:, lexpr(:erl_parse.abstract(b), 0, opts(:none))]
  defp bit_elem_type(t), do: lexpr(:erl_parse.abstract(t), 0, opts(:none))

  defp record_name(name), do: [?#, {:atom, name}]

  defp record_fields(fs, o), do: tuple(fs, &record_field/2, o)

  defp record_field({:record_field, _, f, val}, o) do
    {l, _p, r} = :erl_parse.inop_prec(:=)
    {:list, [{:cstep, [lexpr(f, l, o), :" ="], lexpr(val, r, o)}]}
  end

  defp record_field({:typed_record_field, {:record_field, _, f, val}, type}, o) do
    {l, _p, r} = :erl_parse.inop_prec(:=)
    {:list, [{:cstep, [lexpr(f, l, o), :" ="], typed(lexpr(val, r, o), type)}]}
  end

  defp record_field({:typed_record_field, field, type}, o), do: typed(record_field(field, o), type)
  defp record_field({:record_field, _, f}, o), do: lexpr(f, 0, o)

  defp map_field({:map_field_assoc, _, k, v}, o), do: {:list, [{:step, [lexpr(k, 0, o), leaf(' =>')], lexpr(v, 0, o)}]}
  defp map_field({:map_field_exact, _, k, v}, o), do: {:list, [{:step, [lexpr(k, 0, o), leaf(' :=')], lexpr(v, 0, o)}]}

  defp list({:cons, _, h, t}, es, o), do: list(t, [h | es], o)
  defp list({nil, _}, es, o), do: {:seq, ?[, ?], [?,], lexprs(:lists.reverse(es), o)}
  defp list(other, es, o), do: {:seq, ?[, ?], [{?,, :" |"}], lexprs(:lists.reverse(es, [other]), o)}

  defp if_clause({:clause, _, [], g, b}, o), do: {:step, [guard_no_when(g, o), :" ->"], body(b, o)}

  defp guard_no_when([e | _] = es, o) when is_list(e), do: expr_list(es, ?;, &guard0/2, o)
  defp guard_no_when([_ | _] = es, o), do: guard_no_when([es], o)
  defp guard_no_when([], _), do: leaf('true')

  defp cr_clause({:clause, _, [t], g, b}, o), do: {:step, guard_when(lexpr(t, 0, o), g, o), body(b, o)}

  defp try_clause({:clause, _, [{:tuple, _, [c, v, s]}], g, b}, o) do
    cs_el = [lexpr(c, 0, o), ?:, lexpr(v, 0, o)]
    sl = if match?({:var, _, :_}, s), do: cs_el, else: cs_el ++ [?:, lexpr(s, 0, o)]
    {:step, guard_when(sl, g, o), body(b, o)}
  end

  defp fun_clauses(cs, o, :unnamed), do: nl_clauses(&fun_clause/2, [?;], o, cs)

  defp fun_clauses(cs, o, {:named, name}) do
    nl_clauses(
      fn c, o ->
        {:step, gl, bl} = fun_clause(c, o)
        {:step, [:erlang.atom_to_list(name), gl], bl}
      end,
      [?;],
      o,
      cs
    )
  end

  defp fun_clause({:clause, _, a, g, b}, o), do: {:step, guard_when(args(a, o), g, o), body(b, o)}

  defp cond_clause({:clause, _, [], [[e]], b}, o), do: {:step, [lexpr(e, 0, o), :" ->"], body(b, o)}

  defp nl_clauses(type, sep, o, cs), do: {:prefer_nl, sep, for(c <- cs, do: type.(c, o))}
  defp clauses(type, o, cs), do: {:prefer_nl, [?;], for(c <- cs, do: type.(c, o))}

  defp lc_quals(qs, o), do: {:prefer_nl, [?,], for(q <- qs, do: lc_qual(q, o))}

  defp lc_qual({:b_generate, _, pat, e}, o), do: {:list, [{:step, [lexpr(pat, 0, o), leaf(' <=')], lexpr(e, 0, o)}]}
  defp lc_qual({:generate, _, pat, e}, o), do: {:list, [{:step, [lexpr(pat, 0, o), leaf(' <-')], lexpr(e, 0, o)}]}
  defp lc_qual(q, o), do: lexpr(q, 0, o)

  defp tuple([], _f, _o), do: leaf('{}')
  defp tuple(es, f, o), do: {:seq, ?{, ?}, [?,], for(e <- es, do: f.(e, o))}

  defp args(as, o), do: {:seq, ?(, ?), [?,], lexprs(as, o)}

  defp expr_list(es, sep, f, o), do: {:seq, [], [], sep, for(e <- es, do: f.(e, o))}

  defp lexprs(es, o), do: for(e <- es, do: lexpr(e, 0, o))

  defp maybe_paren(p, prec, expr) when p < prec, do: [?(, expr, ?)]
  defp maybe_paren(_p, _prec, expr), do: expr

  defp leaf(s), do: {:leaf, :string.length(s), s}

  defp a0, do: :erl_anno.new(0)

  # ---- layout

  defp frmt(item, pp), do: frmt(item, 0, pp)

  defp frmt(item, i, pp) do
    {chars, _length} = f(item, i, pp)
    [chars]
  end

  defp f([], _i, _pp), do: {[], 0}
  defp f(c, _i, _pp) when is_integer(c), do: {c, 1}
  defp f({:leaf, length, chars}, _i, _pp), do: {chars, length}
  defp f([item | items], i0, pp), do: consecutive(items, f(item, i0, pp), i0, pp)
  defp f({:list, items}, i0, pp), do: f({:seq, [], [], [[]], items}, i0, pp)
  defp f({:first, e, item}, i0, pp), do: f({:seq, e, [], [[]], [item]}, i0, pp)

  defp f({:seq, before, after_, sep, items}, i0, pp) do
    bcs = f(before, i0, pp)
    i = indent(bcs, i0)
    csl = fl(items, sep, i, after_, pp)
    {charsl, sizel} = unz(csl)
    {bcharsl, bsizel} = unz1([bcs])
    nsep = if is_list(sep) and sep != [], do: max(0, length(charsl) - 1), else: 0

    case same_line(i0, bsizel ++ sizel, nsep, pp) do
      {:yes, size} ->
        chars = if nsep > 0, do: insert_sep(charsl, ?\s), else: charsl
        {bcharsl ++ chars, size}

      :no ->
        {lchars, lsize} = maybe_newlines(handle_step(csl, i, pp), items, i, nsep, pp)
        {[bcharsl, lchars], nsz(lsize, i0)}
    end
  end

  defp f({:force_nl, _extra, item}, i, pp) when i < 0, do: f(item, i, pp)
  defp f({:force_nl, extra, item}, i, pp), do: f({:prefer_nl, [], [extra, item]}, i, pp)
  defp f({:prefer_nl, sep, items}, i, pp) when i < 0, do: f({:seq, [], [], sep, items}, i, pp)

  defp f({:prefer_nl, sep, items}, i0, pp) do
    csl = fl(items, sep, i0, [], pp)
    {_charsl, sizes} = unz(csl)
    if sizes == [], do: {[], 0}, else: {insert_newlines(csl, i0, pp), nsz(List.last(sizes), i0)}
  end

  defp f({:value, v}, i, pp), do: f(flat_leaf(pp.value.(v)), i, pp)
  defp f({:atom, a}, i, pp), do: f(flat_leaf(pp.value.(a)), i, pp)
  defp f({:singleton_atom_type, a}, i, pp), do: f(flat_leaf(pp.singleton.(a)), i, pp)
  defp f({:char, c}, i, pp), do: f(flat_leaf(pp.char.(c)), i, pp)
  defp f({:string, s}, i, pp), do: f(write_a_string(s, i, pp), i, pp)
  defp f({:reserved, r}, i, pp), do: f(r, i, pp)

  defp f({:hook, e, prec, func, options}, i, _pp) do
    chars = func.(e, i, prec, options)
    {chars, indentation(chars, i)}
  end

  defp f({:ehook, e, prec, {m, func, eas} = mfe}, i, _pp) do
    chars = apply(m, func, [e, i, prec, mfe | eas])
    {chars, indentation(chars, i)}
  end

  defp f(word, _i, _pp) when is_atom(word), do: word(word)

  # the items of a group, each with the separator after it (the last with `after_`):
  # pairs of {chars, size}, the second for what a step puts on the next line
  defp fl([], _sep, i0, after_, pp), do: [[f(after_, i0, pp), {[], 0}]]

  defp fl(items, sep0, i0, after_, pp) do
    one = fn
      {:step, item1, item2}, s ->
        [f(item1, i0, pp), f([item2, s], incr(i0, pp.indent), pp)]

      {:cstep, item1, item2}, s ->
        {_, sz1} = cs1 = f(item1, i0, pp)

        if is_integer(sz1) and sz1 < pp.indent,
          do: [consecutive([leaf(' '), item2, s], cs1, i0, pp), {[], 0}],
          else: [cs1, f([item2, s], incr(i0, pp.indent), pp)]

      {:reserved, word}, s ->
        [f([word, s], i0, pp), {[], 0}]

      item, s ->
        [f([item, s], i0, pp), {[], 0}]
    end

    {sep, last_sep} = split_sep(sep0)
    fl1(items, one, sep, last_sep, after_)
  end

  defp split_sep([{s, ls}]), do: {[s], [ls]}
  defp split_sep({_, _} = sep), do: sep
  defp split_sep(s), do: {s, s}

  defp fl1([item], one, _sep, _last, after_), do: [one.(item, after_)]
  defp fl1([item1, item2], one, _sep, last, after_), do: [one.(item1, last), one.(item2, after_)]
  defp fl1([item | items], one, sep, last, after_), do: [one.(item, sep) | fl1(items, one, sep, last, after_)]

  defp consecutive(items, cs1, i0, pp) do
    {css, _} =
      :lists.mapfoldl(
        fn item, len ->
          cs = f(item, len, pp)
          {cs, indent(cs, len)}
        end,
        indent(cs1, i0),
        items
      )

    {charsl, sizel} = unz1([cs1 | css])
    {charsl, line_size(sizel)}
  end

  defp unz(csl), do: unz1(:lists.append(csl))
  defp unz1(cs), do: :lists.unzip(for({_, sz} = x <- cs, sz != 0, do: x))

  defp maybe_newlines([{chars, size}], [], _i, _nsep, _pp), do: {chars, size}
  defp maybe_newlines(csl, items, i, nsep, pp) when i >= 0, do: maybe_sep(csl, items, i, nsep, nl_indent(i), pp)

  defp maybe_sep([{chars1, size1} | csl], [item | items], i0, nsep, sep, pp) do
    i1 = if classify_item(item) == :atomic, do: i0 + size1, else: pp.linewidth + 1
    maybe_sep1(csl, items, i0, i1, sep, nsep, size1, [chars1], pp)
  end

  defp maybe_sep1([{chars, size} | csl], [item | items], i0, i, sep, nsep, sz0, acc, pp) do
    if classify_item(item) == :atomic and is_integer(size) do
      size1 = size + 1
      i1 = i + size1

      if i1 <= pp.linewidth do
        acc1 = if nsep > 0, do: [chars, ?\s | acc], else: [chars | acc]
        maybe_sep1(csl, items, i0, i1, sep, nsep, sz0 + size1, acc1, pp)
      else
        maybe_sep1(csl, items, i0, i0 + size, sep, nsep, size1, [chars, sep | acc], pp)
      end
    else
      maybe_sep1(csl, items, i0, pp.linewidth + 1, sep, nsep, 0, [chars, sep | acc], pp)
    end
  end

  defp maybe_sep1(_csl, _items, _i0, _i, _sep, _nsep, sz, acc, _pp), do: {:lists.reverse(acc), sz}

  defp insert_newlines(csl, i, pp) when i >= 0 do
    {charsl, _} = unz1(handle_step(csl, i, pp))
    insert_nl(charsl, i)
  end

  defp handle_step(csl, i, pp) do
    for pair <- csl do
      case pair do
        [{_, 0}, {_, 0}] -> {[], 0}
        [{c1, sz1}, {_, 0}] -> {c1, sz1}
        [{c1, sz1}, {c2, sz2}] when sz2 > 0 -> {insert_nl([c1, c2], i + pp.indent), line_size([sz1, sz2])}
      end
    end
  end

  defp insert_nl(charsl, i), do: insert_sep(charsl, nl_indent(i))

  defp insert_sep([chars1 | charsl], sep), do: [chars1 | for(chars <- charsl, do: [sep, chars])]

  defp nl_indent(0), do: ?\n
  defp nl_indent(i) when i > 0, do: [?\n | spaces(i)]

  defp spaces(n) when n <= @n_spaces, do: :lists.duplicate(n, ?\s)
  defp spaces(n), do: [:lists.duplicate(@n_spaces, ?\s) | spaces(n - @n_spaces)]

  defp classify_item({:atom, _}), do: :atomic
  defp classify_item({:singleton_atom_type, _}), do: :atomic
  defp classify_item(a) when is_atom(a), do: :atomic
  defp classify_item({:leaf, _, _}), do: :atomic
  defp classify_item(_), do: :complex

  defp same_line(i0, sizes, nsep, pp) do
    if Enum.all?(sizes, &is_integer/1) do
      size = Enum.sum(sizes) + nsep
      if incr(i0, size) <= pp.linewidth, do: {:yes, size}, else: :no
    else
      :no
    end
  end

  defp line_size(sizes), do: line_size(sizes, 0, false)
  defp line_size([], size, false), do: size
  defp line_size([], size, true), do: {:line, size}
  defp line_size([{:line, len} | sizes], _, _), do: line_size(sizes, len, true)
  defp line_size([sz | sizes], so_far, lf), do: line_size(sizes, so_far + sz, lf)

  defp nsz({:line, _} = sz, _i), do: sz
  defp nsz(size, i) when i >= 0, do: {:line, size + i}

  defp indent({_chars, {:line, len}}, _i), do: len
  defp indent({_chars, size}, i), do: incr(i, size)

  defp incr(i, _) when i < 0, do: i
  defp incr(i, n), do: i + n

  defp indentation(e, i) when i < 0, do: :string.length(e)

  defp indentation(e, i0) do
    i = :io_lib_format.indentation(e, i0)
    if has_nl(e), do: {:line, i}, else: i
  end

  defp has_nl([?\n | _]), do: true
  defp has_nl([c | cs]) when is_integer(c), do: has_nl(cs)
  defp has_nl([c | cs]), do: has_nl(c) or has_nl(cs)
  defp has_nl([]), do: false

  defp write_a_string(s, i, pp) when i < 0 or s == [], do: flat_leaf(pp.string.(s))

  defp write_a_string(s, i, pp) do
    len = max(pp.linewidth - i, @min_substring)
    {:list, write_a_string(s, len, len, pp)}
  end

  defp write_a_string([], _n, _len, _pp), do: []

  defp write_a_string(s, n, len, pp) do
    ss = :string.slice(s, 0, n)
    sl = pp.string.(ss)

    if :string.length(sl) > len and n > @min_substring do
      write_a_string(s, n - 1, len, pp)
    else
      [flat_leaf(sl) | write_a_string(:string.slice(s, :string.length(ss)), len, len, pp)]
    end
  end

  defp flat_leaf(s) do
    l = :lists.flatten(s)
    {:leaf, :string.length(l), l}
  end

  @words %{
    " ->": ' ->', " =": ' =', "<<": '<<', ">>": '>>', "[]": '[]', after: 'after', begin: 'begin', case: 'case',
    catch: 'catch', end: 'end', fun: 'fun', if: 'if', of: 'of', receive: 'receive', try: 'try', when: 'when',
    " ::": ' ::', ..: '..', " |": ' |', maybe: 'maybe', else: 'else'
  }

  defp word(w) do
    s = Map.fetch!(@words, w)
    {s, length(s)}
  end
end

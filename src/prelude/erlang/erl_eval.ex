# :erl_eval as OTP 25 documents it: an interpreter of Erlang's abstract format (what
# :erl_parse.parse_exprs/1 gives) over bindings kept as an orddict (or a map), as
# erl_eval.erl evaluates it: matches, case/if/receive/try/catch, funs (one closure per
# arity up to 20, whose clauses are evaluated when it is called; named funs rebuild
# themselves for recursion), list and binary comprehensions, maps, binaries (through
# :beamsh_eval_bits), calls to BIFs, modules, the local and non-local function handlers,
# and OTP's errors (badmatch, case_clause, if_clause, try_clause, bad_generator,
# {badarity, ...}, function_clause in '-inside-an-interpreted-fun-', undef for local
# calls, {badarg, V} from andalso/orelse, undef_record). exprs/2 and expr/2 first check the
# expressions as erl_lint would for unbound variables and records. A receive takes
# messages in order and puts back those no clause matched (:beamsh_erl_eval.unshift/1).
defmodule :erl_eval do
  @moduledoc false

  @auto_bifs ~w(abs/1 alias/0 alias/1 apply/2 apply/3 atom_to_binary/1 atom_to_binary/2 atom_to_list/1 binary_part/2 binary_part/3 binary_to_atom/1 binary_to_atom/2 binary_to_existing_atom/1 binary_to_existing_atom/2 binary_to_float/1 binary_to_integer/1 binary_to_integer/2 binary_to_list/1 binary_to_list/3 binary_to_term/1 binary_to_term/2 bit_size/1 bitstring_to_list/1 byte_size/1 ceil/1 check_old_code/1 check_process_code/2 check_process_code/3 date/0 delete_module/1 demonitor/1 demonitor/2 disconnect_node/1 element/2 erase/0 erase/1 error/1 error/2 error/3 exit/1 exit/2 float/1 float_to_binary/1 float_to_binary/2 float_to_list/1 float_to_list/2 floor/1 garbage_collect/0 garbage_collect/1 garbage_collect/2 get/0 get/1 get_keys/0 get_keys/1 group_leader/0 group_leader/2 halt/0 halt/1 halt/2 hd/1 integer_to_binary/1 integer_to_binary/2 integer_to_list/1 integer_to_list/2 iolist_size/1 iolist_to_binary/1 is_alive/0 is_atom/1 is_binary/1 is_bitstring/1 is_boolean/1 is_float/1 is_function/1 is_function/2 is_integer/1 is_list/1 is_map/1 is_map_key/2 is_number/1 is_pid/1 is_port/1 is_process_alive/1 is_record/2 is_record/3 is_reference/1 is_tuple/1 length/1 link/1 list_to_atom/1 list_to_binary/1 list_to_bitstring/1 list_to_existing_atom/1 list_to_float/1 list_to_integer/1 list_to_integer/2 list_to_pid/1 list_to_port/1 list_to_ref/1 list_to_tuple/1 load_module/2 make_ref/0 map_get/2 map_size/1 max/2 min/2 module_loaded/1 monitor/2 monitor/3 monitor_node/2 node/0 node/1 nodes/0 nodes/1 nodes/2 now/0 open_port/2 pid_to_list/1 port_close/1 port_command/2 port_command/3 port_connect/2 port_control/3 port_to_list/1 pre_loaded/0 process_flag/2 process_flag/3 process_info/1 process_info/2 processes/0 purge_module/1 put/2 ref_to_list/1 register/2 registered/0 round/1 self/0 setelement/3 size/1 spawn/1 spawn/2 spawn/3 spawn/4 spawn_link/1 spawn_link/2 spawn_link/3 spawn_link/4 spawn_monitor/1 spawn_monitor/2 spawn_monitor/3 spawn_monitor/4 spawn_opt/2 spawn_opt/3 spawn_opt/4 spawn_opt/5 spawn_request/1 spawn_request/2 spawn_request/3 spawn_request/4 spawn_request/5 spawn_request_abandon/1 split_binary/2 statistics/1 term_to_binary/1 term_to_binary/2 term_to_iovec/1 term_to_iovec/2 throw/1 time/0 tl/1 trunc/1 tuple_size/1 tuple_to_list/1 unalias/1 unlink/1 unregister/1 whereis/1)
  @guard_bifs ~w(abs/1 binary_part/2 binary_part/3 bit_size/1 byte_size/1 ceil/1 element/2 float/1 floor/1 hd/1 is_atom/1 is_binary/1 is_bitstring/1 is_boolean/1 is_float/1 is_function/1 is_function/2 is_integer/1 is_list/1 is_map/1 is_map_key/2 is_number/1 is_pid/1 is_port/1 is_record/2 is_record/3 is_reference/1 is_tuple/1 length/1 map_get/2 map_size/1 node/0 node/1 round/1 self/0 size/1 tl/1 trunc/1 tuple_size/1)
  @old_type_tests ~w(integer/1 float/1 number/1 atom/1 list/1 tuple/1 pid/1 reference/1 port/1 function/1 binary/1 record/2 map/1)
  @guard_ops [:+, :-, :*, :/, :div, :rem, :band, :bor, :bxor, :bsl, :bsr, :bnot, :not, :and, :or, :xor, :andalso, :orelse,
              :==, :"/=", :"=<", :<, :>=, :>, :"=:=", :"=/="]

  defp auto_bif?(f, n), do: "#{f}/#{n}" in @auto_bifs
  defp guard_bif?(f, n), do: "#{f}/#{n}" in @guard_bifs

  # ---- bindings

  def new_bindings, do: []
  def bindings(bs) when is_map(bs), do: :maps.to_list(bs)
  def bindings(bs) when is_list(bs), do: :orddict.to_list(bs)

  def binding(name, bs) when is_map(bs) do
    case :maps.find(name, bs) do
      {:ok, val} -> {:value, val}
      :error -> :unbound
    end
  end

  def binding(name, bs) when is_list(bs) do
    case :orddict.find(name, bs) do
      {:ok, val} -> {:value, val}
      :error -> :unbound
    end
  end

  def add_binding(name, val, bs) when is_map(bs), do: :maps.put(name, val, bs)
  def add_binding(name, val, bs) when is_list(bs), do: :orddict.store(name, val, bs)
  def del_binding(name, bs) when is_map(bs), do: :maps.remove(name, bs)
  def del_binding(name, bs) when is_list(bs), do: :orddict.erase(name, bs)

  defp add_bindings(bs1, bs2) when is_map(bs1) and is_map(bs2), do: :maps.merge(bs2, bs1)
  defp add_bindings(bs1, bs2), do: :lists.foldl(fn {name, val}, bs -> add_binding(name, val, bs) end, bs2, bindings(bs1))

  defp new_bindings(bs) when is_map(bs), do: %{}
  defp new_bindings(_), do: []

  defp merge_bindings(bs1, bs2) when is_map(bs1) and is_map(bs2) do
    :maps.fold(
      fn name, val, bs ->
        case :maps.find(name, bs) do
          {:ok, ^val} -> bs
          {:ok, v1} -> :erlang.error({:badmatch, v1})
          :error -> :maps.put(name, val, bs)
        end
      end,
      bs2,
      bs1
    )
  end

  defp merge_bindings(bs1, bs2) do
    :lists.foldl(
      fn {name, val}, bs ->
        case :orddict.find(name, bs) do
          {:ok, ^val} -> bs
          {:ok, v1} -> :erlang.error({:badmatch, v1})
          :error -> :orddict.store(name, val, bs)
        end
      end,
      bs2,
      bindings(bs1)
    )
  end

  # ---- entry points

  def exprs(exprs, bs) do
    check_command(exprs, bs)
    exprs(exprs, bs, :none, :none, :none)
  end

  def exprs(exprs, bs, lf), do: exprs(exprs, bs, lf, :none, :none)
  def exprs(exprs, bs, lf, ef), do: exprs(exprs, bs, lf, ef, :none)

  defp exprs([e], bs, lf, ef, rbs), do: expr(e, bs, lf, ef, rbs, nil)

  defp exprs([e | es], bs0, lf, ef, rbs) do
    {:value, _, bs} = expr(e, bs0, lf, ef, :none, nil)
    exprs(es, bs, lf, ef, rbs)
  end

  # A fun of the given arity (0 to 20, as erl_eval makes them) whose arguments go as a list
  # to `evaluator` with `info`; `too_many` for any other arity. The funs are made where this
  # is written, so they are named after that function, as erl_eval's are.
  defmacrop arity_fun(arity, evaluator, info, too_many) do
    # (written with BIFs alone: this module compiles before Enum, :lists and Macro are there)
    args_of = fn
      _, 0, acc -> acc
      self, n, acc -> self.(self, n - 1, [{:erlang.list_to_atom(~c"a" ++ :erlang.integer_to_list(n)), [], __MODULE__} | acc])
    end

    clauses_of = fn
      _, -1, acc ->
        acc

      self, n, acc ->
        args = args_of.(args_of, n, [])
        self.(self, n - 1, [{:->, [], [[n], {:fn, [], [{:->, [], [args, {evaluator, [], [args, info]}]}]}]} | acc])
    end

    clauses = clauses_of.(clauses_of, 20, [])

    {:case, [], [arity, [do: clauses ++ [{:->, [], [[{:_, [], nil}], too_many]}]]]}
  end

  def expr(e, bs) do
    check_command([e], bs)
    expr(e, bs, :none, :none, :none)
  end

  def expr(e, bs, lf), do: expr(e, bs, lf, :none, :none)
  def expr(e, bs, lf, ef), do: expr(e, bs, lf, ef, :none)
  def expr(e, bs, lf, ef, rbs), do: expr(e, bs, lf, ef, rbs, nil)

  def expr_list(es, bs), do: expr_list(es, bs, :none, :none)
  def expr_list(es, bs, lf), do: expr_list(es, bs, lf, :none)
  def expr_list(es, bs, lf, ef), do: expr_list(es, [], bs, bs, lf, ef)

  defp expr_list([e | es], vs, bs_orig, bs0, lf, ef) do
    {:value, v, bs1} = expr(e, bs_orig, lf, ef, :none, nil)
    expr_list(es, [v | vs], bs_orig, merge_bindings(bs1, bs0), lf, ef)
  end

  defp expr_list([], vs, _, bs, _, _), do: {:lists.reverse(vs), bs}

  def match_clause(cs, vs, bs, lf), do: match_clause(cs, vs, bs, lf, :none)

  def fun_data(f) when is_function(f) do
    case :beamsh_erl_eval.fun_info(f) do
      {:fun_data, _, _} = d -> d
      {:named_fun_data, _, _, _} = d -> d
      _ -> false
    end
  end

  def fun_data(_), do: false

  def is_constant_expr(expr) do
    case eval_constant(expr) do
      {:ok, x} when is_number(x) -> true
      _ -> false
    end
  end

  def partial_eval(expr) do
    anno = elem(expr, 1)

    case eval_constant(expr) do
      {:ok, x} -> ret_constant(x, anno)
      _ -> expr
    end
  end

  defp ret_constant(x, anno) when is_integer(x), do: {:integer, anno, x}
  defp ret_constant(x, anno) when is_float(x), do: {:float, anno, x}
  defp ret_constant(x, anno) when is_atom(x), do: {:atom, anno, x}

  defp eval_constant({:op, _, op, a}) do
    case eval_constant(a) do
      {:ok, x} -> try_op(fn -> apply(:erlang, op, [x]) end)
      e -> e
    end
  end

  defp eval_constant({:op, _, op, a, b}) do
    with {:ok, x} <- eval_constant(a), {:ok, y} <- eval_constant(b), do: try_op(fn -> apply(:erlang, op, [x, y]) end)
  end

  defp eval_constant({tag, _, x}) when tag in [:integer, :char, :float, :atom], do: {:ok, x}
  defp eval_constant(_), do: :error

  defp try_op(f) do
    try do
      {:ok, f.()}
    catch
      _, _ -> :error
    end
  end

  def eval_str(str) when is_list(str) do
    case :erl_scan.tokens([], str, 0) do
      {:more, _} -> {:error, 'Incomplete form (missing .<cr>)??'}
      {:done, {:ok, toks, _}, rest} ->
        case :lists.all(fn c -> c in [?\s, ?\t, ?\n, ?\r] end, rest) do
          true ->
            case :erl_parse.parse_exprs(toks) do
              {:ok, exprs} ->
                case (try do
                        exprs(exprs, new_bindings())
                      catch
                        _, _ -> :error
                      end) do
                  {:value, val, _} -> {:ok, val}
                  _ -> {:error, :lists.flatten(:io_lib.format('*** eval: ~p', [str]))}
                end

              {:error, {_, mod, error}} ->
                {:error, :lists.flatten(:io_lib.format('*** ~ts', [mod.format_error(error)]))}
            end

          false ->
            {:error, :lists.flatten(:io_lib.format('Non-white space found after end-of-form :~ts', [rest]))}
        end

      {:done, _, _} ->
        {:error, 'Syntax error'}
    end
  end

  def eval_str(bin) when is_binary(bin), do: eval_str(:erlang.binary_to_list(bin))

  def extended_parse_exprs(tokens), do: :erl_parse.parse_exprs(tokens)

  def extended_parse_term(tokens) do
    case :erl_parse.parse_exprs(tokens) do
      {:ok, [expr]} ->
        try do
          {:value, v, _} = expr(expr, new_bindings())
          {:ok, v}
        catch
          _, _ -> {:error, {:erl_anno.location(elem(expr, 1)), :erl_parse, 'bad term'}}
        end

      {:ok, [_, expr | _]} ->
        {:error, {:erl_anno.location(elem(expr, 1)), :erl_parse, 'bad term'}}

      {:error, _} = e ->
        e
    end
  end

  def check_command(es, bs) do
    case lint(es, :lists.map(fn {k, _} -> k end, bindings(bs))) do
      :ok -> :ok
      {:error, error} -> :erlang.raise(:error, error, [])
    end
  end

  # ---- expressions

  defp ret_expr(v, _bs, :value), do: v
  defp ret_expr(v, bs, :none), do: {:value, v, bs}
  defp ret_expr(v, _bs, rbs) when is_list(rbs) or is_map(rbs), do: {:value, v, rbs}

  defp apply_error(reason), do: :erlang.error(reason)

  defp expr({:var, _, v}, bs, _lf, _ef, rbs, _) do
    case binding(v, bs) do
      {:value, val} -> ret_expr(val, bs, rbs)
      :unbound -> apply_error({:unbound, v})
    end
  end

  defp expr({tag, _, x}, bs, _lf, _ef, rbs, _) when tag in [:char, :integer, :float, :atom, :string], do: ret_expr(x, bs, rbs)
  defp expr({nil, _}, bs, _lf, _ef, rbs, _), do: ret_expr([], bs, rbs)

  defp expr({:cons, _, h0, t0}, bs0, lf, ef, rbs, _) do
    {:value, h, bs1} = expr(h0, bs0, lf, ef, :none, nil)
    {:value, t, bs2} = expr(t0, bs0, lf, ef, :none, nil)
    ret_expr([h | t], merge_bindings(bs1, bs2), rbs)
  end

  defp expr({:lc, _, e, qs}, bs, lf, ef, rbs, _), do: ret_expr(:lists.reverse(eval_lc(e, qs, bs, lf, ef, [])), bs, rbs)
  defp expr({:bc, _, e, qs}, bs, lf, ef, rbs, _), do: ret_expr(eval_bc(e, qs, bs, lf, ef, <<>>), bs, rbs)

  defp expr({:tuple, _, es}, bs0, lf, ef, rbs, _) do
    {vs, bs} = expr_list(es, [], bs0, bs0, lf, ef)
    ret_expr(:erlang.list_to_tuple(vs), bs, rbs)
  end

  defp expr({:record_field, _, _, name, _}, _bs, _lf, _ef, _rbs, _), do: apply_error({:undef_record, name})
  defp expr({:record_index, _, name, _}, _bs, _lf, _ef, _rbs, _), do: apply_error({:undef_record, name})
  defp expr({:record, _, name, _}, _bs, _lf, _ef, _rbs, _), do: apply_error({:undef_record, name})
  defp expr({:record, _, _, name, _}, _bs, _lf, _ef, _rbs, _), do: apply_error({:undef_record, name})

  defp expr({:map, _, binding, es}, bs0, lf, ef, rbs, _) do
    {:value, map0, bs1} = expr(binding, bs0, lf, ef, :none, nil)
    {vs, bs2} = eval_map_fields(es, bs0, lf, ef, [])
    _ = :maps.put(:k, :v, map0)

    map1 =
      :lists.foldl(
        fn
          {:map_assoc, k, v}, mi -> :maps.put(k, v, mi)
          {:map_exact, k, v}, mi -> :maps.update(k, v, mi)
        end,
        map0,
        vs
      )

    ret_expr(map1, merge_bindings(bs2, bs1), rbs)
  end

  defp expr({:map, _, es}, bs0, lf, ef, rbs, _) do
    {vs, bs} = eval_map_fields(es, bs0, lf, ef, [])
    ret_expr(:lists.foldl(fn {:map_assoc, k, v}, mi -> :maps.put(k, v, mi) end, %{}, vs), bs, rbs)
  end

  defp expr({:block, _, es}, bs, lf, ef, rbs, _), do: exprs(es, bs, lf, ef, rbs)

  defp expr({:if, _, cs}, bs, lf, ef, rbs, _), do: if_clauses(cs, bs, lf, ef, rbs)

  defp expr({:case, _, e, cs}, bs0, lf, ef, rbs, _) do
    {:value, val, bs} = expr(e, bs0, lf, ef, :none, nil)

    case match_clause(cs, [val], bs, lf, ef) do
      {b, bs1} -> exprs(b, bs1, lf, ef, rbs)
      :nomatch -> apply_error({:case_clause, val})
    end
  end

  defp expr({:try, _, b, cases, catches, ab}, bs, lf, ef, rbs, _), do: try_clauses(b, cases, catches, ab, bs, lf, ef, rbs)

  defp expr({:receive, _, cs}, bs, lf, ef, rbs, _), do: receive_clauses(:infinity, cs, :unused, bs, lf, ef, rbs)

  defp expr({:receive, _, cs, e, tb}, bs0, lf, ef, rbs, _) do
    {:value, t, bs} = expr(e, bs0, lf, ef, :none, nil)
    receive_clauses(t, cs, {tb, bs}, bs0, lf, ef, rbs)
  end

  defp expr({:fun, _, {:function, mod0, name0, arity0}}, bs0, lf, ef, rbs, _) do
    {[mod, name, arity], bs} = expr_list([mod0, name0, arity0], [], bs0, bs0, lf, ef)
    ret_expr(:erlang.make_fun(mod, name, arity), bs, rbs)
  end

  defp expr({:fun, _, {:function, name, arity}}, _bs0, _lf, _ef, _rbs, _) do
    :erlang.raise(:error, :undef, [{:erl_eval, name, arity, []}])
  end

  defp expr({:fun, anno, {:clauses, cs}}, bs, lf, ef, rbs, _) do
    info = {anno, bs, lf, ef, :none, cs}

    f =
      arity_fun(length(elem(hd(cs), 2)), :eval_fun, info,
        apply_error({:argument_limit, {:fun, :erl_anno.location(anno), cs}}))

    :beamsh_erl_eval.remember(f, {:fun_data, bs, cs})
    ret_expr(f, bs, rbs)
  end

  defp expr({:named_fun, anno, name, cs}, bs, lf, ef, rbs, _) do
    info = {anno, bs, lf, ef, :none, cs, name}
    ret_expr(named_fun(info), bs, rbs)
  end

  defp expr({:call, _, {:remote, _, mod, func}, as0}, bs0, lf, ef, rbs, _) do
    {:value, m, bs1} = expr(mod, bs0, lf, ef, :none, nil)
    {:value, f, bs2} = expr(func, bs0, lf, ef, :none, nil)
    {as, bs3} = expr_list(as0, [], merge_bindings(bs1, bs2), merge_bindings(bs1, bs2), lf, ef)

    if is_atom(m) and m == :erlang and is_atom(f) and auto_bif?(f, length(as)) do
      bif(f, as, bs3, ef, rbs)
    else
      do_apply(m, f, as, bs3, ef, rbs)
    end
  end

  defp expr({:call, _, {:atom, _, func}, as0}, bs0, lf, ef, rbs, _) do
    if auto_bif?(func, length(as0)) do
      {as, bs} = expr_list(as0, [], bs0, bs0, lf, ef)
      bif(func, as, bs, ef, rbs)
    else
      local_func(func, as0, bs0, lf, ef, rbs)
    end
  end

  defp expr({:call, _, func0, as0}, bs0, lf, ef, rbs, _) do
    {:value, func, bs1} = expr(func0, bs0, lf, ef, :none, nil)
    {as, bs2} = expr_list(as0, [], bs1, bs1, lf, ef)

    case func do
      {m, f} when is_atom(m) and is_atom(f) -> apply_error({:badfun, func})
      _ -> do_apply(func, as, bs2, ef, rbs)
    end
  end

  defp expr({:catch, _, e}, bs0, lf, ef, rbs, _) do
    try do
      expr(e, bs0, lf, ef, :none, nil)
    catch
      :throw, term -> ret_expr(term, bs0, rbs)
      :exit, reason -> ret_expr({:EXIT, reason}, bs0, rbs)
      :error, reason -> ret_expr({:EXIT, {reason, __STACKTRACE__}}, bs0, rbs)
    else
      {:value, v, bs} -> ret_expr(v, bs, rbs)
    end
  end

  defp expr({:match, _, lhs, rhs0}, bs0, lf, ef, rbs, _) do
    {:value, rhs, bs1} = expr(rhs0, bs0, lf, ef, :none, nil)

    case match(lhs, rhs, bs1, bs1) do
      {:match, bs} -> ret_expr(rhs, bs, rbs)
      :nomatch -> apply_error({:badmatch, rhs})
    end
  end

  defp expr({:op, _, op, a0}, bs0, lf, ef, rbs, _) do
    {:value, a, bs} = expr(a0, bs0, lf, ef, :none, nil)
    do_apply(:erlang, op, [a], bs, ef, rbs)
  end

  defp expr({:op, _, :andalso, l0, r0}, bs0, lf, ef, rbs, _) do
    {:value, l, bs1} = expr(l0, bs0, lf, ef, :none, nil)

    v =
      case l do
        true ->
          {:value, r, _} = expr(r0, bs1, lf, ef, :none, nil)
          r

        false ->
          false

        _ ->
          apply_error({:badarg, l})
      end

    ret_expr(v, bs1, rbs)
  end

  defp expr({:op, _, :orelse, l0, r0}, bs0, lf, ef, rbs, _) do
    {:value, l, bs1} = expr(l0, bs0, lf, ef, :none, nil)

    v =
      case l do
        true ->
          true

        false ->
          {:value, r, _} = expr(r0, bs1, lf, ef, :none, nil)
          r

        _ ->
          apply_error({:badarg, l})
      end

    ret_expr(v, bs1, rbs)
  end

  defp expr({:op, _, op, l0, r0}, bs0, lf, ef, rbs, _) do
    {:value, l, bs1} = expr(l0, bs0, lf, ef, :none, nil)
    {:value, r, bs2} = expr(r0, bs0, lf, ef, :none, nil)
    do_apply(:erlang, op, [l, r], merge_bindings(bs1, bs2), ef, rbs)
  end

  defp expr({:bin, _, fs}, bs0, lf, ef, rbs, _) do
    v = :beamsh_eval_bits.build(fs, fn e -> elem(expr(e, bs0, lf, ef, :none, nil), 1) end)
    ret_expr(v, bs0, rbs)
  end

  defp expr({:remote, _, _, _}, _bs0, _lf, _ef, _rbs, _), do: apply_error({:badexpr, :":"})

  defp expr({:maybe, _, _} = e, _bs0, _lf, _ef, _rbs, _), do: apply_error({:badexpr, e})
  defp expr(e, _bs0, _lf, _ef, _rbs, _), do: :erlang.error(:function_clause, [e])

  defp named_fun({anno, _bs, _lf, _ef, _, cs, name} = info) do
    f =
      arity_fun(length(elem(hd(cs), 2)), :eval_named_fun, info,
        apply_error({:argument_limit, {:named_fun, :erl_anno.location(anno), name, cs}}))

    :beamsh_erl_eval.remember(f, {:named_fun_data, elem(info, 1), name, cs})
    f
  end

  defp eval_map_fields([{:map_field_assoc, _, k0, v0} | fs], bs0, lf, ef, acc) do
    {:value, k1, bs1} = expr(k0, bs0, lf, ef, :none, nil)
    {:value, v1, bs2} = expr(v0, bs1, lf, ef, :none, nil)
    eval_map_fields(fs, bs2, lf, ef, [{:map_assoc, k1, v1} | acc])
  end

  defp eval_map_fields([{:map_field_exact, _, k0, v0} | fs], bs0, lf, ef, acc) do
    {:value, k1, bs1} = expr(k0, bs0, lf, ef, :none, nil)
    {:value, v1, bs2} = expr(v0, bs1, lf, ef, :none, nil)
    eval_map_fields(fs, bs2, lf, ef, [{:map_exact, k1, v1} | acc])
  end

  defp eval_map_fields([], bs, _lf, _ef, acc), do: {:lists.reverse(acc), bs}

  # ---- calls

  defp local_func(func, as0, bs0, {:value, f}, ef, :value) do
    {as1, _} = expr_list(as0, [], bs0, bs0, {:value, f}, ef)
    f.(func, as1)
  end

  defp local_func(func, as0, bs0, {:value, f}, ef, rbs) do
    {as1, bs1} = expr_list(as0, [], bs0, bs0, {:value, f}, ef)
    ret_expr(f.(func, as1), bs1, rbs)
  end

  defp local_func(func, as0, bs0, {:value, f, eas}, ef, rbs),
    do: local_func(func, as0, bs0, {:value, fn name, args -> apply(f, [name, args | eas]) end}, ef, rbs)

  defp local_func(func, as, bs, {:eval, f}, _ef, rbs), do: local_func2(f.(func, as, bs), rbs)
  defp local_func(func, as, bs, {:eval, f, eas}, _ef, rbs), do: local_func2(apply(f, [func, as, bs | eas]), rbs)

  defp local_func(func, as0, bs0, {m, f}, ef, rbs) when is_atom(m) do
    {as1, bs1} = expr_list(as0, [], bs0, bs0, {m, f}, ef)
    ret_expr(apply(m, f, [func, as1]), bs1, rbs)
  end

  defp local_func(func, as, _bs, {m, f, eas}, _ef, rbs) when is_atom(m), do: local_func2(apply(m, f, [func, as | eas]), rbs)

  defp local_func(func, as0, _bs0, :none, _ef, _rbs) do
    :erlang.raise(:error, :undef, [{:erl_eval, func, length(as0), []}])
  end

  defp local_func2({:value, v, bs}, rbs), do: ret_expr(v, bs, rbs)
  defp local_func2({:eval, f, as, bs}, rbs), do: do_apply(f, as, bs, :none, rbs)

  defp bif(:apply, [:erlang, :apply, as], bs, ef, rbs), do: bif(:apply, as, bs, ef, rbs)
  defp bif(:apply, [m, f, as], bs, ef, rbs), do: do_apply(m, f, as, bs, ef, rbs)
  defp bif(:apply, [f, as], bs, ef, rbs), do: do_apply(f, as, bs, ef, rbs)
  defp bif(name, as, bs, ef, rbs), do: do_apply(:erlang, name, as, bs, ef, rbs)

  defp do_apply(func, as, bs0, ef, rbs) do
    case ef do
      :none when rbs == :value -> apply(func, as)
      :none -> ret_expr(apply(func, as), bs0, rbs)
      {:value, f} when rbs == :value -> call_handler(f, func, as)
      {:value, f} -> ret_expr(call_handler(f, func, as), bs0, rbs)
    end
  end

  defp do_apply(mod, func, as, bs0, ef, rbs) do
    case ef do
      :none when rbs == :value -> apply(mod, func, as)
      :none -> ret_expr(apply(mod, func, as), bs0, rbs)
      {:value, f} when rbs == :value -> call_handler(f, {mod, func}, as)
      {:value, f} -> ret_expr(call_handler(f, {mod, func}, as), bs0, rbs)
    end
  end

  defp call_handler(f, fun_or_mod_fun, args) when is_function(f, 3), do: f.(1, fun_or_mod_fun, args)
  defp call_handler(f, fun_or_mod_fun, args) when is_function(f, 2), do: f.(fun_or_mod_fun, args)

  # ---- funs

  defp eval_fun(as, {_anno, bs0, lf, ef, _, cs}), do: eval_fun_clauses(cs, as, bs0, lf, ef)

  defp eval_fun_clauses([{:clause, _, h, g, b} | cs], as, bs0, lf, ef) do
    case match_list(h, as, new_bindings(bs0), bs0) do
      {:match, bsn} ->
        bs1 = add_bindings(bsn, bs0)

        if guard(g, bs1, lf, ef), do: exprs(b, bs1, lf, ef, :value), else: eval_fun_clauses(cs, as, bs0, lf, ef)

      :nomatch ->
        eval_fun_clauses(cs, as, bs0, lf, ef)
    end
  end

  defp eval_fun_clauses([], as, _bs, _lf, _ef) do
    :erlang.raise(:error, :function_clause, [{:erl_eval, :"-inside-an-interpreted-fun-", as, []}])
  end

  defp eval_named_fun(as, {_anno, bs0, lf, ef, _, cs, name} = info) do
    eval_named_clauses(cs, as, bs0, lf, ef, name, named_fun(info))
  end

  defp eval_named_clauses([{:clause, _, h, g, b} | cs], as, bs0, lf, ef, name, fun) do
    bs1 = add_binding(name, fun, bs0)

    case match_list(h, as, new_bindings(bs0), bs1) do
      {:match, bsn} ->
        bs2 = add_bindings(bsn, bs1)

        if guard(g, bs2, lf, ef), do: exprs(b, bs2, lf, ef, :value), else: eval_named_clauses(cs, as, bs0, lf, ef, name, fun)

      :nomatch ->
        eval_named_clauses(cs, as, bs0, lf, ef, name, fun)
    end
  end

  defp eval_named_clauses([], as, _bs, _lf, _ef, _name, _fun) do
    :erlang.raise(:error, :function_clause, [{:erl_eval, :"-inside-an-interpreted-fun-", as, []}])
  end

  # ---- comprehensions

  defp eval_lc(e, [{:generate, _, p, l0} | qs], bs0, lf, ef, acc) do
    {:value, l1, _} = expr(l0, bs0, lf, ef, :none, nil)
    eval_generate(l1, p, bs0, fn bs, acc -> eval_lc(e, qs, bs, lf, ef, acc) end, acc)
  end

  defp eval_lc(e, [{:b_generate, _, p, l0} | qs], bs0, lf, ef, acc) do
    {:value, bin, _} = expr(l0, bs0, lf, ef, :none, nil)
    eval_b_generate(bin, p, bs0, lf, ef, fn bs, acc -> eval_lc(e, qs, bs, lf, ef, acc) end, acc)
  end

  defp eval_lc(e, [f | qs], bs0, lf, ef, acc), do: eval_filter(f, bs0, lf, ef, fn bs -> eval_lc(e, qs, bs, lf, ef, acc) end, acc)

  defp eval_lc(e, [], bs, lf, ef, acc) do
    {:value, v, _} = expr(e, bs, lf, ef, :none, nil)
    [v | acc]
  end

  defp eval_bc(e, [{:b_generate, _, p, l0} | qs], bs0, lf, ef, acc) do
    {:value, bin, _} = expr(l0, bs0, lf, ef, :none, nil)
    eval_b_generate(bin, p, bs0, lf, ef, fn bs, acc -> eval_bc(e, qs, bs, lf, ef, acc) end, acc)
  end

  defp eval_bc(e, [{:generate, _, p, l0} | qs], bs0, lf, ef, acc) do
    {:value, list, _} = expr(l0, bs0, lf, ef, :none, nil)
    eval_generate(list, p, bs0, fn bs, acc -> eval_bc(e, qs, bs, lf, ef, acc) end, acc)
  end

  defp eval_bc(e, [f | qs], bs0, lf, ef, acc), do: eval_filter(f, bs0, lf, ef, fn bs -> eval_bc(e, qs, bs, lf, ef, acc) end, acc)

  defp eval_bc(e, [], bs, lf, ef, acc) do
    {:value, v, _} = expr(e, bs, lf, ef, :none, nil)
    <<acc::bitstring, v::bitstring>>
  end

  defp eval_generate([v | rest], p, bs0, comp, acc) do
    case match(p, v, new_bindings(bs0), bs0) do
      {:match, bsn} -> eval_generate(rest, p, bs0, comp, comp.(add_bindings(bsn, bs0), acc))
      :nomatch -> eval_generate(rest, p, bs0, comp, acc)
    end
  end

  defp eval_generate([], _p, _bs0, _comp, acc), do: acc
  defp eval_generate(term, _p, _bs0, _comp, _acc), do: apply_error({:bad_generator, term})

  defp eval_b_generate(bin, {:bin, _, fs}, bs0, lf, ef, comp, acc) when is_bitstring(bin) do
    case match_bits(fs, bin, new_bindings(bs0), bs0, :generator) do
      {:match, bs1, rest} -> eval_b_generate(rest, {:bin, 0, fs}, bs0, lf, ef, comp, comp.(add_bindings(bs1, bs0), acc))
      {:nomatch, rest} -> eval_b_generate(rest, {:bin, 0, fs}, bs0, lf, ef, comp, acc)
      :done -> acc
    end
  end

  defp eval_b_generate(term, _p, _bs0, _lf, _ef, _comp, _acc), do: apply_error({:bad_generator, term})

  defp eval_filter(f, bs0, lf, ef, comp, acc) do
    if guard_test?(f) do
      case guard_test(f, bs0, lf, ef) do
        {:value, true, bs1} -> comp.(bs1)
        {:value, false, _} -> acc
      end
    else
      case expr(f, bs0, lf, ef, :none, nil) do
        {:value, true, bs1} -> comp.(bs1)
        {:value, false, _} -> acc
        {:value, v, _} -> apply_error({:bad_filter, v})
      end
    end
  end

  # ---- clauses

  defp if_clauses([{:clause, _, [], g, b} | cs], bs, lf, ef, rbs) do
    if guard(g, bs, lf, ef), do: exprs(b, bs, lf, ef, rbs), else: if_clauses(cs, bs, lf, ef, rbs)
  end

  defp if_clauses([], _bs, _lf, _ef, _rbs), do: apply_error(:if_clause)

  defp try_clauses(b, cases, catches, ab, bs, lf, ef, rbs) do
    check_stacktrace_vars(catches, bs)

    try do
      exprs(b, bs, lf, ef, :none)
    catch
      class, reason when catches == [] ->
        :erlang.raise(class, reason, __STACKTRACE__)

      class, reason ->
        st = __STACKTRACE__
        v = {class, reason, st}

        case match_clause(catches, [v], bs, lf, ef) do
          {b2, bs2} -> exprs(b2, bs2, lf, ef, rbs)
          :nomatch -> :erlang.raise(class, reason, st)
        end
    else
      {:value, v, bs1} when cases == [] ->
        ret_expr(v, bs1, rbs)

      {:value, v, bs1} ->
        case match_clause(cases, [v], bs1, lf, ef) do
          {b2, bs2} -> exprs(b2, bs2, lf, ef, rbs)
          :nomatch -> apply_error({:try_clause, v})
        end
    after
      if ab != [], do: exprs(ab, bs, lf, ef, :none)
    end
  end

  defp check_stacktrace_vars([{:clause, _, [{:tuple, _, [_, _, stv]}], _, _} | cs], bs) do
    case stv do
      {:var, _, :_} ->
        check_stacktrace_vars(cs, bs)

      {:var, _, v} ->
        case binding(v, bs) do
          {:value, _} -> apply_error(:stacktrace_bound)
          :unbound -> check_stacktrace_vars(cs, bs)
        end

      _ ->
        apply_error({:illegal_stacktrace_variable, stv})
    end
  end

  defp check_stacktrace_vars(_, _), do: :ok

  defp receive_clauses(t, cs, tb, bs, lf, ef, rbs) do
    f = fn m -> match_clause(cs, [m], bs, lf, ef) end

    case receive_matching(f, t) do
      {b, bs1} ->
        exprs(b, bs1, lf, ef, rbs)

      :timeout ->
        {b, bs1} = tb
        exprs(b, bs1, lf, ef, rbs)
    end
  end

  # prim_eval:'receive'/2: the oldest message a clause matches; the others stay in order.
  defp receive_matching(f, t) do
    deadline =
      cond do
        t == :infinity -> :infinity
        is_integer(t) and t >= 0 -> :erlang.monotonic_time(:millisecond) + t
        true -> :erlang.raise(:error, :timeout_value, [{:prim_eval, :receive, 2, []}])
      end

    receive_scan(f, deadline, [])
  end

  defp receive_scan(f, deadline, kept) do
    left =
      case deadline do
        :infinity -> :infinity
        _ -> max(deadline - :erlang.monotonic_time(:millisecond), 0)
      end

    next =
      receive do
        m -> {:msg, m}
      after
        0 -> :empty
      end

    next =
      case next do
        :empty ->
          receive do
            m -> {:msg, m}
          after
            left -> :timeout
          end

        other ->
          other
      end

    case next do
      :timeout ->
        :beamsh_erl_eval.unshift(:lists.reverse(kept))
        :timeout

      {:msg, m} ->
        case (try do
                f.(m)
              catch
                class, reason ->
                  :beamsh_erl_eval.unshift(:lists.reverse([m | kept]))
                  :erlang.raise(class, reason, __STACKTRACE__)
              end) do
          :nomatch ->
            receive_scan(f, deadline, [m | kept])

          result ->
            :beamsh_erl_eval.unshift(:lists.reverse(kept))
            result
        end
    end
  end

  defp match_clause([{:clause, _, h, g, b} | cs], vals, bs, lf, ef) do
    case match_list(h, vals, bs, bs) do
      {:match, bs1} ->
        if guard(g, bs1, lf, ef), do: {b, bs1}, else: match_clause(cs, vals, bs, lf, ef)

      :nomatch ->
        match_clause(cs, vals, bs, lf, ef)
    end
  end

  defp match_clause([], _vals, _bs, _lf, _ef), do: :nomatch

  # ---- guards

  defp guard([g | _] = l, bs, lf, ef) when is_list(g), do: guard1(l, bs, lf, ef)
  defp guard(l, bs, lf, ef), do: guard0(l, bs, lf, ef)

  defp guard1([g | gs], bs, lf, ef) when is_list(g), do: guard0(g, bs, lf, ef) or guard1(gs, bs, lf, ef)
  defp guard1([], _bs, _lf, _ef), do: false

  defp guard0([g | gs], bs0, lf, ef) do
    if guard_test?(g) do
      case guard_test(g, bs0, lf, ef) do
        {:value, true, bs} -> guard0(gs, bs, lf, ef)
        {:value, false, _} -> false
      end
    else
      apply_error(:guard_expr)
    end
  end

  defp guard0([], _bs, _lf, _ef), do: true

  defp guard_test({:call, a, {:atom, ln, f}, as0}, bs0, lf, ef), do: expr_guard_test({:call, a, {:atom, ln, type_test(f)}, as0}, bs0, lf, ef)

  defp guard_test({:call, a, {:remote, ar, {:atom, am, :erlang}, {:atom, af, f}}, as0}, bs0, lf, ef),
    do: expr_guard_test({:call, a, {:remote, ar, {:atom, am, :erlang}, {:atom, af, type_test(f)}}, as0}, bs0, lf, ef)

  defp guard_test(g, bs0, lf, ef), do: expr_guard_test(g, bs0, lf, ef)

  defp expr_guard_test(g, bs0, lf, ef) do
    try do
      {:value, true, _} = expr(g, bs0, lf, ef, :none, nil)
    catch
      :error, _ -> {:value, false, bs0}
    end
  end

  defp type_test(:integer), do: :is_integer
  defp type_test(:float), do: :is_float
  defp type_test(:number), do: :is_number
  defp type_test(:atom), do: :is_atom
  defp type_test(:list), do: :is_list
  defp type_test(:tuple), do: :is_tuple
  defp type_test(:pid), do: :is_pid
  defp type_test(:reference), do: :is_reference
  defp type_test(:port), do: :is_port
  defp type_test(:function), do: :is_function
  defp type_test(:binary), do: :is_binary
  defp type_test(:record), do: :is_record
  defp type_test(:map), do: :is_map
  defp type_test(test), do: test

  # erl_lint:is_guard_test/1
  defp guard_test?({:call, _, {:atom, _, f}, as}) do
    n = length(as)
    (guard_bif?(f, n) or "#{f}/#{n}" in @old_type_tests) and Enum.all?(as, &guard_expr?/1)
  end

  defp guard_test?(e), do: guard_expr?(e)

  defp guard_expr?({tag, _, _}) when tag in [:var, :char, :integer, :float, :atom, :string], do: true
  defp guard_expr?({nil, _}), do: true
  defp guard_expr?({:cons, _, h, t}), do: guard_expr?(h) and guard_expr?(t)
  defp guard_expr?({:tuple, _, es}), do: Enum.all?(es, &guard_expr?/1)
  defp guard_expr?({:map, _, es}), do: Enum.all?(es, fn {_, _, k, v} -> guard_expr?(k) and guard_expr?(v) end)
  defp guard_expr?({:map, _, m, es}), do: guard_expr?(m) and Enum.all?(es, fn {_, _, k, v} -> guard_expr?(k) and guard_expr?(v) end)
  defp guard_expr?({:bin, _, fs}), do: Enum.all?(fs, fn {:bin_element, _, v, s, _} -> guard_expr?(v) and (s == :default or guard_expr?(s)) end)
  defp guard_expr?({:op, _, op, a}), do: op in @guard_ops and guard_expr?(a)
  defp guard_expr?({:op, _, op, a, b}), do: op in @guard_ops and guard_expr?(a) and guard_expr?(b)
  defp guard_expr?({:call, _, {:atom, _, f}, as}), do: guard_bif?(f, length(as)) and Enum.all?(as, &guard_expr?/1)

  defp guard_expr?({:call, _, {:remote, _, {:atom, _, :erlang}, {:atom, _, f}}, as}) do
    n = length(as)
    (guard_bif?(f, n) or (f in @guard_ops and n in [1, 2])) and Enum.all?(as, &guard_expr?/1)
  end

  defp guard_expr?({:record_field, _, r, _, _}), do: guard_expr?(r)
  defp guard_expr?({:record_index, _, _, _}), do: true
  defp guard_expr?({:record, _, _, fs}), do: Enum.all?(fs, fn {:record_field, _, _, v} -> guard_expr?(v) end)
  defp guard_expr?(_), do: false

  # ---- matching

  defp match(pat, term, bs, bbs) do
    try do
      match1(pat, term, bs, bbs)
    catch
      :nomatch -> :nomatch
      :invalid -> apply_error({:illegal_pattern, to_term(pat)})
    end
  end

  defp to_term(pat) do
    try do
      :erl_parse.normalise(pat)
    catch
      _, _ -> pat
    end
  end

  defp match_list([p | ps], [t | ts], bs0, bbs) do
    case match(p, t, bs0, bbs) do
      {:match, bs1} -> match_list(ps, ts, bs1, bbs)
      :nomatch -> :nomatch
    end
  end

  defp match_list([], [], bs, _bbs), do: {:match, bs}
  defp match_list(_, _, _bs, _bbs), do: :nomatch

  defp match1({tag, _, v0}, v, bs, _bbs) when tag in [:atom, :integer, :char, :string] do
    if v === v0, do: {:match, bs}, else: throw(:nomatch)
  end

  defp match1({:float, _, f0}, f, bs, _bbs) do
    if is_float(f) and f == f0, do: {:match, bs}, else: throw(:nomatch)
  end

  defp match1({:var, _, :_}, _, bs, _bbs), do: {:match, bs}

  defp match1({:var, _, name}, term, bs, _bbs) do
    case binding(name, bs) do
      {:value, ^term} -> {:match, bs}
      {:value, v} -> if v === term, do: {:match, bs}, else: throw(:nomatch)
      :unbound -> {:match, add_binding(name, term, bs)}
    end
  end

  defp match1({:match, _, p1, p2}, term, bs0, bbs) do
    {:match, bs1} = match1(p1, term, bs0, bbs)
    match1(p2, term, bs1, bbs)
  end

  defp match1({nil, _}, nil_, bs, _bbs) do
    if nil_ == [], do: {:match, bs}, else: throw(:nomatch)
  end

  defp match1({:cons, _, h, t}, [h1 | t1], bs0, bbs) do
    {:match, bs} = match1(h, h1, bs0, bbs)
    match1(t, t1, bs, bbs)
  end

  defp match1({:cons, _, _, _}, _, _bs, _bbs), do: throw(:nomatch)

  defp match1({:tuple, _, elts}, tuple, bs, bbs) when is_tuple(tuple) and length(elts) == tuple_size(tuple),
    do: match_tuple(elts, tuple, 0, bs, bbs)

  defp match1({:tuple, _, _}, _, _bs, _bbs), do: throw(:nomatch)

  defp match1({:map, _, fs}, map, bs, bbs) when is_map(map), do: match_map(fs, map, bs, bbs)
  defp match1({:map, _, _}, _, _bs, _bbs), do: throw(:nomatch)

  defp match1({:bin, _, fs}, b, bs0, bbs) when is_bitstring(b) do
    case match_bits(fs, b, bs0, bbs, :match) do
      {:match, bs, <<>>} -> {:match, bs}
      _ -> throw(:nomatch)
    end
  end

  defp match1({:bin, _, _}, _, _bs, _bbs), do: throw(:nomatch)

  defp match1({:op, _, :++, {nil, _}, r}, term, bs, bbs), do: match1(r, term, bs, bbs)

  defp match1({:op, _, :++, {:cons, ai, {tag, a2, i}, t}, r}, term, bs, bbs) when tag in [:integer, :char],
    do: match1({:cons, ai, {tag, a2, i}, {:op, ai, :++, t, r}}, term, bs, bbs)

  defp match1({:op, _, :++, {:string, ai, l}, r}, term, bs, bbs), do: match1(string_to_conses(l, ai, r), term, bs, bbs)

  defp match1({:op, _, _, _} = op, term, bs, bbs) do
    case partial_eval(op) do
      ^op -> throw(:invalid)
      x -> match1(x, term, bs, bbs)
    end
  end

  defp match1({:op, _, _, _, _} = op, term, bs, bbs) do
    case partial_eval(op) do
      ^op -> throw(:invalid)
      x -> match1(x, term, bs, bbs)
    end
  end

  defp match1(_, _, _bs, _bbs), do: throw(:invalid)

  defp string_to_conses([], _, tail), do: tail
  defp string_to_conses([e | rest], anno, tail), do: {:cons, anno, {:integer, anno, e}, string_to_conses(rest, anno, tail)}

  defp match_tuple([e | es], tuple, i, bs0, bbs) do
    {:match, bs} = match1(e, elem(tuple, i), bs0, bbs)
    match_tuple(es, tuple, i + 1, bs, bbs)
  end

  defp match_tuple([], _, _, bs, _bbs), do: {:match, bs}

  defp match_map([{:map_field_exact, _, k, v} | fs], map, bs0, bbs) do
    vm =
      try do
        {:value, ke, _} = expr(k, bbs, :none, :none, :none, nil)
        :maps.get(ke, map)
      catch
        :error, _ -> throw(:nomatch)
      end

    {:match, bs} = match1(v, vm, bs0, bbs)
    match_map(fs, map, bs, bbs)
  end

  defp match_map([], _, bs, _bbs), do: {:match, bs}

  # Binary patterns, element by element: {:match, bs, rest}; in a generator, a value that
  # does not match skips the chunk ({:nomatch, rest}) and too few bits end it (:done).
  defp match_bits([], rest, bs, _bbs, _mode), do: {:match, bs, rest}

  defp match_bits([{:bin_element, a, {:string, _, s}, size, types} | fs], bin, bs, bbs, mode) do
    elements = for c <- s, do: {:bin_element, a, {:integer, a, c}, size, types}
    match_bits(elements ++ fs, bin, bs, bbs, mode)
  end

  defp match_bits([{:bin_element, _, pat, size0, types} | fs], bin, bs, bbs, mode) do
    size =
      case size0 do
        :default ->
          :default

        e ->
          try do
            {:value, v, _} = expr(e, add_bindings(bs, bbs), :none, :none, :none, nil)
            v
          catch
            :error, {:unbound, _} -> throw(:invalid)
          end
      end

    case :beamsh_eval_bits.match(bin, size, :beamsh_eval_bits.specs(types)) do
      {:ok, v, rest} ->
        case (try do
                match1(pat, v, bs, bbs)
              catch
                :nomatch -> :nomatch
              end) do
          {:match, bs1} -> match_bits(fs, rest, bs1, bbs, mode)
          :nomatch when mode == :generator -> skip_bits(fs, rest, bs, bbs)
          :nomatch -> throw(:nomatch)
        end

      :nomatch when mode == :generator ->
        :done

      :nomatch ->
        throw(:nomatch)
    end
  end

  defp skip_bits(fs, bin, bs, bbs) do
    case match_bits(fs, bin, bs, bbs, :generator) do
      {:match, _, rest} -> {:nomatch, rest}
      {:nomatch, rest} -> {:nomatch, rest}
      :done -> :done
    end
  end

  # ---- the check exprs/2 and expr/2 make first (erl_lint's unbound variables, records)

  defp lint(es, bound) do
    try do
      lint_seq(es, :ordsets.from_list(bound))
      :ok
    catch
      {:lint, error} -> {:error, error}
    end
  end

  defp lint_seq(es, bound), do: :lists.foldl(fn e, b -> lint_expr(e, b) end, bound, es)

  defp lint_expr({:var, _, v}, bound) do
    if :ordsets.is_element(v, bound), do: bound, else: throw({:lint, {:unbound_var, v}})
  end

  defp lint_expr({:match, _, p, e}, bound) do
    b = lint_expr(e, bound)
    lint_pattern(p, b)
  end

  defp lint_expr({tag, _, name, _}, _) when tag in [:record, :record_index], do: throw({:lint, {:undefined_record, name}})
  defp lint_expr({:record, _, _, name, _}, _), do: throw({:lint, {:undefined_record, name}})
  defp lint_expr({:record_field, _, _, name, _}, _), do: throw({:lint, {:undefined_record, name}})

  defp lint_expr({:case, _, e, cs}, bound) do
    b = lint_expr(e, bound)
    lint_clauses(cs, b, true)
  end

  defp lint_expr({:if, _, cs}, bound), do: lint_clauses(cs, bound, true)
  defp lint_expr({:receive, _, cs}, bound), do: lint_clauses(cs, bound, true)

  defp lint_expr({:receive, _, cs, t, body}, bound) do
    b = lint_expr(t, bound)
    _ = lint_clauses(cs, b, true)
    _ = lint_seq(body, b)
    b
  end

  defp lint_expr({:try, _, body, cases, catches, after_}, bound) do
    b = lint_seq(body, bound)
    _ = lint_clauses(cases, b, false)
    _ = lint_clauses(catches, bound, false)
    _ = lint_seq(after_, bound)
    bound
  end

  defp lint_expr({:fun, _, {:clauses, cs}}, bound), do: (_ = lint_clauses(cs, bound, false); bound)
  defp lint_expr({:named_fun, _, name, cs}, bound), do: (_ = lint_clauses(cs, :ordsets.add_element(name, bound), false); bound)
  defp lint_expr({:fun, _, {:function, m, f, a}}, bound), do: lint_seq([m, f, a], bound)
  defp lint_expr({:fun, _, _}, bound), do: bound

  defp lint_expr({tag, _, e, qs}, bound) when tag in [:lc, :bc] do
    b = :lists.foldl(&lint_qualifier/2, bound, qs)
    _ = lint_expr(e, b)
    bound
  end

  defp lint_expr({:block, _, es}, bound), do: lint_seq(es, bound)
  defp lint_expr({:catch, _, e}, bound), do: (_ = lint_expr(e, bound); bound)
  defp lint_expr({:op, _, op, l, r}, bound) when op in [:andalso, :orelse], do: (b = lint_expr(l, bound); _ = lint_expr(r, b); b)
  defp lint_expr({:op, _, _, l, r}, bound), do: lint_seq([l, r], bound)
  defp lint_expr({:op, _, _, a}, bound), do: lint_expr(a, bound)
  defp lint_expr({:call, _, {:atom, _, _}, as}, bound), do: lint_seq(as, bound)
  defp lint_expr({:call, _, f, as}, bound), do: lint_seq([f | as], bound)
  defp lint_expr({:remote, _, m, f}, bound), do: lint_seq([m, f], bound)
  defp lint_expr({:cons, _, h, t}, bound), do: lint_seq([h, t], bound)
  defp lint_expr({:tuple, _, es}, bound), do: lint_seq(es, bound)
  defp lint_expr({:map, _, es}, bound), do: lint_seq(Enum.flat_map(es, fn {_, _, k, v} -> [k, v] end), bound)
  defp lint_expr({:map, _, m, es}, bound), do: lint_seq([m | Enum.flat_map(es, fn {_, _, k, v} -> [k, v] end)], bound)

  defp lint_expr({:bin, _, fs}, bound),
    do: lint_seq(Enum.flat_map(fs, fn {:bin_element, _, v, s, _} -> if s == :default, do: [v], else: [v, s] end), bound)

  defp lint_expr(_, bound), do: bound

  defp lint_qualifier({tag, _, p, e}, bound) when tag in [:generate, :b_generate] do
    _ = lint_expr(e, bound)
    lint_pattern(p, bound)
  end

  defp lint_qualifier(f, bound), do: lint_expr(f, bound)

  # Clauses: each head binds its own variables; with export, the variables every clause
  # binds are bound after it.
  defp lint_clauses([], bound, _), do: bound

  defp lint_clauses(cs, bound, export) do
    outs =
      for {:clause, _, h, g, b} <- cs do
        b1 = :lists.foldl(&lint_pattern/2, bound, h)
        for test <- List.flatten(g), do: lint_expr(test, b1)
        lint_seq(b, b1)
      end

    if export, do: :lists.foldl(&:ordsets.intersection/2, hd(outs), tl(outs)), else: bound
  end

  defp lint_pattern(p, bound), do: :ordsets.union(bound, :ordsets.from_list(pattern_vars(p, [])))

  defp pattern_vars({:var, _, :_}, acc), do: acc
  defp pattern_vars({:var, _, v}, acc), do: [v | acc]
  defp pattern_vars({:bin_element, _, v, _, _}, acc), do: pattern_vars(v, acc)
  defp pattern_vars({:map_field_exact, _, _, v}, acc), do: pattern_vars(v, acc)
  defp pattern_vars({:record, _, name, _}, _), do: throw({:lint, {:undefined_record, name}})
  defp pattern_vars(t, acc) when is_tuple(t), do: pattern_vars(:erlang.tuple_to_list(t), acc)
  defp pattern_vars([h | t], acc), do: pattern_vars(t, pattern_vars(h, acc))
  defp pattern_vars(_, acc), do: acc
end

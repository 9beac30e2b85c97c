# :dbg, the text-based tracer of OTP's runtime_tools (OTP 25): a server registered as :dbg
# holds the tracer (a process running a handler, by default one printing each trace message
# as `(<0.110.0>) << hi`) and the saved match specifications; p/2 sets process trace flags
# with erlang:trace/3, tp/tpl/ctp* set call trace patterns with erlang:trace_pattern/3
# (stdlib/trace.ts). Tracing other nodes needs a relay process there: n/1 answers as dbg
# does when the node cannot be reached.
defmodule :dbg do
  @moduledoc false

  # ---- the shell's fun2ms --------------------------------------------------------------

  def fun2ms(fun) when is_function(fun) do
    exit(
      {:badarg,
       {:dbg, :fun2ms,
        [:function, :called, :with, :real, :fun, :should, :be, :transformed, :with, :parse_transform, :or, :called, :with,
         :a, :fun, :generated, :in, :the, :shell]}}
    )
  end

  # ---- nodes ---------------------------------------------------------------------------

  def n(node) when node == node(), do: {:error, :cant_add_local_node}

  def n(node) do
    case (try do
            :net_adm.ping(node)
          catch
            _, _ -> :bad
          end) do
      :bad -> {:error, {:bad_node, node}}
      :pang -> {:error, {:nodedown, node}}
      :pong -> {:error, {:nodedown, node}}
      other -> {:error, other}
    end
  end

  def cn(node), do: req({:remove_node, node})

  def ln do
    Enum.each(req(:get_nodes), fn n -> :io.format('~p~n', [n]) end)
    :ok
  end

  # ---- trace patterns ------------------------------------------------------------------

  def tp(module, function, pattern), do: do_tp({module, function, :_}, pattern, [])
  def tp(module, function, arity, pattern), do: do_tp({module, function, arity}, pattern, [])
  def tp(module, pattern) when is_atom(module), do: do_tp({module, :_, :_}, pattern, [])
  def tp({_, _, _} = mfa, pattern), do: do_tp(mfa, pattern, [])

  def tpl(module, function, pattern), do: do_tp({module, function, :_}, pattern, [:local])
  def tpl(module, function, arity, pattern), do: do_tp({module, function, arity}, pattern, [:local])
  def tpl(module, pattern) when is_atom(module), do: do_tp({module, :_, :_}, pattern, [:local])
  def tpl({_, _, _} = mfa, pattern), do: do_tp(mfa, pattern, [:local])

  def tpe(event, pattern) when event in [:send, :receive], do: do_tp(event, pattern, [])

  defp do_tp(x, pattern, flags) when is_integer(pattern) or is_atom(pattern) do
    case :ets.lookup(pattern_table(), pattern) do
      [{_, saved}] -> do_tp(x, :erlang.binary_to_term(saved), flags)
      _ -> {:error, :unknown_pattern}
    end
  end

  defp do_tp(x, pattern, flags) when is_list(pattern) do
    nodes = req(:get_nodes)

    case x do
      {m, _, _} when is_atom(m) and m != :_ -> Code.ensure_loaded(m)
      _ -> :ok
    end

    case lint_tp(pattern) do
      :ok ->
        save =
          case save_pattern(pattern) do
            n when (is_integer(n) and n > 0) or is_atom(n) -> [{:saved, n}]
            _ -> []
          end

        {:ok, on_nodes(nodes, x, pattern, flags) ++ save}

      error ->
        error
    end
  end

  defp lint_tp([]), do: :ok

  defp lint_tp(pattern) do
    case :beamsh_trace.check_ms(pattern) do
      true -> :ok
      problem -> {:error, [{:error, problem}]}
    end
  end

  defp on_nodes(nodes, x, pattern, flags) do
    Enum.map(nodes, fn node ->
      result =
        case x do
          ev when ev in [:send, :receive] -> 1
          _ ->
            try do
              :erlang.trace_pattern(x, pattern, flags)
            catch
              :error, reason -> {:badrpc, {:EXIT, {reason, []}}}
            end
        end

      case result do
        n when is_integer(n) -> {:matched, node, n}
        other -> {:matched, node, 0, other}
      end
    end)
  end

  def ctp, do: do_ctp({:_, :_, :_}, [])
  def ctp(module, function), do: do_ctp({module, function, :_}, [])
  def ctp(module, function, arity), do: do_ctp({module, function, arity}, [])
  def ctp(module) when is_atom(module), do: do_ctp({module, :_, :_}, [])
  def ctp({_, _, _} = mfa), do: do_ctp(mfa, [])

  def ctpl, do: do_ctp({:_, :_, :_}, [:local])
  def ctpl(module, function), do: do_ctp({module, function, :_}, [:local])
  def ctpl(module, function, arity), do: do_ctp({module, function, arity}, [:local])
  def ctpl(module) when is_atom(module), do: do_ctp({module, :_, :_}, [:local])
  def ctpl({_, _, _} = mfa), do: do_ctp(mfa, [:local])

  def ctpg, do: do_ctp({:_, :_, :_}, [:global])
  def ctpg(module, function), do: do_ctp({module, function, :_}, [:global])
  def ctpg(module, function, arity), do: do_ctp({module, function, arity}, [:global])
  def ctpg(module) when is_atom(module), do: do_ctp({module, :_, :_}, [:global])
  def ctpg({_, _, _} = mfa), do: do_ctp(mfa, [:global])

  def ctpe(event) when event in [:send, :receive], do: {:ok, Enum.map(req(:get_nodes), &{:matched, &1, 1})}

  defp do_ctp(mfa, []) do
    {:ok, _} = do_ctp(mfa, [:global])
    do_ctp(mfa, [:local])
  end

  defp do_ctp(mfa, flags), do: {:ok, on_nodes(req(:get_nodes), mfa, false, flags)}

  # ---- saved patterns ------------------------------------------------------------------

  def ltp do
    each_pattern(fn {key, pattern} -> :io.format('~p: ~tp~n', [key, pattern]) end)
  end

  def dtp do
    each_pattern(fn
      {key, _} when is_integer(key) -> dtp(key)
      _ -> :ok
    end)
  end

  def dtp(n) when is_integer(n) do
    :ets.delete(pattern_table(), n)
    :ok
  end

  def dtp(_), do: :ok

  def wtp(file) do
    case :file.open(file, [:write]) do
      {:error, reason} ->
        {:error, reason}

      {:ok, dev} ->
        :io.format(dev, '%% ~s\n', ['coding: utf-8'])

        each_pattern(fn
          {_, pattern} when is_list(pattern) -> :io.format(dev, '~tp.~n', [pattern])
          _ -> :ok
        end)

        :file.close(dev)
        :ok
    end
  end

  def rtp(file) do
    case :file.consult(file) do
      {:error, reason} ->
        {:error, {:read_error, reason}}

      {:ok, data} ->
        if Enum.all?(data, &(is_list(&1) and :beamsh_trace.check_ms(&1) == true)) do
          table = pattern_table()
          Enum.each(data, &save_pattern(&1, table))
          :ok
        else
          {:error, {:file_format_error, :bad_match_spec}}
        end
    end
  end

  defp each_pattern(fun) do
    table = pattern_table()
    each_pattern(table, :ets.first(table), fun)
  end

  defp each_pattern(_table, :"$end_of_table", _fun), do: :ok

  defp each_pattern(table, key, fun) do
    [{k, saved}] = :ets.lookup(table, key)
    fun.({k, :erlang.binary_to_term(saved)})
    each_pattern(table, :ets.next(table, key), fun)
  end

  defp save_pattern([]), do: 0

  defp save_pattern(pattern) do
    try do
      save_pattern(pattern, pattern_table())
    catch
      :throw, reason -> reason
    end
  end

  defp save_pattern(pattern, table) do
    last = last_pattern(:ets.last(table), table)
    saved = :erlang.term_to_binary(pattern)

    case :ets.match_object(table, {:_, saved}) do
      [] ->
        :ets.insert(table, {last + 1, saved})
        last + 1

      [{n, ^saved}] ->
        n
    end
  end

  defp last_pattern(:"$end_of_table", _table), do: 0
  defp last_pattern(key, table) when is_atom(key), do: last_pattern(:ets.prev(table, key), table)
  defp last_pattern(key, _table) when is_integer(key), do: key
  defp last_pattern(_, _), do: throw({:error, :badtable})

  defp pattern_table do
    {:ok, table} = req(:get_table)
    table
  end

  defp new_pattern_table do
    table = :ets.new(:dbg_tab, [:ordered_set, :public])
    :ets.insert(table, {:x, :erlang.term_to_binary([{:_, [], [{:exception_trace}]}])})
    :ets.insert(table, {:exception_trace, :erlang.term_to_binary(:x)})
    :ets.insert(table, {:c, :erlang.term_to_binary([{:_, [], [{:message, {:caller}}]}])})
    :ets.insert(table, {:caller_trace, :erlang.term_to_binary(:c)})
    :ets.insert(table, {:cx, :erlang.term_to_binary([{:_, [], [{:exception_trace}, {:message, {:caller}}]}])})
    :ets.insert(table, {:caller_exception_trace, :erlang.term_to_binary(:cx)})
    table
  end

  # ---- tracers -------------------------------------------------------------------------

  def tracer, do: tracer(:process, {&:dbg.dhandler/2, :user})

  def tracer(:port, fun) when is_function(fun), do: start(fun)
  def tracer(:port, port) when is_port(port), do: start(fn -> port end)
  def tracer(:process, {handler, data}), do: start(fn -> start_tracer_process(handler, data) end)
  def tracer(:module, fun) when is_function(fun), do: start(fun)
  def tracer(:module, {module, state}), do: start(fn -> {module, state} end)

  def tracer(node, type, data) when node == node() do
    case tracer(type, data) do
      {:ok, _} -> {:ok, node}
      error -> error
    end
  end

  def tracer(node, _type, _data), do: n(node)

  def get_tracer, do: req({:get_tracer, node()})
  def get_tracer(node), do: req({:get_tracer, node})

  def flush_trace_port, do: trace_port_control(:flush)
  def flush_trace_port(node), do: trace_port_control(node, :flush)

  def trace_port_control(operation), do: trace_port_control(node(), operation)

  def trace_port_control(node, _operation) do
    case get_tracer(node) do
      {:ok, port} when is_port(port) -> {:error, :not_supported_by_trace_driver}
      _ -> {:error, :no_trace_driver}
    end
  end

  def p(item), do: p(item, [:m])
  def p(item, flags) when is_atom(flags), do: p(item, [flags])
  def p(item, flags), do: req({:p, item, flags})

  def i, do: req(:i)

  def c(m, f, a), do: c(m, f, a, :all)
  def c(m, f, a, flags) when is_atom(flags), do: c(m, f, a, [flags])

  def c(m, f, a, flags) do
    case transform_flags(flags) do
      {:error, reason} ->
        {:error, reason}

      flags1 ->
        tracer()
        parent = self()
        {:ok, t} = get_tracer()

        pid =
          spawn(fn ->
            :erlang.trace(self(), true, [{:tracer, t} | flags1])
            res = apply(m, f, a)
            :erlang.trace(self(), false, [:all])
            send(parent, {self(), res})
          end)

        mref = Process.monitor(pid)

        receive do
          {:DOWN, ^mref, _, _, reason} ->
            stop()
            {:error, reason}

          {^pid, res} ->
            Process.demonitor(mref, [:flush])
            :timer.sleep(1)
            stop()
            res
        end
    end
  end

  def stop do
    {:ok, _} = ctp()
    {:ok, _} = ctpe(:receive)
    {:ok, _} = ctpe(:send)
    mref = Process.monitor(:dbg)

    try do
      send(:dbg, {self(), :stop})
    rescue
      _ -> :ok
    end

    receive do
      {:DOWN, ^mref, _, _, _} -> :ok
    end
  end

  def stop_clear, do: stop()

  # ---- the server ----------------------------------------------------------------------

  defp req(r) do
    server = ensure()
    mref = Process.monitor(server)

    try do
      send(server, {self(), r})
    rescue
      _ -> :ok
    end

    receive do
      {:DOWN, ^mref, _, _, _} ->
        exit(:dbg_server_crash)

      {:dbg, reply} ->
        Process.demonitor(mref, [:flush])
        reply
    end
  end

  defp ensure do
    case Process.whereis(:dbg) do
      nil ->
        case start() do
          {:ok, pid} -> pid
          {:error, :already_started} -> :dbg
        end

      pid ->
        pid
    end
  end

  def start, do: start(:no_tracer)

  defp start(tracer_fun) do
    parent = self()

    case Process.whereis(:dbg) do
      nil ->
        server = spawn(fn -> init(parent) end)

        receive do
          {^server, :started} -> :ok
        end

        case tracer_fun do
          :no_tracer -> {:ok, server}
          fun when is_function(fun) -> req({:tracer, fun})
        end

      pid when is_pid(pid) and is_function(tracer_fun) ->
        req({:tracer, tracer_fun})

      pid ->
        {:ok, pid}
    end
  end

  defp init(parent) do
    Process.flag(:trap_exit, true)
    Process.register(self(), :dbg)
    send(parent, {self(), :started})
    loop(%{tracer: nil, clients: [], table: nil})
  end

  defp reply(to, answer), do: send(to, {:dbg, answer})

  defp loop(state) do
    receive do
      {from, :i} ->
        reply(from, display_info(if(state.tracer, do: [node()], else: [])))
        loop(state)

      {from, {:p, pid, flags}} ->
        reply(from, trace_process(state, pid, flags))
        loop(state)

      {from, {:tracer, fun}} when is_function(fun) ->
        if state.tracer == nil do
          result =
            try do
              {:ok, fun.()}
            catch
              :exit, reason -> {:error, reason}
              :error, reason -> {:error, {reason, __STACKTRACE__}}
            end

          case result do
            {:ok, t} when is_pid(t) or is_port(t) or is_tuple(t) ->
              reply(from, {:ok, self()})
              loop(%{state | tracer: t})

            {:error, _} = error ->
              reply(from, error)
              loop(state)
          end
        else
          reply(from, {:error, :already_started})
          loop(state)
        end

      {from, {:get_tracer, node}} ->
        if node == node() and state.tracer != nil,
          do: reply(from, {:ok, state.tracer}),
          else: reply(from, {:error, {:no_tracer_on_node, node}})

        loop(state)

      {from, :get_table} ->
        table = state.table || new_pattern_table()
        reply(from, {:ok, table})
        loop(%{state | table: table})

      {_from, :stop} ->
        exit(:done)

      {from, {:remove_node, node}} ->
        reply(from, :ok)
        if node == node(), do: loop(%{state | tracer: nil}), else: loop(state)

      {from, :get_nodes} ->
        reply(from, if(state.tracer, do: [node()], else: []))
        loop(state)

      {:EXIT, pid, reason} ->
        cond do
          pid in state.clients ->
            loop(%{state | clients: List.delete(state.clients, pid)})

          true ->
            :io.format(:user, '** dbg got EXIT - terminating: ~tp~n', [reason])
            exit(:done)
        end

      other ->
        :io.format(:user, '** dbg got garbage: ~tp~n', [{other, {state.clients, []}, state.table || []}])
        loop(state)
    end
  end

  defp trace_process(state, pid, [:clear]), do: trac(state, pid, false, all())

  defp trace_process(state, pid, flags0) do
    case transform_flags(flags0) do
      {:error, reason} -> {:error, reason}
      flags -> trac(state, pid, true, flags)
    end
  end

  defp trac(%{tracer: nil}, proc, _how, _flags) when is_atom(proc), do: {:error, :no_tracers}

  defp trac(state, proc, how, flags) when is_atom(proc), do: {:ok, [trac_node(state.tracer, proc, how, flags)]}

  defp trac(state, proc, how, flags) do
    case to_pid(proc) do
      {:badpid, _} = bad ->
        {:error, bad}

      pid ->
        node = if is_pid(pid), do: node(pid), else: node()

        if node == node() and state.tracer != nil,
          do: {:ok, [trac_node(state.tracer, pid, how, flags)]},
          else: {:error, {:no_tracer_on_node, node}}
    end
  end

  defp trac_node(tracer, proc, how, flags) do
    tracer_flag = if is_tuple(tracer), do: Tuple.insert_at(tracer, 0, :tracer), else: {:tracer, tracer}

    result =
      case to_pidspec(proc) do
        {:badpid, _} ->
          {:no_proc, proc}

        spec ->
          try do
            :erlang.trace(spec, how, [tracer_flag | flags])
          catch
            :error, reason -> {:badrpc, {:EXIT, {reason, []}}}
          end
      end

    case result do
      n when is_integer(n) -> {:matched, node(), n}
      {:badrpc, reason} -> {:matched, node(), 0, reason}
      other -> {:matched, node(), 0, other}
    end
  end

  defp to_pidspec(x) when is_pid(x), do: if(Process.alive?(x), do: x, else: {:badpid, x})
  defp to_pidspec(x) when x in [:new, :all, :existing, :processes, :ports, :new_processes, :existing_processes, :new_ports, :existing_ports], do: x

  defp to_pidspec(x) when is_atom(x) do
    case Process.whereis(x) do
      nil -> {:badpid, x}
      pid -> pid
    end
  end

  defp to_pidspec(x), do: {:badpid, x}

  defp to_pid(x) when is_pid(x) or is_port(x), do: x
  defp to_pid(x) when is_integer(x), do: to_pid({0, x, 0})
  defp to_pid({x, y, z}), do: to_pid('<' ++ Integer.to_charlist(x) ++ '.' ++ Integer.to_charlist(y) ++ '.' ++ Integer.to_charlist(z) ++ '>')

  defp to_pid(x) when is_list(x) do
    try do
      :erlang.list_to_pid(x)
    rescue
      ArgumentError -> {:badpid, x}
    end
  end

  defp to_pid(x), do: {:badpid, x}

  def transform_flags(flags), do: transform_flags(flags, [])

  defp transform_flags([], acc), do: acc
  defp transform_flags([:m | t], acc), do: transform_flags(t, [:send, :receive | acc])
  defp transform_flags([:s | t], acc), do: transform_flags(t, [:send | acc])
  defp transform_flags([:r | t], acc), do: transform_flags(t, [:receive | acc])
  defp transform_flags([:c | t], acc), do: transform_flags(t, [:call | acc])
  defp transform_flags([:call | t], acc), do: transform_flags(t, [:call | acc])
  defp transform_flags([:p | t], acc), do: transform_flags(t, [:procs | acc])
  defp transform_flags([:sos | t], acc), do: transform_flags(t, [:set_on_spawn | acc])
  defp transform_flags([:sol | t], acc), do: transform_flags(t, [:set_on_link | acc])
  defp transform_flags([:sofs | t], acc), do: transform_flags(t, [:set_on_first_spawn | acc])
  defp transform_flags([:sofl | t], acc), do: transform_flags(t, [:set_on_first_link | acc])
  defp transform_flags([:all | _], _acc), do: all() -- [:silent, :running]

  defp transform_flags([f | t] = list, acc) when is_atom(f) do
    if f in all(), do: transform_flags(t, [f | acc]), else: {:error, {:bad_flags, list}}
  end

  defp transform_flags(bad, _acc), do: {:error, {:bad_flags, bad}}

  defp all do
    [:send, :receive, :call, :procs, :ports, :garbage_collection, :running, :set_on_spawn, :set_on_first_spawn,
     :set_on_link, :set_on_first_link, :timestamp, :monotonic_timestamp, :strict_monotonic_timestamp, :arity,
     :return_to, :silent, :running_procs, :running_ports, :exiting]
  end

  defp display_info(nodes) do
    Enum.each(nodes, fn node ->
      :io.format('~nNode ~w:~n', [node])
      :io.format('~-12s ~-21s Trace ~n', ['Pid', 'Initial call'])

      for pid <- Enum.reverse(:beamsh_trace.traced()),
          {:initial_call, call} <- [Process.info(pid, :initial_call)],
          {:flags, [_ | _] = flags} <- [:erlang.trace_info(pid, :flags)] do
        :io.format('~-12s ~-21ts ~s~n', [:io_lib.format('~w', [pid]), :io_lib.format('~tp', [call]), format_trace(flags)])
      end
    end)

    :ok
  end

  defp format_trace(flags), do: Enum.map_join(flags, " | ", &ts/1)

  defp ts(:send), do: "s"
  defp ts(:receive), do: "r"
  defp ts(:call), do: "c"
  defp ts(:procs), do: "p"
  defp ts(:set_on_spawn), do: "sos"
  defp ts(:set_on_first_spawn), do: "sofs"
  defp ts(:set_on_link), do: "sol"
  defp ts(:set_on_first_link), do: "sofl"
  defp ts(other), do: Atom.to_string(other)

  # ---- the process tracer --------------------------------------------------------------

  defp start_tracer_process(handler, data) do
    spawn_link(fn ->
      Process.flag(:trap_exit, true)
      tracer_loop(handler, data)
    end)
  end

  defp tracer_loop(handler, data) do
    {state, traces} = recv_all_traces([], :infinity)
    data = handle_traces(traces, handler, data)

    case state do
      :done -> exit(:normal)
      :loop -> tracer_loop(handler, data)
    end
  end

  defp recv_all_traces(traces, timeout) do
    receive do
      trace when is_tuple(trace) and elem(trace, 0) in [:trace, :trace_ts, :seq_trace, :drop] ->
        recv_all_traces([trace | traces], 0)

      {:EXIT, _pid, _reason} ->
        {:done, traces}

      other ->
        :io.format(:user, '** tracer received garbage: ~tp~n', [other])
        recv_all_traces(traces, timeout)
    after
      timeout -> {:loop, traces}
    end
  end

  defp handle_traces(traces, handler, data) do
    try do
      Enum.reduce(Enum.reverse(traces), data, fn trace, acc -> handler.(trace, acc) end)
    catch
      kind, reason ->
        reason = if kind == :error, do: {reason, __STACKTRACE__}, else: reason
        exit({:trace_handler_crashed, reason})
    end
  end

  # ---- the default handler -------------------------------------------------------------

  def dhandler(:end_of_trace, out), do: out

  def dhandler(trace, out) when elem(trace, 0) == :trace and tuple_size(trace) >= 3,
    do: dhandler1(trace, tuple_size(trace), nil, out(out))

  def dhandler(trace, out) when elem(trace, 0) == :trace_ts and tuple_size(trace) >= 4,
    do: dhandler1(trace, tuple_size(trace) - 1, elem(trace, tuple_size(trace) - 1), out(out))

  def dhandler({:drop, n}, out) do
    {device, _} = out = out(out)
    :io.format(device, '*** Dropped ~p messages.~n', [n])
    out
  end

  def dhandler(trace, out) when elem(trace, 0) == :seq_trace and tuple_size(trace) >= 3 do
    {device, _} = out = out(out)

    info =
      case trace do
        {:seq_trace, label, info, ts} ->
          :io.format(device, 'SeqTrace ~p [~p]: ', [ts, label])
          info

        {:seq_trace, label, info} ->
          :io.format(device, 'SeqTrace [~p]: ', [label])
          info
      end

    case info do
      {:send, serial, from, to, msg} -> :io.format(device, '(~p) ~p ! ~tp [Serial: ~p]~n', [from, to, msg, serial])
      {:receive, serial, from, to, msg} -> :io.format(device, '(~p) << ~tp [Serial: ~p, From: ~p]~n', [to, msg, serial, from])
      {:print, serial, from, _, what} -> :io.format(device, '-> ~tp [Serial: ~p, From: ~p]~n', [what, serial, from])
      other -> :io.format(device, '~tp~n', [other])
    end

    out
  end

  def dhandler(_trace, out), do: out

  defp out({_, _} = out), do: out
  defp out(device), do: {device, 't'}

  defp dhandler1(trace, size, ts, {device, _} = out) do
    from = elem(trace, 1)
    {fmt, args} = line(elem(trace, 2), trace, size, from)

    if fmt != nil do
      if ts == nil,
        do: :io.format(device, fmt ++ '~n', args),
        else: :io.format(device, fmt ++ ' (Timestamp: ~p)~n', args ++ [ts])
    end

    out
  end

  defp line(:receive, trace, _size, from) do
    case elem(trace, 3) do
      {:dbg, :ok} -> {nil, []}
      msg -> {'(~p) << ~tp', [from, msg]}
    end
  end

  defp line(:send, trace, _size, from), do: {'(~p) ~p ! ~tp', [from, elem(trace, 4), elem(trace, 3)]}

  defp line(:call, trace, 5, from), do: {'(~p) call ~ts (~tp)', [from, ffunc(elem(trace, 3)), elem(trace, 4)]}
  defp line(:call, trace, _size, from), do: {'(~p) call ~ts', [from, ffunc(elem(trace, 3))]}
  defp line(:return, trace, 5, from), do: {'(~p) old_ret ~ts -> ~tp', [from, ffunc(elem(trace, 3)), elem(trace, 4)]}
  defp line(:return, trace, _size, from), do: {'(~p) old_ret ~ts', [from, ffunc(elem(trace, 3))]}
  defp line(:return_from, trace, _size, from), do: {'(~p) returned from ~ts -> ~tp', [from, ffunc(elem(trace, 3)), elem(trace, 4)]}
  defp line(:return_to, trace, _size, from), do: {'(~p) returning to ~ts', [from, ffunc(elem(trace, 3))]}
  defp line(:spawn, trace, 5, from), do: {'(~p) spawn ~p as ~ts', [from, elem(trace, 3), ffunc(elem(trace, 4))]}
  defp line(op, trace, size, from), do: {'(~p) ~p ~ts', [from, op, ftup(trace, 4, size)]}

  defp ffunc({m, f, args}) when is_list(args), do: :io_lib.format('~p:~tp(~ts)', [m, f, fargs(args)])
  defp ffunc({m, f, arity}), do: :io_lib.format('~p:~tp/~p', [m, f, arity])
  defp ffunc(x), do: :io_lib.format('~tp', [x])

  defp fargs(arity) when is_integer(arity), do: Integer.to_charlist(arity)
  defp fargs([]), do: []
  defp fargs([a]), do: :io_lib.format('~tp', [a])
  defp fargs([a | rest]), do: [:io_lib.format('~tp,', [a]) | fargs(rest)]
  defp fargs(a), do: :io_lib.format('~tp', [a])

  defp ftup(trace, index, index), do: :io_lib.format('~tp', [elem(trace, index - 1)])
  defp ftup(trace, index, size), do: [:io_lib.format('~tp ', [elem(trace, index - 1)]) | ftup(trace, index + 1, size)]

  # ---- help ----------------------------------------------------------------------------

  defp help_display(lines) do
    Enum.each(lines, &:io.format('~s~n', [&1]))
    :io.format('~n', [])
    :ok
  end

  def h do
    help_display([
      'The following help items are available:',
      '   p, c',
      '       - Set trace flags for processes',
      '   tp, tpl, ctp, ctpl, ctpg, ltp, dtp, wtp, rtp',
      '       - Manipulate trace patterns for functions',
      '   n, cn, ln',
      '       - Add/remove traced nodes.',
      '   tracer, trace_port, trace_client, get_tracer, stop, stop_clear',
      '       - Manipulate tracer process/port',
      '   i',
      '       - Info',
      '',
      'call dbg:h(Item) for brief help a brief description',
      'of one of the items above.'
    ])
  end

  def h(:p),
    do:
      help_display([
        'p(Item) -> {ok, MatchDesc} | {error, term()}',
        ' - Traces messages to and from Item.',
        'p(Item, Flags) -> {ok, MatchDesc} | {error, term()}',
        ' - Traces Item according to Flags.',
        '   Flags can be one of s,r,m,c,p,sos,sol,sofs,',
        '   sofl,all,clear or any flag accepted by erlang:trace/3'
      ])

  def h(:c),
    do:
      help_display([
        'c(Mod, Fun, Args)',
        ' - Evaluates apply(M,F,Args) with all trace flags set.',
        'c(Mod, Fun, Args, Flags)',
        ' - Evaluates apply(M,F,Args) with Flags trace flags set.'
      ])

  def h(:i), do: help_display(['i() -> ok', ' - Displays information about all traced processes.'])

  def h(:tp), do: help_display(same_as('tp', 'MatchSpec') ++ ['tp({Module, Function, Arity}, MatchSpec) -> {ok, MatchDesc} | {error, term()}', ' - Set pattern for traced global function calls.'])

  def h(:tpl),
    do:
      help_display(
        same_as('tpl', 'MatchSpec') ++
          ['tpl({Module, Function, Arity}, MatchSpec) -> {ok, MatchDesc} | {error, term()}', ' - Set pattern for traced local (as well as global) function calls.']
      )

  def h(:ctp), do: help_display(clear_help('ctp', 'Clear call trace pattern for the specified functions'))
  def h(:ctpl), do: help_display(clear_help('ctpl', 'Clear local call trace pattern for the specified functions'))
  def h(:ctpg), do: help_display(clear_help('ctpg', 'Clear global call trace pattern for the specified functions'))
  def h(:ltp), do: help_display(['ltp() -> ok', ' - Lists saved and built-in match_spec\'s on the console.'])

  def h(:dtp),
    do: help_display(['dtp() -> ok', ' - Deletes all saved match_spec\'s.', 'dtp(N) -> ok', ' - Deletes a specific saved match_spec.'])

  def h(:wtp), do: help_display(['wtp(Name) -> ok | {error, IOError}', ' - Writes all saved match_spec\'s to a file'])
  def h(:rtp), do: help_display(['rtp(Name) -> ok | {error, Error}', ' - Read saved match specifications from file.'])

  def h(:n),
    do:
      help_display([
        'n(Nodename) -> {ok, Nodename} | {error, Reason}',
        ' - Starts a tracer server on the given node.',
        'n(Nodename,Type,Data) -> {ok, Nodename} | {error, Reason}',
        ' - Starts a tracer server with additional args on the given node.'
      ])

  def h(:cn), do: help_display(['cn(Nodename) -> ok', ' - Clears a node from the list of traced nodes.'])
  def h(:ln), do: help_display(['ln() -> ok', ' - Shows the list of traced nodes on the console.'])

  def h(:tracer),
    do:
      help_display([
        'tracer() -> {ok, pid()} | {error, already_started}',
        ' - Starts a tracer server that handles trace messages.',
        'tracer(Type, Data) -> {ok, pid()} | {error, Error}',
        ' - Starts a tracer server with additional parameters'
      ])

  def h(:trace_port), do: help_display(['trace_port(Type, Parameters) -> fun()', ' - Creates and returns a trace port generating fun'])

  def h(:trace_client),
    do:
      help_display([
        'trace_client(Type, Parameters) -> pid()',
        ' - Starts a trace client that reads messages created by a trace port driver',
        'trace_client(Type, Parameters, HandlerSpec) -> pid()',
        ' - Starts a trace client that reads messages created by a',
        '   trace port driver, with a user defined handler'
      ])

  def h(:get_tracer),
    do:
      help_display([
        'get_tracer() -> {ok, Tracer}',
        ' - Returns the process or port to which all trace messages are sent.',
        'get_tracer(Node) -> {ok, Tracer}',
        ' - Returns the process or port to which all trace messages are sent.'
      ])

  def h(:stop),
    do: help_display(['stop() -> ok', ' - Stops the dbg server and the tracing of all processes.', '   Does not clear any trace patterns.'])

  def h(:stop_clear),
    do:
      help_display([
        'stop_clear() -> ok',
        ' - Stops the dbg server and the tracing of all processes,',
        '   and clears all trace patterns.'
      ])

  defp same_as(f, ms) do
    [
      f ++ '(Module,' ++ ms ++ ')',
      ' - Same as ' ++ f ++ '({Module, \'_\', \'_\'}, ' ++ ms ++ ')',
      f ++ '(Module,Function,' ++ ms ++ ')',
      ' - Same as ' ++ f ++ '({Module, Function, \'_\'}, ' ++ ms ++ ')',
      f ++ '(Module, Function, Arity, ' ++ ms ++ ')',
      ' - Same as ' ++ f ++ '({Module, Function, Arity}, ' ++ ms ++ ')'
    ]
  end

  defp clear_help(f, what) do
    [
      f ++ '()',
      ' - Same as ' ++ f ++ '({\'_\', \'_\', \'_\'})',
      f ++ '(Module)',
      ' - Same as ' ++ f ++ '({Module, \'_\', \'_\'})',
      f ++ '(Module, Function)',
      ' - Same as ' ++ f ++ '({Module, Function, \'_\'})',
      f ++ '(Module, Function, Arity)',
      ' - Same as ' ++ f ++ '({Module, Function, Arity})',
      f ++ '({Module, Function, Arity}) -> {ok, MatchDesc} | {error, term()}',
      ' - ' ++ what
    ]
  end
end

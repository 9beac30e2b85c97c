# :gen_server, the server loop under GenServer (see gen_server.ex for the protocol).
defmodule :gen_server do
  @moduledoc false

  # behaviour_info/1 as erlc makes it of the module's -callback and -optional_callbacks
  # attributes, in their order (another argument fails in the function it inlines)
  def behaviour_info(:callbacks), do: [init: 1, handle_call: 3, handle_cast: 2, handle_info: 2, handle_continue: 2, terminate: 2, code_change: 3, format_status: 2, format_status: 1]
  def behaviour_info(:optional_callbacks), do: [handle_info: 2, handle_continue: 2, terminate: 2, code_change: 3, format_status: 1, format_status: 2]
  def behaviour_info(other), do: :erlang.raise(:error, :function_clause, [{:gen_server, :"-inlined-behaviour_info/1-", [other], []}])

  def start(mod, args, opts), do: :gen.start(:gen_server, :nolink, mod, args, opts)
  def start(name, mod, args, opts), do: :gen.start(:gen_server, :nolink, name, mod, args, opts)
  def start_link(mod, args, opts), do: :gen.start(:gen_server, :link, mod, args, opts)
  def start_link(name, mod, args, opts), do: :gen.start(:gen_server, :link, name, mod, args, opts)

  # An exit names the call as it was made (call/2 without the default timeout), as OTP's.
  def call(server, request), do: do_call(server, request, 5000, [server, request])
  def call(server, request, timeout), do: do_call(server, request, timeout, [server, request, timeout])

  defp do_call(server, request, timeout, args) do
    # (a name no process has exits with :noproc, as gen:call/4 does)
    reply =
      case :gen.__whereis__(server) do
        nil -> {:exit, :noproc}
        pid -> :gen.__call__(pid, :"$gen_call", request, timeout)
      end

    case reply do
      {:ok, r} -> r
      {:exit, reason} -> exit({reason, {:gen_server, :call, args}})
    end
  end

  def cast(server, request), do: GenServer.cast(server, request)

  # abcast/multi_call: a request to the server registered as `name` on each of `nodes` (by
  # default this node and the nodes it is connected to). multi_call answers
  # {[{node, reply}], bad_nodes} in the order of `nodes`: a node without the server, one it
  # cannot reach (any other node while this one is not distributed), or one that did not
  # answer within `timeout` is a bad node; non-atoms in `nodes` are left out.
  def abcast(name, request), do: abcast([node() | Node.list()], name, request)

  def abcast(nodes, name, request) when is_list(nodes) and is_atom(name) do
    for node <- nodes, is_atom(node), do: send({name, node}, {:"$gen_cast", request})
    :abcast
  end

  def multi_call(name, request), do: multi_call([node() | Node.list()], name, request, :infinity)
  def multi_call(nodes, name, request), do: multi_call(nodes, name, request, :infinity)

  def multi_call(nodes, name, request, timeout)
      when is_list(nodes) and is_atom(name) and
             (timeout == :infinity or (is_integer(timeout) and timeout >= 0)) do
    tag = make_ref()

    monitors =
      for node <- nodes, is_atom(node) do
        ref =
          if node == node() or Node.alive?() do
            Process.monitor({name, node})
          else
            ref = make_ref()
            send(self(), {:DOWN, ref, :process, {name, node}, :noconnection})
            ref
          end

        send({name, node}, {:"$gen_call", {self(), {tag, node}}, request})
        {node, ref}
      end

    timer = if timeout != :infinity, do: :erlang.start_timer(timeout, self(), tag)
    {replies, bad} = multi_receive(monitors, tag, timer, [], [])
    if timer, do: :erlang.cancel_timer(timer)

    receive do
      {:timeout, ^timer, ^tag} -> :ok
    after
      0 -> :ok
    end

    {Enum.reverse(replies), Enum.reverse(bad)}
  end

  defp multi_receive([], _tag, _timer, replies, bad), do: {replies, bad}

  defp multi_receive([{node, ref} | rest], tag, timer, replies, bad) do
    receive do
      {{^tag, ^node}, reply} ->
        Process.demonitor(ref, [:flush])
        multi_receive(rest, tag, timer, [{node, reply} | replies], bad)

      {:DOWN, ^ref, _, _, _} ->
        multi_receive(rest, tag, timer, replies, [node | bad])

      {:timeout, ^timer, ^tag} when timer != nil ->
        Process.demonitor(ref, [:flush])
        multi_collect(rest, tag, replies, [node | bad])
    end
  end

  # After the timeout: the replies already here count, the other nodes are bad.
  defp multi_collect([], _tag, replies, bad), do: {replies, bad}

  defp multi_collect([{node, ref} | rest], tag, replies, bad) do
    receive do
      {{^tag, ^node}, reply} ->
        Process.demonitor(ref, [:flush])
        multi_collect(rest, tag, [{node, reply} | replies], bad)
    after
      0 ->
        Process.demonitor(ref, [:flush])
        multi_collect(rest, tag, replies, [node | bad])
    end
  end

  def start_monitor(mod, args, opts), do: :gen.start(:gen_server, :monitor, mod, args, opts)
  def start_monitor(name, mod, args, opts), do: :gen.start(:gen_server, :monitor, name, mod, args, opts)

  # ---- asynchronous requests: a request id is the monitor of the server ----
  # (an argument gen refuses is blamed on the gen_server function, as OTP's wrappers do)

  def send_request(server_ref, request) do
    :gen.send_request(server_ref, :"$gen_call", request)
  rescue
    e in ArgumentError -> badarg(e, [server_ref, request])
  end

  def send_request(server_ref, request, label, req_id_col) do
    :gen.send_request(server_ref, :"$gen_call", request, label, req_id_col)
  rescue
    e in ArgumentError -> badarg(e, [server_ref, request, label, req_id_col])
  end

  def wait_response(req_id, wait_time) do
    :gen.wait_response(req_id, wait_time)
  rescue
    e in ArgumentError -> badarg(e, [req_id, wait_time])
  end

  def wait_response(req_id_col, wait_time, delete) do
    :gen.wait_response(req_id_col, wait_time, delete)
  rescue
    e in ArgumentError -> badarg(e, [req_id_col, wait_time, delete])
  end

  def receive_response(req_id, timeout) do
    :gen.receive_response(req_id, timeout)
  rescue
    e in ArgumentError -> badarg(e, [req_id, timeout])
  end

  def receive_response(req_id_col, timeout, delete) do
    :gen.receive_response(req_id_col, timeout, delete)
  rescue
    e in ArgumentError -> badarg(e, [req_id_col, timeout, delete])
  end

  def check_response(msg, req_id) do
    :gen.check_response(msg, req_id)
  rescue
    e in ArgumentError -> badarg(e, [msg, req_id])
  end

  def check_response(msg, req_id_col, delete) do
    :gen.check_response(msg, req_id_col, delete)
  rescue
    e in ArgumentError -> badarg(e, [msg, req_id_col, delete])
  end

  def reqids_new(), do: :gen.reqids_new()

  def reqids_size(req_id_col) do
    :gen.reqids_size(req_id_col)
  rescue
    e in ArgumentError -> badarg(e, [req_id_col])
  end

  def reqids_add(req_id, label, req_id_col) do
    :gen.reqids_add(req_id, label, req_id_col)
  rescue
    e in ArgumentError -> badarg(e, [req_id, label, req_id_col])
  end

  def reqids_to_list(req_id_col) do
    :gen.reqids_to_list(req_id_col)
  rescue
    e in ArgumentError -> badarg(e, [req_id_col])
  end

  # (only gen's own badarg is re-raised as this function's; others go on as they were)
  defp badarg(%ArgumentError{message: "argument error"}, args), do: :erlang.error(:badarg, args)
  defp badarg(e, _args), do: raise(e)

  # ---- a process that became a server by itself (started with proc_lib) ----

  def enter_loop(mod, options, state) when is_atom(mod) and is_list(options),
    do: enter_loop(mod, options, state, self(), :infinity)

  def enter_loop(mod, options, state, {scope, _} = server_name)
      when is_atom(mod) and is_list(options) and scope in [:local, :global],
      do: enter_loop(mod, options, state, server_name, :infinity)

  def enter_loop(mod, options, state, {:via, _, _} = server_name) when is_atom(mod) and is_list(options),
    do: enter_loop(mod, options, state, server_name, :infinity)

  def enter_loop(mod, options, state, timeout_or_hibernate)
      when is_atom(mod) and is_list(options) and
             (timeout_or_hibernate == :infinity or (is_integer(timeout_or_hibernate) and timeout_or_hibernate >= 0) or
                timeout_or_hibernate == :hibernate),
      do: enter_loop(mod, options, state, self(), timeout_or_hibernate)

  def enter_loop(mod, options, state, {:continue, _} = continue) when is_atom(mod) and is_list(options),
    do: enter_loop(mod, options, state, self(), continue)

  def enter_loop(mod, options, state, server_name, timeout_or_hibernate)
      when is_atom(mod) and is_list(options) and
             (timeout_or_hibernate == :infinity or (is_integer(timeout_or_hibernate) and timeout_or_hibernate >= 0) or
                timeout_or_hibernate == :hibernate) do
    name = :gen.get_proc_name(server_name)
    parent = :gen.get_parent()
    timeout = if timeout_or_hibernate == :hibernate, do: :infinity, else: timeout_or_hibernate
    loop(parent, name, mod, state, timeout, :infinity, [])
  end

  def enter_loop(mod, options, state, server_name, {:continue, _} = continue) when is_atom(mod) and is_list(options) do
    name = :gen.get_proc_name(server_name)
    parent = :gen.get_parent()
    loop_continue(parent, name, mod, state, continue, [])
  end

  def reply(from, reply), do: :gen.reply(from, reply)
  def stop(server), do: GenServer.stop(server)
  def stop(server, reason, timeout), do: GenServer.stop(server, reason, timeout)

  # ---- the server process ----------------------------------------------------------

  # gen:debug_options/2: the start options' {:debug, options}, as :sys.debug_options/1 makes them.
  defp debug_options(opts) when is_list(opts) do
    case List.keyfind(opts, :debug, 0) do
      {:debug, options} when is_list(options) -> :sys.debug_options(options)
      _ -> []
    end
  end

  defp debug_options(_), do: []

  @doc false
  def init_it(starter, parent, name, mod, args, opts) do
    debug = debug_options(opts)

    res =
      try do
        {:ok, mod.init(args)}
      catch
        :throw, value -> {:ok, value}
        kind, reason -> {:EXIT, kind, reason, :beamsh_otp_stack.canonical(__STACKTRACE__, {:init, mod})}
      end

    case res do
      {:ok, {:ok, state}} ->
        :gen.init_ack(starter, {:ok, self()})
        loop(parent, name, mod, state, :infinity, :infinity, debug)

      {:ok, {:ok, state, {:continue, _} = cont}} ->
        :gen.init_ack(starter, {:ok, self()})
        loop_continue(parent, name, mod, state, cont, debug)

      {:ok, {:ok, state, :hibernate}} ->
        :gen.init_ack(starter, {:ok, self()})
        loop(parent, name, mod, state, :infinity, :infinity, debug)

      {:ok, {:ok, state, timeout}} when (is_integer(timeout) and timeout >= 0) or timeout == :infinity ->
        :gen.init_ack(starter, {:ok, self()})
        loop(parent, name, mod, state, timeout, :infinity, debug)

      {:ok, {:stop, reason}} ->
        :gen.unregister_name(name)
        :gen.init_ack(starter, {:error, reason})
        exit(reason)

      {:ok, :ignore} ->
        :gen.unregister_name(name)
        :gen.init_ack(starter, :ignore)
        exit(:normal)

      {:ok, other} ->
        error = {:bad_return_value, other}
        :gen.init_ack(starter, {:error, error})
        exit(error)

      {:EXIT, kind, reason, stack} ->
        :gen.unregister_name(name)
        r = exit_reason(kind, reason, stack)
        :gen.init_ack(starter, {:error, r})
        exit(r)
    end
  end

  defp exit_reason(:error, reason, stack), do: {reason, stack}
  defp exit_reason(:exit, reason, _stack), do: reason
  defp exit_reason(:throw, value, stack), do: {{:nocatch, value}, stack}

  # Debug is [] or a list of {:trace, true} / {:statistics, ...} options.
  @doc false
  # (loop/7 as OTP's: its 6th argument is hibernate_after, which this loop does not use)
  def loop(parent, name, mod, state, timeout, _hibernate_after, debug) do
    receive do
      {:"$gen_call", {pid, tag} = from, req} = msg when debug == [] ->
        # the common case first: a call answered with {:reply, reply, state}
        res =
          try do
            mod.handle_call(req, from, state)
          catch
            :throw, value -> value
            kind, reason -> {:"$gen_exit", kind, reason, :beamsh_otp_stack.canonical(__STACKTRACE__, {:call, mod, req})}
          end

        case res do
          {:reply, reply, ns} ->
            :beamsh_otp.__reply__(pid, tag, reply)
            loop(parent, name, mod, ns, :infinity, :infinity, debug)

          {:"$gen_exit", kind, reason, stack} ->
            call_result({:EXIT, kind, reason, stack}, msg, from, req, parent, name, mod, state, debug)

          _ ->
            call_result({:ok, res}, msg, from, req, parent, name, mod, state, debug)
        end

      msg ->
        decode(msg, parent, name, mod, state, debug)
    after
      timeout -> decode(:timeout, parent, name, mod, state, debug)
    end
  end

  defp loop_continue(parent, name, mod, state, {:continue, cont} = msg, debug) do
    res =
      try do
        {:ok, mod.handle_continue(cont, state)}
      catch
        :throw, value -> {:ok, value}
        kind, reason -> {:EXIT, kind, reason, :beamsh_otp_stack.canonical(__STACKTRACE__, {:dispatch, mod, :handle_continue, 2})}
      end

    handle_noreply(res, parent, name, mod, state, msg, debug)
  end

  defp decode({:"$gen_call", from, req} = msg, parent, name, mod, state, debug) do
    debug = if debug != [], do: dbg_in(debug, name, msg), else: debug

    res =
      try do
        {:ok, mod.handle_call(req, from, state)}
      catch
        :throw, value -> {:ok, value}
        kind, reason -> {:EXIT, kind, reason, :beamsh_otp_stack.canonical(__STACKTRACE__, {:call, mod, req})}
      end

    call_result(res, msg, from, req, parent, name, mod, state, debug)
  end

  defp call_result(res, msg, from, req, parent, name, mod, state, debug) do
    case res do
      {:ok, {:reply, reply, ns}} ->
        reply(from, reply)
        debug = if debug != [], do: dbg_out(debug, name, from, reply, ns), else: debug
        loop(parent, name, mod, ns, :infinity, :infinity, debug)

      {:ok, {:reply, reply, ns, {:continue, _} = cont}} ->
        reply(from, reply)
        debug = if debug != [], do: dbg_out(debug, name, from, reply, ns), else: debug
        loop_continue(parent, name, mod, ns, cont, debug)

      {:ok, {:reply, reply, ns, :hibernate}} ->
        reply(from, reply)
        debug = if debug != [], do: dbg_out(debug, name, from, reply, ns), else: debug
        loop(parent, name, mod, ns, :infinity, :infinity, debug)

      {:ok, {:reply, reply, ns, timeout}} when (is_integer(timeout) and timeout >= 0) or timeout == :infinity ->
        reply(from, reply)
        debug = if debug != [], do: dbg_out(debug, name, from, reply, ns), else: debug
        loop(parent, name, mod, ns, timeout, :infinity, debug)

      {:ok, {:stop, reason, reply, ns}} ->
        try do
          terminate(:exit, reason, [], name, from, req, mod, ns, debug, false)
        after
          reply(from, reply)
        end

      _ ->
        handle_noreply(res, parent, name, mod, state, msg, debug)
    end
  end

  defp decode({:"$gen_cast", req} = msg, parent, name, mod, state, debug) do
    debug = if debug != [], do: dbg_in(debug, name, msg), else: debug

    res =
      try do
        {:ok, mod.handle_cast(req, state)}
      catch
        :throw, value -> {:ok, value}
        kind, reason -> {:EXIT, kind, reason, :beamsh_otp_stack.canonical(__STACKTRACE__, {:dispatch, mod, :handle_cast, 2})}
      end

    handle_noreply(res, parent, name, mod, state, msg, debug)
  end

  defp decode({:system, from, req}, parent, name, mod, state, debug) do
    system(req, from, parent, name, mod, state, debug)
  end

  defp decode({:EXIT, parent, reason} = msg, parent, name, mod, state, debug) do
    terminate(:exit, reason, [], name, nil, msg, mod, state, debug, true)
  end

  defp decode(msg, parent, name, mod, state, debug) do
    debug = if debug != [], do: dbg_in(debug, name, msg), else: debug

    res =
      try do
        {:ok, mod.handle_info(msg, state)}
      catch
        :throw, value -> {:ok, value}
        kind, reason -> {:EXIT, kind, reason, :beamsh_otp_stack.canonical(__STACKTRACE__, {:dispatch, mod, :handle_info, 2})}
      end

    handle_noreply(res, parent, name, mod, state, msg, debug)
  end

  defp handle_noreply(res, parent, name, mod, state, msg, debug) do
    case res do
      {:ok, {:noreply, ns}} ->
        debug = if debug != [], do: dbg_state(debug, name, ns), else: debug
        loop(parent, name, mod, ns, :infinity, :infinity, debug)

      {:ok, {:noreply, ns, {:continue, _} = cont}} ->
        debug = if debug != [], do: dbg_state(debug, name, ns), else: debug
        loop_continue(parent, name, mod, ns, cont, debug)

      {:ok, {:noreply, ns, :hibernate}} ->
        debug = if debug != [], do: dbg_state(debug, name, ns), else: debug
        loop(parent, name, mod, ns, :infinity, :infinity, debug)

      {:ok, {:noreply, ns, timeout}} when (is_integer(timeout) and timeout >= 0) or timeout == :infinity ->
        debug = if debug != [], do: dbg_state(debug, name, ns), else: debug
        loop(parent, name, mod, ns, timeout, :infinity, debug)

      {:ok, {:stop, reason, ns}} ->
        terminate(:exit, reason, [], name, from_of(msg), last_of(msg), mod, ns, debug, false)

      {:ok, other} ->
        terminate(:exit, {:bad_return_value, other}, [], name, from_of(msg), last_of(msg), mod, state, debug, false)

      {:EXIT, kind, reason, stack} ->
        terminate(kind, reason, stack, name, from_of(msg), last_of(msg), mod, state, debug, false)
    end
  end

  defp from_of({:"$gen_call", from, _}), do: from
  defp from_of(_), do: nil
  defp last_of({:"$gen_call", _, req}), do: req
  defp last_of(msg), do: msg

  # ---- system messages ---------------------------------------------------------------

  # As OTP's sys: a request is answered in the server's system state (:running, or :suspended
  # after :sys.suspend/1, which only :sys.resume/1 or a terminate leaves), and the server goes
  # on in that state. Code changes are made only while suspended.
  defp system(req, from, parent, name, mod, state, debug), do: system(:running, req, from, parent, name, mod, state, debug)

  defp system(sys, :get_state, from, parent, name, mod, state, debug) do
    reply(from, {:ok, state})
    continue(sys, parent, name, mod, state, debug)
  end

  defp system(sys, {:replace_state, fun}, from, parent, name, mod, state, debug) do
    res =
      try do
        {:ok, fun.(state)}
      catch
        kind, reason -> {:error, {:callback_failed, {:gen_server, :system_replace_state}, {kind, reason}}}
      end

    case res do
      {:ok, ns} ->
        reply(from, {:ok, ns})
        continue(sys, parent, name, mod, ns, debug)

      err ->
        reply(from, err)
        continue(sys, parent, name, mod, state, debug)
    end
  end

  defp system(sys, :get_status, from, parent, name, mod, state, debug) do
    pdict =
      case Process.info(self(), :dictionary) do
        {:dictionary, d} -> d
        _ -> []
      end

    header = status_header(:gen.name(name))
    misc = [header: header, data: [{'Status', sys}, {'Parent', parent}, {'Logged events', :sys.get_log(debug)}]] ++ mod_status(mod, :normal, pdict, state)

    reply(from, {:ok, {:status, self(), {:module, :gen_server}, [pdict, sys, parent, debug, misc]}})
    continue(sys, parent, name, mod, state, debug)
  end

  defp system(_sys, {:terminate, reason}, from, _parent, name, mod, state, debug) do
    _ = from
    terminate(:exit, reason, [], name, nil, [], mod, state, debug, false)
  end

  defp system(sys, {:debug, what}, from, parent, name, mod, state, debug) do
    {res, debug} = :sys.__debug_cmd__(what, debug)
    reply(from, {:ok, res})
    continue(sys, parent, name, mod, state, debug)
  end

  defp system(_sys, :suspend, from, parent, name, mod, state, debug) do
    reply(from, {:ok, :ok})
    suspended(parent, name, mod, state, debug)
  end

  defp system(_sys, :resume, from, parent, name, mod, state, debug) do
    reply(from, {:ok, :ok})
    loop(parent, name, mod, state, :infinity, :infinity, debug)
  end

  # gen_server:system_code_change/4 under sys: the callback's code_change/3 must answer
  # {:ok, new_state}; anything else (a raise or exit caught as {:EXIT, reason}) is the
  # {:error, answer} :sys.change_code/4 returns, and the state stays.
  defp system(:suspended, {:change_code, _m, vsn, extra}, from, parent, name, mod, state, debug) do
    answer =
      try do
        mod.code_change(vsn, state, extra)
      catch
        :throw, value -> value
        :error, reason -> {:EXIT, {reason, __STACKTRACE__}}
        :exit, reason -> {:EXIT, reason}
      end

    case answer do
      {:ok, ns} ->
        reply(from, {:ok, :ok})
        suspended(parent, name, mod, ns, debug)

      other ->
        reply(from, {:ok, {:error, other}})
        suspended(parent, name, mod, state, debug)
    end
  end

  defp system(sys, other, from, parent, name, mod, state, debug) do
    reply(from, {:ok, {:error, {:unknown_system_msg, other}}})
    continue(sys, parent, name, mod, state, debug)
  end

  defp continue(:running, parent, name, mod, state, debug), do: loop(parent, name, mod, state, :infinity, :infinity, debug)
  defp continue(:suspended, parent, name, mod, state, debug), do: suspended(parent, name, mod, state, debug)

  # gen:format_status_header/2: lists:concat of the tag line and the name.
  defp status_header(name) when is_pid(name),
    do: 'Status for generic server ' ++ String.to_charlist(String.trim_leading(inspect(name), "#PID"))
  defp status_header(name) when is_atom(name), do: 'Status for generic server ' ++ Atom.to_charlist(name)

  defp status_header(name), do: {'Status for generic server', name}

  # What a callback's format_status/2 makes of the state ([data: [{'State', state}]] without
  # one; a non-list answer is wrapped; a crash leaves a note, as gen does).
  defp mod_status(mod, opt, pdict, state) do
    if function_exported?(mod, :format_status, 2) do
      result =
        try do
          mod.format_status(opt, [pdict, state])
        catch
          :throw, result -> result
          _, _ -> {:"$crashed", [data: [{'State', Atom.to_charlist(mod) ++ ':format_status/2 crashed'}]]}
        end

      case result do
        {:"$crashed", status} -> status
        list when is_list(list) -> list
        other -> [other]
      end
    else
      [data: [{'State', state}]]
    end
  end

  # The state a crash report shows: format_status(:terminate, ...) when the callback has it.
  @doc false
  def __report_state__(mod, state) do
    if function_exported?(mod, :format_status, 2) do
      try do
        mod.format_status(:terminate, [Process.get(), state])
      catch
        :throw, result -> result
        _, _ -> Atom.to_charlist(mod) ++ ':format_status/2 crashed'
      end
    else
      state
    end
  end

  defp suspended(parent, name, mod, state, debug) do
    receive do
      {:system, from, req} ->
        system(:suspended, req, from, parent, name, mod, state, debug)

      {:EXIT, ^parent, reason} = msg ->
        terminate(:exit, reason, [], name, nil, msg, mod, state, debug, true)
    end
  end

  # ---- :sys.trace output ------------------------------------------------------------

  defp dbg_name(name), do: :beamsh_otp.erl_format(:gen.name(name))

  # With :sys.trace on, the server prints each debug event as OTP's sys does, and tells the
  # runtime's event stream (sequence diagrams and other views read it there).
  defp dbg_in(debug, name, msg), do: :sys.handle_debug(debug, &print_event/3, name, {:in, msg})
  defp dbg_out(debug, name, to, reply, ns), do: :sys.handle_debug(debug, &print_event/3, name, {:out, reply, to, ns})
  defp dbg_state(debug, name, ns), do: :sys.handle_debug(debug, &print_event/3, name, {:noreply, ns})

  # gen_server:print_event/3: a debug event as :sys.trace prints it (and :sys.log's print).
  defp print_event(dev, {:in, {:"$gen_call", {pid, _}, req}}, name),
    do: IO.write(dev, "*DBG* " <> dbg_name(name) <> " got call " <> :beamsh_otp.erl_format(req) <> " from " <> :beamsh_otp.erl_format(pid) <> "\n")

  defp print_event(dev, {:in, {:"$gen_cast", req}}, name),
    do: IO.write(dev, "*DBG* " <> dbg_name(name) <> " got cast " <> :beamsh_otp.erl_format(req) <> "\n")

  defp print_event(dev, {:in, msg}, name), do: IO.write(dev, "*DBG* " <> dbg_name(name) <> " got " <> :beamsh_otp.erl_format(msg) <> "\n")

  defp print_event(dev, {:out, reply, {pid, _}, ns}, name) do
    IO.write(
      dev,
      "*DBG* " <> dbg_name(name) <> " sent " <> :beamsh_otp.erl_format(reply) <> " to " <> :beamsh_otp.erl_format(pid) <>
        ", new state " <> :beamsh_otp.erl_format(ns) <> "\n"
    )
  end

  defp print_event(dev, {:noreply, ns}, name), do: IO.write(dev, "*DBG* " <> dbg_name(name) <> " new state " <> :beamsh_otp.erl_format(ns) <> "\n")
  defp print_event(dev, event, name), do: IO.write(dev, "*DBG* " <> dbg_name(name) <> " dbg  " <> :beamsh_otp.erl_format(event) <> "\n")

  # ---- termination -----------------------------------------------------------------

  defp terminate(class, reason, stack, name, from, msg, mod, state, _debug, _parent_exit) do
    treason = exit_reason(class, reason, stack)

    res =
      if function_exported?(mod, :terminate, 2) do
        try do
          mod.terminate(treason, state)
          :ok
        catch
          kind, r -> {:EXIT, kind, r, :beamsh_otp_stack.canonical(__STACKTRACE__, {:terminate, mod})}
        end
      else
        :ok
      end

    case res do
      {:EXIT, c, r, s} ->
        error_info(c, r, s, name, from, msg, __report_state__(mod, state))
        :erlang.raise(c, r, s)

      _ ->
        case {class, reason} do
          {:exit, :normal} -> :ok
          {:exit, :shutdown} -> :ok
          {:exit, {:shutdown, _}} -> :ok
          _ -> error_info(class, reason, stack, name, from, msg, __report_state__(mod, state))
        end

        # (raised again as it came: proc_lib's crash report tells the class, and makes the
        # exit reason, {reason, stacktrace} for an error)
        if stack == [], do: exit(treason), else: :erlang.raise(class, reason, stack)
    end
  end

  # OTP's {:gen_server, :terminate} report, logged through :logger (Logger's handler runs its
  # translators on it): the name (the registered one, else the pid), the last message, the
  # state, the reason ({reason, stacktrace} unless the exit had none) and the client (its
  # current stacktrace when alive).
  defp error_info(_class, _reason, _stack, :application_controller, _from, _msg, _state), do: :ok

  defp error_info(class, reason, stack, name, from, msg, state) do
    report_name =
      case name do
        :self -> self()
        n -> :gen.name(n)
      end

    report_reason =
      case {class, stack} do
        {:exit, []} -> reason
        {:throw, _} -> {{:nocatch, reason}, stack}
        _ -> {reason, stack}
      end

    report = %{
      label: {:gen_server, :terminate},
      name: report_name,
      last_message: msg,
      state: state,
      log: [],
      reason: report_reason,
      client_info: client_info(from)
    }

    :beamsh_otp.report(:gen_server, :error, report, %{
      domain: [:otp],
      report_cb: &:gen_server.format_log/2,
      error_logger: %{tag: :error, report_cb: &:gen_server.format_log/1},
      mfa: {:gen_server, :error_info, 8},
      file: 'gen_server.erl',
      line: 1402
    })
  end

  defp client_info({pid, _tag}), do: client_info(pid)

  defp client_info(pid) when is_pid(pid) do
    if node(pid) == node() do
      case Process.info(pid, [:current_stacktrace, :registered_name]) do
        nil -> {pid, :dead}
        [current_stacktrace: stack, registered_name: []] -> {pid, {pid, stack}}
        [current_stacktrace: stack, registered_name: name] -> {pid, {name, stack}}
      end
    else
      {pid, :remote}
    end
  end

  defp client_info(_from), do: :undefined

  # The report as text (what Erlang's logger prints when no Elixir translator takes it).
  def format_log(%{label: {:gen_server, :terminate}} = report) do
    client =
      case report.client_info do
        {pid, :dead} -> ["** Client ", inspect(pid), " is dead~n"]
        {pid, :remote} -> ["** Client ", inspect(pid), " is remote on node ", inspect(node(pid)), "~n"]
        {_pid, {name, _}} -> ["** Client ", inspect(name), " stacktrace~n"]
        _ -> []
      end

    format =
      '** Generic server ~tp terminating ~n** Last message in was ~tp~n** When Server state == ~tp~n' ++
        '** Reason for termination ==~n** ~tp~n' ++ String.to_charlist(IO.iodata_to_binary(client))

    {format, [report.name, report.last_message, report.state, report.reason]}
  end

  def format_log(report, _config) do
    {format, args} = format_log(report)
    IO.chardata_to_string(:io_lib.format(format, args))
  end

end

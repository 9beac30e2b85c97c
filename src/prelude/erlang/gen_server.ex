# GenServer and the generic server machinery under it (Erlang's gen/gen_server/proc_lib/sys),
# written on top of processes: a call is a monitor, a `{:"$gen_call", {pid, tag}, msg}`
# message and a selective receive on the monitor reference; casts are `{:"$gen_cast", msg}`;
# system messages (`{:system, from, req}`) serve :sys and GenServer.stop/3.
#
# Crash reports are printed as Elixir 1.14's Logger prints them. Exceptions in callbacks are
# caught and the process exits with `{exception, stacktrace}` (an exit, so the runtime's
# "Process raised an exception" report is not printed: gen_server reports it itself).
defmodule GenServer do
  @moduledoc false

  def start(module, init_arg, opts \\ []), do: do_start(:nolink, module, init_arg, opts)
  def start_link(module, init_arg, opts \\ []), do: do_start(:link, module, init_arg, opts)

  defp do_start(link, module, init_arg, opts) do
    case Keyword.pop(opts, :name) do
      {nil, opts} ->
        :gen.start(:gen_server, link, module, init_arg, opts)

      {atom, opts} when is_atom(atom) ->
        :gen.start(:gen_server, link, {:local, atom}, module, init_arg, opts)

      {{:global, _term} = tuple, opts} ->
        :gen.start(:gen_server, link, tuple, module, init_arg, opts)

      {{:via, via_module, _term} = tuple, opts} when is_atom(via_module) ->
        :gen.start(:gen_server, link, tuple, module, init_arg, opts)

      {other, _} ->
        raise ArgumentError,
              "expected :name option to be one of the following:\n\n  * nil\n  * atom\n  * {:global, term}\n  * {:via, module, term}\n\nGot: " <>
                inspect(other) <> "\n"
    end
  end

  def call(server, request), do: call(server, request, 5000)

  def call(server, request, timeout) do
    pid =
      case server do
        p when is_pid(p) -> p
        _ -> whereis(server)
      end

    case pid do
      nil ->
        exit({:noproc, {GenServer, :call, [server, request, timeout]}})

      pid ->
        if pid == self() do
          exit({:calling_self, {GenServer, :call, [server, request, timeout]}})
        end

        ref = Process.monitor(pid)
        send(pid, {:"$gen_call", {self(), [:alias | ref]}, request})
        # Let the server run first: a reply already there is taken without arming the
        # receive's timer (timers cost more than a turn of the run queue here).
        :erlang.yield()

        receive do
          {[:alias | ^ref], reply} ->
            Process.demonitor(ref, [:flush])
            reply

          {:DOWN, ^ref, _, _, reason} ->
            exit({reason, {GenServer, :call, [server, request, timeout]}})
        after
          timeout ->
            Process.demonitor(ref, [:flush])
            :beamsh_otp.__kill_alias__(ref)
            exit({:timeout, {GenServer, :call, [server, request, timeout]}})
        end
    end
  end

  def cast(server, request)

  def cast({:global, name}, request) do
    case :global.whereis_name(name) do
      pid when is_pid(pid) -> send(pid, {:"$gen_cast", request})
      _ -> :ok
    end

    :ok
  end

  def cast({:via, mod, name}, request) do
    try do
      mod.send(name, {:"$gen_cast", request})
    catch
      _, _ -> :ok
    end

    :ok
  end

  def cast({name, node}, request) when is_atom(name) and is_atom(node) do
    cast(name, request)
  end

  def cast(dest, request) when is_atom(dest) or is_pid(dest) do
    case dest do
      pid when is_pid(pid) ->
        send(pid, {:"$gen_cast", request})

      name ->
        case Process.whereis(name) do
          nil -> :ok
          pid -> send(pid, {:"$gen_cast", request})
        end
    end

    :ok
  end

  def abcast(name, request), do: abcast([node()], name, request)

  def abcast(_nodes, name, request) when is_atom(name) do
    cast(name, request)
    :abcast
  end

  def reply({pid, tag}, reply) when is_pid(pid) do
    :beamsh_otp.__reply__(pid, tag, reply)
  end

  def reply(client, reply) do
    :gen.reply(client, reply)
  end

  def stop(server, reason \\ :normal, timeout \\ :infinity) do
    case whereis(server) do
      nil ->
        exit({:noproc, {GenServer, :stop, [server, reason, timeout]}})

      pid when pid == self() ->
        exit({:calling_self, {GenServer, :stop, [server, reason, timeout]}})

      pid ->
        case :gen.__stop__(pid, reason, timeout) do
          :ok -> :ok
          {:exit, r} -> exit({r, {GenServer, :stop, [server, reason, timeout]}})
        end
    end
  end

  def whereis(server)
  def whereis(pid) when is_pid(pid), do: pid

  def whereis(name) when is_atom(name) do
    Process.whereis(name)
  end

  def whereis({:global, name}) do
    case :global.whereis_name(name) do
      pid when is_pid(pid) -> pid
      :undefined -> nil
    end
  end

  def whereis({:via, mod, name}) do
    case apply(mod, :whereis_name, [name]) do
      pid when is_pid(pid) -> pid
      :undefined -> nil
    end
  end

  def whereis({name, local}) when is_atom(name) and is_atom(local) do
    if local == node() do
      Process.whereis(name)
    else
      {name, local}
    end
  end

  def whereis(_), do: nil

  def multi_call(name, request), do: multi_call([node()], name, request, :infinity)

  def multi_call(nodes, name, request, timeout \\ :infinity) do
    _ = nodes

    case Process.whereis(name) do
      nil ->
        {[], [node()]}

      _pid ->
        try do
          {[{node(), call(name, request, timeout)}], []}
        catch
          :exit, _ -> {[], [node()]}
        end
    end
  end
end

defmodule :gen do
  @moduledoc false

  def start(gen_mod, link, mod, args, opts), do: do_start(gen_mod, link, :self, mod, args, opts)
  def start(gen_mod, link, name, mod, args, opts), do: do_start(gen_mod, link, name, mod, args, opts)

  defp do_start(gen_mod, link, name, mod, args, opts) do
    case where(name) do
      pid when is_pid(pid) ->
        {:error, {:already_started, pid}}

      _ ->
        starter = self()
        timeout = Keyword.get(opts, :timeout, :infinity)
        init_args = [gen_mod, starter, link, name, mod, args, opts]

        pid =
          if link == :link,
            do: spawn_link(:gen, :init_it, init_args),
            else: spawn(:gen, :init_it, init_args)

        sync_start(pid, timeout)
    end
  end

  defp where(:self), do: :undefined
  defp where({:local, name}), do: Process.whereis(name) || :undefined
  defp where({:global, name}), do: :global.whereis_name(name)
  defp where({:via, mod, name}), do: apply(mod, :whereis_name, [name])

  defp sync_start(pid, timeout) do
    ref = Process.monitor(pid)

    receive do
      {:ack, ^pid, ret} ->
        Process.demonitor(ref, [:flush])
        ret

      {:DOWN, ^ref, :process, ^pid, reason} ->
        receive do
          {:EXIT, ^pid, _} -> :ok
        after
          0 -> :ok
        end

        {:error, reason}
    after
      timeout ->
        Process.demonitor(ref, [:flush])
        Process.unlink(pid)
        Process.exit(pid, :kill)

        receive do
          {:EXIT, ^pid, _} -> :ok
        after
          0 -> :ok
        end

        {:error, :timeout}
    end
  end

  @doc false
  def init_it(gen_mod, starter, link, name, mod, args, opts) do
    parent = if link == :link, do: starter, else: self()

    case register_name(name) do
      :yes ->
        ancestors =
          case Process.get(:"$ancestors") do
            nil -> []
            l -> l
          end

        _ = ancestors
        starter_ancestors = :gen.__ancestors__(starter)
        Process.put(:"$ancestors", [starter | starter_ancestors])
        Process.put(:"$initial_call", {mod, :init, 1})
        apply(gen_mod, :init_it, [starter, parent, name, mod, args, opts])

      {:no, pid} ->
        send(starter, {:ack, self(), {:error, {:already_started, pid}}})
        exit(:normal)
    end
  end

  @doc false
  def __ancestors__(pid) do
    case Process.info(pid, :dictionary) do
      {:dictionary, d} ->
        case List.keyfind(d, :"$ancestors", 0) do
          {_, l} when is_list(l) -> l
          _ -> []
        end

      _ ->
        []
    end
  end

  def register_name(:self), do: :yes

  def register_name({:local, name}) do
    try do
      Process.register(self(), name)
      :yes
    rescue
      _ ->
        case Process.whereis(name) do
          nil -> {:no, :undefined}
          pid -> {:no, pid}
        end
    end
  end

  def register_name({:global, name}) do
    case :global.register_name(name, self()) do
      :yes -> :yes
      :no -> {:no, :global.whereis_name(name)}
    end
  end

  def register_name({:via, mod, name}) do
    case apply(mod, :register_name, [name, self()]) do
      :yes -> :yes
      :no -> {:no, apply(mod, :whereis_name, [name])}
    end
  end

  def unregister_name(:self), do: :ok

  def unregister_name({:local, name}) do
    try do
      Process.unregister(name)
    rescue
      _ -> :ok
    end

    :ok
  end

  def unregister_name({:global, name}) do
    :global.unregister_name(name)
    :ok
  end

  def unregister_name({:via, mod, name}) do
    _ = apply(mod, :unregister_name, [name])
    :ok
  end

  def name(:self), do: self()
  def name({:local, name}), do: name
  def name({:global, name}), do: name
  def name({:via, _, name}), do: name

  @doc false
  def init_ack(starter, ret), do: send(starter, {:ack, self(), ret})

  # {:ok, reply} | {:exit, reason}: the caller's side of a call.
  @doc false
  def __call__(pid, label, request, timeout) do
    mref = Process.monitor(pid)
    tag = [:alias | mref]
    send(pid, {label, {self(), tag}, request})

    receive do
      {[:alias | ^mref], reply} ->
        Process.demonitor(mref, [:flush])
        {:ok, reply}

      {:DOWN, ^mref, _, _, reason} ->
        {:exit, reason}
    after
      timeout ->
        Process.demonitor(mref, [:flush])
        :beamsh_otp.__kill_alias__(mref)
        {:exit, :timeout}
    end
  end

  def call(server, label, request), do: call(server, label, request, 5000)

  def call(server, label, request, timeout) do
    pid =
      case server do
        p when is_pid(p) -> p
        _ -> GenServer.whereis(server)
      end

    case pid do
      nil ->
        exit(:noproc)

      _ ->
        case __call__(pid, label, request, timeout) do
          {:ok, r} -> {:ok, r}
          {:exit, reason} -> exit(reason)
        end
    end
  end

  def reply({pid, tag}, reply) do
    :beamsh_otp.__reply__(pid, tag, reply)
  end

  # Stops a generic process with a system message and waits for it to go down.
  @doc false
  def __stop__(pid, reason, timeout) do
    mref = Process.monitor(pid)
    send(pid, {:system, {self(), [:alias | mref]}, {:terminate, reason}})

    receive do
      {:DOWN, ^mref, _, _, ^reason} ->
        :ok

      {:DOWN, ^mref, _, _, r} ->
        {:exit, r}
    after
      timeout ->
        Process.demonitor(mref, [:flush])
        Process.exit(pid, :kill)
        {:exit, :timeout}
    end
  end

  def stop(server), do: stop(server, :normal, :infinity)

  def stop(server, reason, timeout) do
    case GenServer.whereis(server) do
      nil ->
        exit(:noproc)

      pid ->
        case __stop__(pid, reason, timeout) do
          :ok -> :ok
          {:exit, r} -> exit(r)
        end
    end
  end
end

defmodule :gen_server do
  @moduledoc false

  def start(mod, args, opts), do: :gen.start(:gen_server, :nolink, mod, args, opts)
  def start(name, mod, args, opts), do: :gen.start(:gen_server, :nolink, name, mod, args, opts)
  def start_link(mod, args, opts), do: :gen.start(:gen_server, :link, mod, args, opts)
  def start_link(name, mod, args, opts), do: :gen.start(:gen_server, :link, name, mod, args, opts)

  def call(server, request), do: call(server, request, 5000)

  def call(server, request, timeout) do
    case :gen.__call__(GenServer.whereis(server) || :noproc, :"$gen_call", request, timeout) do
      {:ok, r} -> r
      {:exit, reason} -> exit({reason, {:gen_server, :call, [server, request, timeout]}})
    end
  end

  def cast(server, request), do: GenServer.cast(server, request)
  def reply(from, reply), do: :gen.reply(from, reply)
  def stop(server), do: GenServer.stop(server)
  def stop(server, reason, timeout), do: GenServer.stop(server, reason, timeout)

  # ---- the server process ----------------------------------------------------------

  @doc false
  def init_it(starter, parent, name, mod, args, _opts) do
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
        loop(parent, name, mod, state, :infinity, [])

      {:ok, {:ok, state, {:continue, _} = cont}} ->
        :gen.init_ack(starter, {:ok, self()})
        loop_continue(parent, name, mod, state, cont, [])

      {:ok, {:ok, state, :hibernate}} ->
        :gen.init_ack(starter, {:ok, self()})
        loop(parent, name, mod, state, :infinity, [])

      {:ok, {:ok, state, timeout}} when (is_integer(timeout) and timeout >= 0) or timeout == :infinity ->
        :gen.init_ack(starter, {:ok, self()})
        loop(parent, name, mod, state, timeout, [])

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
  def loop(parent, name, mod, state, timeout, debug) do
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
            loop(parent, name, mod, ns, :infinity, debug)

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
    if debug != [], do: dbg_in(name, msg)

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
        if debug != [], do: dbg_out(name, from, reply, ns)
        loop(parent, name, mod, ns, :infinity, debug)

      {:ok, {:reply, reply, ns, {:continue, _} = cont}} ->
        reply(from, reply)
        if debug != [], do: dbg_out(name, from, reply, ns)
        loop_continue(parent, name, mod, ns, cont, debug)

      {:ok, {:reply, reply, ns, :hibernate}} ->
        reply(from, reply)
        if debug != [], do: dbg_out(name, from, reply, ns)
        loop(parent, name, mod, ns, :infinity, debug)

      {:ok, {:reply, reply, ns, timeout}} when (is_integer(timeout) and timeout >= 0) or timeout == :infinity ->
        reply(from, reply)
        if debug != [], do: dbg_out(name, from, reply, ns)
        loop(parent, name, mod, ns, timeout, debug)

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
    if debug != [], do: dbg_in(name, msg)

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
    if debug != [], do: dbg_in(name, msg)

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
        if debug != [], do: dbg_state(name, ns)
        loop(parent, name, mod, ns, :infinity, debug)

      {:ok, {:noreply, ns, {:continue, _} = cont}} ->
        if debug != [], do: dbg_state(name, ns)
        loop_continue(parent, name, mod, ns, cont, debug)

      {:ok, {:noreply, ns, :hibernate}} ->
        if debug != [], do: dbg_state(name, ns)
        loop(parent, name, mod, ns, :infinity, debug)

      {:ok, {:noreply, ns, timeout}} when (is_integer(timeout) and timeout >= 0) or timeout == :infinity ->
        if debug != [], do: dbg_state(name, ns)
        loop(parent, name, mod, ns, timeout, debug)

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

  defp reply({pid, tag}, reply) do
    :beamsh_otp.__reply__(pid, tag, reply)
  end

  # ---- system messages ---------------------------------------------------------------

  defp system(:get_state, from, parent, name, mod, state, debug) do
    reply(from, {:ok, state})
    loop(parent, name, mod, state, :infinity, debug)
  end

  defp system({:replace_state, fun}, from, parent, name, mod, state, debug) do
    res =
      try do
        {:ok, fun.(state)}
      catch
        kind, reason -> {:error, {:callback_failed, {:gen_server, :system_replace_state}, {kind, reason}}}
      end

    case res do
      {:ok, ns} ->
        reply(from, {:ok, ns})
        loop(parent, name, mod, ns, :infinity, debug)

      err ->
        reply(from, err)
        loop(parent, name, mod, state, :infinity, debug)
    end
  end

  defp system(:get_status, from, parent, name, mod, state, debug) do
    pdict =
      case Process.info(self(), :dictionary) do
        {:dictionary, d} -> d
        _ -> []
      end

    header = String.to_charlist("Status for generic server " <> :beamsh_otp.erl_format(:gen.name(name)))

    misc = [
      header: header,
      data: [{'Status', :running}, {'Parent', parent}, {'Logged events', []}],
      data: [{'State', state}]
    ]

    reply(from, {:ok, {:status, self(), {:module, :gen_server}, [pdict, :running, parent, debug, misc]}})
    loop(parent, name, mod, state, :infinity, debug)
  end

  defp system({:terminate, reason}, from, _parent, name, mod, state, debug) do
    _ = from
    terminate(:exit, reason, [], name, nil, {:system, from, {:terminate, reason}}, mod, state, debug, false)
  end

  defp system({:debug, {:trace, flag}}, from, parent, name, mod, state, _debug) do
    reply(from, {:ok, :ok})
    loop(parent, name, mod, state, :infinity, if(flag, do: [:trace], else: []))
  end

  defp system({:debug, _}, from, parent, name, mod, state, debug) do
    reply(from, {:ok, :ok})
    loop(parent, name, mod, state, :infinity, debug)
  end

  defp system(:suspend, from, parent, name, mod, state, debug) do
    reply(from, {:ok, :ok})
    suspended(parent, name, mod, state, debug)
  end

  defp system(:resume, from, parent, name, mod, state, debug) do
    reply(from, {:ok, :ok})
    loop(parent, name, mod, state, :infinity, debug)
  end

  defp system({:change_code, _m, vsn, extra}, from, parent, name, mod, state, debug) do
    case mod.code_change(vsn, state, extra) do
      {:ok, ns} ->
        reply(from, {:ok, :ok})
        loop(parent, name, mod, ns, :infinity, debug)

      other ->
        reply(from, {:ok, other})
        loop(parent, name, mod, state, :infinity, debug)
    end
  end

  defp system(_other, from, parent, name, mod, state, debug) do
    reply(from, {:ok, {:error, :unknown_system_msg}})
    loop(parent, name, mod, state, :infinity, debug)
  end

  defp suspended(parent, name, mod, state, debug) do
    receive do
      {:system, from, :resume} ->
        reply(from, {:ok, :ok})
        loop(parent, name, mod, state, :infinity, debug)

      {:system, from, req} when req != :resume ->
        case req do
          :get_state ->
            reply(from, {:ok, state})
            suspended(parent, name, mod, state, debug)

          {:terminate, reason} ->
            terminate(:exit, reason, [], name, nil, {:system, from, req}, mod, state, debug, false)

          _ ->
            reply(from, {:ok, :ok})
            suspended(parent, name, mod, state, debug)
        end

      {:EXIT, ^parent, reason} = msg ->
        terminate(:exit, reason, [], name, nil, msg, mod, state, debug, true)
    end
  end

  # ---- :sys.trace output ------------------------------------------------------------

  defp dbg_name(name), do: :beamsh_otp.erl_format(:gen.name(name))

  defp dbg_in(name, {:"$gen_call", {pid, _}, req}) do
    IO.write("*DBG* " <> dbg_name(name) <> " got call " <> :beamsh_otp.erl_format(req) <> " from " <> :beamsh_otp.erl_format(pid) <> "\n")
  end

  defp dbg_in(name, {:"$gen_cast", req}) do
    IO.write("*DBG* " <> dbg_name(name) <> " got cast " <> :beamsh_otp.erl_format(req) <> "\n")
  end

  defp dbg_in(name, msg) do
    IO.write("*DBG* " <> dbg_name(name) <> " got " <> :beamsh_otp.erl_format(msg) <> "\n")
  end

  defp dbg_out(name, {pid, _}, reply, ns) do
    IO.write(
      "*DBG* " <> dbg_name(name) <> " sent " <> :beamsh_otp.erl_format(reply) <> " to " <> :beamsh_otp.erl_format(pid) <>
        ", new state " <> :beamsh_otp.erl_format(ns) <> "\n"
    )
  end

  defp dbg_state(name, ns) do
    IO.write("*DBG* " <> dbg_name(name) <> " new state " <> :beamsh_otp.erl_format(ns) <> "\n")
  end

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
        error_info(c, r, s, name, from, msg, state)
        exit(exit_reason(c, r, s))

      _ ->
        case {class, reason} do
          {:exit, :normal} -> :ok
          {:exit, :shutdown} -> :ok
          {:exit, {:shutdown, _}} -> :ok
          _ -> error_info(class, reason, stack, name, from, msg, state)
        end

        exit(treason)
    end
  end

  defp error_info(class, reason, stack, name, from, msg, state) do
    report_name =
      case name do
        :self -> self()
        n -> :gen.name(n)
      end

    formatted =
      case {class, stack} do
        {:exit, []} -> :beamsh_otp.format_stop(reason)
        {:throw, _} -> :beamsh_otp.format_reason({{:nocatch, reason}, stack})
        _ -> :beamsh_otp.format_reason({reason, stack})
      end

    last =
      case from do
        {pid, _} -> "\nLast message (from " <> inspect(pid) <> "): " <> inspect(msg)
        _ -> "\nLast message: " <> inspect(msg)
      end

    client =
      case from do
        {pid, _} ->
          if Process.alive?(pid) do
            "\nClient " <> inspect(pid) <> " is alive\n\n" <>
              "    (stdlib 4.2) gen.erl:256: :gen.do_call/4\n" <>
              "    (elixir 1.14.0) lib/gen_server.ex:1035: GenServer.call/3"
          else
            "\nClient " <> inspect(pid) <> " is dead"
          end

        _ ->
          ""
      end

    :beamsh_otp.__log_report__(
      :error,
      "GenServer " <> inspect(report_name) <> " terminating" <> formatted <> last <> "\nState: " <> inspect(state) <> client
    )
  end
end

defmodule :sys do
  @moduledoc false

  defp send_system_msg(name, request, fun, args) do
    try do
      :gen.call(name, :system, request, 5000)
    catch
      :exit, reason -> exit({reason, {:sys, fun, args}})
    end
  end

  def get_state(name), do: get_state(name, 5000)

  def get_state(name, timeout) do
    args = if timeout == 5000, do: [name], else: [name, timeout]

    case send_system_msg(name, :get_state, :get_state, args) do
      {:ok, {:ok, state}} -> state
      {:ok, {:error, reason}} -> :erlang.error(reason)
      {:ok, other} -> other
    end
  end

  def replace_state(name, fun), do: replace_state(name, fun, 5000)

  def replace_state(name, fun, timeout) do
    args = if timeout == 5000, do: [name, fun], else: [name, fun, timeout]

    case send_system_msg(name, {:replace_state, fun}, :replace_state, args) do
      {:ok, {:ok, state}} -> state
      {:ok, {:error, reason}} -> :erlang.error(reason)
      {:ok, other} -> other
    end
  end

  def get_status(name), do: get_status(name, 5000)

  def get_status(name, timeout) do
    args = if timeout == 5000, do: [name], else: [name, timeout]
    {:ok, {:ok, status}} = send_system_msg(name, :get_status, :get_status, args)
    status
  end

  def trace(name, flag), do: trace(name, flag, 5000)

  def trace(name, flag, timeout) do
    args = if timeout == 5000, do: [name, flag], else: [name, flag, timeout]
    {:ok, {:ok, r}} = send_system_msg(name, {:debug, {:trace, flag}}, :trace, args)
    r
  end

  def statistics(name, flag), do: statistics(name, flag, 5000)

  def statistics(name, flag, _timeout) do
    {:ok, {:ok, _}} = send_system_msg(name, {:debug, {:statistics, flag}}, :statistics, [name, flag])
    if flag == :get, do: {:ok, []}, else: :ok
  end

  def suspend(name), do: suspend(name, 5000)

  def suspend(name, _timeout) do
    {:ok, {:ok, r}} = send_system_msg(name, :suspend, :suspend, [name])
    r
  end

  def resume(name), do: resume(name, 5000)

  def resume(name, _timeout) do
    {:ok, {:ok, r}} = send_system_msg(name, :resume, :resume, [name])
    r
  end

  def terminate(name, reason), do: terminate(name, reason, :infinity)
  def terminate(name, reason, timeout), do: :gen.stop(name, reason, timeout)

  def change_code(name, mod, vsn, extra), do: change_code(name, mod, vsn, extra, 5000)

  def change_code(name, mod, vsn, extra, _timeout) do
    {:ok, {:ok, r}} = send_system_msg(name, {:change_code, mod, vsn, extra}, :change_code, [name, mod, vsn, extra])
    r
  end

  def no_debug(name), do: trace(name, false)
end

defmodule :global do
  @moduledoc false
  def register_name(name, pid), do: :beamsh_otp.global_register(name, pid)
  def register_name(name, pid, _resolve), do: :beamsh_otp.global_register(name, pid)
  def unregister_name(name), do: :beamsh_otp.global_unregister(name)
  def whereis_name(name), do: :beamsh_otp.global_whereis(name)
  def registered_names(), do: :beamsh_otp.global_names()

  def send(name, msg) do
    case whereis_name(name) do
      pid when is_pid(pid) ->
        Kernel.send(pid, msg)
        pid

      :undefined ->
        exit({:badarg, {name, msg}})
    end
  end
end

defmodule :proc_lib do
  @moduledoc false
  def spawn(fun), do: Kernel.spawn(fun)
  def spawn(m, f, a), do: Kernel.spawn(m, f, a)
  def spawn_link(fun), do: Kernel.spawn_link(fun)
  def spawn_link(m, f, a), do: Kernel.spawn_link(m, f, a)
  def init_ack(ret), do: init_ack(hd(Process.get(:"$ancestors") || [self()]), ret)
  def init_ack(parent, ret), do: send(parent, {:ack, self(), ret})
  def stop(pid), do: :gen.stop(pid)
  def stop(pid, reason, timeout), do: :gen.stop(pid, reason, timeout)
end

# :proc_lib, the spawning functions OTP processes start through.
defmodule :proc_lib do
  @moduledoc false
  # A process proc_lib starts begins in init_p/3,5 (its initial call, as on the BEAM), which
  # records the spawner and its ancestors ("$ancestors") and what the process really runs
  # ("$initial_call"), then runs it below init_p_do_apply/3's frame.
  def spawn(fun), do: Kernel.spawn(:proc_lib, :init_p, [my_name(), ancestors(), fun])
  def spawn(m, f, a), do: Kernel.spawn(:proc_lib, :init_p, [my_name(), ancestors(), m, f, a])
  def spawn_link(fun), do: Kernel.spawn_link(:proc_lib, :init_p, [my_name(), ancestors(), fun])
  def spawn_link(m, f, a), do: Kernel.spawn_link(:proc_lib, :init_p, [my_name(), ancestors(), m, f, a])

  def spawn_opt(fun, opts), do: Process.spawn(:proc_lib, :init_p, [my_name(), ancestors(), fun], opts)
  def spawn_opt(m, f, a, opts), do: Process.spawn(:proc_lib, :init_p, [my_name(), ancestors(), m, f, a], opts)

  def init_p(parent, ancestors, fun) when is_function(fun, 0) do
    {:module, m} = Function.info(fun, :module)
    {:name, f} = Function.info(fun, :name)
    {:arity, a} = Function.info(fun, :arity)
    # (in the order the BEAM's dictionary lists them)
    Process.put(:"$initial_call", {m, f, a})
    Process.put(:"$ancestors", [parent | ancestors])
    # (a fun runs below init_p/3's own frame)
    try do
      fun.()
    catch
      class, reason -> exit_p(class, reason, __STACKTRACE__)
    end
  end

  def init_p(parent, ancestors, m, f, a) when is_atom(m) and is_atom(f) and is_list(a) do
    Process.put(:"$initial_call", initial_call(m, f, a))
    Process.put(:"$ancestors", [parent | ancestors])
    init_p_do_apply(m, f, a)
  end

  @doc false
  def init_p_do_apply(m, f, a) do
    try do
      apply(m, f, a)
    catch
      class, reason -> exit_p(class, reason, __STACKTRACE__)
    end
  end

  # A proc_lib process that fails exits with the reason a plain process would have (an error
  # with its stack trace), after its crash report: SASL's {:proc_lib, :crash} report, which
  # Elixir's Logger shows only with :handle_sasl_reports (so it is not even made otherwise:
  # Logger's handler is the only one, and gathering the neighbours costs).
  defp exit_p(class, reason, stacktrace) do
    initial =
      case Process.get(:"$initial_call") do
        {m, f, a} when is_atom(m) and is_atom(f) and is_integer(a) -> {m, f, for(i <- 1..a//1, do: :"Argument__#{i}")}
        _ -> []
      end

    crash_report(class, reason, initial, stacktrace)
    :erlang.raise(:exit, exit_reason(class, reason, stacktrace), stacktrace)
  end

  defp crash_report(:exit, :normal, _, _), do: :ok
  defp crash_report(:exit, :shutdown, _, _), do: :ok
  defp crash_report(:exit, {:shutdown, _}, _, _), do: :ok

  defp crash_report(class, reason, initial, stacktrace) do
    if Logger.App.sasl_reports?() and :logger.allow(:error, :proc_lib) do
      own = [{:pid, self()}, process_info(self(), :registered_name), {:error_info, {class, reason, stacktrace}}]
      own = if initial == [], do: own, else: [{:initial_call, initial} | own]

      report = [
        own ++
          [{:ancestors, ancestors()}] ++
          Enum.map([:message_queue_len, :messages, :links], &process_info(self(), &1)) ++
          [{:dictionary, cleaned_dictionary()}] ++
          Enum.map([:trap_exit, :status, :heap_size, :stack_size, :reductions], &process_info(self(), &1)),
        neighbour_reports()
      ]

      :beamsh_otp.report(:process, :error, %{label: {:proc_lib, :crash}, report: report}, %{
        domain: [:otp, :sasl],
        logger_formatter: %{title: 'CRASH REPORT'},
        error_logger: %{tag: :error_report, type: :crash_report},
        mfa: {:proc_lib, :crash_report, 4},
        file: 'proc_lib.erl',
        line: 539
      })
    end

    :ok
  end

  defp process_info(pid, key) do
    case Process.info(pid, key) do
      nil -> :undefined
      {:registered_name, []} -> {:registered_name, []}
      [] when key == :registered_name -> {:registered_name, []}
      other -> other
    end
  end

  defp cleaned_dictionary() do
    for {key, _} = entry <- Process.get(), key not in [:"$ancestors", :"$initial_call"], do: entry
  end

  # The processes linked to this one that do not trap exits, and theirs, breadth first (at
  # most 15), each as its neighbour report (left out when it died meanwhile).
  defp neighbour_reports() do
    self()
    |> neighbours()
    |> Enum.map(&neighbour_report/1)
    |> Enum.reject(&(:undefined in &1))
    |> Enum.map(&{:neighbour, &1})
  end

  defp neighbours(pid) do
    {_, visited} = visit(adjacent(pid), {15, [pid]})
    List.delete(visited, pid)
  end

  defp visit([p | ps], {n, visited} = acc) when n > 0 do
    if p in visited, do: visit(ps, acc), else: visit(adjacent(p), visit(ps, {n - 1, [p | visited]}))
  end

  defp visit(_, acc), do: acc

  defp adjacent(pid) do
    case Process.info(pid, :links) do
      {:links, links} -> Enum.filter(links, &(is_pid(&1) and node(&1) == node() and not traps_exits?(&1)))
      _ -> []
    end
  end

  defp traps_exits?(pid) do
    case Process.info(pid, :trap_exit) do
      {:trap_exit, trap} -> trap
      _ -> false
    end
  end

  defp neighbour_report(pid) do
    initial =
      case Process.info(pid, :dictionary) do
        {:dictionary, dict} ->
          case List.keyfind(dict, :"$initial_call", 0) do
            {_, {m, f, a}} -> {:initial_call, {m, f, for(i <- 1..a//1, do: :"Argument__#{i}")}}
            _ -> process_info(pid, :initial_call)
          end

        _ ->
          process_info(pid, :initial_call)
      end

    [{:pid, pid}, process_info(pid, :registered_name), initial, process_info(pid, :current_function)] ++
      [neighbour_ancestors(pid)] ++
      Enum.map([:message_queue_len, :links, :trap_exit, :status, :heap_size, :stack_size, :reductions, :current_stacktrace], &process_info(pid, &1))
  end

  defp neighbour_ancestors(pid) do
    with {:dictionary, dict} <- Process.info(pid, :dictionary),
         {_, ancestors} <- List.keyfind(dict, :"$ancestors", 0) do
      {:ancestors, ancestors}
    else
      _ -> {:ancestors, []}
    end
  end

  defp exit_reason(:error, reason, stacktrace), do: {reason, stacktrace}
  defp exit_reason(:exit, reason, _stacktrace), do: reason
  defp exit_reason(:throw, reason, stacktrace), do: {{:nocatch, reason}, stacktrace}

  # What a gen behaviour's process is said to run: its callback module's init/1 (a
  # supervisor's module for :supervisor), as proc_lib translates it.
  defp initial_call(:gen, :init_it, [:gen_event | _]), do: {:gen_event, :init_it, 6}
  defp initial_call(:gen, :init_it, [_, _, _, _, :supervisor, {_, mod, _} | _]), do: {:supervisor, mod, 1}
  defp initial_call(:gen, :init_it, [_, _, _, _, mod | _]) when is_atom(mod), do: {mod, :init, 1}
  defp initial_call(m, f, a), do: {m, f, length(a)}

  defp my_name do
    case Process.info(self(), :registered_name) do
      {:registered_name, name} when is_atom(name) -> name
      _ -> self()
    end
  end

  defp ancestors do
    case Process.get(:"$ancestors") do
      l when is_list(l) -> l
      _ -> []
    end
  end

  # What a proc_lib process runs, from its "$initial_call" (read from a pid, from a
  # Process.info/1 list, or from {x, y, z} pid numbers): initial_call/1 with made-up argument
  # names, translate_initial_call/1 with the arity ({:proc_lib, :init_p, 5} when unknown).
  def initial_call(dict_or_pid) do
    case raw_initial_call(dict_or_pid) do
      {m, f, a} -> {m, f, for(i <- 1..a//1, do: :"Argument__#{i}")}
      false -> false
    end
  end

  def translate_initial_call(dict_or_pid) do
    case raw_initial_call(dict_or_pid) do
      {_, _, _} = mfa -> mfa
      false -> {:proc_lib, :init_p, 5}
    end
  end

  defp raw_initial_call({x, y, z}) when is_integer(x) and is_integer(y) and is_integer(z),
    do: raw_initial_call(:erlang.list_to_pid(String.to_charlist("<#{x}.#{y}.#{z}>")))

  defp raw_initial_call(pid) when is_pid(pid) do
    info =
      if node(pid) == node() do
        Process.info(pid, :dictionary)
      else
        :rpc.call(node(pid), :erlang, :process_info, [pid, :dictionary])
      end

    case info do
      {:dictionary, dict} -> initial_call_in(dict)
      _ -> false
    end
  end

  defp raw_initial_call(info) when is_list(info) do
    case List.keyfind(info, :dictionary, 0) do
      {:dictionary, dict} -> initial_call_in(dict)
      _ -> false
    end
  end

  defp initial_call_in(dict) do
    case List.keyfind(dict, :"$initial_call", 0) do
      {_, {_, _, _} = mfa} -> mfa
      _ -> false
    end
  end

  # on another node
  def spawn(node, fun) when is_function(fun), do: :erlang.spawn(node, :proc_lib, :init_p, [my_name(), ancestors(), fun])

  def spawn(node, m, f, a) when is_atom(m) and is_atom(f) and is_list(a),
    do: :erlang.spawn(node, :proc_lib, :init_p, [my_name(), ancestors(), m, f, a])

  def spawn_link(node, fun) when is_function(fun),
    do: :erlang.spawn_link(node, :proc_lib, :init_p, [my_name(), ancestors(), fun])

  def spawn_link(node, m, f, a) when is_atom(m) and is_atom(f) and is_list(a),
    do: :erlang.spawn_link(node, :proc_lib, :init_p, [my_name(), ancestors(), m, f, a])

  def spawn_opt(node, fun, opts) when is_function(fun),
    do: :erlang.spawn_opt(node, :proc_lib, :init_p, [my_name(), ancestors(), fun], opts)

  def spawn_opt(node, m, f, a, opts) when is_atom(m) and is_atom(f) and is_list(a),
    do: :erlang.spawn_opt(node, :proc_lib, :init_p, [my_name(), ancestors(), m, f, a], opts)

  defp spawn_mon(m, f, a), do: :erlang.spawn_monitor(:proc_lib, :init_p, [my_name(), ancestors(), m, f, a])

  def hibernate(m, f, a) when is_atom(m) and is_atom(f) and is_list(a), do: :erlang.hibernate(:proc_lib, :wake_up, [m, f, a])

  def wake_up(m, f, a) when is_atom(m) and is_atom(f) and is_list(a) do
    try do
      apply(m, f, a)
    catch
      class, reason -> exit_p(class, reason, __STACKTRACE__)
    end
  end

  # ---- starting a process synchronously: it answers with init_ack/1,2 ----

  def start(m, f, a) when is_atom(m) and is_atom(f) and is_list(a), do: start(m, f, a, :infinity)
  def start(m, f, a, timeout) when is_atom(m) and is_atom(f) and is_list(a), do: sync_start(spawn_mon(m, f, a), timeout)

  def start(m, f, a, timeout, spawn_opts) when is_atom(m) and is_atom(f) and is_list(a) do
    verify_no_monitor_opt(m, f, a, timeout, spawn_opts)
    sync_start(:proc_lib.spawn_opt(m, f, a, [:monitor | spawn_opts]), timeout)
  end

  defp sync_start({pid, ref}, timeout) do
    receive do
      {:ack, ^pid, return} ->
        Process.demonitor(ref, [:flush])
        return

      {:DOWN, ^ref, :process, ^pid, reason} ->
        {:error, reason}
    after
      timeout ->
        Process.demonitor(ref, [:flush])
        kill_flush(pid)
        {:error, :timeout}
    end
  end

  def start_link(m, f, a) when is_atom(m) and is_atom(f) and is_list(a), do: start_link(m, f, a, :infinity)

  def start_link(m, f, a, timeout) when is_atom(m) and is_atom(f) and is_list(a),
    do: sync_start_link(:proc_lib.spawn_link(m, f, a), timeout)

  def start_link(m, f, a, timeout, spawn_opts) when is_atom(m) and is_atom(f) and is_list(a) do
    verify_no_monitor_opt(m, f, a, timeout, spawn_opts)
    sync_start_link(:proc_lib.spawn_opt(m, f, a, [:link | spawn_opts]), timeout)
  end

  defp sync_start_link(pid, timeout) do
    receive do
      {:ack, ^pid, return} -> return
      {:EXIT, ^pid, reason} -> {:error, reason}
    after
      timeout ->
        kill_flush(pid)
        {:error, :timeout}
    end
  end

  def start_monitor(m, f, a) when is_atom(m) and is_atom(f) and is_list(a), do: start_monitor(m, f, a, :infinity)

  def start_monitor(m, f, a, timeout) when is_atom(m) and is_atom(f) and is_list(a),
    do: sync_start_monitor(spawn_mon(m, f, a), timeout)

  def start_monitor(m, f, a, timeout, spawn_opts) when is_atom(m) and is_atom(f) and is_list(a) do
    verify_no_monitor_opt(m, f, a, timeout, spawn_opts)
    sync_start_monitor(:proc_lib.spawn_opt(m, f, a, [:monitor | spawn_opts]), timeout)
  end

  defp sync_start_monitor({pid, ref}, timeout) do
    receive do
      {:ack, ^pid, return} ->
        {return, ref}

      {:DOWN, ^ref, :process, ^pid, reason} = down ->
        send(self(), down)
        {{:error, reason}, ref}
    after
      timeout ->
        kill_flush(pid)
        {{:error, :timeout}, ref}
    end
  end

  # (the monitor is proc_lib's own: one among the spawn options is refused)
  defp verify_no_monitor_opt(m, f, a, t, opts) do
    if :lists.member(:monitor, opts) or :lists.keyfind(:monitor, 1, opts) != false,
      do: :erlang.error(:badarg, [m, f, a, t, opts])
  end

  defp kill_flush(pid) do
    Process.unlink(pid)
    Process.exit(pid, :kill)

    receive do
      {:EXIT, ^pid, _} -> :ok
    after
      0 -> :ok
    end

    :ok
  end

  def init_ack(ret) do
    [parent | _] = Process.get(:"$ancestors")
    init_ack(parent, ret)
  end

  def init_ack(parent, ret) do
    send(parent, {:ack, self(), ret})
    :ok
  end
  def stop(pid), do: :gen.stop(pid)
  def stop(pid, reason, timeout), do: :gen.stop(pid, reason, timeout)
end

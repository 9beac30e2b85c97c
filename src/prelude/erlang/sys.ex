# :sys, system messages to OTP processes (get_state, replace_state, suspend, ...).
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

  # ---- debug commands (OTP's sys:debug_cmd/2 on the process's side: __debug_cmd__/2) ----

  def trace(name, flag), do: trace(name, flag, 5000)
  def trace(name, flag, timeout), do: debug(name, {:trace, flag}, :trace, [name, flag], timeout)

  def log(name, flag), do: log(name, flag, 5000)
  def log(name, flag, timeout), do: debug(name, {:log, flag}, :log, [name, flag], timeout)

  def log_to_file(name, file), do: log_to_file(name, file, 5000)
  def log_to_file(name, file, timeout), do: debug(name, {:log_to_file, file}, :log_to_file, [name, file], timeout)

  def statistics(name, flag), do: statistics(name, flag, 5000)
  def statistics(name, flag, timeout), do: debug(name, {:statistics, flag}, :statistics, [name, flag], timeout)

  def no_debug(name), do: no_debug(name, 5000)
  def no_debug(name, timeout), do: debug(name, :no_debug, :no_debug, [name], timeout)

  def install(name, func), do: install(name, func, 5000)
  def install(name, func, timeout), do: debug(name, {:install, func}, :install, [name, func], timeout)

  def remove(name, func_or_id), do: remove(name, func_or_id, 5000)
  def remove(name, func_or_id, timeout), do: debug(name, {:remove, func_or_id}, :remove, [name, func_or_id], timeout)

  defp debug(name, what, fun, args, timeout) do
    args = if timeout == 5000, do: args, else: args ++ [timeout]
    {:ok, {:ok, r}} = send_system_msg(name, {:debug, what}, fun, args)
    r
  end

  @doc false
  # sys:debug_cmd/2: what a process does with a {:debug, what} system message ({reply, new_debug}).
  def __debug_cmd__({:trace, true}, debug), do: {:ok, install_debug(:trace, true, debug)}
  def __debug_cmd__({:trace, false}, debug), do: {:ok, remove_debug(:trace, debug)}
  def __debug_cmd__({:log, true}, debug), do: {:ok, install_debug(:log, nlog_new(get_debug(:log, debug, nlog_new())), debug)}

  def __debug_cmd__({:log, {true, n}}, debug) when is_integer(n) and n >= 1,
    do: {:ok, install_debug(:log, nlog_new(n, get_debug(:log, debug, nlog_new(n))), debug)}

  def __debug_cmd__({:log, false}, debug), do: {:ok, remove_debug(:log, debug)}

  def __debug_cmd__({:log, :print}, debug) do
    print_log(debug)
    {:ok, debug}
  end

  def __debug_cmd__({:log, :get}, debug), do: {{:ok, get_log(debug)}, debug}
  def __debug_cmd__({:log_to_file, false}, debug), do: {:ok, close_log_file(debug)}

  def __debug_cmd__({:log_to_file, file}, debug) do
    debug = close_log_file(debug)

    case :file.open(file, [:write, {:encoding, :utf8}]) do
      {:ok, fd} -> {:ok, install_debug(:log_to_file, fd, debug)}
      _ -> {{:error, :open_file}, debug}
    end
  end

  def __debug_cmd__({:statistics, true}, debug), do: {:ok, install_debug(:statistics, init_stat(), debug)}
  def __debug_cmd__({:statistics, false}, debug), do: {:ok, remove_debug(:statistics, debug)}
  def __debug_cmd__({:statistics, :get}, debug), do: {{:ok, get_stat(get_debug(:statistics, debug, []))}, debug}

  def __debug_cmd__(:no_debug, debug) do
    close_log_file(debug)
    {:ok, []}
  end

  def __debug_cmd__({:install, {func, state}}, debug), do: {:ok, install_debug(func, state, debug)}
  def __debug_cmd__({:install, {id, func, state}}, debug), do: {:ok, install_debug(id, {func, state}, debug)}
  def __debug_cmd__({:remove, func_or_id}, debug), do: {:ok, remove_debug(func_or_id, debug)}
  def __debug_cmd__(_unknown, debug), do: {:unknown_debug, debug}

  # ---- the debug structure of a process (handle_debug/4 and friends) -------------------

  def debug_options(options), do: debug_options(options, [])

  defp debug_options([:trace | t], debug), do: debug_options(t, install_debug(:trace, true, debug))
  defp debug_options([:log | t], debug), do: debug_options(t, install_debug(:log, nlog_new(), debug))
  defp debug_options([{:log, n} | t], debug) when is_integer(n) and n > 0, do: debug_options(t, install_debug(:log, nlog_new(n), debug))
  defp debug_options([:statistics | t], debug), do: debug_options(t, install_debug(:statistics, init_stat(), debug))

  defp debug_options([{:log_to_file, file} | t], debug) do
    case :file.open(file, [:write, {:encoding, :utf8}]) do
      {:ok, fd} -> debug_options(t, install_debug(:log_to_file, fd, debug))
      _ -> debug_options(t, debug)
    end
  end

  defp debug_options([{:install, {func, state}} | t], debug), do: debug_options(t, install_debug(func, state, debug))
  defp debug_options([{:install, {id, func, state}} | t], debug), do: debug_options(t, install_debug(id, {func, state}, debug))
  defp debug_options([_ | t], debug), do: debug_options(t, debug)
  defp debug_options([], debug), do: debug

  def handle_debug([], _form, _extra, _event), do: []

  def handle_debug(debug, form, extra, event) do
    :beamsh_events.debug(event)
    do_handle_debug(debug, form, extra, event)
  end

  defp do_handle_debug([{:trace, true} = opt | t], form, extra, event) do
    form.(:standard_io, event, extra)
    [opt | do_handle_debug(t, form, extra, event)]
  end

  defp do_handle_debug([{:log, nlog} | t], form, extra, event),
    do: [{:log, nlog_put({event, extra, form}, nlog)} | do_handle_debug(t, form, extra, event)]

  defp do_handle_debug([{:log_to_file, fd} = opt | t], form, extra, event) do
    form.(fd, event, extra)
    [opt | do_handle_debug(t, form, extra, event)]
  end

  defp do_handle_debug([{:statistics, data} | t], form, extra, event),
    do: [{:statistics, stat(event, data)} | do_handle_debug(t, form, extra, event)]

  defp do_handle_debug([{id, {func, state}} | t], form, extra, event) when is_function(func, 3) and not is_function(id) do
    case run_debug_fun(func, state, event, extra) do
      :done -> do_handle_debug(t, form, extra, event)
      new_state -> [{id, {func, new_state}} | do_handle_debug(t, form, extra, event)]
    end
  end

  defp do_handle_debug([{func, state} | t], form, extra, event) when is_function(func) do
    case run_debug_fun(func, state, event, extra) do
      :done -> do_handle_debug(t, form, extra, event)
      new_state -> [{func, new_state} | do_handle_debug(t, form, extra, event)]
    end
  end

  defp do_handle_debug([opt | t], form, extra, event), do: [opt | do_handle_debug(t, form, extra, event)]
  defp do_handle_debug([], _form, _extra, _event), do: []

  # (a debug fun's throw is its answer; any other failure removes it)
  defp run_debug_fun(func, state, event, extra) do
    try do
      func.(state, event, extra)
    catch
      :throw, answer -> answer
      _, _ -> :done
    end
  end

  def get_debug(item, debug, default) do
    case List.keyfind(debug, item, 0) do
      {^item, data} -> data
      _ -> default
    end
  end

  def print_log(debug) do
    Enum.each(nlog_get(get_debug(:log, debug, nlog_new())), fn {event, extra, form} -> form.(:standard_io, event, extra) end)
  end

  def get_log(debug), do: for({event, _extra, _form} <- nlog_get(get_debug(:log, debug, nlog_new())), do: event)

  defp install_debug(item, data, debug) do
    case List.keyfind(debug, item, 0) do
      nil -> [{item, data} | debug]
      _ -> debug
    end
  end

  defp remove_debug(item, debug), do: List.keydelete(debug, item, 0)

  defp close_log_file(debug) do
    case get_debug(:log_to_file, debug, []) do
      [] ->
        debug

      fd ->
        :ok = :file.close(fd)
        remove_debug(:log_to_file, debug)
    end
  end

  defp init_stat, do: {:erlang.localtime(), Process.info(self(), :reductions), 0, 0}

  defp get_stat({time, {:reductions, reds}, inn, out}) do
    {:reductions, reds2} = Process.info(self(), :reductions)
    [start_time: time, current_time: :erlang.localtime(), reductions: reds2 - reds, messages_in: inn, messages_out: out]
  end

  defp get_stat(_), do: :no_statistics

  defp stat({:in, _msg}, {time, reds, inn, out}), do: {time, reds, inn + 1, out}
  defp stat({:in, _msg, _from}, {time, reds, inn, out}), do: {time, reds, inn + 1, out}
  defp stat({:out, _msg, _to}, {time, reds, inn, out}), do: {time, reds, inn, out + 1}
  defp stat({:out, _msg, _to, _state}, {time, reds, inn, out}), do: {time, reds, inn, out + 1}
  defp stat(_, data), do: data

  # The last N events: [remaining | reversed] while filling, [reversed | forward] once full.
  defp nlog_new, do: nlog_new(10)
  defp nlog_new([_ | _] = nlog), do: nlog_new(10, nlog)
  defp nlog_new(n), do: [n]
  defp nlog_new(n, nlog), do: Enum.reduce(nlog_get(nlog), nlog_new(n), &nlog_put/2)

  defp nlog_put(item, [r | ff]) when is_list(r) do
    case ff do
      [_ | f] ->
        [[item | r] | f]

      [] ->
        [_ | f] = :lists.reverse(r, [item])
        [[] | f]
    end
  end

  defp nlog_put(item, [1 | r]), do: [[item | r]]
  defp nlog_put(item, [j | r]), do: [j - 1, item | r]

  defp nlog_get([[] | f]), do: f
  defp nlog_get([[_ | _] = r | f]), do: f ++ :lists.reverse(r)
  defp nlog_get([_j | r]), do: :lists.reverse(r)

  # ---- special processes (handle_system_msg/6,7) ----------------------------------------

  def handle_system_msg(msg, from, parent, mod, debug, misc), do: handle_system_msg(:running, msg, from, parent, mod, debug, misc, false)
  def handle_system_msg(msg, from, parent, mod, debug, misc, hib), do: handle_system_msg(:running, msg, from, parent, mod, debug, misc, hib)

  defp handle_system_msg(sys_state, msg, from, parent, mod, debug, misc, hib) do
    case do_cmd(sys_state, msg, parent, mod, debug, misc) do
      {:suspended, reply, ndebug, nmisc} ->
        :gen.reply(from, reply)
        suspend_loop(:suspended, parent, mod, ndebug, nmisc, hib)

      {:running, reply, ndebug, nmisc} ->
        :gen.reply(from, reply)
        mod.system_continue(parent, ndebug, nmisc)

      {{:terminating, reason}, reply, ndebug, nmisc} ->
        :gen.reply(from, reply)
        mod.system_terminate(reason, parent, ndebug, nmisc)
    end
  end

  defp suspend_loop(sys_state, parent, mod, debug, misc, hib) do
    receive do
      {:system, from, msg} -> handle_system_msg(sys_state, msg, from, parent, mod, debug, misc, hib)
      {:EXIT, ^parent, reason} -> mod.system_terminate(reason, parent, debug, misc)
    end
  end

  def suspend_loop_hib(sys_state, parent, mod, debug, misc, hib), do: suspend_loop(sys_state, parent, mod, debug, misc, hib)

  # (the replies are as beamsh's OTP processes send them: {:ok, answer}, or get_state's and
  # replace_state's {:ok, state} | {:error, reason})
  defp do_cmd(_, :suspend, _parent, _mod, debug, misc), do: {:suspended, {:ok, :ok}, debug, misc}
  defp do_cmd(_, :resume, _parent, _mod, debug, misc), do: {:running, {:ok, :ok}, debug, misc}
  defp do_cmd(sys_state, :get_state, _parent, mod, debug, misc), do: {sys_state, do_get_state(mod, misc), debug, misc}

  defp do_cmd(sys_state, {:replace_state, fun}, _parent, mod, debug, misc) do
    {res, nmisc} = do_replace_state(fun, mod, misc)
    {sys_state, res, debug, nmisc}
  end

  defp do_cmd(sys_state, :get_status, parent, mod, debug, misc) do
    pdict = Process.get()

    fmt =
      if function_exported?(mod, :format_status, 2),
        do: mod.format_status(:normal, [pdict, sys_state, parent, debug, misc]),
        else: misc

    {sys_state, {:ok, {:status, self(), {:module, mod}, [pdict, sys_state, parent, debug, fmt]}}, debug, misc}
  end

  defp do_cmd(sys_state, {:debug, what}, _parent, _mod, debug, misc) do
    {res, ndebug} = __debug_cmd__(what, debug)
    {sys_state, {:ok, res}, ndebug, misc}
  end

  defp do_cmd(_, {:terminate, reason}, _parent, _mod, debug, misc), do: {{:terminating, reason}, {:ok, :ok}, debug, misc}

  defp do_cmd(:suspended, {:change_code, module, vsn, extra}, _parent, mod, debug, misc) do
    answer =
      try do
        mod.system_code_change(misc, module, vsn, extra)
      catch
        :throw, value -> value
        :error, reason -> {:EXIT, {reason, __STACKTRACE__}}
        :exit, reason -> {:EXIT, reason}
      end

    case answer do
      {:ok, nmisc} -> {:suspended, {:ok, :ok}, debug, nmisc}
      other -> {:suspended, {:ok, {:error, other}}, debug, misc}
    end
  end

  defp do_cmd(sys_state, other, _parent, _mod, debug, misc), do: {sys_state, {:ok, {:error, {:unknown_system_msg, other}}}, debug, misc}

  defp do_get_state(mod, misc) do
    if function_exported?(mod, :system_get_state, 1) do
      try do
        {:ok, state} = mod.system_get_state(misc)
        {:ok, state}
      catch
        kind, reason -> {:error, {:callback_failed, {mod, :system_get_state}, {kind, reason}}}
      end
    else
      {:ok, misc}
    end
  end

  defp do_replace_state(fun, mod, misc) do
    if function_exported?(mod, :system_replace_state, 2) do
      try do
        {:ok, state, nmisc} = mod.system_replace_state(fun, misc)
        {{:ok, state}, nmisc}
      catch
        kind, reason -> {{:error, {:callback_failed, {mod, :system_replace_state}, {kind, reason}}}, misc}
      end
    else
      try do
        nmisc = fun.(misc)
        {{:ok, nmisc}, nmisc}
      catch
        kind, reason -> {{:error, {:callback_failed, fun, {kind, reason}}}, misc}
      end
    end
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

  def terminate(name, reason), do: terminate(name, reason, :infinity, [name, reason], 338)
  def terminate(name, reason, timeout), do: terminate(name, reason, timeout, [name, reason, timeout], 344)

  # The terminate request is a call to the process: to the caller itself it is the call's
  # calling_self exit (from send_system_msg/2 or /3), not a wait for ever.
  defp terminate(name, reason, timeout, args, line) do
    if GenServer.whereis(name) == self() do
      frame = {:sys, :send_system_msg, length(args), [file: 'sys.erl', line: line]}
      :erlang.raise(:exit, {:calling_self, {:sys, :terminate, args}}, [frame])
    else
      :gen.stop(name, reason, timeout)
    end
  end

  def change_code(name, mod, vsn, extra), do: change_code(name, mod, vsn, extra, 5000)

  def change_code(name, mod, vsn, extra, _timeout) do
    {:ok, {:ok, r}} = send_system_msg(name, {:change_code, mod, vsn, extra}, :change_code, [name, mod, vsn, extra])
    r
  end

end

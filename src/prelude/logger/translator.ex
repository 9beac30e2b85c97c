# Logger.Translator: the translator Logger's :translators start with. It turns what OTP logs
# (a gen_server or :gen_event handler terminating, a :proc_lib process crashing, a
# supervisor's progress and error reports, the application controller's start and exit
# reports, a Task terminating, the emulator's "Error in process" format) into Elixir's text:
# {:ok, chardata, metadata} (the metadata carries :crash_reason, :registered_name and, for
# crash reports, :initial_call, :ancestors, :callers and the process's own Logger metadata),
# :skip for what is not to be logged, :none for what it does not know (the next translator
# or Logger's own formatting takes it). Terms are inspected with the :translator_inspect_opts;
# details (a gen_server's state and client, a child's restart and shutdown, a crashed
# process's links and dictionary) only when Logger's level is :debug.
defmodule Logger.Translator do
  @moduledoc false

  def translate(min_level, level, kind, message)

  # reports made through :logger (OTP 21+): gen_server and :gen_event terminations
  def translate(min_level, _level, :report, {:logger, %{label: label} = report}) do
    case label do
      {:gen_server, :terminate} -> gen_server_terminated(min_level, report)
      {:gen_event, :terminate} -> gen_event_terminated(min_level, report)
      _ -> :skip
    end
  end

  def translate(min_level, _level, :report, {{:proc_lib, :crash}, data}), do: crashed(min_level, data)

  def translate(min_level, _level, :report, {{:supervisor, :progress}, data}),
    do: supervisor_progress(min_level, data)

  def translate(min_level, _level, :report, {{:supervisor, _}, data}), do: supervisor_report(min_level, data)

  def translate(_min_level, _level, :report, {{:application_controller, :progress}, [application: app, started_at: node]}),
    do: app_started(app, node)

  def translate(_min_level, _level, :report, {{:application_controller, :exit}, [application: app, exited: reason, type: _]}),
    do: app_exited(app, reason)

  def translate(_min_level, :error, :report, {{Task.Supervisor, :terminating}, %{} = report}) do
    %{name: name, starter: starter, function: function, args: args, reason: reason} = report
    opts = inspect_opts()
    {text, crash_reason} = reason_text(reason)

    message =
      ["Task #{inspect(name)} started from #{inspect(starter)} terminating"] ++
        [text, "\nFunction: #{inspect(function, opts)}", "\n    Args: #{inspect(args, opts)}"]

    {:ok, message, [crash_reason: crash_reason] ++ name_metadata(name)}
  end

  def translate(min_level, :error, :format, {format, args}) do
    case {format, args} do
      # (the pre-OTP 21 gen_server format, which some libraries still log themselves)
      {'** Generic server ' ++ _, [name, last, state, reason | client]} ->
        opts = inspect_opts()
        {text, crash_reason} = reason_text(reason)

        message =
          ["GenServer #{inspect(name)} terminating", text] ++
            ["\nLast message#{legacy_from(client)}: #{inspect(last, opts)}"]

        message =
          if min_level == :debug,
            do: [message, "\nState: #{inspect(state, opts)}" | legacy_client(client)],
            else: message

        {:ok, message, [crash_reason: crash_reason] ++ name_metadata(name)}

      # what the emulator logs for a process (not a :proc_lib one) dying of an exception
      {'Error in process ' ++ _, [pid, node, {reason, stack}]} ->
        exception = Exception.normalize(:error, reason, stack)

        message =
          ["Process ", inspect(pid), " on node ", inspect(node), " raised an exception" | banner(:error, exception, stack)]

        {:ok, message, [crash_reason: {exception, stack}]}

      {'Error in process ' ++ _, [pid, {reason, stack}]} ->
        exception = Exception.normalize(:error, reason, stack)
        {:ok, ["Process ", inspect(pid), " raised an exception" | banner(:error, exception, stack)], [crash_reason: {exception, stack}]}

      _ ->
        :none
    end
  end

  # the reports of :error_logger's API (error_report/2 and friends)
  def translate(_min_level, :info, :report, {:std_info, [application: app, exited: reason, type: _]}),
    do: app_exited(app, reason)

  def translate(min_level, :error, :report, {{:error_logger, :error_report}, data}), do: supervisor_report(min_level, data)
  def translate(min_level, :error, :report, {:supervisor_report, data}), do: supervisor_report(min_level, data)
  def translate(min_level, :error, :report, {:crash_report, data}), do: crashed(min_level, data)

  def translate(min_level, :info, :report, {:progress, [{:supervisor, _} | _] = data}),
    do: supervisor_progress(min_level, data)

  def translate(_min_level, :info, :report, {:progress, [application: app, started_at: node]}),
    do: app_started(app, node)

  def translate(_min_level, _level, _kind, _message), do: :none

  # ---- applications -------------------------------------------------------------------------

  defp app_started(app, node), do: {:ok, ["Application ", Atom.to_string(app), " started at " | inspect(node)]}

  defp app_exited(app, reason),
    do: {:ok, ["Application ", Atom.to_string(app), " exited: " | Application.format_error(reason)]}

  # ---- gen_server and :gen_event ------------------------------------------------------------

  defp gen_server_terminated(min_level, report) do
    %{name: name, last_message: last, state: state, reason: reason, client_info: client} = report
    opts = inspect_opts()
    {text, crash_reason} = reason_text(reason)

    message =
      ["GenServer ", inspect(name), " terminating", text] ++
        ["\nLast message", last_from(client), ": ", inspect(last, opts)]

    message =
      if min_level == :debug,
        do: [message, "\nState: ", inspect(state, opts) | client_text(client)],
        else: message

    {:ok, message, [crash_reason: crash_reason] ++ name_metadata(name)}
  end

  defp gen_event_terminated(min_level, report) do
    %{handler: handler, name: name, last_message: last, state: state, reason: reason} = report
    opts = inspect_opts()

    reason =
      case reason do
        {:EXIT, why} -> why
        why -> why
      end

    {text, crash_reason} = reason_text(reason)

    message =
      [":gen_event handler ", inspect(handler), " installed in ", inspect(name), " terminating"] ++
        [text, "\nLast message: ", inspect(last, opts)]

    message = if min_level == :debug, do: [message, "\nState: ", inspect(state, opts)], else: message
    {:ok, message, [crash_reason: crash_reason] ++ name_metadata(name)}
  end

  defp last_from({_, {name, _stack}}), do: [" (from ", inspect(name), ")"]
  defp last_from({from, _}), do: [" (from ", inspect(from), ")"]
  defp last_from(_), do: []

  defp client_text({from, :dead}), do: ["\nClient ", inspect(from), " is dead"]
  defp client_text({from, :remote}), do: ["\nClient ", inspect(from), " is remote on node ", inspect(node(from))]
  defp client_text({_, {name, stack}}), do: ["\nClient ", inspect(name), " is alive\n" | stacktrace_lines(stack)]
  defp client_text(_), do: []

  defp legacy_from([]), do: ""
  defp legacy_from([from]), do: " (from #{inspect(from)})"
  defp legacy_from([from, stack]) when is_list(stack), do: " (from #{inspect(from)})"
  defp legacy_from([from, node]) when is_atom(node), do: " (from #{inspect(from)} on #{inspect(node)})"

  defp legacy_client([from]), do: "\nClient #{inspect(from)} is dead"
  defp legacy_client([from, stack]) when is_list(stack), do: ["\nClient #{inspect(from)} is alive\n" | stacktrace_lines(stack)]
  defp legacy_client(_), do: []

  # ---- supervisors ------------------------------------------------------------------------

  defp supervisor_progress(min_level, supervisor: sup, started: [{:pid, pid}, {:id, id} | started]) do
    {:ok,
     ["Child ", inspect(id), " of Supervisor ", supervisor_name(sup), " started", "\nPid: ", inspect(pid)] ++
       child_text(min_level, started)}
  end

  defp supervisor_progress(min_level, supervisor: sup, started: [{:pid, pid} | started]) do
    {:ok, ["Child of Supervisor ", supervisor_name(sup), " started", "\nPid: ", inspect(pid)] ++ child_text(min_level, started)}
  end

  defp supervisor_progress(_min_level, _data), do: :none

  defp supervisor_report(min_level, supervisor: sup, errorContext: context, reason: reason, offender: offender) do
    case offender do
      [{:pid, pid}, {:id, id} | child] ->
        pid_text = if is_pid(pid) and context != :shutdown, do: ["\nPid: ", inspect(pid)], else: []

        {:ok,
         ["Child ", inspect(id), " of Supervisor ", supervisor_name(sup), ?\s, context_text(context)] ++
           ["\n** (exit) ", offender_reason(reason)] ++ pid_text ++ child_text(min_level, child)}

      [{:nb_children, n}, {:id, id} | child] ->
        {:ok,
         ["Children ", inspect(id), " of Supervisor ", supervisor_name(sup), ?\s, context_text(context)] ++
           ["\n** (exit) ", offender_reason(reason), "\nNumber: ", Integer.to_string(n)] ++ child_text(min_level, child)}

      [{:pid, pid} | child] ->
        {:ok,
         ["Child of Supervisor ", supervisor_name(sup), ?\s, context_text(context)] ++
           ["\n** (exit) ", offender_reason(reason), "\nPid: ", inspect(pid)] ++ child_text(min_level, child)}

      _ ->
        :none
    end
  end

  defp supervisor_report(_min_level, _data), do: :none

  # (a start function that raised gives {:EXIT, reason})
  defp offender_reason({:EXIT, reason}), do: Exception.format_exit(reason)
  defp offender_reason(reason), do: Exception.format_exit(reason)

  defp supervisor_name({:local, name}), do: inspect(name)
  defp supervisor_name({:global, name}), do: inspect(name)
  defp supervisor_name({:via, _module, name}), do: inspect(name)
  defp supervisor_name({pid, module}), do: [inspect(pid), " (", inspect(module), ?)]
  defp supervisor_name(other), do: inspect(other)

  defp context_text(:start_error), do: "failed to start"
  defp context_text(:child_terminated), do: "terminated"
  defp context_text(:shutdown), do: "caused shutdown"
  defp context_text(:shutdown_error), do: "shut down abnormally"

  # the child's start (an MFA from a supervisor or a bridge, or a bridge's module), then at
  # :debug its restart, shutdown and type
  defp child_text(min_level, [{key, {mod, fun, args}} | rest]) when key in [:mfargs, :mfa],
    do: ["\nStart Call: ", mfa_text(mod, fun, args) | child_details(min_level, rest)]

  defp child_text(min_level, [{:mod, mod} | rest]), do: ["\nStart Module: ", inspect(mod) | child_details(min_level, rest)]
  defp child_text(_min_level, _child), do: []

  defp child_details(:debug, details) do
    Enum.map(details, fn
      {:restart_type, value} -> ["\nRestart: " | inspect(value)]
      {:shutdown, value} -> ["\nShutdown: " | inspect(value)]
      {:child_type, value} -> ["\nType: " | inspect(value)]
      {:significant, true} -> "\nSignificant: true"
      {_key, _value} -> []
    end)
  end

  defp child_details(_min_level, _details), do: []

  # ---- :proc_lib crash reports --------------------------------------------------------------

  defp crashed(min_level, [[{:initial_call, call} | info], linked]),
    do: crashed(min_level, info, [initial_call: initial_mfa(call)], linked)

  defp crashed(min_level, [info, linked]), do: crashed(min_level, info, [], linked)

  defp crashed(min_level, info, extra, linked) do
    [{:pid, pid}, {:registered_name, name}, {:error_info, {kind, reason, stack}} | info] = info
    dictionary = info[:dictionary]
    reason = Exception.normalize(kind, reason, stack)

    if Keyword.get(dictionary, :logger_enabled, true) do
      message =
        ["Process ", process_name(pid, name), " terminating", banner(kind, reason, stack)] ++
          [process_info_text(min_level, extra ++ info, [?\n]), neighbours_text(min_level, linked)]

      extra = if ancestors = info[:ancestors], do: [{:ancestors, ancestors} | extra], else: extra
      extra = if callers = dictionary[:"$callers"], do: [{:callers, callers} | extra], else: extra
      own = dictionary |> Keyword.get(:"$logger_metadata$", %{}) |> Map.to_list()

      {:ok, message, name_metadata(name) ++ [{:crash_reason, crash_reason(kind, reason, stack)} | extra] ++ own}
    else
      :skip
    end
  end

  defp initial_mfa({behaviour, module, _}) when behaviour in [:supervisor, :supervisor_bridge], do: {module, :init, 1}
  defp initial_mfa({mod, fun, args}) when is_list(args), do: {mod, fun, length(args)}
  defp initial_mfa(mfa), do: mfa

  defp process_name(pid, []), do: inspect(pid)
  defp process_name(pid, name), do: [inspect(name), " (", inspect(pid), ?)]

  defp process_info_text(min_level, [{:initial_call, {mod, fun, args}} | rest], prefix),
    do: [prefix, "Initial Call: ", call_text(mod, fun, args) | process_info_text(min_level, rest, prefix)]

  defp process_info_text(min_level, [{:current_function, {mod, fun, args}} | rest], prefix),
    do: [prefix, "Current Call: ", call_text(mod, fun, args) | process_info_text(min_level, rest, prefix)]

  defp process_info_text(min_level, [{:current_function, []} | rest], prefix),
    do: process_info_text(min_level, rest, prefix)

  defp process_info_text(min_level, [{:ancestors, ancestors} | rest], prefix),
    do: [prefix, "Ancestors: ", inspect(ancestors) | process_info_text(min_level, rest, prefix)]

  defp process_info_text(:debug, rest, prefix), do: Enum.map(rest, fn {key, value} -> debug_line(key, value, prefix) end)
  defp process_info_text(_min_level, _rest, _prefix), do: []

  defp call_text(mod, fun, arity) when is_integer(arity), do: mfa_text(mod, fun, arity)
  defp call_text(mod, fun, args), do: mfa_text(mod, fun, length(args))

  defp debug_line(:current_stacktrace, stack, prefix),
    do: [prefix, "Current Stacktrace:" | Enum.map(stack, &[prefix, "    " | Exception.format_stacktrace_entry(&1)])]

  defp debug_line(key, value, prefix), do: [prefix, debug_label(key), ?:, ?\s, inspect(value)]

  defp debug_label(:message_queue_len), do: "Message Queue Length"
  defp debug_label(:messages), do: "Messages"
  defp debug_label(:links), do: "Links"
  defp debug_label(:dictionary), do: "Dictionary"
  defp debug_label(:trap_exit), do: "Trapping Exits"
  defp debug_label(:status), do: "Status"
  defp debug_label(:heap_size), do: "Heap Size"
  defp debug_label(:stack_size), do: "Stack Size"
  defp debug_label(:reductions), do: "Reductions"

  defp neighbours_text(_min_level, []), do: []

  defp neighbours_text(min_level, linked) do
    Enum.reduce(linked, "\nNeighbours:", fn {:neighbour, info}, acc -> [acc | neighbour_text(min_level, info)] end)
  end

  defp neighbour_text(min_level, [{:pid, pid}, {:registered_name, name} | info]) do
    title = if name == [], do: [inspect(pid)], else: [inspect(name), " (", inspect(pid), ")"]
    [?\n, "    " | title] ++ process_info_text(min_level, info, [?\n, "    " | "    "])
  end

  # ---- reasons ------------------------------------------------------------------------------

  # A {reason, stacktrace} exit prints as the exception it normalizes to (an Erlang reason
  # that is no exception as a (stop)) with the stacktrace; any other reason as a (stop). The
  # second element is the :crash_reason metadata ({reason, stacktrace}, [] when none).
  defp reason_text({reason, [_ | _] = stack} = exit) do
    try do
      stacktrace_lines(stack)
    catch
      :error, _ -> {stop_text(exit), {exit, []}}
    else
      lines ->
        {text, reason} = exception_text(reason, stack)
        {[text | lines], {reason, stack}}
    end
  end

  defp reason_text(reason), do: {stop_text(reason), {reason, []}}

  defp stop_text(reason), do: ["\n** (stop) " | Exception.format_exit(reason)]

  # (OTP's processes log :undef as one of these, Elixir shows the UndefinedFunctionError)
  defp exception_text(undef, [{mod, fun, args, _} | _] = stack)
       when undef in [:"module could not be loaded", :"function not exported"] and is_atom(mod) and is_atom(fun) do
    arity =
      cond do
        is_list(args) -> length(args)
        is_integer(args) -> args
        true -> nil
      end

    if arity do
      exception = UndefinedFunctionError.exception(module: mod, function: fun, arity: arity, reason: undef)
      {[?\n | Exception.format_banner(:error, exception, stack)], exception}
    else
      {stop_text(undef), undef}
    end
  end

  defp exception_text(reason, stack) do
    cond do
      is_exception(reason) ->
        {[?\n | Exception.format_banner(:error, reason, stack)], reason}

      match?(%ErlangError{}, Exception.normalize(:error, reason, stack)) ->
        {stop_text(reason), reason}

      true ->
        exception = Exception.normalize(:error, reason, stack)
        {[?\n | Exception.format_banner(:error, exception, stack)], exception}
    end
  end

  defp banner(kind, reason, stack), do: [?\n, Exception.format_banner(kind, reason, stack) | stacktrace_lines(stack)]

  defp stacktrace_lines(stack), do: Enum.map(stack, &["\n    " | Exception.format_stacktrace_entry(&1)])

  defp crash_reason(:throw, value, stack), do: {{:nocatch, value}, stack}
  defp crash_reason(_kind, reason, stack), do: {reason, stack}

  defp name_metadata(name) when is_atom(name), do: [registered_name: name]
  defp name_metadata(_name), do: []

  # (a function whose arity is unknown, as a supervisor's child started by a bare name)
  defp mfa_text(mod, fun, :undefined), do: [inspect(mod), ?., Macro.inspect_atom(:remote_call, fun) | "/?"]
  defp mfa_text(mod, fun, args), do: Exception.format_mfa(mod, fun, args)

  defp inspect_opts(), do: Application.get_env(:logger, :translator_inspect_opts, [])
end

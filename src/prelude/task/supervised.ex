# Task.Supervised: the task process (see task.ex).
defmodule Task.Supervised do
  @moduledoc false

  # A task that waits for its owner's {owner, ref, reply_to} before running.
  def run(owner, callers, mfa) do
    put_callers(callers, mfa)

    receive do
      {^owner, ref, _reply_to} ->
        result = invoke_mfa({:reply, owner}, mfa)
        :beamsh_otp.__reply__(owner, ref, result)
        :ok
    end
  end

  # (invoke_mfa/2 is its last call, as in Elixir's noreply/3: no frame of run_now/2 stays)
  def run_now(owner, callers, mfa) do
    put_callers(callers, mfa)
    invoke_mfa(owner, mfa)
  end

  # Under a Task.Supervisor, started as Elixir's Task.Supervised is (the supervisor may be on
  # another node than the owner): start_link/2 waits for the owner's
  # {owner_pid, ref, reply_to, callers, mfa} and sends {ref, result} to reply_to (a pid, or the
  # alias reference a real node's owner passes); start_link/3 just runs.
  def start_link({_node, _name, _owner_pid} = owner, monitor) when monitor in [:monitor, :nomonitor] do
    {:ok, :proc_lib.spawn_link(Task.Supervised, :reply, [owner, monitor])}
  end

  def start_link({_node, _name, _pid} = owner, callers, mfa) do
    {:ok, :proc_lib.spawn_link(Task.Supervised, :noreply, [owner, callers, mfa])}
  end

  # (:monitor: the owner is watched while the task waits for it, at most 5 seconds, as a
  # supervisor's task is; :nomonitor: an async_stream's own task waits as long as it takes)
  @doc false
  def reply({_, _, owner_pid} = owner, :monitor) do
    reply(owner, owner_pid, Process.monitor(owner_pid), 5000)
  end

  def reply({_, _, owner_pid} = owner, :nomonitor), do: reply(owner, owner_pid, nil, :infinity)

  defp reply(_owner, owner_pid, mref, timeout) do
    receive do
      {^owner_pid, ref, reply_to, callers, mfa} ->
        Process.put(:"$initial_call", initial_call(mfa))
        Process.put(:"$callers", callers)
        _ = mref && Process.demonitor(mref, [:flush])
        result = invoke_mfa({:reply, owner_pid}, mfa)

        # (a reply to an owner whose Task.await/2 timed out is dropped, as the BEAM drops a
        # message to a deactivated alias)
        if is_pid(reply_to),
          do: :beamsh_otp.__reply__(reply_to, ref, result),
          else: send(reply_to, {ref, result})

        :ok

      {:DOWN, ^mref, _, _, reason} ->
        exit({:shutdown, reason})
    after
      timeout -> exit(:timeout)
    end
  end

  @doc false
  def noreply({_, _, owner_pid}, callers, mfa) do
    Process.put(:"$callers", callers)
    Process.put(:"$initial_call", initial_call(mfa))
    invoke_mfa(owner_pid, mfa)
  end

  defp initial_call({:erlang, :apply, [fun, []]}) when is_function(fun, 0) do
    {:module, module} = Function.info(fun, :module)
    {:name, name} = Function.info(fun, :name)
    {module, name, 0}
  end

  defp initial_call({mod, fun, args}), do: {mod, fun, length(args)}

  # (started by :proc_lib, which recorded "$ancestors")
  defp put_callers(callers, mfa) do
    Process.put(:"$callers", callers)
    Process.put(:"$initial_call", initial_call(mfa))
  end

  def handshake(owner, pid, mfa_arity) do
    ref = Process.monitor(pid)
    send(pid, {owner, ref, ref})
    %Task{pid: pid, ref: ref, owner: owner, mfa: mfa_arity}
  end

  # (`{:reply, owner}` for a task that replies to its owner: its crash reads as such)
  def invoke_mfa(owner, {module, fun, args} = mfa) do
    {owner, where} =
      case owner do
        {:reply, pid} -> {pid, :task_reply}
        pid -> {pid, :task}
      end

    res =
      try do
        case mfa do
          {:erlang, :apply, [f, a]} -> {:ok, apply(f, a)}
          _ -> {:ok, apply(module, fun, args)}
        end
      catch
        :exit, value
        when value == :normal or value == :shutdown or (is_tuple(value) and tuple_size(value) == 2 and elem(value, 0) == :shutdown) ->
          {:exit_quiet, value}

        kind, value ->
          {:crash, kind, value, :beamsh_otp_stack.canonical(__STACKTRACE__, where)}
      end

    case res do
      {:ok, v} ->
        v

      {:exit_quiet, value} ->
        exit(value)

      {:crash, kind, value, stack} ->
        report(owner, mfa, kind, value, stack)
        # (raised again as it came: proc_lib makes the exit reason, and its crash report
        # tells the class)
        :erlang.raise(kind, value, stack)
    end
  end

  defp report(owner, {module, fun, args}, kind, value, stack) do
    {f, a} =
      case {module, fun, args} do
        {:erlang, :apply, [f, []]} when is_function(f, 0) -> {f, []}
        {m, f, a} -> {Function.capture(m, f, length(a)), a}
      end

    reason =
      case kind do
        :throw -> {{:nocatch, value}, stack}
        _ -> {value, stack}
      end

    report = %{name: self(), starter: registered_name(owner), function: f, args: a, reason: reason}

    :beamsh_otp.report(:task, :error, %{label: {Task.Supervisor, :terminating}, report: report}, %{
      domain: [:otp, :elixir],
      error_logger: %{tag: :error_msg},
      report_cb: &__MODULE__.format_report/1,
      callers: Process.get(:"$callers")
    })
  end

  # The report as an Erlang format (what Erlang's logger prints when no Elixir translator
  # takes it).
  def format_report(%{label: {Task.Supervisor, :terminating}, report: report}) do
    format =
      '** Task ~p terminating~n** Started from ~p~n** When function  == ~p~n' ++
        '**      arguments == ~p~n** Reason for termination == ~n** ~p~n'

    {format, [report.starter, report.name, report.function, report.args, report.reason]}
  end

  # ---- async_stream -----------------------------------------------------------------------
  #
  # Task.async_stream's enumerable reduces through stream/7: the consuming process pulls the
  # input one element at a time, spawns a task per element (at most :max_concurrency running),
  # and emits each task's result once the task is down, in input order unless `ordered:
  # false`. Elixir has a helper process spawn and watch the tasks; here the consumer does it
  # itself (no extra process, fewer messages), keeping what can be seen of Elixir's: the
  # consumer's mailbox is left clean (a task's reply, :DOWN and, when it traps exits, its
  # {:EXIT, ...} are taken together), a halted or failed stream kills the tasks still running
  # and waits for them to be down, a task past its :timeout is killed (then the stream exits,
  # or emits {:exit, :timeout} with on_timeout: :kill_task), and :zip_input_on_exit pairs an
  # exit's reason with its input element. The functions carry Elixir's names and arities
  # (stream/7, stream_reduce/7, stream_deliver/7, deliver_now/4, stream_spawn/4), so a stack
  # trace through them reads as Elixir's.
  #
  # `waiting` is {running, done, deadlines}: running maps each task's monitor reference (also
  # the tag of its reply) to {position, pid, input or nil, :running | {:ok, reply} |
  # :timed_out}; done maps positions to results not yet emitted (ordered streams); deadlines
  # is a queue (see first_deadline/2) of {ref, deadline} in spawn order, which is deadline order (nil for timeout:
  # :infinity).

  def stream(enumerable, acc, reducer, callers, mfa, options, spawn) do
    next = &Enumerable.reduce(enumerable, &1, fn x, acc -> {:suspend, [x | acc]} end)
    max_concurrency = Keyword.get(options, :max_concurrency, System.schedulers_online())

    unless is_integer(max_concurrency) and max_concurrency > 0 do
      raise ArgumentError, ":max_concurrency must be an integer greater than zero"
    end

    timeout = Keyword.get(options, :timeout, 5000)
    owner = self()
    name = registered_name(owner)

    config = %{
      reducer: reducer,
      owner: owner,
      owner_info: {node(), name, owner},
      parent: name,
      ancestors: ancestors(),
      callers: callers,
      mfa: mfa,
      spawn: spawn,
      ordered: Keyword.get(options, :ordered, true),
      timeout: timeout,
      on_timeout: Keyword.get(options, :on_timeout, :exit),
      zip_input_on_exit: Keyword.get(options, :zip_input_on_exit, false)
    }

    deadlines = if timeout == :infinity, do: nil, else: {[], []}
    stream_reduce(acc, max_concurrency, 0, 0, {%{}, %{}, deadlines}, next, config)
  end

  defp registered_name(pid) do
    case Process.info(pid, :registered_name) do
      {:registered_name, name} when is_atom(name) -> name
      _ -> pid
    end
  end

  defp ancestors do
    case Process.get(:"$ancestors") do
      l when is_list(l) -> l
      _ -> []
    end
  end

  defp stream_reduce({:halt, acc}, _max, _spawned, _delivered, waiting, next, _config) do
    stream_close(waiting)
    is_function(next) && next.({:halt, []})
    {:halted, acc}
  end

  defp stream_reduce({:suspend, acc}, max, spawned, delivered, waiting, next, config) do
    {:suspended, acc, &stream_reduce(&1, max, spawned, delivered, waiting, next, config)}
  end

  # the input is over and every result was emitted
  defp stream_reduce({:cont, acc}, _max, spawned, delivered, _waiting, :done, _config) when spawned == delivered do
    {:done, acc}
  end

  # no room for another task, or no more input: wait for a task
  defp stream_reduce({:cont, acc}, max, spawned, delivered, waiting, next, config) when max == 0 or next == :done do
    {running, done, deadlines} = waiting
    {deadlines, event} = stream_next(running, deadlines)

    case event do
      {:reply, ref, reply} ->
        {position, pid, value, _} = :erlang.map_get(ref, running)
        running = %{running | ref => {position, pid, value, {:ok, reply}}}
        stream_reduce({:cont, acc}, max, spawned, delivered, {running, done, deadlines}, next, config)

      {:down, ref, reason} ->
        {{position, pid, value, state}, running} = Map.pop(running, ref)
        # (a task still linked: a consumer trapping exits has its {:EXIT, ...} by now)
        flush_exit(pid)

        result =
          case state do
            {:ok, _} = ok ->
              ok

            :running ->
              if config.zip_input_on_exit, do: {:exit, {value, reason}}, else: {:exit, reason}

            :timed_out ->
              if config.on_timeout == :exit do
                stream_close({running, done, deadlines})
                exit({:timeout, {Task.Supervised, :stream, [config.timeout]}})
              else
                if config.zip_input_on_exit, do: {:exit, {value, :timeout}}, else: {:exit, :timeout}
              end
          end

        if config.ordered do
          waiting = {running, Map.put(done, position, result), deadlines}
          stream_deliver({:cont, acc}, max + 1, spawned, delivered, waiting, next, config)
        else
          waiting = {running, done, deadlines}
          pair = deliver_now(result, acc, next, {waiting, config})
          stream_reduce(pair, max + 1, spawned, delivered + 1, waiting, next, config)
        end

      :timeout ->
        running = expire(deadlines, running, System.monotonic_time(:millisecond))
        stream_reduce({:cont, acc}, max, spawned, delivered, {running, done, deadlines}, next, config)
    end
  end

  defp stream_reduce({:cont, acc}, max, spawned, delivered, waiting, next, config) do
    try do
      next.({:cont, []})
    catch
      kind, reason ->
        stream_close(waiting)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {:suspended, [value], next} ->
        waiting = stream_spawn(value, spawned, waiting, config)
        stream_reduce({:cont, acc}, max - 1, spawned + 1, delivered, waiting, next, config)

      {_, [value]} ->
        waiting = stream_spawn(value, spawned, waiting, config)
        stream_reduce({:cont, acc}, max - 1, spawned + 1, delivered, waiting, :done, config)

      {_, []} ->
        stream_reduce({:cont, acc}, max, spawned, delivered, waiting, :done, config)
    end
  end

  defp deliver_now(result, acc, next, {waiting, config}) do
    try do
      config.reducer.(result, acc)
    catch
      kind, reason ->
        is_function(next) && next.({:halt, []})
        stream_close(waiting)
        :erlang.raise(kind, reason, __STACKTRACE__)
    end
  end

  defp stream_deliver({:suspend, acc}, max, spawned, delivered, waiting, next, config) do
    {:suspended, acc, &stream_deliver(&1, max, spawned, delivered, waiting, next, config)}
  end

  defp stream_deliver({:halt, acc}, max, spawned, delivered, waiting, next, config) do
    stream_reduce({:halt, acc}, max, spawned, delivered, waiting, next, config)
  end

  defp stream_deliver({:cont, acc}, max, spawned, delivered, waiting, next, config) do
    {running, done, deadlines} = waiting

    case done do
      %{^delivered => result} ->
        try do
          config.reducer.(result, acc)
        catch
          kind, reason ->
            is_function(next) && next.({:halt, []})
            stream_close(waiting)
            :erlang.raise(kind, reason, __STACKTRACE__)
        else
          pair ->
            waiting = {running, Map.delete(done, delivered), deadlines}
            stream_deliver(pair, max, spawned, delivered + 1, waiting, next, config)
        end

      %{} ->
        stream_reduce({:cont, acc}, max, spawned, delivered, waiting, next, config)
    end
  end

  # Kills the tasks still running and waits for them to be down, leaving none of their
  # messages behind.
  defp stream_close({running, _done, _deadlines}) do
    for {_ref, {_, pid, _, _}} <- running do
      Process.unlink(pid)
      Process.exit(pid, :kill)
    end

    for {ref, {_, pid, _, _}} <- running do
      receive do
        {:DOWN, ^ref, _, _, _} -> :ok
      end

      receive do
        {^ref, _} -> :ok
      after
        0 -> :ok
      end

      receive do
        {:EXIT, ^pid, _} -> :ok
      after
        0 -> :ok
      end
    end

    :ok
  end

  # Starts the task for `value` (the input at `position`), tells it what to run, and
  # records it.
  defp stream_spawn(value, position, {running, done, deadlines} = waiting, config) do
    %{owner: owner, owner_info: owner_info, callers: callers, mfa: mfa, spawn: spawn} = config

    {pid, ref} =
      case spawn do
        :link ->
          # (as start_link(owner_info, :nomonitor) starts it, the spawner's name and ancestors
          # looked up once per stream)
          pid = spawn_link(:proc_lib, :init_p, [config.parent, config.ancestors, Task.Supervised, :reply, [owner_info, :nomonitor]])
          {pid, Process.monitor(pid)}

        {:supervisor, supervisor, link, shutdown} ->
          case GenServer.call(supervisor, {:start_task, [owner_info, :monitor], :temporary, shutdown}, :infinity) do
            {:ok, pid} ->
              if link, do: Process.link(pid)
              {pid, Process.monitor(pid)}

            {:error, :max_children} ->
              stream_close(waiting)

              raise "reached the maximum number of tasks for this task supervisor. The maximum number " <>
                      "of tasks that are allowed to run at the same time under this supervisor can be " <>
                      "configured with the :max_children option passed to Task.Supervisor.start_link/1. When " <>
                      "using async_stream or async_stream_nolink, make sure to configure :max_concurrency to " <>
                      "be lower or equal to :max_children and pay attention to whether other tasks are also " <>
                      "spawned under the same task supervisor."
          end
      end

    mfa =
      case mfa do
        {:erlang, :apply, [fun]} -> {:erlang, :apply, [fun, [value]]}
        {m, f, a} -> {m, f, [value | a]}
      end

    send(pid, {owner, ref, owner, callers, mfa})
    stored = if config.zip_input_on_exit, do: value, else: nil
    running = Map.put(running, ref, {position, pid, stored, :running})

    case deadlines do
      nil -> {running, done, nil}
      {first, last} -> {running, done, {first, [{ref, System.monotonic_time(:millisecond) + config.timeout} | last]}}
    end
  end

  # The deadlines without those of tasks no longer running, and the milliseconds to the
  # first (:infinity when none). Deadlines are a queue {first, last}: `first` in order,
  # `last` reversed.
  defp first_deadline(nil, _running), do: {nil, :infinity}
  defp first_deadline({[], []} = deadlines, _running), do: {deadlines, :infinity}
  defp first_deadline({[], last}, running), do: first_deadline({:lists.reverse(last), []}, running)

  defp first_deadline({[{ref, deadline} | first], last} = deadlines, running) do
    case running do
      %{^ref => {_, _, _, :running}} -> {deadlines, max(deadline - System.monotonic_time(:millisecond), 0)}
      %{} -> first_deadline({first, last}, running)
    end
  end

  # Kills the running tasks whose deadline has come (as the first one's has); their :DOWN
  # then ends them as timed out.
  defp expire({[], []}, running, _now), do: running
  defp expire({[], last}, running, now), do: expire({:lists.reverse(last), []}, running, now)

  defp expire({[{ref, deadline} | first], last}, running, now) when deadline <= now do
    case running do
      %{^ref => {position, pid, value, :running}} ->
        Process.unlink(pid)
        Process.exit(pid, :kill)
        expire({first, last}, %{running | ref => {position, pid, value, :timed_out}}, now)

      %{} ->
        expire({first, last}, running, now)
    end
  end

  defp expire(_deadlines, running, _now), do: running

  # The next reply or :DOWN of a running task, and the deadlines: one already there is taken
  # at once; only a wait that may block looks at the clock for the first deadline.
  defp stream_next(running, deadlines) do
    case stream_wait(running, 0) do
      :timeout ->
        {deadlines, left} = first_deadline(deadlines, running)
        {deadlines, stream_wait(running, left)}

      event ->
        {deadlines, event}
    end
  end

  # The next reply or :DOWN of a running task, or :timeout after `left` milliseconds. (The
  # loop receives here, not in stream_reduce/7 itself: a function that receives stays on
  # heap frames once it blocked, and the loop runs faster on the JS stack.)
  defp stream_wait(running, left) do
    receive do
      {ref, reply} when is_reference(ref) and is_map_key(running, ref) -> {:reply, ref, reply}
      {:DOWN, ref, _, _, reason} when is_map_key(running, ref) -> {:down, ref, reason}
    after
      left -> :timeout
    end
  end

  defp flush_exit(pid) do
    receive do
      {:EXIT, ^pid, _} -> :ok
    after
      0 -> :ok
    end
  end
end

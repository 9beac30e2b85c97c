# Task (the task process is Task.Supervised, in task/supervised.ex).
#
# A task is spawned, monitored by its owner, then told `{owner, ref, ref}`; it runs its
# function and answers `{ref, result}`. A task that raises logs Elixir's
# "Task #PID<...> started from #PID<...> terminating" report and exits with {exception, stack}.
defmodule Task do
  @moduledoc false

  # `use Task, opts`: a child_spec/1 built from the options, which the module may override.
  defmacro __using__(opts) do
    quote location: :keep, bind_quoted: [opts: opts] do
      def child_spec(arg) do
        default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}, restart: :temporary}
        Supervisor.child_spec(default, unquote(Macro.escape(opts)))
      end

      defoverridable child_spec: 1
    end
  end

  @enforce_keys [:mfa, :owner, :pid, :ref]
  defstruct [:mfa, :owner, :pid, :ref]

  def child_spec(arg) do
    %{id: Task, start: {Task, :start_link, [arg]}, restart: :temporary}
  end

  # A task already done: its reply is in the caller's mailbox, for await/yield to take.
  def completed(result) do
    ref = make_ref()
    owner = self()
    send(owner, {ref, result})
    %Task{pid: nil, ref: ref, owner: owner, mfa: {Task, :completed, 1}}
  end

  def async(fun) when is_function(fun, 0), do: async(:erlang, :apply, [fun, []])

  def async(module, function_name, args) do
    owner = self()
    pid = :proc_lib.spawn_link(Task.Supervised, :run, [owner, callers(owner), {module, function_name, args}])
    Task.Supervised.handshake(owner, pid, {module, function_name, length(args)})
  end

  def start(fun) when is_function(fun, 0), do: start(:erlang, :apply, [fun, []])

  def start(module, function_name, args) do
    owner = self()
    pid = :proc_lib.spawn(Task.Supervised, :run_now, [owner, callers(owner), {module, function_name, args}])
    {:ok, pid}
  end

  def start_link(fun) when is_function(fun, 0), do: start_link(:erlang, :apply, [fun, []])

  def start_link(module, function_name, args) do
    owner = self()
    pid = :proc_lib.spawn_link(Task.Supervised, :run_now, [owner, callers(owner), {module, function_name, args}])
    {:ok, pid}
  end

  # The task's $callers, read by its starter (which may be gone by the time the task runs):
  # the starter, then the starter's own callers.
  defp callers(owner) do
    case Process.get(:"$callers") do
      [_ | _] = callers -> [owner | callers]
      _ -> [owner]
    end
  end

  def await(task, timeout \\ 5000)

  def await(%Task{ref: ref, owner: owner} = task, timeout) do
    if owner != self(), do: raise(ArgumentError, invalid_owner_error(task))

    receive do
      {^ref, reply} ->
        Process.demonitor(ref, [:flush])
        reply

      {:DOWN, ^ref, _, proc, reason} ->
        exit({reason(reason, proc), {Task, :await, [task, timeout]}})
    after
      timeout ->
        Process.demonitor(ref, [:flush])
        :beamsh_otp.__kill_alias__(ref)
        exit({:timeout, {Task, :await, [task, timeout]}})
    end
  end

  def await_many(tasks, timeout \\ 5000) when is_list(tasks) do
    Enum.each(tasks, fn %Task{owner: owner} = task ->
      if owner != self(), do: raise(ArgumentError, invalid_owner_error(task))
    end)

    deadline = if timeout == :infinity, do: :infinity, else: System.monotonic_time(:millisecond) + timeout
    refs = Map.new(Enum.with_index(tasks), fn {t, i} -> {t.ref, i} end)
    results = await_many_loop(tasks, timeout, deadline, refs, %{})
    Enum.map(0..(length(tasks) - 1)//1, fn i -> Map.fetch!(results, i) end)
  end

  defp await_many_loop(tasks, timeout, deadline, refs, acc) do
    if map_size(refs) == 0 do
      acc
    else
      left = if deadline == :infinity, do: :infinity, else: max(deadline - System.monotonic_time(:millisecond), 0)

      receive do
        {ref, reply} when is_reference(ref) and is_map_key(refs, ref) ->
          Process.demonitor(ref, [:flush])
          await_many_loop(tasks, timeout, deadline, Map.delete(refs, ref), Map.put(acc, Map.fetch!(refs, ref), reply))

        {:DOWN, ref, _, proc, reason} when is_map_key(refs, ref) ->
          Enum.each(tasks, fn t -> Process.demonitor(t.ref, [:flush]) end)
          exit({reason(reason, proc), {Task, :await_many, [tasks, timeout]}})
      after
        left ->
          Enum.each(tasks, fn t -> Process.demonitor(t.ref, [:flush]) end)
          exit({:timeout, {Task, :await_many, [tasks, timeout]}})
      end
    end
  end

  def yield(%Task{ref: ref, owner: owner} = task, timeout \\ 5000) do
    if owner != self(), do: raise(ArgumentError, invalid_owner_error(task))

    receive do
      {^ref, reply} ->
        Process.demonitor(ref, [:flush])
        {:ok, reply}

      {:DOWN, ^ref, _, proc, :noconnection} ->
        exit({reason(:noconnection, proc), {Task, :yield, [task, timeout]}})

      {:DOWN, ^ref, _, _, reason} ->
        {:exit, reason}
    after
      timeout -> nil
    end
  end

  # Each task in turn is waited for until one timer for the whole call fires (never with
  # :infinity); then the rest are only checked for what has arrived. A lost connection to a
  # task's node exits the caller.
  def yield_many(tasks, timeout \\ 5000)
      when timeout == :infinity or (is_integer(timeout) and timeout >= 0) do
    expired = make_ref()
    timer = if timeout != :infinity, do: Process.send_after(self(), expired, timeout)

    try do
      yield_each(tasks, expired, :infinity)
    catch
      {:noconnection, reason} -> exit({reason, {Task, :yield_many, [tasks, timeout]}})
    after
      timer && Process.cancel_timer(timer)

      receive do
        ^expired -> :ok
      after
        0 -> :ok
      end
    end
  end

  defp yield_each([], _expired, _wait), do: []

  defp yield_each([%Task{ref: ref, owner: owner} = task | rest], expired, wait) do
    if owner != self(), do: raise(ArgumentError, invalid_owner_error(task))

    receive do
      {^ref, reply} ->
        Process.demonitor(ref, [:flush])
        [{task, {:ok, reply}} | yield_each(rest, expired, wait)]

      {:DOWN, ^ref, _, proc, :noconnection} ->
        throw({:noconnection, reason(:noconnection, proc)})

      {:DOWN, ^ref, _, _, reason} ->
        [{task, {:exit, reason}} | yield_each(rest, expired, wait)]

      ^expired ->
        [{task, nil} | yield_each(rest, expired, 0)]
    after
      wait -> [{task, nil} | yield_each(rest, expired, 0)]
    end
  end

  def ignore(%Task{ref: ref, pid: pid, owner: owner} = task) do
    if owner != self(), do: raise(ArgumentError, invalid_owner_error(task))

    receive do
      {^ref, reply} ->
        Process.unlink(pid)
        Process.demonitor(ref, [:flush])
        {:ok, reply}

      {:DOWN, ^ref, _, proc, :noconnection} ->
        exit({reason(:noconnection, proc), {Task, :ignore, [task]}})

      {:DOWN, ^ref, _, _, reason} ->
        {:exit, reason}
    after
      0 ->
        Process.unlink(pid)
        Process.demonitor(ref, [:flush])
        # (a reply sent later goes to the deactivated alias: it is dropped)
        :beamsh_otp.__kill_alias__(ref)
        nil
    end
  end

  def shutdown(task, shutdown \\ 5000)

  def shutdown(%Task{pid: nil} = task, _shutdown) do
    raise ArgumentError, "task #{inspect(task)} does not have an associated task process"
  end

  def shutdown(%Task{owner: owner} = task, _shutdown) when owner != self() do
    raise ArgumentError, invalid_owner_error(task)
  end

  # The task is told to stop (killed with :brutal_kill), then: its reply if it sent one, nil
  # when it stopped as told, {:exit, reason} when it ended otherwise; a lost connection to its
  # node exits the caller.
  def shutdown(%Task{pid: pid} = task, :brutal_kill) do
    mon = Process.monitor(pid)
    stop_task(pid, :kill)

    case shutdown_receive(task, mon, :brutal_kill, :infinity) do
      {:down, proc, :noconnection} -> exit({reason(:noconnection, proc), {Task, :shutdown, [task, :brutal_kill]}})
      {:down, _proc, reason} -> {:exit, reason}
      result -> result
    end
  end

  def shutdown(%Task{pid: pid} = task, timeout)
      when timeout == :infinity or (is_integer(timeout) and timeout >= 0) do
    mon = Process.monitor(pid)
    stop_task(pid, :shutdown)

    case shutdown_receive(task, mon, :shutdown, timeout) do
      {:down, proc, :noconnection} -> exit({reason(:noconnection, proc), {Task, :shutdown, [task, timeout]}})
      {:down, _proc, reason} -> {:exit, reason}
      result -> result
    end
  end

  # Unlinked, then sent the exit signal; should the caller die in between (so that the link
  # no longer takes the task down), a helper process sends the signal all the same.
  defp stop_task(pid, signal) do
    caller = self()
    ref = make_ref()

    helper =
      spawn(fn ->
        mon = Process.monitor(caller)

        receive do
          {:done, ^ref} -> :ok
          {:DOWN, ^mon, _, _, _} -> Process.exit(pid, signal)
        end
      end)

    Process.unlink(pid)
    Process.exit(pid, signal)
    send(helper, {:done, ref})
    :ok
  end

  defp shutdown_receive(%Task{ref: ref} = task, mon, type, timeout) do
    receive do
      {:DOWN, ^mon, _, _, :shutdown} when type in [:shutdown, :timeout_kill] ->
        Process.demonitor(ref, [:flush])
        flush_reply(ref)

      {:DOWN, ^mon, _, _, :killed} when type == :brutal_kill ->
        Process.demonitor(ref, [:flush])
        flush_reply(ref)

      {:DOWN, ^mon, _, proc, :noproc} ->
        reason = flush_noproc(ref, proc, type)
        flush_reply(ref) || reason

      {:DOWN, ^mon, _, proc, reason} ->
        Process.demonitor(ref, [:flush])
        flush_reply(ref) || {:down, proc, reason}
    after
      timeout ->
        Process.exit(task.pid, :kill)
        shutdown_receive(task, mon, :timeout_kill, :infinity)
    end
  end

  defp flush_reply(ref) do
    receive do
      {^ref, reply} -> {:ok, reply}
    after
      0 -> nil
    end
  end

  # The task was gone already: what its own monitor says (its :DOWN may be queued).
  defp flush_noproc(ref, proc, type) do
    receive do
      {:DOWN, ^ref, _, _, :shutdown} when type in [:shutdown, :timeout_kill] -> nil
      {:DOWN, ^ref, _, _, :killed} when type == :brutal_kill -> nil
      {:DOWN, ^ref, _, _, reason} -> {:down, proc, reason}
    after
      0 ->
        Process.demonitor(ref, [:flush])
        {:down, proc, :noproc}
    end
  end

  # (a monitor of a registered name reports {name, node})
  defp reason(:noconnection, {_name, node}), do: {:nodedown, node}
  defp reason(:noconnection, proc), do: {:nodedown, node(proc)}
  defp reason(reason, _), do: reason

  defp invalid_owner_error(task) do
    "task #{inspect(task)} must be queried from the owner but was queried from #{inspect(self())}"
  end

  # ---- async_stream -------------------------------------------------------------------

  def async_stream(enumerable, fun, options \\ []) when is_function(fun, 1) do
    build_stream(enumerable, {:erlang, :apply, [fun]}, [{:__spawn__, :link} | options])
  end

  def async_stream(enumerable, module, function_name, args, options \\ []) when is_atom(module) and is_atom(function_name) and is_list(args) do
    build_stream(enumerable, {module, function_name, args}, [{:__spawn__, :link} | options])
  end

  # (Task.Supervisor's streams: `__spawn__: {:supervisor, supervisor, link?}` starts each task
  # as the supervisor's child, shut down as its :shutdown option says)
  @doc false
  def __stream__(enumerable, mfa, options), do: build_stream(enumerable, mfa, options)

  defp build_stream(enumerable, mfa, options) do
    fn acc, acc_fun ->
      owner = self()

      callers =
        case Process.get(:"$callers") do
          [_ | _] = list -> [owner | list]
          _ -> [owner]
        end

      spawn =
        case Keyword.get(options, :__spawn__, :link) do
          {:supervisor, supervisor, link} -> {:supervisor, supervisor, link, Keyword.get(options, :shutdown, 5000)}
          :link -> :link
        end

      Task.Supervised.stream(enumerable, acc, acc_fun, callers, mfa, options, spawn)
    end
  end
end

# Deprecated in Elixir 1.14 (pattern match on the reply instead), still runs.
defmodule Task do
  def find(tasks, {ref, reply}) when is_reference(ref) do
    Enum.find_value(tasks, fn
      %Task{ref: ^ref} = task ->
        Process.demonitor(ref, [:flush])
        {reply, task}

      %Task{} ->
        nil
    end)
  end
end

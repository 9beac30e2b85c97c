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
    pid = :proc_lib.spawn_link(Task.Supervised, :run, [owner, {module, function_name, args}])
    Task.Supervised.handshake(owner, pid, {module, function_name, length(args)})
  end

  def start(fun) when is_function(fun, 0), do: start(:erlang, :apply, [fun, []])

  def start(module, function_name, args) do
    owner = self()
    pid = :proc_lib.spawn(Task.Supervised, :run_now, [owner, {module, function_name, args}])
    {:ok, pid}
  end

  def start_link(fun) when is_function(fun, 0), do: start_link(:erlang, :apply, [fun, []])

  def start_link(module, function_name, args) do
    owner = self()
    pid = :proc_lib.spawn_link(Task.Supervised, :run_now, [owner, {module, function_name, args}])
    {:ok, pid}
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

  def yield_many(tasks, timeout \\ 5000) do
    deadline = System.monotonic_time(:millisecond) + timeout

    Enum.map(tasks, fn task ->
      left = max(deadline - System.monotonic_time(:millisecond), 0)
      {task, yield(task, left)}
    end)
  end

  def ignore(%Task{ref: ref, pid: pid} = task) do
    _ = task
    Process.unlink(pid)

    receive do
      {^ref, reply} ->
        Process.demonitor(ref, [:flush])
        {:ok, reply}

      {:DOWN, ^ref, _, _, reason} ->
        {:exit, reason}
    after
      0 ->
        Process.demonitor(ref, [:flush])
        nil
    end
  end

  def shutdown(task, shutdown \\ 5000)

  def shutdown(%Task{pid: pid, owner: owner} = task, shutdown) do
    if owner != self(), do: raise(ArgumentError, invalid_owner_error(task))
    Process.unlink(pid)
    mon = Process.monitor(pid)

    if shutdown == :brutal_kill do
      Process.exit(pid, :kill)
      shutdown_receive(task, mon, :brutal_kill, :infinity)
    else
      Process.exit(pid, :shutdown)
      shutdown_receive(task, mon, :shutdown, shutdown)
    end
  end

  defp shutdown_receive(%Task{ref: ref} = task, mon, type, timeout) do
    receive do
      {:DOWN, ^mon, _, _, :shutdown} when type in [:shutdown, :timeout_kill] ->
        Process.demonitor(ref, [:flush])
        flush_reply(ref)

      {:DOWN, ^mon, _, _, :killed} when type == :brutal_kill ->
        Process.demonitor(ref, [:flush])
        flush_reply(ref)

      {:DOWN, ^mon, _, _, :noproc} ->
        reason = flush_noproc(ref)
        flush_reply(ref) || reason

      {:DOWN, ^mon, _, _, reason} ->
        Process.demonitor(ref, [:flush])
        flush_reply(ref) || {:exit, reason}
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

  defp flush_noproc(ref) do
    receive do
      {:DOWN, ^ref, _, _, :shutdown} -> nil
      {:DOWN, ^ref, _, _, reason} -> {:exit, reason}
    after
      0 ->
        Process.demonitor(ref, [:flush])
        {:exit, :noproc}
    end
  end

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

# Task, Task.Supervised (the task process) and Task.Supervisor.
#
# A task is spawned, monitored by its owner, then told `{owner, ref, ref}`; it runs its
# function and answers `{ref, result}`. A task that raises logs Elixir's
# "Task #PID<...> started from #PID<...> terminating" report and exits with {exception, stack}.
defmodule Task do
  @moduledoc false

  defstruct [:mfa, :owner, :pid, :ref]

  def child_spec(arg) do
    %{id: Task, start: {Task, :start_link, [arg]}, restart: :temporary}
  end

  def async(fun) when is_function(fun, 0), do: async(:erlang, :apply, [fun, []])

  def async(module, function_name, args) do
    owner = self()
    pid = spawn_link(Task.Supervised, :run, [owner, {module, function_name, args}])
    Task.Supervised.handshake(owner, pid, {module, function_name, length(args)})
  end

  def start(fun) when is_function(fun, 0), do: start(:erlang, :apply, [fun, []])

  def start(module, function_name, args) do
    owner = self()
    pid = spawn(Task.Supervised, :run_now, [owner, {module, function_name, args}])
    {:ok, pid}
  end

  def start_link(fun) when is_function(fun, 0), do: start_link(:erlang, :apply, [fun, []])

  def start_link(module, function_name, args) do
    owner = self()
    pid = spawn_link(Task.Supervised, :run_now, [owner, {module, function_name, args}])
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

  @doc false
  def __stream__(enumerable, mfa, options), do: build_stream(enumerable, mfa, options)

  defp build_stream(enumerable, mfa, options) do
    fn acc, acc_fun ->
      resource =
        Stream.resource(
          fn -> Task.Supervised.stream_start(enumerable, mfa, options) end,
          &Task.Supervised.stream_next/1,
          &Task.Supervised.stream_after/1
        )

      Enumerable.reduce(resource, acc, acc_fun)
    end
  end
end

defmodule Task.Supervised do
  @moduledoc false

  # A task that waits for its owner's {owner, ref, reply_to} before running.
  def run(owner, mfa) do
    put_callers(owner)

    receive do
      {^owner, ref, _reply_to} ->
        Process.put(:"$task_reply", true)
        result = invoke_mfa(owner, mfa)
        :beamsh_otp.__reply__(owner, ref, result)
        :ok
    end
  end

  def run_now(owner, mfa) do
    put_callers(owner)
    invoke_mfa(owner, mfa)
    :ok
  end

  # Under a supervisor: the start function links to the supervisor and returns {:ok, pid}.
  def start_link(owner, kind, mfa) do
    f = if kind == :reply, do: :run, else: :run_now
    {:ok, spawn_link(Task.Supervised, f, [owner, mfa])}
  end

  defp put_callers(owner) do
    callers =
      case Process.info(owner, :dictionary) do
        {:dictionary, d} ->
          case List.keyfind(d, :"$callers", 0) do
            {_, l} -> l
            nil -> []
          end

        _ ->
          []
      end

    Process.put(:"$callers", [owner | callers])
    Process.put(:"$ancestors", [owner])
  end

  def handshake(owner, pid, mfa_arity) do
    ref = Process.monitor(pid)
    send(pid, {owner, ref, ref})
    %Task{pid: pid, ref: ref, owner: owner, mfa: mfa_arity}
  end

  def invoke_mfa(owner, {module, fun, args} = mfa) do
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
          where = if Process.get(:"$task_reply"), do: :task_reply, else: :task
          {:crash, kind, value, :beamsh_otp_stack.canonical(__STACKTRACE__, where)}
      end

    case res do
      {:ok, v} ->
        v

      {:exit_quiet, value} ->
        exit(value)

      {:crash, kind, value, stack} ->
        report(owner, mfa, kind, value, stack)
        exit(exit_reason(kind, value, stack))
    end
  end

  defp exit_reason(:error, value, stack), do: {value, stack}
  defp exit_reason(:exit, value, _stack), do: value
  defp exit_reason(:throw, value, stack), do: {{:nocatch, value}, stack}

  defp report(owner, {module, fun, args}, kind, value, stack) do
    {f, a} =
      case {module, fun, args} do
        {:erlang, :apply, [f, a]} when is_function(f) -> {f, a}
        {m, f, a} -> {Function.capture(m, f, length(a)), a}
      end

    formatted =
      case kind do
        :error -> :beamsh_otp.format_reason({value, stack})
        :throw -> :beamsh_otp.format_reason({{:nocatch, value}, stack})
        :exit -> :beamsh_otp.format_reason({value, stack})
      end

    :beamsh_otp.__log_report__(
      :error,
      "Task #{inspect(self())} started from #{inspect(owner)} terminating" <>
        formatted <> "\nFunction: " <> inspect(f) <> "\n    Args: " <> inspect(a)
    )
  end

  # ---- async_stream machinery -----------------------------------------------------------

  def stream_start(enumerable, {m, f, a}, options) do
    max = Keyword.get(options, :max_concurrency, System.schedulers_online())
    timeout = Keyword.get(options, :timeout, 5000)
    on_timeout = Keyword.get(options, :on_timeout, :exit)
    ordered = Keyword.get(options, :ordered, true)
    spawn = Keyword.get(options, :__spawn__, :link)

    unless is_integer(max) and max > 0 do
      raise ArgumentError, ":max_concurrency must be an integer greater than zero"
    end

    first = fn -> Enumerable.reduce(enumerable, {:cont, nil}, fn x, _ -> {:suspend, x} end) end

    %{
      input: first,
      input_done: false,
      running: %{},
      results: %{},
      queue: [],
      next_index: 0,
      emit_index: 0,
      max: max,
      timeout: timeout,
      on_timeout: on_timeout,
      ordered: ordered,
      spawn: spawn,
      mfa: {m, f, a},
      owner: self()
    }
  end

  def stream_next(st) do
    st = fill(st)

    case ready(st) do
      {:emit, item, st} ->
        {[item], st}

      :none ->
        if map_size(st.running) == 0 and st.input_done do
          {:halt, st}
        else
          st |> wait() |> stream_next()
        end
    end
  end

  def stream_after(st) do
    Enum.each(st.running, fn {ref, {_i, pid, _deadline}} ->
      Process.demonitor(ref, [:flush])
      Process.unlink(pid)
      Process.exit(pid, :kill)
    end)

    if not st.input_done and is_function(st.input, 0) and st.next_index > 0 do
      _ = st.input
    end

    :ok
  end

  defp ready(%{ordered: true} = st) do
    case Map.fetch(st.results, st.emit_index) do
      {:ok, r} -> {:emit, r, %{st | results: Map.delete(st.results, st.emit_index), emit_index: st.emit_index + 1}}
      :error -> :none
    end
  end

  defp ready(%{queue: [r | rest]} = st), do: {:emit, r, %{st | queue: rest}}
  defp ready(_st), do: :none

  defp fill(st) do
    if st.input_done or map_size(st.running) >= st.max do
      st
    else
      case st.input.() do
        {:suspended, x, cont} ->
          st = spawn_task(st, x)
          fill(%{st | input: fn -> cont.({:cont, nil}) end})

        _ ->
          %{st | input_done: true}
      end
    end
  end

  defp spawn_task(st, x) do
    mfa =
      case st.mfa do
        {:erlang, :apply, [fun]} -> {:erlang, :apply, [fun, [x]]}
        {m, f, a} -> {m, f, [x | a]}
      end

    owner = st.owner

    pid =
      case st.spawn do
        :link ->
          spawn_link(Task.Supervised, :run, [owner, mfa])

        {:supervisor, sup, link} ->
          {:ok, pid} =
            DynamicSupervisor.start_child(sup, %{
              id: Task.Supervised,
              start: {Task.Supervised, :start_link, [owner, :reply, mfa]},
              restart: :temporary
            })

          if link, do: Process.link(pid)
          pid
      end

    ref = Process.monitor(pid)
    send(pid, {owner, ref, ref})

    deadline =
      if st.timeout == :infinity, do: :infinity, else: System.monotonic_time(:millisecond) + st.timeout

    %{st | running: Map.put(st.running, ref, {st.next_index, pid, deadline}), next_index: st.next_index + 1}
  end

  defp wait(st) do
    running = st.running
    now = System.monotonic_time(:millisecond)

    left =
      Enum.reduce(running, :infinity, fn {_, {_, _, d}}, acc ->
        cond do
          d == :infinity -> acc
          acc == :infinity -> max(d - now, 0)
          true -> min(acc, max(d - now, 0))
        end
      end)

    receive do
      {ref, value} when is_reference(ref) and is_map_key(running, ref) ->
        Process.demonitor(ref, [:flush])
        {i, _pid, _} = Map.fetch!(running, ref)
        done(st, ref, i, {:ok, value})

      {:DOWN, ref, _, _, reason} when is_map_key(running, ref) ->
        {i, _pid, _} = Map.fetch!(running, ref)
        done(st, ref, i, {:exit, reason})
    after
      left -> timed_out(st)
    end
  end

  defp done(st, ref, i, result) do
    st = %{st | running: Map.delete(st.running, ref)}

    if st.ordered,
      do: %{st | results: Map.put(st.results, i, result)},
      else: %{st | queue: st.queue ++ [result]}
  end

  defp timed_out(st) do
    now = System.monotonic_time(:millisecond)

    expired =
      st.running
      |> Enum.filter(fn {_, {_, _, d}} -> d != :infinity and d <= now end)
      |> Enum.sort_by(fn {_, {i, _, _}} -> i end)

    case st.on_timeout do
      :kill_task ->
        Enum.reduce(expired, st, fn {ref, {i, pid, _}}, acc ->
          Process.demonitor(ref, [:flush])
          Process.unlink(pid)
          Process.exit(pid, :kill)
          done(acc, ref, i, {:exit, :timeout})
        end)

      _ ->
        stream_after(st)
        exit({:timeout, {Task.Supervised, :stream, [st.timeout]}})
    end
  end
end

defmodule Task.Supervisor do
  @moduledoc false

  def child_spec(opts) when is_list(opts) do
    id =
      case Keyword.get(opts, :name, Task.Supervisor) do
        name when is_atom(name) -> name
        {:global, name} -> name
        {:via, _module, name} -> name
      end

    %{id: id, start: {Task.Supervisor, :start_link, [opts]}, type: :supervisor}
  end

  def start_link(options \\ []) do
    {restart, options} = Keyword.pop(options, :restart)
    {shutdown, options} = Keyword.pop(options, :shutdown)
    _ = {restart, shutdown}
    DynamicSupervisor.start_link(Keyword.put_new(options, :strategy, :one_for_one))
  end

  def async(supervisor, fun, options \\ []), do: async(supervisor, :erlang, :apply, [fun, []], options)

  def async(supervisor, module, fun, args, options) when is_atom(fun) do
    start_task(supervisor, true, {module, fun, args}, options)
  end

  def async_nolink(supervisor, fun, options \\ []), do: async_nolink(supervisor, :erlang, :apply, [fun, []], options)

  def async_nolink(supervisor, module, fun, args, options) when is_atom(fun) do
    start_task(supervisor, false, {module, fun, args}, options)
  end

  defp start_task(supervisor, link, {m, f, a} = mfa, options) do
    owner = self()
    shutdown = Keyword.get(options, :shutdown, 5000)

    {:ok, pid} =
      DynamicSupervisor.start_child(supervisor, %{
        id: Task.Supervised,
        start: {Task.Supervised, :start_link, [owner, :reply, mfa]},
        restart: :temporary,
        shutdown: shutdown
      })

    if link, do: Process.link(pid)
    Task.Supervised.handshake(owner, pid, {m, f, length(a)})
  end

  def start_child(supervisor, fun, options \\ []), do: start_child(supervisor, :erlang, :apply, [fun, []], options)

  def start_child(supervisor, module, fun, args, options) do
    restart = Keyword.get(options, :restart, :temporary)
    shutdown = Keyword.get(options, :shutdown, 5000)

    DynamicSupervisor.start_child(supervisor, %{
      id: Task.Supervised,
      start: {Task.Supervised, :start_link, [self(), :noreply, {module, fun, args}]},
      restart: restart,
      shutdown: shutdown
    })
  end

  def children(supervisor) do
    for {_, pid, _, _} <- DynamicSupervisor.which_children(supervisor), is_pid(pid), do: pid
  end

  def terminate_child(supervisor, pid), do: DynamicSupervisor.terminate_child(supervisor, pid)

  def async_stream(supervisor, enumerable, fun, options \\ []) when is_function(fun, 1) do
    Task.__stream__(enumerable, {:erlang, :apply, [fun]}, [{:__spawn__, {:supervisor, supervisor, true}} | options])
  end

  def async_stream(supervisor, enumerable, module, function, args, options) do
    Task.__stream__(enumerable, {module, function, args}, [{:__spawn__, {:supervisor, supervisor, true}} | options])
  end

  def async_stream_nolink(supervisor, enumerable, fun, options \\ []) when is_function(fun, 1) do
    Task.__stream__(enumerable, {:erlang, :apply, [fun]}, [{:__spawn__, {:supervisor, supervisor, false}} | options])
  end

  def async_stream_nolink(supervisor, enumerable, module, function, args, options) do
    Task.__stream__(enumerable, {module, function, args}, [{:__spawn__, {:supervisor, supervisor, false}} | options])
  end
end

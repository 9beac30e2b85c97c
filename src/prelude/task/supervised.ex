# Task.Supervised: the task process (see task.ex).
defmodule Task.Supervised do
  @moduledoc false

  # A task that waits for its owner's {owner, ref, reply_to} before running.
  def run(owner, mfa) do
    put_callers(owner, mfa)

    receive do
      {^owner, ref, _reply_to} ->
        result = invoke_mfa({:reply, owner}, mfa)
        :beamsh_otp.__reply__(owner, ref, result)
        :ok
    end
  end

  # (invoke_mfa/2 is its last call, as in Elixir's noreply/3: no frame of run_now/2 stays)
  def run_now(owner, mfa) do
    put_callers(owner, mfa)
    invoke_mfa(owner, mfa)
  end

  # Under a Task.Supervisor, started as Elixir's Task.Supervised is (the supervisor may be on
  # another node than the owner): start_link/2 waits for the owner's
  # {owner_pid, ref, reply_to, callers, mfa} and sends {ref, result} to reply_to (a pid, or the
  # alias reference a real node's owner passes); start_link/3 just runs.
  def start_link({_node, _name, owner_pid} = owner, :monitor) do
    {:ok, :proc_lib.spawn_link(Task.Supervised, :reply, [owner, owner_pid])}
  end

  def start_link({_node, _name, _pid} = owner, callers, mfa) do
    {:ok, :proc_lib.spawn_link(Task.Supervised, :noreply, [owner, callers, mfa])}
  end

  @doc false
  def reply({_, _, _} = _owner, owner_pid) do
    mref = Process.monitor(owner_pid)

    receive do
      {^owner_pid, ref, reply_to, callers, mfa} ->
        Process.put(:"$callers", callers)
        Process.put(:"$initial_call", initial_call(mfa))
        Process.demonitor(mref, [:flush])
        send(reply_to, {ref, invoke_mfa({:reply, owner_pid}, mfa)})
        :ok

      {:DOWN, ^mref, _, _, reason} ->
        exit({:shutdown, reason})
    after
      5000 -> exit(:timeout)
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
  defp put_callers(owner, mfa) do
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

    :beamsh_otp.report(
      :task,
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
      # {ref, deadline} of the tasks in the order they were spawned (their deadlines are in
      # that order too): the first whose ref is still running has the earliest deadline.
      deadlines: :queue.new(),
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

    {pid, ref} =
      case st.spawn do
        :link ->
          pid = spawn_link(Task.Supervised, :run, [owner, mfa])
          ref = Process.monitor(pid)
          send(pid, {owner, ref, ref})
          {pid, ref}

        {:supervisor, sup, link} ->
          {:ok, pid} = GenServer.call(sup, {:start_task, [{node(), owner, owner}, :monitor], :temporary, nil}, :infinity)
          if link, do: Process.link(pid)
          ref = Process.monitor(pid)
          send(pid, {owner, ref, owner, [owner | Process.get(:"$callers", [])], mfa})
          {pid, ref}
      end

    deadline =
      if st.timeout == :infinity, do: :infinity, else: System.monotonic_time(:millisecond) + st.timeout

    deadlines = if deadline == :infinity, do: st.deadlines, else: :queue.in({ref, deadline}, st.deadlines)
    %{st | running: Map.put(st.running, ref, {st.next_index, pid, deadline}), next_index: st.next_index + 1, deadlines: deadlines}
  end

  defp wait(st) do
    running = st.running
    deadlines = drop_finished(st.deadlines, running)
    st = %{st | deadlines: deadlines}

    left =
      case :queue.peek(deadlines) do
        {:value, {_ref, d}} -> max(d - System.monotonic_time(:millisecond), 0)
        :empty -> :infinity
      end

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

  defp drop_finished(deadlines, running) do
    case :queue.peek(deadlines) do
      {:value, {ref, _}} when not is_map_key(running, ref) -> drop_finished(:queue.drop(deadlines), running)
      _ -> deadlines
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

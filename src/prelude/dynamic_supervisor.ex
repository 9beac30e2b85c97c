# DynamicSupervisor: children started on demand, all with the same restart strategy.
defmodule DynamicSupervisor do
  @moduledoc false
  @behaviour GenServer

  # `use DynamicSupervisor, opts`: a child_spec/1 built from the options, which the module may override.
  defmacro __using__(opts) do
    quote location: :keep, bind_quoted: [opts: opts] do
      @behaviour DynamicSupervisor

      def child_spec(arg) do
        default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}, type: :supervisor}
        Supervisor.child_spec(default, unquote(Macro.escape(opts)))
      end

      defoverridable child_spec: 1
    end
  end


  # `{DynamicSupervisor, opts}` as a child: the name (or the :global/:via name) is its id.
  def child_spec(opts) when is_list(opts) do
    id =
      case Keyword.get(opts, :name, DynamicSupervisor) do
        name when is_atom(name) -> name
        {:global, name} -> name
        {:via, _module, name} -> name
      end

    %{id: id, start: {DynamicSupervisor, :start_link, [opts]}, type: :supervisor}
  end

  def start_link(options) when is_list(options) do
    keys = [:extra_arguments, :max_children, :max_seconds, :max_restarts, :strategy]
    {sup_opts, start_opts} = Keyword.split(options, keys)
    start_link(Supervisor.Default, init(sup_opts), start_opts)
  end

  def start_link(module, init_arg, opts \\ []) do
    GenServer.start_link(DynamicSupervisor, {module, init_arg, opts[:name]}, opts)
  end

  def init(options) when is_list(options) do
    strategy = Keyword.get(options, :strategy, :one_for_one)
    intensity = Keyword.get(options, :max_restarts, 3)
    period = Keyword.get(options, :max_seconds, 5)
    max_children = Keyword.get(options, :max_children, :infinity)
    extra_arguments = Keyword.get(options, :extra_arguments, [])

    flags = %{
      strategy: strategy,
      intensity: intensity,
      period: period,
      max_children: max_children,
      extra_arguments: extra_arguments
    }

    {:ok, flags}
  end

  def start_child(supervisor, {_, _, _, _, _, _} = child_spec) do
    validate_and_start_child(supervisor, child_spec)
  end

  def start_child(supervisor, child_spec) do
    validate_and_start_child(supervisor, Supervisor.child_spec(child_spec, []))
  end

  # Elixir checks a dynamic child here, in the caller, with checks of its own: the :id is
  # required but ignored, :significant is ignored, and a map with an unknown :type fails
  # to match its case on the type.
  defp validate_and_start_child(supervisor, child_spec) do
    case validate_child(child_spec) do
      {:ok, child} -> GenServer.call(supervisor, {:start_child, child}, :infinity)
      error -> {:error, error}
    end
  end

  defp validate_child(%{id: _, start: {mod, _, _} = start} = spec) do
    type = Map.get(spec, :type, :worker)

    default_shutdown =
      case type do
        :worker -> 5000
        :supervisor -> :infinity
      end

    shutdown = Map.get(spec, :shutdown, default_shutdown)
    validate_child(start, Map.get(spec, :restart, :permanent), shutdown, type, Map.get(spec, :modules, [mod]))
  end

  defp validate_child({_id, start, restart, shutdown, type, modules}), do: validate_child(start, restart, shutdown, type, modules)
  defp validate_child(other), do: {:invalid_child_spec, other}

  defp validate_child(start, restart, shutdown, type, modules) do
    cond do
      not match?({m, f, a} when is_atom(m) and is_atom(f) and is_list(a), start) -> {:invalid_mfa, start}
      restart not in [:permanent, :temporary, :transient] -> {:invalid_restart_type, restart}
      not (shutdown in [:infinity, :brutal_kill] or (is_integer(shutdown) and shutdown > 0)) -> {:invalid_shutdown, shutdown}
      type not in [:supervisor, :worker] -> {:invalid_child_type, type}
      modules != :dynamic and not (is_list(modules) and Enum.all?(modules, &is_atom/1)) -> {:invalid_modules, modules}
      true -> {:ok, {start, restart, shutdown, type, modules}}
    end
  end

  def terminate_child(supervisor, pid) when is_pid(pid), do: GenServer.call(supervisor, {:terminate_child, pid}, :infinity)
  def which_children(supervisor), do: GenServer.call(supervisor, :which_children, :infinity)
  def count_children(supervisor), do: GenServer.call(supervisor, :count_children, :infinity)
  def stop(supervisor, reason \\ :normal, timeout \\ :infinity), do: GenServer.stop(supervisor, reason, timeout)

  # ---- callbacks -------------------------------------------------------------------------

  def init({mod, init_arg, name}) do
    Process.put(:"$initial_call", {:supervisor, mod, 1})
    Process.flag(:trap_exit, true)

    case mod.init(init_arg) do
      {:ok, flags} when is_map(flags) ->
        state = %{
          children: %{},
          strategy: Map.get(flags, :strategy, :one_for_one),
          intensity: Map.get(flags, :intensity, 1),
          period: Map.get(flags, :period, 5),
          max_children: Map.get(flags, :max_children, :infinity),
          extra_arguments: Map.get(flags, :extra_arguments, []),
          restarts: [],
          mod: mod,
          args: init_arg,
          # (how its reports name it)
          name: name || {self(), mod}
        }

        case check_flags(state) do
          :ok -> {:ok, state}
          reason -> {:stop, {:supervisor_data, reason}}
        end

      :ignore ->
        :ignore

      other ->
        {:stop, {:bad_return, {mod, :init, other}}}
    end
  end

  def handle_call(:which_children, _from, state) do
    reply =
      state.children
      |> Enum.sort()
      |> Enum.map(fn
        {_pid, {:restarting, {_, _, _, type, mods}}} -> {:undefined, :restarting, type, mods}
        {pid, {_, _, _, type, mods}} -> {:undefined, pid, type, mods}
      end)

    {:reply, reply, state}
  end

  def handle_call(:count_children, _from, state) do
    # (a child being restarted counts as a spec, not as active)
    specs = map_size(state.children)
    sups = Enum.count(state.children, fn {_, c} -> elem(spec_of(c), 3) == :supervisor end)
    active = Enum.count(state.children, fn {pid, c} -> not match?({:restarting, _}, c) and Process.alive?(pid) end)
    {:reply, %{active: active, specs: specs, supervisors: sups, workers: specs - sups}, state}
  end

  def handle_call({:terminate_child, pid}, _from, state) do
    case Map.fetch(state.children, pid) do
      {:ok, {:restarting, _}} ->
        {:reply, :ok, %{state | children: Map.delete(state.children, pid)}}

      {:ok, child} ->
        shutdown(pid, child, state)
        {:reply, :ok, %{state | children: Map.delete(state.children, pid)}}

      :error ->
        {:reply, {:error, :not_found}, state}
    end
  end

  # Task.Supervisor's start: the task's arguments, restart and shutdown as Elixir's
  # Task.Supervisor sends them (also from other nodes, so the tuple must be Elixir's).
  def handle_call({:start_task, args, restart, shutdown}, from, state) do
    {init_restart, init_shutdown} = Process.get(Task.Supervisor) || {:temporary, 5000}
    child = {{Task.Supervised, :start_link, args}, restart || init_restart, shutdown || init_shutdown, :worker, [Task.Supervised]}
    handle_call({:start_child, child}, from, state)
  end

  def handle_call({:start_child, child}, _from, state) do
    if state.max_children != :infinity and map_size(state.children) >= state.max_children do
      {:reply, {:error, :max_children}, state}
    else
      case start(child, state) do
        {:ok, pid} -> {:reply, {:ok, pid}, put_in_children(state, pid, child)}
        {:ok, pid, info} -> {:reply, {:ok, pid, info}, put_in_children(state, pid, child)}
        :ignore -> {:reply, :ignore, state}
        {:error, r} -> {:reply, {:error, r}, state}
      end
    end
  end

  defp check_flags(state) do
    %{strategy: strategy, intensity: intensity, period: period, max_children: max, extra_arguments: extra} = state

    cond do
      strategy != :one_for_one -> {:invalid_strategy, strategy}
      not (is_integer(intensity) and intensity >= 0) -> {:invalid_intensity, intensity}
      not (is_integer(period) and period > 0) -> {:invalid_period, period}
      not (max == :infinity or (is_integer(max) and max >= 0)) -> {:invalid_max_children, max}
      not is_list(extra) -> {:invalid_extra_arguments, extra}
      true -> :ok
    end
  end

  defp put_in_children(state, pid, child), do: %{state | children: Map.put(state.children, pid, child)}

  defp start({{m, f, a}, _, _, _, _}, state) do
    res =
      try do
        apply(m, f, state.extra_arguments ++ a)
      catch
        :exit, e -> {:error, e}
        :error, e -> {:error, {e, :beamsh_otp_stack.canonical(__STACKTRACE__, {DynamicSupervisor, :start_child})}}
        :throw, v -> {:error, {{:nocatch, v}, :beamsh_otp_stack.canonical(__STACKTRACE__, {DynamicSupervisor, :start_child})}}
      end

    case res do
      {:ok, pid} when is_pid(pid) -> {:ok, pid}
      {:ok, pid, info} when is_pid(pid) -> {:ok, pid, info}
      :ignore -> :ignore
      {:error, _} = err -> err
      other -> {:error, other}
    end
  end

  # Stops a child (:kill for :brutal_kill, else :shutdown and :kill after its shutdown time);
  # one that ends for another reason than it was told (a child that is not permanent may also
  # end :normal), or had ended already, is reported as shut down abnormally.
  defp shutdown(pid, {_, restart, shutdown, _, _} = child, state) do
    ref = Process.monitor(pid)
    Process.unlink(pid)

    reason =
      receive do
        {:EXIT, ^pid, reason} ->
          receive do
            {:DOWN, ^ref, :process, _, _} -> {:ended, reason}
          end
      after
        0 ->
          Process.exit(pid, if(shutdown == :brutal_kill, do: :kill, else: :shutdown))
          timeout = if is_integer(shutdown), do: shutdown, else: :infinity

          receive do
            {:DOWN, ^ref, :process, _, reason} -> reason
          after
            timeout ->
              Process.exit(pid, :kill)

              receive do
                {:DOWN, ^ref, :process, _, reason} -> reason
              end
          end
      end

    case {reason, shutdown} do
      {{:ended, :normal}, _} when restart != :permanent -> :ok
      {{:ended, why}, _} -> report_error(:shutdown_error, why, pid, child, state)
      {:killed, :brutal_kill} -> :ok
      {_, :brutal_kill} -> report_error(:shutdown_error, reason, pid, child, state)
      {:shutdown, _} -> :ok
      {{:shutdown, _}, _} -> :ok
      {:normal, _} when restart != :permanent -> :ok
      _ -> report_error(:shutdown_error, reason, pid, child, state)
    end
  end

  # SASL's supervisor report (shown by Logger with :handle_sasl_reports; Logger's handler is
  # the only one, so it is not even made without).
  defp report_error(error, reason, pid, {{m, f, args}, restart, shutdown, type, _modules}, state) do
    if Logger.App.sasl_reports?() do
      # (a temporary child's arguments are not kept, as it is never started again)
      args = if restart == :temporary, do: :undefined, else: args
      offender = [pid: pid, id: :undefined, mfargs: {m, f, state.extra_arguments ++ args}, restart_type: restart, shutdown: shutdown, child_type: type]

      :logger.error(
        %{label: {:supervisor, error}, report: [supervisor: state.name, errorContext: error, reason: reason, offender: offender]},
        %{domain: [:otp, :sasl], logger_formatter: %{title: 'SUPERVISOR REPORT'}, error_logger: %{tag: :error_report, type: :supervisor_report}}
      )
    end

    :ok
  end

  def handle_cast(_, state), do: {:noreply, state}

  def handle_info({:EXIT, pid, reason}, state) do
    case Map.fetch(state.children, pid) do
      {:ok, {_, restart, _, _, _} = child} ->
        normal? = reason in [:normal, :shutdown] or match?({:shutdown, _}, reason)
        if restart == :permanent or not normal?, do: report_error(:child_terminated, reason, pid, child, state)

        if restart == :permanent or (restart == :transient and not normal?) do
          restart_child(pid, child, state)
        else
          {:noreply, %{state | children: Map.delete(state.children, pid)}}
        end

      _ ->
        {:noreply, state}
    end
  end

  # A child whose restart failed is tried again (a message to itself, so other requests get
  # in between); each attempt counts toward the restart intensity.
  def handle_info({:"$gen_restart", pid}, state) do
    case Map.fetch(state.children, pid) do
      {:ok, {:restarting, child}} -> restart_child(pid, child, state)
      # (terminate_child/2 may have removed it meanwhile)
      _ -> {:noreply, state}
    end
  end

  def handle_info(_msg, state), do: {:noreply, state}

  # Restarts a child that ended (or whose restart failed): given up, with the supervisor
  # shutting down, once more than `intensity` restarts fall within `period` seconds.
  defp restart_child(pid, child, state) do
    now = :erlang.monotonic_time(1)
    restarts = for then <- [now | state.restarts], now <= then + state.period, do: then
    state = %{state | restarts: restarts}

    # Tells the runtime's event stream (restart meters, crash explanations).
    event = &:beamsh_events.restart(:undefined, pid, &1, length(restarts), state.intensity, state.period)

    if length(restarts) > state.intensity do
      report_error(:shutdown, :reached_max_restart_intensity, pid, child, state)
      event.(:gave_up)
      {:stop, :shutdown, %{state | children: Map.delete(state.children, pid)}}
    else
      case start(child, state) do
        {:ok, npid} ->
          event.(npid)
          {:noreply, put_in_children(%{state | children: Map.delete(state.children, pid)}, npid, child)}

        {:ok, npid, _} ->
          event.(npid)
          {:noreply, put_in_children(%{state | children: Map.delete(state.children, pid)}, npid, child)}

        :ignore ->
          event.(:ignore)
          {:noreply, %{state | children: Map.delete(state.children, pid)}}

        {:error, reason} = error ->
          report_error(:start_error, reason, {:restarting, pid}, child, state)
          event.(error)
          send(self(), {:"$gen_restart", pid})
          {:noreply, put_in_children(state, pid, {:restarting, child})}
      end
    end
  end

  defp spec_of({:restarting, child}), do: child
  defp spec_of(child), do: child

  def terminate(_reason, state) do
    state.children
    |> Enum.reject(fn {_pid, child} -> match?({:restarting, _}, child) end)
    |> Enum.sort()
    |> Enum.reverse()
    |> Enum.each(fn {pid, child} -> shutdown(pid, child, state) end)

    :ok
  end

  # :sys.get_status/1 shows the callback module under :supervisor, as a supervisor's does.
  def format_status(:terminate, [_pdict, state]), do: state
  def format_status(_opt, [_pdict, %{mod: mod} = state]), do: [data: [{'State', state}], supervisor: [{'Callback', mod}]]

  # A hot upgrade runs init/1 again: new flags replace the old ones (the children stay).
  def code_change(_, %{mod: mod, args: init_arg} = state, _) do
    case mod.init(init_arg) do
      {:ok, flags} when is_map(flags) ->
        new = %{
          state
          | strategy: Map.get(flags, :strategy, :one_for_one),
            intensity: Map.get(flags, :intensity, 1),
            period: Map.get(flags, :period, 5),
            max_children: Map.get(flags, :max_children, :infinity),
            extra_arguments: Map.get(flags, :extra_arguments, [])
        }

        case check_flags(new) do
          :ok -> {:ok, new}
          reason -> {:error, {:supervisor_data, reason}}
        end

      :ignore ->
        {:ok, state}

      error ->
        error
    end
  end
end

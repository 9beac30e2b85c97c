# ConsumerSupervisor (GenStage 1.3): a consumer stage that starts one supervised child per
# event, from a single child template whose start arguments get the event appended.
#
# It subscribes with :manual demand: it asks each producer for max_demand events, and asks
# again (in lots of at least min_demand) as children exit, so at most max_demand children
# per producer run at once. Children are restarted as their :restart says (:transient or
# :temporary; :permanent is refused), within max_restarts in max_seconds.
#
# children: %{pid => [producer ref | start args]} (args :undefined for temporary children,
# producer :dynamic for start_child/2), or {:restarting, that} while a restart is retried.
# producers: %{ref => {from, running, exits not yet asked for, min, max}}.
defmodule ConsumerSupervisor do
  @moduledoc false
  @behaviour GenStage

  # `use ConsumerSupervisor, opts` (GenStage 1.3): a supervisor's child_spec/1, Supervisor.Spec
  # imported, and init/1 declared for the module to define.
  defmacro __using__(opts) do
    quote location: :keep, bind_quoted: [opts: opts] do
      @behaviour ConsumerSupervisor
      import Supervisor.Spec

      @doc false
      def child_spec(arg) do
        default = %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}, type: :supervisor}
        Supervisor.child_spec(default, unquote(Macro.escape(opts)))
      end

      defoverridable child_spec: 1

      @doc false
      def init(arg)
    end
  end


  defstruct [
    :name,
    :mod,
    :args,
    :template,
    :max_restarts,
    :max_seconds,
    :strategy,
    children: %{},
    producers: %{},
    restarts: [],
    restarting: 0
  ]

  # ---- client API ----------------------------------------------------------------------

  def start_link(children, options) when is_list(children) do
    {sup_options, start_options} = Keyword.split(options, [:strategy, :max_restarts, :max_seconds, :subscribe_to])
    start_link(ConsumerSupervisor.Default, init(children, sup_options), start_options)
  end

  def start_link(mod, args, opts \\ []) do
    GenStage.start_link(ConsumerSupervisor, {mod, args, opts[:name]}, opts)
  end

  def start_child(supervisor, args) when is_list(args), do: call(supervisor, {:start_child, args})
  def terminate_child(supervisor, pid) when is_pid(pid), do: call(supervisor, {:terminate_child, pid})
  def which_children(supervisor), do: call(supervisor, :which_children)
  def count_children(supervisor), do: call(supervisor, :count_children)

  def init([{_, _, _, _, _, _} = template], opts), do: {:ok, [template], opts}

  def init([template], opts) when is_tuple(template) or is_map(template) or is_atom(template) do
    {:ok, {_, [template]}} = Supervisor.init([template], opts)
    {:ok, [template], opts}
  end

  defp call(supervisor, request), do: GenStage.call(supervisor, request, :infinity)

  # ---- GenStage callbacks --------------------------------------------------------------

  @doc false
  def init({mod, args, name}) do
    Process.put(:"$initial_call", {:supervisor, mod, 1})
    Process.flag(:trap_exit, true)

    case mod.init(args) do
      {:ok, children, opts} ->
        case check_specs(children) do
          :ok ->
            state = %ConsumerSupervisor{mod: mod, args: args, name: name || {self(), mod}}

            case configure(state, children, opts) do
              {:ok, state, opts} -> {:consumer, state, opts}
              {:error, message} -> {:stop, {:bad_opts, message}}
            end

          {:error, message} ->
            {:stop, {:bad_specs, message}}
        end

      :ignore ->
        :ignore

      other ->
        {:stop, {:bad_return_value, other}}
    end
  end

  defp check_specs([_] = children), do: :supervisor.check_childspecs(children)
  defp check_specs(_), do: {:error, "consumer supervisor expects a list with a single item as a template"}

  defp configure(state, [child], opts) when is_list(opts) do
    {strategy, opts} = Keyword.pop(opts, :strategy)
    {max_restarts, opts} = Keyword.pop(opts, :max_restarts, 3)
    {max_seconds, opts} = Keyword.pop(opts, :max_seconds, 5)
    template = template(child)

    cond do
      strategy == nil ->
        {:error, "supervisor expects a strategy to be given"}

      strategy != :one_for_one ->
        {:error, "unknown supervision strategy for consumer supervisor"}

      not is_integer(max_restarts) ->
        {:error, "max_restarts must be an integer"}

      not is_integer(max_seconds) ->
        {:error, "max_seconds must be an integer"}

      elem(template, 2) == :permanent ->
        {:error,
         "a child specification with :restart set to :permanent is not supported in ConsumerSupervisor\n\n" <>
           "Set the :restart option either to :temporary, so children spawned from events are never restarted, " <>
           "or :transient, so they are restarted only on abnormal exits\n"}

      true ->
        state = %{state | template: template, strategy: strategy, max_restarts: max_restarts, max_seconds: max_seconds}
        {:ok, state, opts}
    end
  end

  defp configure(_state, [_], _opts), do: {:error, "supervisor's init expects a keywords list as options"}

  # The template as {id, start, restart, shutdown, type, modules}.
  defp template(%{id: id, start: {mod, _, _} = start} = child) do
    {id, start, Map.get(child, :restart, :permanent), Map.get(child, :shutdown, 5000), Map.get(child, :type, :worker),
     Map.get(child, :modules, [mod])}
  end

  defp template({_, _, _, _, _, _} = child), do: child

  @doc false
  def handle_subscribe(:producer, opts, {_, ref} = from, state) do
    max = Keyword.get(opts, :max_demand, 1000)
    min = Keyword.get(opts, :min_demand, div(max, 2))
    GenStage.ask(from, max)
    {:manual, %{state | producers: Map.put(state.producers, ref, {from, 0, 0, min, max})}}
  end

  @doc false
  def handle_cancel(_, {_, ref}, state) do
    {:noreply, [], %{state | producers: Map.delete(state.producers, ref)}}
  end

  @doc false
  def handle_events(events, {pid, ref} = from, state) do
    {started, failed} = start_for_events(events, from, state.template, state, [], 0)
    children = Enum.into(started, state.children)
    new = map_size(children) - map_size(state.children)
    # A child that failed to start counts as one that already exited.
    {:noreply, [], account(ref, pid, new + failed, failed, children, state)}
  end

  defp start_for_events([], _from, _template, _state, started, failed), do: {started, failed}

  defp start_for_events([event | events], {_, ref} = from, template, state, started, failed) do
    {_, {m, f, args}, restart, _, _, _} = template
    args = args ++ [event]

    case start_child(m, f, args) do
      {:ok, pid, _} -> start_for_events(events, from, template, state, [{pid, child_entry(ref, restart, args)} | started], failed)
      {:ok, pid} -> start_for_events(events, from, template, state, [{pid, child_entry(ref, restart, args)} | started], failed)
      :ignore -> start_for_events(events, from, template, state, started, failed + 1)
      {:error, reason} ->
        :error_logger.__log__(:error, 'ConsumerSupervisor failed to start child from: ~tp with reason: ~tp~n', [from, reason])
        report(:start_error, reason, :undefined, args, template, state)
        start_for_events(events, from, template, state, started, failed + 1)
    end
  end

  defp child_entry(producer, :temporary, _args), do: [producer | :undefined]
  defp child_entry(producer, _restart, args), do: [producer | args]

  # `started` events arrived (children started or failed), `exited` children are done: asks
  # the producer again once the exits reach min_demand.
  defp account(ref, pid, started, exited, children, state) do
    case state.producers do
      %{^ref => {to, running, pending, min, max}} ->
        if running + started > max do
          :error_logger.__log__(:error, 'ConsumerSupervisor has received ~tp events in excess from: ~tp~n', [running + started - max, {pid, ref}])
        end

        pending =
          case pending + exited do
            ask when ask >= min ->
              GenStage.ask(to, ask)
              0

            ask ->
              ask
          end

        producers = Map.put(state.producers, ref, {to, running + started - exited, pending, min, max})
        %{state | children: children, producers: producers}

      _ ->
        %{state | children: children}
    end
  end

  @doc false
  def handle_call(:which_children, _from, state) do
    {_, _, _, _, type, modules} = state.template

    reply =
      for {pid, entry} <- state.children do
        shown =
          case entry do
            {:restarting, _} -> :restarting
            _ -> pid
          end

        {:undefined, shown, type, modules}
      end

    {:reply, reply, [], state}
  end

  def handle_call(:count_children, _from, state) do
    {_, _, _, _, type, _} = state.template
    specs = map_size(state.children)
    active = specs - state.restarting

    reply =
      case type do
        :supervisor -> %{specs: 1, active: active, workers: 0, supervisors: specs}
        :worker -> %{specs: 1, active: active, workers: specs, supervisors: 0}
      end

    {:reply, reply, [], state}
  end

  def handle_call({:terminate_child, pid}, _from, state) do
    case state.children do
      %{^pid => entry} ->
        producer =
          case entry do
            {:restarting, [producer | _]} -> producer
            [producer | _] -> producer
          end

        :ok = shutdown_children(%{pid => entry}, state)
        {:reply, :ok, [], forget_child(producer, pid, state)}

      _ ->
        {:reply, {:error, :not_found}, [], state}
    end
  end

  def handle_call({:start_child, extra}, _from, %{template: {_, {m, f, args}, restart, _, _, _}} = state) do
    args = args ++ extra

    case start_child(m, f, args) do
      {:ok, pid, _} = reply -> {:reply, reply, [], save_child(restart, :dynamic, pid, args, state)}
      {:ok, pid} = reply -> {:reply, reply, [], save_child(restart, :dynamic, pid, args, state)}
      reply -> {:reply, reply, [], state}
    end
  end

  defp start_child(m, f, args) do
    try do
      apply(m, f, args)
    catch
      :exit, reason -> {:error, reason}
      :error, reason -> {:error, {reason, __STACKTRACE__}}
      :throw, value -> {:error, {{:nocatch, value}, __STACKTRACE__}}
    else
      {:ok, pid, extra} when is_pid(pid) -> {:ok, pid, extra}
      {:ok, pid} when is_pid(pid) -> {:ok, pid}
      :ignore -> :ignore
      {:error, _} = error -> error
      other -> {:error, other}
    end
  end

  defp save_child(:temporary, producer, pid, _args, state), do: %{state | children: Map.put(state.children, pid, [producer | :undefined])}
  defp save_child(_restart, producer, pid, args, state), do: %{state | children: Map.put(state.children, pid, [producer | args])}

  @doc false
  def handle_cast(_msg, state), do: {:noreply, [], state}

  @doc false
  def handle_info({:EXIT, pid, reason}, state) do
    case child_exited(pid, reason, state) do
      {:ok, state} -> {:noreply, [], state}
      {:shutdown, state} -> {:stop, :shutdown, state}
    end
  end

  def handle_info({:"$gen_restart", pid}, state) do
    state = %{state | restarting: state.restarting - 1}

    case state.children do
      %{^pid => {:restarting, [producer | args]}} ->
        case restart(producer, pid, args, state) do
          {:ok, state} -> {:noreply, [], state}
          {:shutdown, state} -> {:stop, :shutdown, state}
        end

      _ ->
        {:noreply, [], state}
    end
  end

  def handle_info(msg, state) do
    :error_logger.__log__(:error, 'ConsumerSupervisor received unexpected message: ~tp~n', [msg])
    {:noreply, [], state}
  end

  @doc false
  def code_change(_, %{mod: mod, args: args} = state, _) do
    case mod.init(args) do
      {:ok, children, opts} ->
        with :ok <- check_specs(children) |> specs_error(),
             {:ok, state, _} <- configure(state, children, opts) |> opts_error() do
          {:ok, state}
        end

      :ignore ->
        {:ok, state}

      error ->
        error
    end
  end

  defp specs_error({:error, message}), do: {:error, {:bad_specs, message}}
  defp specs_error(ok), do: ok
  defp opts_error({:error, message}), do: {:error, {:bad_opts, message}}
  defp opts_error(ok), do: ok

  @doc false
  def terminate(_, state), do: :ok = shutdown_children(state.children, state)

  @doc false
  def format_status(:terminate, [_pdict, state]), do: state

  def format_status(_, [_pdict, %{mod: mod} = state]) do
    [data: [{'State', state}], supervisor: [{'Callback', mod}]]
  end

  # ---- exits and restarts --------------------------------------------------------------

  defp child_exited(pid, reason, state) do
    {_, _, restart, _, _, _} = state.template

    case state.children do
      %{^pid => [producer | args]} -> child_exited(restart, reason, producer, pid, args, state)
      _ -> {:ok, state}
    end
  end

  defp child_exited(:permanent, reason, producer, pid, args, state) do
    report(:child_terminated, reason, pid, args, state.template, state)
    restart(producer, pid, args, state)
  end

  defp child_exited(restart, reason, producer, pid, args, state) do
    cond do
      GenStage.__transient__(reason) ->
        {:ok, forget_child(producer, pid, state)}

      restart == :transient ->
        report(:child_terminated, reason, pid, args, state.template, state)
        restart(producer, pid, args, state)

      true ->
        report(:child_terminated, reason, pid, args, state.template, state)
        {:ok, forget_child(producer, pid, state)}
    end
  end

  defp forget_child(:dynamic, pid, state), do: %{state | children: Map.delete(state.children, pid)}
  defp forget_child(ref, pid, state), do: account(ref, pid, 0, 1, Map.delete(state.children, pid), state)

  defp restart(producer, pid, args, state) do
    now = :erlang.monotonic_time(1)
    restarts = for t <- [now | state.restarts], now <= t + state.max_seconds, do: t
    state = %{state | restarts: restarts}

    if length(restarts) <= state.max_restarts do
      {_, {m, f, _}, restart, _, _, _} = state.template

      case start_child(m, f, args) do
        {:ok, new_pid, _} -> {:ok, replace_child(producer, pid, new_pid, restart, args, state)}
        {:ok, new_pid} -> {:ok, replace_child(producer, pid, new_pid, restart, args, state)}
        :ignore -> {:ok, forget_child(producer, pid, state)}
        {:error, reason} ->
          report(:start_error, reason, {:restarting, pid}, args, state.template, state)
          send(self(), {:"$gen_restart", pid})

          children =
            case state.children do
              %{^pid => {:restarting, _}} -> state.children
              %{^pid => entry} -> Map.put(state.children, pid, {:restarting, entry})
            end

          {:ok, %{state | children: children, restarting: state.restarting + 1}}
      end
    else
      report(:shutdown, :reached_max_restart_intensity, pid, args, state.template, state)
      {:shutdown, forget_child(producer, pid, state)}
    end
  end

  defp replace_child(producer, old_pid, pid, restart, args, state) do
    save_child(restart, producer, pid, args, %{state | children: Map.delete(state.children, old_pid)})
  end

  # A supervisor report (SASL: iex does not print these).
  defp report(context, reason, pid, args, {id, {m, f, _}, restart, shutdown, type, _}, state) do
    :error_logger.error_report(:supervisor_report,
      supervisor: state.name,
      errorContext: context,
      reason: reason,
      offender: [pid: pid, id: id, mfargs: {m, f, args}, restart_type: restart, shutdown: shutdown, child_type: type]
    )
  end

  # ---- shutdown ------------------------------------------------------------------------

  defp shutdown_children(children, %{template: template} = state) do
    {_, _, restart, shutdown, _, _} = template
    {pids, failed} = watch_children(children, restart)

    failed =
      case shutdown do
        :brutal_kill ->
          Enum.each(pids, fn {pid, _} -> Process.exit(pid, :kill) end)
          await_children(restart, shutdown, pids, map_size(pids), nil, failed)

        :infinity ->
          Enum.each(pids, fn {pid, _} -> Process.exit(pid, :shutdown) end)
          await_children(restart, shutdown, pids, map_size(pids), nil, failed)

        time ->
          Enum.each(pids, fn {pid, _} -> Process.exit(pid, :shutdown) end)
          timer = :erlang.start_timer(time, self(), :kill)
          await_children(restart, shutdown, pids, map_size(pids), timer, failed)
      end

    Enum.each(failed, fn {pid, reason} -> report(:shutdown_error, reason, pid, :undefined, template, state) end)
    :ok
  end

  # Monitors the running children (unlinked): {%{pid => true}, %{pid => exit reason}} for
  # those that had already exited.
  defp watch_children(children, restart) do
    Enum.reduce(children, {%{}, %{}}, fn
      {_, {:restarting, _}}, acc ->
        acc

      {pid, _}, {pids, failed} ->
        case watch_child(pid) do
          :ok -> {Map.put(pids, pid, true), failed}
          {:error, :normal} when restart != :permanent -> {pids, failed}
          {:error, reason} -> {pids, Map.put(failed, pid, reason)}
        end
    end)
  end

  defp watch_child(pid) do
    ref = Process.monitor(pid)
    Process.unlink(pid)

    receive do
      {:EXIT, ^pid, reason} ->
        receive do
          {:DOWN, ^ref, :process, ^pid, _} -> {:error, reason}
        end
    after
      0 -> :ok
    end
  end

  defp await_children(_restart, _shutdown, _pids, 0, nil, failed), do: failed

  defp await_children(_restart, _shutdown, _pids, 0, timer, failed) do
    _ = :erlang.cancel_timer(timer)

    receive do
      {:timeout, ^timer, :kill} -> :ok
    after
      0 -> :ok
    end

    failed
  end

  defp await_children(restart, :brutal_kill, pids, size, timer, failed) do
    receive do
      {:DOWN, _, :process, pid, :killed} ->
        await_children(restart, :brutal_kill, Map.delete(pids, pid), size - 1, timer, failed)

      {:DOWN, _, :process, pid, reason} ->
        await_children(restart, :brutal_kill, Map.delete(pids, pid), size - 1, timer, Map.put(failed, pid, reason))
    end
  end

  defp await_children(restart, shutdown, pids, size, timer, failed) do
    receive do
      {:DOWN, _, :process, pid, reason} ->
        ok? = reason == :shutdown or match?({:shutdown, _}, reason) or (reason == :normal and restart != :permanent)
        failed = if ok?, do: failed, else: Map.put(failed, pid, reason)
        await_children(restart, shutdown, Map.delete(pids, pid), size - 1, timer, failed)

      {:timeout, ^timer, :kill} ->
        Enum.each(pids, fn {pid, _} -> Process.exit(pid, :kill) end)
        await_children(restart, shutdown, pids, size, nil, failed)
    end
  end
end

# :supervisor, the supervisor process: a gen_server callback module whose state has the
# shape of OTP's #state{} record so :sys.get_state/1 reads like OTP's.
defmodule :supervisor do
  @moduledoc false

  # behaviour_info/1 as erlc makes it of the module's -callback and -optional_callbacks
  # attributes, in their order (another argument fails in the function it inlines)
  def behaviour_info(:callbacks), do: [init: 1]
  def behaviour_info(:optional_callbacks), do: []
  def behaviour_info(other), do: :erlang.raise(:error, :function_clause, [{:supervisor, :"-inlined-behaviour_info/1-", [other], []}])

  # state: {:state, name, strategy, {ids, children}, dynamics, intensity, period, restarts,
  #         dynamic_restarts, auto_shutdown, module, args}
  # child: {:child, pid, id, mfargs, restart, significant, shutdown, type, modules}

  def start_link(mod, args), do: :gen.start(:gen_server, :link, :supervisor, {:self, mod, args}, [])
  def start_link(name, mod, args), do: :gen.start(:gen_server, :link, name, :supervisor, {name, mod, args}, [])

  def start_child(sup, spec), do: GenServer.call(sup, {:start_child, spec}, :infinity)
  def terminate_child(sup, id), do: GenServer.call(sup, {:terminate_child, id}, :infinity)
  def restart_child(sup, id), do: GenServer.call(sup, {:restart_child, id}, :infinity)
  def delete_child(sup, id), do: GenServer.call(sup, {:delete_child, id}, :infinity)
  def which_children(sup), do: GenServer.call(sup, :which_children, :infinity)
  def count_children(sup), do: GenServer.call(sup, :count_children, :infinity)
  def get_childspec(sup, id), do: GenServer.call(sup, {:get_childspec, id}, :infinity)

  # :ok, or {:error, reason} for the first child specification OTP would reject.
  def check_childspecs(specs), do: check_childspecs(specs, :never)

  def check_childspecs(specs, auto_shutdown) when is_list(specs) do
    case check_specs(specs, :one_for_one, auto_shutdown) do
      {:ok, _} -> :ok
      {:error, {:start_spec, reason}} -> {:error, reason}
      {:error, _} = error -> error
    end
  end

  def check_childspecs(other, _), do: {:error, {:badarg, other}}

  # ---- callbacks -----------------------------------------------------------------------

  def init({name, mod, args}) do
    Process.flag(:trap_exit, true)

    sup_name =
      case name do
        :self -> {self(), mod}
        n -> n
      end

    # As OTP's supervisor:init/1, Mod.init/1 is not guarded: what it raises ends the process
    # through gen_server's init_it, which reports it with its stacktrace.
    case {:ok, mod.init(args)} do
      {:ok, {:ok, {flags, specs}}} ->
        case check_flags(flags) do
          {:ok, strategy, intensity, period, auto_shutdown} ->
            case check_specs(specs, strategy, auto_shutdown) do
              {:ok, children} ->
                state = {:state, sup_name, strategy, {[], %{}}, :undefined, intensity, period, [], 0, auto_shutdown, mod, args}

                case start_children(children, state) do
                  {:ok, state} -> {:ok, state}
                  {:error, reason} -> {:stop, {:shutdown, reason}}
                end

              {:error, reason} ->
                {:stop, reason}
            end

          {:error, reason} ->
            {:stop, {:supervisor_data, reason}}
        end

      {:ok, :ignore} ->
        :ignore

      {:ok, other} ->
        {:stop, {:bad_return, {mod, :init, other}}}
    end
  end

  defp check_flags(%{} = flags) do
    strategy = Map.get(flags, :strategy, :one_for_one)
    intensity = Map.get(flags, :intensity, 1)
    period = Map.get(flags, :period, 5)
    auto_shutdown = Map.get(flags, :auto_shutdown, :never)

    cond do
      strategy not in [:one_for_one, :one_for_all, :rest_for_one, :simple_one_for_one] -> {:error, {:invalid_strategy, strategy}}
      not (is_integer(intensity) and intensity >= 0) -> {:error, {:invalid_intensity, intensity}}
      not (is_integer(period) and period > 0) -> {:error, {:invalid_period, period}}
      auto_shutdown not in [:never, :any_significant, :all_significant] -> {:error, {:invalid_auto_shutdown, auto_shutdown}}
      strategy == :simple_one_for_one and auto_shutdown != :never -> {:error, {:bad_combination, [strategy: strategy, auto_shutdown: auto_shutdown]}}
      true -> {:ok, strategy, intensity, period, auto_shutdown}
    end
  end

  defp check_flags({strategy, intensity, period}), do: check_flags(%{strategy: strategy, intensity: intensity, period: period})
  defp check_flags(other), do: {:error, {:invalid_type, other}}

  # A simple_one_for_one supervisor takes exactly one child specification (its template).
  defp check_specs(specs, :simple_one_for_one, auto_shutdown) when length(specs) == 1,
    do: check_specs(specs, :one_for_one, auto_shutdown)

  defp check_specs(specs, :simple_one_for_one, _), do: {:error, {:bad_start_spec, specs}}

  defp check_specs(specs, _strategy, auto_shutdown) do
    Enum.reduce_while(specs, {:ok, []}, fn spec, {:ok, acc} ->
      case to_child(spec, auto_shutdown) do
        {:ok, child} ->
          id = elem(child, 2)

          if Enum.any?(acc, fn c -> elem(c, 2) == id end) do
            {:halt, {:error, {:start_spec, {:duplicate_child_name, id}}}}
          else
            {:cont, {:ok, [child | acc]}}
          end

        {:error, reason} ->
          {:halt, {:error, {:start_spec, reason}}}
      end
    end)
    |> case do
      {:ok, l} -> {:ok, Enum.reverse(l)}
      err -> err
    end
  end

  @doc false
  # OTP's check of a child specification: the checks run in OTP's order, so the first
  # problem found is the one reported.
  def to_child(spec, auto_shutdown \\ :never)

  def to_child(%{} = spec, auto_shutdown) do
    spec = Map.merge(%{restart: :permanent, type: :worker}, spec)
    %{restart: restart, type: type} = spec

    with {:ok, id} <- fetch_spec(spec, :id, :missing_id),
         {:ok, start} <- fetch_spec(spec, :start, :missing_start),
         :ok <- valid_mfa(start),
         :ok <- valid_restart(restart),
         significant = Map.get(spec, :significant, false),
         :ok <- valid_significant(significant, restart, auto_shutdown),
         :ok <- valid_type(type),
         shutdown = Map.get(spec, :shutdown, if(type == :worker, do: 5000, else: :infinity)),
         :ok <- valid_shutdown(shutdown),
         modules = Map.get(spec, :modules, [elem(start, 0)]),
         :ok <- valid_modules(modules) do
      {:ok, {:child, :undefined, id, start, restart, significant, shutdown, type, modules}}
    end
  end

  def to_child({id, start, restart, shutdown, type, modules}, auto_shutdown) do
    to_child(%{id: id, start: start, restart: restart, shutdown: shutdown, type: type, modules: modules}, auto_shutdown)
  end

  def to_child(other, _), do: {:error, {:invalid_child_spec, other}}

  defp fetch_spec(spec, key, missing) do
    case Map.fetch(spec, key) do
      {:ok, v} -> {:ok, v}
      :error -> {:error, missing}
    end
  end

  defp valid_mfa({m, f, a}) when is_atom(m) and is_atom(f) and is_list(a), do: :ok
  defp valid_mfa(other), do: {:error, {:invalid_mfa, other}}

  defp valid_restart(r) when r in [:permanent, :transient, :temporary], do: :ok
  defp valid_restart(r), do: {:error, {:invalid_restart_type, r}}

  defp valid_significant(false, _, _), do: :ok
  defp valid_significant(true, _, :never), do: {:error, {:bad_combination, [auto_shutdown: :never, significant: true]}}
  defp valid_significant(true, :permanent, _), do: {:error, {:bad_combination, [restart: :permanent, significant: true]}}
  defp valid_significant(true, _, _), do: :ok
  defp valid_significant(other, _, _), do: {:error, {:invalid_significant, other}}

  defp valid_type(t) when t in [:worker, :supervisor], do: :ok
  defp valid_type(t), do: {:error, {:invalid_child_type, t}}

  defp valid_shutdown(s) when s in [:brutal_kill, :infinity] or (is_integer(s) and s >= 0), do: :ok
  defp valid_shutdown(s), do: {:error, {:invalid_shutdown, s}}

  defp valid_modules(:dynamic), do: :ok
  defp valid_modules([]), do: :ok
  defp valid_modules([m | rest]) when is_atom(m), do: valid_modules(rest)
  defp valid_modules([m | _]), do: {:error, {:invalid_module, m}}
  defp valid_modules(other), do: {:error, {:invalid_modules, other}}

  defp start_children(children, state) do
    Enum.reduce_while(children, {:ok, state}, fn child, {:ok, st} ->
      case do_start_child(child, :init, elem(st, 1)) do
        {:ok, pid} ->
          {:cont, {:ok, add_child(st, put_elem(child, 1, pid))}}

        {:ok, pid, _extra} ->
          {:cont, {:ok, add_child(st, put_elem(child, 1, pid))}}

        :ignore ->
          if elem(child, 4) == :temporary,
            do: {:cont, {:ok, st}},
            else: {:cont, {:ok, add_child(st, put_elem(child, 1, :undefined))}}

        {:error, reason} ->
          report_error(:start_error, reason, child, elem(st, 1))
          st = terminate_children(st)
          _ = st
          {:halt, {:error, {:failed_to_start_child, elem(child, 2), reason}}}
      end
    end)
  end

  # OTP calls the start function inside an old-style `catch`: an error becomes
  # {:EXIT, {reason, stacktrace}}, an exit {:EXIT, reason}, and a throw its value.
  # `where` names the OTP code path that started the child (for the stacktrace).
  # (a child started is reported as OTP's supervisor does: SASL's progress report)
  defp do_start_child(child, where, sup_name) do
    res = do_start_child(child, where)

    case res do
      {:ok, pid} -> report_progress(put_elem(child, 1, pid), sup_name)
      {:ok, pid, _extra} -> report_progress(put_elem(child, 1, pid), sup_name)
      _ -> :ok
    end

    res
  end

  defp do_start_child({:child, _, _, {m, f, a}, _, _, _, _, _}, where) do
    res =
      try do
        apply(m, f, a)
      catch
        :error, e -> {:EXIT, {e, :beamsh_otp_stack.canonical(__STACKTRACE__, {:supervisor, where})}}
        :exit, e -> {:EXIT, e}
        :throw, value -> value
      end

    case res do
      {:ok, pid} when is_pid(pid) -> {:ok, pid}
      {:ok, pid, extra} when is_pid(pid) -> {:ok, pid, extra}
      :ignore -> :ignore
      {:error, reason} -> {:error, reason}
      other -> {:error, other}
    end
  end

  # children helpers: {ids (newest first), map}
  defp children_of(state), do: elem(state, 3)

  defp add_child(state, child) do
    {ids, map} = children_of(state)
    id = elem(child, 2)
    ids = if Map.has_key?(map, id), do: ids, else: [id | ids]
    put_elem(state, 3, {ids, Map.put(map, id, child)})
  end

  defp put_child(state, child) do
    {ids, map} = children_of(state)
    put_elem(state, 3, {ids, Map.put(map, elem(child, 2), child)})
  end

  defp remove_child(state, id) do
    {ids, map} = children_of(state)
    put_elem(state, 3, {List.delete(ids, id), Map.delete(map, id)})
  end

  defp get_child(state, id) do
    {_ids, map} = children_of(state)
    Map.get(map, id)
  end

  defp find_by_pid(state, pid) do
    {ids, map} = children_of(state)

    Enum.find_value(ids, fn id ->
      c = Map.fetch!(map, id)
      if elem(c, 1) == pid, do: c, else: nil
    end)
  end

  # children in start order
  defp start_order(state) do
    {ids, map} = children_of(state)
    ids |> Enum.reverse() |> Enum.map(&Map.fetch!(map, &1))
  end

  defp terminate_children(state) do
    {ids, _} = children_of(state)

    Enum.reduce(ids, state, fn id, st ->
      child = get_child(st, id)
      shutdown_child(child, elem(st, 1))

      if elem(child, 4) == :temporary,
        do: remove_child(st, id),
        else: put_child(st, put_elem(child, 1, :undefined))
    end)
  end

  # Stops a running child as OTP's supervisor:shutdown/1 does (:kill for :brutal_kill, else
  # :shutdown and :kill after its shutdown time); a child that ends for another reason than
  # the one it was told (a temporary or transient child may also end :normal or {:shutdown,
  # _}) is reported as shut down abnormally.
  defp shutdown_child({:child, pid, _, _, restart, _, shutdown, _, _} = child, sup_name) when is_pid(pid) do
    ref = Process.monitor(pid)
    Process.exit(pid, if(shutdown == :brutal_kill, do: :kill, else: :shutdown))

    reason =
      case wait_down(ref, if(shutdown == :brutal_kill, do: :infinity, else: shutdown), pid) do
        :timeout ->
          Process.exit(pid, :kill)
          {:down, reason} = wait_down(ref, :infinity, pid)
          unlink_flush(pid, reason)

        {:down, reason} ->
          unlink_flush(pid, reason)
      end

    expected = if shutdown == :brutal_kill, do: :killed, else: :shutdown

    ok? =
      case reason do
        ^expected -> true
        :shutdown -> restart != :permanent
        {:shutdown, _} -> restart != :permanent
        :normal -> restart != :permanent
        _ -> false
      end

    if ok?, do: :ok, else: report_error(:shutdown_error, reason, child, sup_name)
  end

  defp shutdown_child(_, _sup_name), do: :ok

  # (unlinked now, its exit signal is in the mailbox if it came first: its reason counts)
  defp unlink_flush(pid, default) do
    Process.unlink(pid)

    receive do
      {:EXIT, ^pid, reason} -> reason
    after
      0 -> default
    end
  end

  defp wait_down(ref, timeout, _pid) do
    receive do
      {:DOWN, ^ref, :process, _, reason} -> {:down, reason}
    after
      timeout -> :timeout
    end
  end

  def handle_call(:which_children, _from, state) do
    {ids, map} = children_of(state)

    list =
      Enum.map(ids, fn id ->
        {:child, pid, id, _, _, _, _, type, mods} = Map.fetch!(map, id)
        {id, pid, type, mods}
      end)

    {:reply, list, state}
  end

  def handle_call(:count_children, _from, state) do
    {_ids, map} = children_of(state)
    children = Map.values(map)

    {specs, active, sups, workers} =
      Enum.reduce(children, {0, 0, 0, 0}, fn {:child, pid, _, _, _, _, _, type, _}, {s, a, su, w} ->
        a = if is_pid(pid) and Process.alive?(pid), do: a + 1, else: a
        if type == :supervisor, do: {s + 1, a, su + 1, w}, else: {s + 1, a, su, w + 1}
      end)

    {:reply, [specs: specs, active: active, supervisors: sups, workers: workers], state}
  end

  def handle_call({:terminate_child, id}, _from, state) do
    child =
      if is_pid(id),
        do: find_by_pid(state, id),
        else: get_child(state, id)

    case child do
      nil ->
        {:reply, {:error, :not_found}, state}

      child ->
        shutdown_child(child, elem(state, 1))

        state =
          if elem(child, 4) == :temporary,
            do: remove_child(state, elem(child, 2)),
            else: put_child(state, put_elem(child, 1, :undefined))

        {:reply, :ok, state}
    end
  end

  def handle_call({:restart_child, id}, _from, state) do
    case get_child(state, id) do
      nil ->
        {:reply, {:error, :not_found}, state}

      {:child, :undefined, _, _, _, _, _, _, _} = child ->
        case do_start_child(child, :restart_child, elem(state, 1)) do
          {:ok, pid} -> {:reply, {:ok, pid}, put_child(state, put_elem(child, 1, pid))}
          {:ok, pid, extra} -> {:reply, {:ok, pid, extra}, put_child(state, put_elem(child, 1, pid))}
          :ignore -> {:reply, {:ok, :undefined}, state}
          {:error, r} -> {:reply, {:error, r}, state}
        end

      {:child, :restarting, _, _, _, _, _, _, _} ->
        {:reply, {:error, :restarting}, state}

      _ ->
        {:reply, {:error, :running}, state}
    end
  end

  def handle_call({:delete_child, id}, _from, state) do
    case get_child(state, id) do
      nil -> {:reply, {:error, :not_found}, state}
      {:child, :undefined, _, _, _, _, _, _, _} -> {:reply, :ok, remove_child(state, id)}
      {:child, :restarting, _, _, _, _, _, _, _} -> {:reply, {:error, :restarting}, state}
      _ -> {:reply, {:error, :running}, state}
    end
  end

  def handle_call({:get_childspec, id}, _from, state) do
    case get_child(state, id) do
      nil ->
        {:reply, {:error, :not_found}, state}

      {:child, _, id, start, restart, significant, shutdown, type, mods} ->
        {:reply, {:ok, %{id: id, start: start, restart: restart, significant: significant, shutdown: shutdown, type: type, modules: mods}},
         state}
    end
  end

  def handle_call({:start_child, spec}, _from, state) do
    case to_child(spec, elem(state, 9)) do
      {:ok, child} ->
        id = elem(child, 2)

        case get_child(state, id) do
          nil ->
            case do_start_child(child, :start_child, elem(state, 1)) do
              {:ok, pid} -> {:reply, {:ok, pid}, add_child(state, put_elem(child, 1, pid))}
              {:ok, pid, extra} -> {:reply, {:ok, pid, extra}, add_child(state, put_elem(child, 1, pid))}
              :ignore -> {:reply, {:ok, :undefined}, if(elem(child, 4) == :temporary, do: state, else: add_child(state, child))}
              {:error, r} -> {:reply, {:error, {r, child}}, state}
            end

          {:child, pid, _, _, _, _, _, _, _} when is_pid(pid) ->
            {:reply, {:error, {:already_started, pid}}, state}

          _ ->
            {:reply, {:error, :already_present}, state}
        end

      {:error, reason} ->
        {:reply, {:error, reason}, state}
    end
  end

  def handle_call(other, _from, state), do: {:reply, {:error, {:bad_call, other}}, state}

  def handle_cast(_msg, state), do: {:noreply, state}

  def handle_info({:EXIT, pid, reason}, state) do
    case find_by_pid(state, pid) do
      nil ->
        {:noreply, state}

      child ->
        restart_type = elem(child, 4)
        # (a permanent child's end is always reported, another's unless it ended normally)
        if restart_type == :permanent or not normal_reason?(reason),
          do: report_error(:child_terminated, reason, child, elem(state, 1))

        cond do
          restart_type == :permanent or (restart_type == :transient and not normal_reason?(reason)) ->
            restart(child, state)

          restart_type == :temporary ->
            {:noreply, remove_child(state, elem(child, 2))}

          true ->
            {:noreply, put_child(state, put_elem(child, 1, :undefined))}
        end
    end
  end

  def handle_info({:"$restart", id}, state) do
    case get_child(state, id) do
      {:child, :restarting, _, _, _, _, _, _, _} = child -> restart(child, state)
      _ -> {:noreply, state}
    end
  end

  def handle_info(_msg, state), do: {:noreply, state}

  defp normal_reason?(:normal), do: true
  defp normal_reason?(:shutdown), do: true
  defp normal_reason?({:shutdown, _}), do: true
  defp normal_reason?(_), do: false

  defp restart(child, state) do
    case add_restart(state) do
      {:ok, state} ->
        do_restart(elem(state, 2), child, state)

      {:terminate, state} ->
        report_error(:shutdown, :reached_max_restart_intensity, child, elem(state, 1))
        restart_event(child, :gave_up, state)
        state = put_child(state, put_elem(child, 1, :undefined))
        {:stop, :shutdown, state}
    end
  end

  # Tells the runtime's event stream (restart meters, crash explanations).
  defp restart_event(child, result, state) do
    old = if is_pid(elem(child, 1)), do: elem(child, 1), else: nil
    :beamsh_events.restart(elem(child, 2), old, result, length(elem(state, 7)), elem(state, 5), elem(state, 6))
  end

  defp started(child, res, state) do
    case res do
      {:ok, pid} -> restart_event(child, pid, state)
      {:ok, pid, _} -> restart_event(child, pid, state)
      other -> restart_event(child, other, state)
    end

    res
  end

  defp add_restart(state) do
    intensity = elem(state, 5)
    period = elem(state, 6)
    now = System.monotonic_time(:millisecond)
    restarts = [now | Enum.filter(elem(state, 7), fn t -> now - t < period * 1000 end)]
    state = put_elem(state, 7, restarts)
    if length(restarts) > intensity, do: {:terminate, state}, else: {:ok, state}
  end

  defp do_restart(:one_for_one, child, state) do
    case started(child, do_start_child(child, :restart, elem(state, 1)), state) do
      {:ok, pid} -> {:noreply, put_child(state, put_elem(child, 1, pid))}
      {:ok, pid, _} -> {:noreply, put_child(state, put_elem(child, 1, pid))}
      :ignore -> {:noreply, put_child(state, put_elem(child, 1, :undefined))}
      {:error, reason} ->
        report_error(:start_error, reason, child, elem(state, 1))
        try_again(child, state)
    end
  end

  defp do_restart(:simple_one_for_one, child, state), do: do_restart(:one_for_one, child, state)

  defp do_restart(strategy, child, state) do
    id = elem(child, 2)
    order = start_order(state)

    affected =
      case strategy do
        :one_for_all -> order
        :rest_for_one -> Enum.drop_while(order, fn c -> elem(c, 2) != id end)
      end

    # shut down the others (reverse start order), then start them all again in order
    state =
      affected
      |> Enum.reverse()
      |> Enum.reduce(state, fn c, st ->
        if elem(c, 2) == id do
          put_child(st, put_elem(c, 1, :undefined))
        else
          shutdown_child(c, elem(st, 1))

          if elem(c, 4) == :temporary,
            do: remove_child(st, elem(c, 2)),
            else: put_child(st, put_elem(c, 1, :undefined))
        end
      end)

    Enum.reduce_while(affected, {:noreply, state}, fn c, {:noreply, st} ->
      c = get_child(st, elem(c, 2))

      if c == nil do
        {:cont, {:noreply, st}}
      else
        case started(c, do_start_child(c, :restart, elem(st, 1)), st) do
          {:ok, pid} -> {:cont, {:noreply, put_child(st, put_elem(c, 1, pid))}}
          {:ok, pid, _} -> {:cont, {:noreply, put_child(st, put_elem(c, 1, pid))}}
          :ignore -> {:cont, {:noreply, st}}
          {:error, reason} ->
            report_error(:start_error, reason, c, elem(st, 1))
            {:halt, try_again(c, st)}
        end
      end
    end)
  end

  defp try_again(child, state) do
    send(self(), {:"$restart", elem(child, 2)})
    {:noreply, put_child(state, put_elem(child, 1, :restarting))}
  end

  # ---- SASL's reports (shown by Logger with :handle_sasl_reports) ----------------------------

  defp report_progress(child, sup_name) do
    if sasl_reports?() do
      :logger.info(%{label: {:supervisor, :progress}, report: [supervisor: sup_name, started: extract_child(child)]}, %{
        domain: [:otp, :sasl],
        logger_formatter: %{title: 'PROGRESS REPORT'},
        error_logger: %{tag: :info_report, type: :progress}
      })
    end

    :ok
  end

  defp report_error(error, reason, child, sup_name) do
    if sasl_reports?() do
      report = [supervisor: sup_name, errorContext: error, reason: reason, offender: extract_child(child)]

      :logger.error(%{label: {:supervisor, error}, report: report}, %{
        domain: [:otp, :sasl],
        logger_formatter: %{title: 'SUPERVISOR REPORT'},
        error_logger: %{tag: :error_report, type: :supervisor_report}
      })
    end

    :ok
  end

  # (Logger's handler is the only one, and drops these without the option: not even made then)
  defp sasl_reports?(), do: Logger.App.sasl_reports?()

  defp extract_child({:child, pid, id, mfargs, restart, significant, shutdown, type, _modules}) do
    [pid: pid, id: id, mfargs: mfargs, restart_type: restart, significant: significant, shutdown: shutdown, child_type: type]
  end

  def terminate(_reason, state) do
    terminate_children(state)
    :ok
  end

  def code_change(_, state, _), do: {:ok, state}

  # :sys.get_status/1 shows the callback module under :supervisor (a crash report, the state).
  def format_status(:terminate, [_pdict, state]), do: state
  def format_status(_opt, [_pdict, state]), do: [data: [{'State', state}], supervisor: [{'Callback', elem(state, 10)}]]

  # The callback module of a supervisor (or of a DynamicSupervisor), read from its status.
  def get_callback_module(pid) do
    {:status, _pid, {:module, _mod}, [_pdict, _sys_state, _parent, _debug, misc]} = :sys.get_status(pid)

    case :lists.keyfind(:supervisor, 1, misc) do
      {:supervisor, [{'Callback', mod}]} ->
        mod

      _ ->
        [_header, _data, {:data, [{'State', state}]} | _] = misc
        elem(state, 10)
    end
  end
end

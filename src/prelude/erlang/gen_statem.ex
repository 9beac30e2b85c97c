# :gen_statem, OTP's state machine behaviour: both callback modes (state_functions,
# handle_event_function) with optional state_enter calls; every transition result
# (next_state, keep_state, repeat_state and their _and_data forms, stop, stop_and_reply);
# every transition action (reply, postpone, next_event, hibernate, the event timeout,
# generic timeouts {:timeout, name} and the state timeout, with :cancel and :update);
# postponed events retried after a state change and inserted events handled first; calls,
# casts and plain messages; :sys.get_state/replace_state/suspend/resume.
defmodule :gen_statem do
  @moduledoc false

  # behaviour_info/1 as erlc makes it of the module's -callback and -optional_callbacks
  # attributes, in their order (another argument fails in the function it inlines)
  def behaviour_info(:callbacks), do: [init: 1, callback_mode: 0, state_name: 3, handle_event: 4, terminate: 3, code_change: 4, format_status: 2, format_status: 1]
  def behaviour_info(:optional_callbacks), do: [format_status: 1, format_status: 2, terminate: 3, code_change: 4, state_name: 3, handle_event: 4]
  def behaviour_info(other), do: :erlang.raise(:error, :function_clause, [{:gen_statem, :"-inlined-behaviour_info/1-", [other], []}])

  def start(mod, args, opts), do: :gen.start(:gen_statem, :nolink, mod, args, opts)
  def start(name, mod, args, opts), do: :gen.start(:gen_statem, :nolink, name, mod, args, opts)
  def start_link(mod, args, opts), do: :gen.start(:gen_statem, :link, mod, args, opts)
  def start_link(name, mod, args, opts), do: :gen.start(:gen_statem, :link, name, mod, args, opts)

  def start_monitor(mod, args, opts) do
    case start(mod, args, opts) do
      {:ok, pid} -> {:ok, {pid, Process.monitor(pid)}}
      other -> other
    end
  end

  def start_monitor(name, mod, args, opts) do
    case start(name, mod, args, opts) do
      {:ok, pid} -> {:ok, {pid, Process.monitor(pid)}}
      other -> other
    end
  end

  def stop(server), do: stop(server, :normal, :infinity)
  def stop(server, reason, timeout), do: :gen.stop(server, reason, timeout)

  def call(server, request), do: call(server, request, :infinity)

  def call(server, request, timeout) do
    t =
      case timeout do
        {:dirty_timeout, t} -> t
        {:clean_timeout, t} -> t
        t -> t
      end

    pid = if is_pid(server), do: server, else: :gen.__whereis__(server)
    caller = [{:gen_statem, :call_dirty, 4, [file: 'gen_statem.erl', line: 900]}]
    why = {:gen_statem, :call, [server, request, timeout]}

    if pid == nil do
      :erlang.raise(:exit, {:noproc, why}, [{:gen, :do_for_proc, 2, [file: 'gen.erl', line: 565]} | caller])
    end

    case :gen.__call__(pid, :"$gen_call", request, t) do
      {:ok, reply} ->
        reply

      {:exit, :timeout} ->
        :erlang.raise(:exit, {:timeout, why}, [{:gen, :do_call, 4, [file: 'gen.erl', line: 273]} | caller])

      {:exit, reason} ->
        :erlang.raise(:exit, {reason, why}, [{:gen, :do_call, 4, [file: 'gen.erl', line: 243]} | caller])
    end
  end

  def cast(server, msg) do
    pid = if is_pid(server), do: server, else: :gen.__whereis__(server)
    if pid != nil, do: send(pid, {:"$gen_cast", msg})
    :ok
  end

  def reply({:reply, from, reply}), do: reply(from, reply)
  def reply(replies) when is_list(replies), do: Enum.each(replies, &reply/1)
  def reply(from, reply), do: :gen.reply(from, reply)

  # ---- asynchronous requests, as gen_server's (gen.erl's request ids and collections) ----

  def send_request(server_ref, request) do
    :gen.send_request(server_ref, :"$gen_call", request)
  rescue
    e in ArgumentError -> badarg(e, [server_ref, request])
  end

  def send_request(server_ref, request, label, req_id_col) do
    :gen.send_request(server_ref, :"$gen_call", request, label, req_id_col)
  rescue
    e in ArgumentError -> badarg(e, [server_ref, request, label, req_id_col])
  end

  def wait_response(req_id), do: wait_response(req_id, :infinity)

  def wait_response(req_id, wait_time) do
    :gen.wait_response(req_id, wait_time)
  rescue
    e in ArgumentError -> badarg(e, [req_id, wait_time])
  end

  def wait_response(req_id_col, wait_time, delete) do
    :gen.wait_response(req_id_col, wait_time, delete)
  rescue
    e in ArgumentError -> badarg(e, [req_id_col, wait_time, delete])
  end

  def receive_response(req_id), do: receive_response(req_id, :infinity)

  def receive_response(req_id, timeout) do
    :gen.receive_response(req_id, timeout)
  rescue
    e in ArgumentError -> badarg(e, [req_id, timeout])
  end

  def receive_response(req_id_col, timeout, delete) do
    :gen.receive_response(req_id_col, timeout, delete)
  rescue
    e in ArgumentError -> badarg(e, [req_id_col, timeout, delete])
  end

  def check_response(msg, req_id) do
    :gen.check_response(msg, req_id)
  rescue
    e in ArgumentError -> badarg(e, [msg, req_id])
  end

  def check_response(msg, req_id_col, delete) do
    :gen.check_response(msg, req_id_col, delete)
  rescue
    e in ArgumentError -> badarg(e, [msg, req_id_col, delete])
  end

  def reqids_new(), do: :gen.reqids_new()

  def reqids_size(req_id_col) do
    :gen.reqids_size(req_id_col)
  rescue
    e in ArgumentError -> badarg(e, [req_id_col])
  end

  def reqids_add(req_id, label, req_id_col) do
    :gen.reqids_add(req_id, label, req_id_col)
  rescue
    e in ArgumentError -> badarg(e, [req_id, label, req_id_col])
  end

  def reqids_to_list(req_id_col) do
    :gen.reqids_to_list(req_id_col)
  rescue
    e in ArgumentError -> badarg(e, [req_id_col])
  end

  defp badarg(%ArgumentError{message: "argument error"}, args), do: :erlang.error(:badarg, args)
  defp badarg(e, _args), do: raise(e)

  # ---- the state machine process ----------------------------------------------------

  # The machine's state between events.
  defp new(parent, name, mod, state, data) do
    %{
      parent: parent, name: name, mod: mod, state: state, data: data, mode: nil, enter: false,
      postponed: [], timers: %{}, queue: []
    }
  end

  # Where OTP's machine raises a bad callback result from (the exit reason's stack).
  @loop_stack [
    {:gen_statem, :loop_state_callback_result, 11, [file: 'gen_statem.erl', line: 1580]},
    {:proc_lib, :init_p_do_apply, 3, [file: 'proc_lib.erl', line: 240]}
  ]

  @doc false
  def init_it(starter, parent, name, mod, args, _opts) do
    res =
      try do
        {:ok, mod.init(args)}
      catch
        :throw, value -> {:ok, value}
        kind, reason -> {:EXIT, kind, reason, __STACKTRACE__}
      end

    case res do
      {:ok, {:ok, state, data}} -> started(starter, parent, name, mod, state, data, [])
      {:ok, {:ok, state, data, actions}} -> started(starter, parent, name, mod, state, data, List.wrap(actions))
      {:ok, {:stop, reason}} -> init_failed(starter, name, {:error, reason}, reason)
      {:ok, :ignore} -> init_failed(starter, name, :ignore, :normal)
      {:ok, other} -> init_failed(starter, name, {:error, {:bad_return_from_init, other}}, {:bad_return_from_init, other})
      {:EXIT, :exit, reason, _} -> init_failed(starter, name, {:error, reason}, reason)
      {:EXIT, :error, reason, stack} -> init_failed(starter, name, {:error, {reason, stack}}, {reason, stack})
      {:EXIT, :throw, value, stack} -> init_failed(starter, name, {:error, {{:nocatch, value}, stack}}, {{:nocatch, value}, stack})
    end
  end

  defp init_failed(starter, name, ack, reason) do
    :gen.unregister_name(name)
    :gen.init_ack(starter, ack)
    exit(reason)
  end

  defp started(starter, parent, name, mod, state, data, actions) do
    m = new(parent, name, mod, state, data)

    case callback_mode(mod) do
      {:ok, mode, enter} ->
        :gen.init_ack(starter, {:ok, self()})
        m = %{m | mode: mode, enter: enter}
        # The initial state is entered from itself.
        transition(m, state, data, actions, state, true, nil)

      {:error, reason} ->
        :gen.init_ack(starter, {:error, reason})
        exit(reason)
    end
  end

  defp callback_mode(mod) do
    try do
      mod.callback_mode()
    catch
      kind, reason -> {:error, exit_reason(kind, reason, __STACKTRACE__)}
    else
      mode -> parse_mode(List.wrap(mode), nil, false, mode)
    end
  end

  defp parse_mode([:state_functions | rest], nil, enter, orig), do: parse_mode(rest, :state_functions, enter, orig)
  defp parse_mode([:handle_event_function | rest], nil, enter, orig), do: parse_mode(rest, :handle_event_function, enter, orig)
  defp parse_mode([:state_enter | rest], mode, _enter, orig), do: parse_mode(rest, mode, true, orig)
  defp parse_mode([], mode, enter, _orig) when mode != nil, do: {:ok, mode, enter}
  defp parse_mode(_, _, _, orig), do: {:error, {:bad_callback_mode, orig}}

  # Waits for the next event when none is queued.
  defp loop(%{queue: [event | rest]} = m), do: handle(%{m | queue: rest}, event)

  defp loop(m) do
    receive do
      msg -> message(m, msg)
    end
  end

  defp message(m, {:system, from, req}), do: system(m, from, req)
  defp message(%{parent: parent} = m, {:EXIT, parent, reason}), do: terminate(m, :exit, reason, [], nil)
  defp message(m, {:"$gen_call", from, req}), do: handle(m, {{:call, from}, req})
  defp message(m, {:"$gen_cast", msg}), do: handle(m, {:cast, msg})

  defp message(m, {:"$gen_statem_timeout", ref, kind, content} = msg) do
    case m.timers do
      %{^kind => {^ref, _}} -> handle(%{m | timers: Map.delete(m.timers, kind)}, {kind, content})
      _ -> if is_reference(ref), do: loop(m), else: handle(m, {:info, msg})
    end
  end

  defp message(m, msg), do: handle(m, {:info, msg})

  # Handles one event: any event cancels the event timeout.
  defp handle(m, {type, content} = event) do
    m = cancel_timer(m, :timeout)

    case call_state_fun(m, type, content, m.state) do
      {:ok, result} -> result(m, event, result, false)
      {:EXIT, kind, reason, stack} -> terminate(m, kind, reason, stack, event)
    end
  end

  defp call_state_fun(m, type, content, state) do
    try do
      res =
        case m.mode do
          :state_functions -> apply(m.mod, state, [type, content, m.data])
          :handle_event_function -> m.mod.handle_event(type, content, state, m.data)
        end

      {:ok, res}
    catch
      :throw, value -> {:ok, value}
      kind, reason -> {:EXIT, kind, reason, __STACKTRACE__}
    end
  end

  # `enter?` marks the result of a state enter call (no postpone, no next_event, no change).
  defp result(m, event, res, enter?) do
    case res do
      {:next_state, ns, nd} -> next(m, event, ns, nd, [], enter?, res)
      {:next_state, ns, nd, actions} -> next(m, event, ns, nd, actions, enter?, res)
      {:keep_state, nd} -> next(m, event, m.state, nd, [], enter?, res)
      {:keep_state, nd, actions} -> next(m, event, m.state, nd, actions, enter?, res)
      :keep_state_and_data -> next(m, event, m.state, m.data, [], enter?, res)
      {:keep_state_and_data, actions} -> next(m, event, m.state, m.data, actions, enter?, res)
      {:repeat_state, nd} -> repeat(m, event, nd, [], enter?, res)
      {:repeat_state, nd, actions} -> repeat(m, event, nd, actions, enter?, res)
      :repeat_state_and_data -> repeat(m, event, m.data, [], enter?, res)
      {:repeat_state_and_data, actions} -> repeat(m, event, m.data, actions, enter?, res)
      {:stop, reason} -> terminate(m, :exit, reason, [], event)
      {:stop, reason, nd} -> terminate(%{m | data: nd}, :exit, reason, [], event)
      {:stop_and_reply, reason, replies} -> stop_and_reply(m, reason, replies, event)
      {:stop_and_reply, reason, replies, nd} -> stop_and_reply(%{m | data: nd}, reason, replies, event)
      other -> bad_return(m, event, other, enter?)
    end
  end

  defp bad_return(m, event, value, enter?) do
    tag = if enter?, do: :bad_return_from_state_enter_function, else: :bad_return_from_state_function
    terminate(m, :error, {tag, value}, @loop_stack, event)
  end

  defp stop_and_reply(m, reason, replies, event) do
    Enum.each(List.wrap(replies), fn {:reply, from, reply} -> reply(from, reply) end)
    terminate(m, :exit, reason, [], event)
  end

  defp next(m, event, ns, nd, actions, enter?, res) do
    if enter? and ns != m.state, do: bad_return(m, event, res, true), else: transition(m, ns, nd, List.wrap(actions), m.state, false, event)
  end

  defp repeat(m, event, nd, actions, _enter?, _res), do: transition(m, m.state, nd, List.wrap(actions), m.state, true, event)

  # Applies a transition: actions, postponing, state enter, queue order, timeouts.
  defp transition(m, ns, nd, actions, old_state, repeat?, event) do
    case collect(actions, %{postpone: false, inserted: [], timeouts: [], replies: []}) do
      {:error, reason} ->
        terminate(%{m | data: nd}, :error, reason, @loop_stack, event)

      {:ok, acts} ->
        Enum.each(:lists.reverse(acts.replies), fn {from, reply} -> reply(from, reply) end)
        changed = ns !== m.state
        postponed = if acts.postpone and event != nil, do: [event | m.postponed], else: m.postponed

        {queue, postponed} =
          if changed,
            do: {:lists.reverse(postponed) ++ m.queue, []},
            else: {m.queue, postponed}

        m = %{m | state: ns, data: nd, postponed: postponed, queue: :lists.reverse(acts.inserted) ++ queue}
        # A state change cancels the state timeout (a new one may be set by the actions).
        m = if changed, do: cancel_timer(m, :state_timeout), else: m
        m = Enum.reduce(:lists.reverse(acts.timeouts), m, &set_timeout(&2, &1))

        if m.enter and (changed or repeat?) do
          enter(m, old_state, event)
        else
          loop(m)
        end
    end
  end

  defp enter(m, old_state, event) do
    case call_state_fun(m, :enter, old_state, m.state) do
      {:ok, res} -> result(m, event, res, true)
      {:EXIT, kind, reason, stack} -> terminate(m, kind, reason, stack, event)
    end
  end

  defp collect([], acts), do: {:ok, acts}

  defp collect([action | rest], acts) do
    case action do
      :postpone -> collect(rest, %{acts | postpone: true})
      {:postpone, p} when is_boolean(p) -> collect(rest, %{acts | postpone: p})
      :hibernate -> collect(rest, acts)
      {:hibernate, h} when is_boolean(h) -> collect(rest, acts)
      {:next_event, type, content} -> collect(rest, %{acts | inserted: [{event_type(type), content} | acts.inserted]})
      {:reply, from, reply} -> collect(rest, %{acts | replies: [{from, reply} | acts.replies]})
      t when is_integer(t) or t == :infinity -> collect(rest, %{acts | timeouts: [{:timeout, t, t, []} | acts.timeouts]})
      {:timeout, t, c} -> collect(rest, %{acts | timeouts: [{:timeout, t, c, []} | acts.timeouts]})
      {:timeout, t, c, opts} -> collect(rest, %{acts | timeouts: [{:timeout, t, c, opts} | acts.timeouts]})
      {{:timeout, name}, t, c} -> collect(rest, %{acts | timeouts: [{{:timeout, name}, t, c, []} | acts.timeouts]})
      {{:timeout, name}, t, c, opts} -> collect(rest, %{acts | timeouts: [{{:timeout, name}, t, c, opts} | acts.timeouts]})
      {{:timeout, name}, :cancel} -> collect(rest, %{acts | timeouts: [{{:timeout, name}, :cancel, nil, []} | acts.timeouts]})
      {:state_timeout, t, c} -> collect(rest, %{acts | timeouts: [{:state_timeout, t, c, []} | acts.timeouts]})
      {:state_timeout, t, c, opts} -> collect(rest, %{acts | timeouts: [{:state_timeout, t, c, opts} | acts.timeouts]})
      {:state_timeout, :cancel} -> collect(rest, %{acts | timeouts: [{:state_timeout, :cancel, nil, []} | acts.timeouts]})
      list when is_list(list) -> collect(list ++ rest, acts)
      _ -> {:error, {:bad_action_from_state_function, action}}
    end
  end

  defp event_type(:cast), do: :cast
  defp event_type(:info), do: :info
  defp event_type(:internal), do: :internal
  defp event_type(:timeout), do: :timeout
  defp event_type(:state_timeout), do: :state_timeout
  defp event_type(other), do: other

  defp set_timeout(m, {kind, :cancel, _, _}), do: cancel_timer(m, kind)

  defp set_timeout(m, {kind, :update, content, _}) do
    case m.timers do
      %{^kind => {ref, _}} -> %{m | timers: Map.put(m.timers, kind, {ref, content})} |> restart_with(kind, content)
      _ -> %{m | queue: m.queue ++ [{kind, content}]}
    end
  end

  defp set_timeout(m, {kind, :infinity, _, _}), do: cancel_timer(m, kind)

  defp set_timeout(m, {kind, 0, content, _}) do
    m = cancel_timer(m, kind)
    # A zero timeout is an event queued after those already there.
    %{m | queue: m.queue ++ [{kind, content}]}
  end

  defp set_timeout(m, {kind, t, content, opts}) do
    m = cancel_timer(m, kind)
    ref = make_ref()
    msg = {:"$gen_statem_timeout", ref, kind, content}

    tref =
      if Keyword.get(opts, :abs, false),
        do: :erlang.send_after(t, self(), msg, abs: true),
        else: :erlang.send_after(t, self(), msg)

    %{m | timers: Map.put(m.timers, kind, {ref, tref})}
  end

  # An update keeps the running timer but changes what it will deliver.
  defp restart_with(m, kind, content) do
    {ref, tref} = m.timers[kind]
    left = :erlang.cancel_timer(tref) || 0
    flush_timeout(ref)
    set_timeout(%{m | timers: Map.delete(m.timers, kind)}, {kind, left, content, []})
  end

  defp cancel_timer(m, kind) do
    case m.timers do
      %{^kind => {ref, tref}} ->
        :erlang.cancel_timer(tref)
        flush_timeout(ref)
        %{m | timers: Map.delete(m.timers, kind)}

      _ ->
        # A queued zero-time timeout of this kind is dropped too.
        %{m | queue: Enum.reject(m.queue, fn {k, _} -> k == kind end)}
    end
  end

  defp flush_timeout(ref) do
    receive do
      {:"$gen_statem_timeout", ^ref, _, _} -> :ok
    after
      0 -> :ok
    end
  end

  # ---- system messages ---------------------------------------------------------------

  defp system(m, from, :get_state) do
    :gen.reply(from, {m.state, m.data})
    loop(m)
  end

  defp system(m, from, {:replace_state, fun}) do
    try do
      {ns, nd} = fun.({m.state, m.data})
      :gen.reply(from, {ns, nd})
      loop(%{m | state: ns, data: nd})
    catch
      kind, reason ->
        :gen.reply(from, {:error, {kind, reason}})
        loop(m)
    end
  end

  defp system(m, from, :get_status) do
    :gen.reply(from, {:status, self(), {:module, :gen_statem}, [Process.get(), :running, m.parent, [], [header: 'Status for state machine ' ++ :erlang.pid_to_list(self()), data: [{'Status', :running}, {'Parent', m.parent}], data: [{'State', {m.state, m.data}}]]]})
    loop(m)
  end

  defp system(m, _from, {:terminate, reason}), do: terminate(m, :exit, reason, [], nil)

  defp system(m, from, :suspend) do
    :gen.reply(from, :ok)
    suspended(m)
  end

  defp system(m, from, :resume) do
    :gen.reply(from, :ok)
    loop(m)
  end

  defp system(m, from, _other) do
    :gen.reply(from, :ok)
    loop(m)
  end

  defp suspended(m) do
    receive do
      {:system, from, :resume} ->
        :gen.reply(from, :ok)
        loop(m)

      {:system, from, req} when req in [:get_state, :get_status] ->
        :gen.reply(from, if(req == :get_state, do: {m.state, m.data}, else: :ok))
        suspended(m)

      {:system, _from, {:terminate, reason}} ->
        terminate(m, :exit, reason, [], nil)

      {:EXIT, parent, reason} when parent == m.parent ->
        terminate(m, :exit, reason, [], nil)
    end
  end

  # ---- termination -------------------------------------------------------------------

  defp exit_reason(:error, reason, stack), do: {reason, stack}
  defp exit_reason(:exit, reason, _stack), do: reason
  defp exit_reason(:throw, value, stack), do: {{:nocatch, value}, stack}

  defp terminate(m, class, reason, stack, _event) do
    treason = exit_reason(class, reason, stack)

    if function_exported?(m.mod, :terminate, 3) do
      try do
        m.mod.terminate(treason, m.state, m.data)
      catch
        kind, r -> exit(exit_reason(kind, r, __STACKTRACE__))
      end
    end

    exit(treason)
  end
end

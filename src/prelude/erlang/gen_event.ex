# :gen_event, OTP's event manager: one process holding a list of handlers (module plus an
# optional id), each with its own state. An event (notify/sync_notify) or a plain message
# goes to every handler in turn, a call to one. A handler that crashes or returns something
# unexpected is removed and reported; a supervised handler (add_sup_handler) links the
# manager to its owner, which is told {:gen_event_EXIT, handler, reason} when it goes.
#
# Callback results are taken as OTP's `catch` takes them: a throw is a result, an error is
# {:EXIT, {reason, stack}} and an exit {:EXIT, reason}; stack traces name gen_event.erl's
# frames, as a crash on the BEAM shows them.
defmodule :gen_event do
  @moduledoc false

  # behaviour_info/1 as erlc makes it of the module's -callback and -optional_callbacks
  # attributes, in their order (another argument fails in the function it inlines)
  def behaviour_info(:callbacks), do: [init: 1, handle_event: 2, handle_call: 2, handle_info: 2, terminate: 2, code_change: 3, format_status: 2, format_status: 1]
  def behaviour_info(:optional_callbacks), do: [handle_info: 2, terminate: 2, code_change: 3, format_status: 1, format_status: 2]
  def behaviour_info(other), do: :erlang.raise(:error, :function_clause, [{:gen_event, :"-inlined-behaviour_info/1-", [other], []}])

  @no_callback :"no callback module"

  # ---- starting and stopping ---------------------------------------------------------

  def start(), do: :gen.start(:gen_event, :nolink, @no_callback, [], [])
  def start(name) when is_tuple(name), do: :gen.start(:gen_event, :nolink, name, @no_callback, [], [])
  def start(opts) when is_list(opts), do: :gen.start(:gen_event, :nolink, @no_callback, [], opts)
  def start(name, opts), do: :gen.start(:gen_event, :nolink, name, @no_callback, [], opts)

  def start_link(), do: :gen.start(:gen_event, :link, @no_callback, [], [])
  def start_link(name) when is_tuple(name), do: :gen.start(:gen_event, :link, name, @no_callback, [], [])
  def start_link(opts) when is_list(opts), do: :gen.start(:gen_event, :link, @no_callback, [], opts)
  def start_link(name, opts), do: :gen.start(:gen_event, :link, name, @no_callback, [], opts)

  def start_monitor(), do: monitored(start())
  def start_monitor(name) when is_tuple(name), do: monitored(start(name))
  def start_monitor(opts) when is_list(opts), do: monitored(start(opts))
  def start_monitor(name, opts), do: monitored(start(name, opts))

  defp monitored({:ok, pid}), do: {:ok, {pid, Process.monitor(pid)}}
  defp monitored(other), do: other

  def stop(manager), do: stop(manager, :normal, :infinity)

  def stop(manager, reason, timeout) do
    case :gen.__whereis__(manager) do
      nil when is_pid(manager) ->
        raise_exit(:noproc, [{:proc_lib, :stop, 3, [file: 'proc_lib.erl', line: 1091]}])

      nil ->
        raise_exit(:noproc, [{:gen, :do_for_proc, 2, [file: 'gen.erl', line: 565]}])

      pid when pid == self() ->
        raise_exit({:calling_self, {:sys, :terminate, [pid, reason, timeout]}}, [{:proc_lib, :stop, 3, [file: 'proc_lib.erl', line: 1097]}])

      pid ->
        case :gen.__stop__(pid, reason, timeout) do
          :ok -> :ok
          {:exit, r} -> raise_exit(r, [{:proc_lib, :stop, 3, [file: 'proc_lib.erl', line: 1091]}])
        end
    end
  end

  # ---- the client API ----------------------------------------------------------------

  def add_handler(manager, handler, args), do: rpc(manager, {:add_handler, handler, args})
  def add_sup_handler(manager, handler, args), do: rpc(manager, {:add_sup_handler, handler, args, self()})
  def delete_handler(manager, handler, args), do: rpc(manager, {:delete_handler, handler, args})

  def swap_handler(manager, {h1, a1}, {h2, a2}), do: rpc(manager, {:swap_handler, h1, a1, h2, a2})
  def swap_sup_handler(manager, {h1, a1}, {h2, a2}), do: rpc(manager, {:swap_sup_handler, h1, a1, h2, a2, self()})

  def which_handlers(manager), do: rpc(manager, :which_handlers)

  def notify(manager, event), do: send_cmd(manager, {:notify, event})
  def sync_notify(manager, event), do: rpc(manager, {:sync_notify, event})

  def call(manager, handler, query) do
    case call_manager(manager, {:call, handler, query}, 5000) do
      {:ok, reply} ->
        reply

      {:exit, reason} ->
        raise_exit({reason, {:gen_event, :call, [manager, handler, query]}}, [{:gen_event, :call1, 3, [file: 'gen_event.erl', line: 469]}])
    end
  end

  def call(manager, handler, query, timeout) do
    case call_manager(manager, {:call, handler, query}, timeout) do
      {:ok, reply} ->
        reply

      {:exit, reason} ->
        raise_exit({reason, {:gen_event, :call, [manager, handler, query, timeout]}}, [{:gen_event, :call1, 4, [file: 'gen_event.erl', line: 479]}])
    end
  end

  # The request functions answer {:reply, r}, or {:error, ...} (a handler's error answer too):
  # gen.erl's request ids and collections, a reply {:error, _} unwrapped as gen_event.erl does.
  def send_request(manager, handler, request) do
    :gen.send_request(manager, self(), {:call, handler, request})
  rescue
    e in ArgumentError -> badarg(e, [manager, handler, request])
  end

  def send_request(manager, handler, request, label, req_id_col) do
    :gen.send_request(manager, self(), {:call, handler, request}, label, req_id_col)
  rescue
    e in ArgumentError -> badarg(e, [manager, handler, request, label, req_id_col])
  end

  def wait_response(req_id, wait_time) do
    unwrap(:gen.wait_response(req_id, wait_time))
  rescue
    e in ArgumentError -> badarg(e, [req_id, wait_time])
  end

  def wait_response(req_id_col, wait_time, delete) do
    unwrap(:gen.wait_response(req_id_col, wait_time, delete))
  rescue
    e in ArgumentError -> badarg(e, [req_id_col, wait_time, delete])
  end

  def receive_response(req_id, timeout) do
    unwrap(:gen.receive_response(req_id, timeout))
  rescue
    e in ArgumentError -> badarg(e, [req_id, timeout])
  end

  def receive_response(req_id_col, timeout, delete) do
    unwrap(:gen.receive_response(req_id_col, timeout, delete))
  rescue
    e in ArgumentError -> badarg(e, [req_id_col, timeout, delete])
  end

  def check_response(msg, req_id) do
    unwrap(:gen.check_response(msg, req_id))
  rescue
    e in ArgumentError -> badarg(e, [msg, req_id])
  end

  def check_response(msg, req_id_col, delete) do
    unwrap(:gen.check_response(msg, req_id_col, delete))
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

  defp unwrap({:reply, {:error, _} = err}), do: err
  defp unwrap({{:reply, {:error, _} = err}, label, new_req_id_col}), do: {err, label, new_req_id_col}
  defp unwrap(return), do: return

  defp badarg(%ArgumentError{message: "argument error"}, args), do: :erlang.error(:badarg, args)
  defp badarg(e, _args), do: raise(e)

  # A call the manager must answer; OTP's rpc/2 lets gen's exit through as it is.
  defp rpc(manager, cmd) do
    rpc_frame = {:gen_event, :rpc, 2, [file: 'gen_event.erl', line: 459]}

    case :gen.__whereis__(manager) do
      nil ->
        raise_exit(:noproc, [{:gen, :do_for_proc, 2, [file: 'gen.erl', line: 565]}, rpc_frame])

      pid ->
        case :gen.__call__(pid, self(), cmd, :infinity) do
          {:ok, reply} -> reply
          {:exit, reason} -> raise_exit(reason, [{:gen, :do_call, 4, [file: 'gen.erl', line: 243]}, rpc_frame])
        end
    end
  end

  defp call_manager(manager, cmd, timeout) do
    case :gen.__whereis__(manager) do
      nil -> {:exit, :noproc}
      pid -> :gen.__call__(pid, self(), cmd, timeout)
    end
  end

  defp raise_exit(reason, stack), do: :erlang.raise(:exit, reason, stack)

  # notify/2 sends without waiting: to a name nobody has it fails as send/2 does.
  defp send_cmd({:global, name}, cmd) do
    try do
      :global.send(name, cmd)
    catch
      _, _ -> :ok
    end

    :ok
  end

  defp send_cmd({:via, mod, name}, cmd) do
    try do
      mod.send(name, cmd)
    catch
      _, _ -> :ok
    end

    :ok
  end

  defp send_cmd(manager, cmd) do
    try do
      send(manager, cmd)
    rescue
      e in ArgumentError ->
        reraise e, [{:erlang, :send, [manager, cmd], [error_info: %{module: :erl_erts_errors}]}, {:gen_event, :send, 2, [file: 'gen_event.erl', line: 489]}]
    end

    :ok
  end

  # ---- the manager process -----------------------------------------------------------

  # The manager between messages: its handlers (newest first, as OTP keeps them), whether
  # :sys.trace is on, and whether it has hibernated (its stack then starts in proc_lib's
  # wake_up, which crash reports show).
  defp new(parent, name, opts) do
    %{
      parent: parent,
      name: name,
      handlers: [],
      trace: :trace in Keyword.get(opts, :debug, []),
      hib_after: Keyword.get(opts, :hibernate_after, :infinity),
      woken: false,
      status: :running
    }
  end

  @doc false
  def init_it(starter, parent, name, _mod, _args, opts) do
    Process.flag(:trap_exit, true)
    Process.put(:"$initial_call", {:gen_event, :init_it, 6})
    :gen.init_ack(starter, {:ok, self()})
    loop(new(parent, :gen.name(name), opts))
  end

  defp loop(s) do
    receive do
      msg -> decode(s, msg)
    after
      s.hib_after -> hibernate(s)
    end
  end

  defp hibernate(s) do
    s = %{s | woken: true}

    receive do
      msg -> decode(s, msg)
    end
  end

  defp continue(s, true), do: hibernate(s)
  defp continue(s, false), do: loop(s)

  defp decode(s, {:system, from, req}), do: system(s, from, req)
  defp decode(%{parent: parent} = s, {:EXIT, parent, reason}), do: terminate_server(s, reason)

  defp decode(s, msg) do
    if s.trace, do: debug_in(s, msg)
    handle(s, msg)
  end

  defp handle(s, {:notify, event}) do
    {hib, handlers} = notify_all(s, s.handlers, event, :handle_event, 526, [])
    continue(%{s | handlers: handlers}, hib)
  end

  defp handle(s, {_, from, {:sync_notify, event}}) do
    {hib, handlers} = notify_all(s, s.handlers, event, :handle_event, 529, [])
    :gen.reply(from, :ok)
    continue(%{s | handlers: handlers}, hib)
  end

  defp handle(s, {:EXIT, pid, reason} = msg) do
    # The owner of supervised handlers went away: they go too, then every handler hears it.
    {gone, kept} = Enum.split_with(s.handlers, fn h -> elem(h, 4) == pid end)

    Enum.each(gone, fn h ->
      do_terminate(s, h, {:stop, reason}, elem(h, 3), {:parent_terminated, {pid, reason}}, :shutdown, supervised_frames(s))
    end)

    {_, handlers} = notify_all(s, kept, msg, :handle_info, {:exit, 533}, [])
    loop(%{s | handlers: handlers})
  end

  defp handle(s, {_, from, {:call, handler, query}}) do
    {hib, reply, handlers} = server_call(s, handler, query)
    :gen.reply(from, reply)
    continue(%{s | handlers: handlers}, hib)
  end

  defp handle(s, {_, from, {:add_handler, handler, args}}) do
    {hib, reply, handlers} = add(s, handler, args, false, s.handlers, [msg_frame(s, 540)])
    :gen.reply(from, reply)
    continue(%{s | handlers: handlers}, hib)
  end

  defp handle(s, {_, from, {:add_sup_handler, handler, args, owner}}) do
    {hib, reply, handlers} = add(s, handler, args, owner, s.handlers, [msg_frame(s, 544)])
    :gen.reply(from, reply)
    continue(%{s | handlers: handlers}, hib)
  end

  defp handle(s, {_, from, {:delete_handler, handler, args}}) do
    {reply, handlers} =
      case split(handler, s.handlers) do
        {h, rest} ->
          frames = [{:gen_event, :server_delete_handler, 4, [file: 'gen_event.erl', line: 729]}, msg_frame(s, 548)]
          {do_terminate(s, h, args, elem(h, 3), :delete, :normal, frames), rest}

        :error ->
          {{:error, :module_not_found}, s.handlers}
      end

    :gen.reply(from, reply)
    loop(%{s | handlers: handlers})
  end

  defp handle(s, {_, from, {:swap_handler, h1, a1, h2, a2}}) do
    {hib, reply, handlers} = server_swap(s, h1, a1, h2, a2, false)
    :gen.reply(from, reply)
    continue(%{s | handlers: handlers}, hib)
  end

  defp handle(s, {_, from, {:swap_sup_handler, h1, a1, h2, a2, owner}}) do
    {hib, reply, handlers} = server_swap(s, h1, a1, h2, a2, owner)
    :gen.reply(from, reply)
    continue(%{s | handlers: handlers}, hib)
  end

  defp handle(s, {_, from, :stop}) do
    try do
      terminate_server(s, :normal)
    catch
      :exit, _ -> :gen.reply(from, :ok)
    end
  end

  defp handle(s, {_, from, :which_handlers}) do
    :gen.reply(from, Enum.map(s.handlers, &handler_id/1))
    loop(s)
  end

  defp handle(s, {_, from, :get_modules}) do
    :gen.reply(from, s.handlers |> Enum.map(&elem(&1, 1)) |> Enum.uniq() |> Enum.sort())
    loop(s)
  end

  defp handle(s, other) do
    {hib, handlers} = notify_all(s, s.handlers, other, :handle_info, 573, [])
    continue(%{s | handlers: handlers}, hib)
  end

  # ---- handlers ----------------------------------------------------------------------

  defp handler_id({:handler, mod, false, _, _}), do: mod
  defp handler_id({:handler, mod, id, _, _}), do: {mod, id}

  defp new_handler({mod, id}, owner), do: {:handler, mod, id, nil, owner}
  defp new_handler(mod, owner), do: {:handler, mod, false, nil, owner}

  # The handler a handler id names and the others (a bare module names a handler without id).
  defp split(id, handlers), do: split(id, handlers, [])
  defp split({mod, id}, [{:handler, mod, id, _, _} = h | t], acc), do: {h, :lists.reverse(acc, t)}
  defp split(mod, [{:handler, mod, false, _, _} = h | t], acc), do: {h, :lists.reverse(acc, t)}
  defp split(id, [h | t], acc), do: split(id, t, [h | acc])
  defp split(_, [], _), do: :error

  defp replace(id, handlers, new) do
    case split_at(id, handlers, []) do
      {before, after_} -> :lists.reverse(before, [new | after_])
      :error -> handlers ++ [new]
    end
  end

  defp split_at({mod, id}, [{:handler, mod, id, _, _} | t], acc), do: {acc, t}
  defp split_at(mod, [{:handler, mod, false, _, _} | t], acc), do: {acc, t}
  defp split_at(id, [h | t], acc), do: split_at(id, t, [h | acc])
  defp split_at(_, [], _), do: :error

  # Calls a callback as Erlang's `catch` does.
  defp catch_apply(mod, fun, args, frames) do
    try do
      apply(mod, fun, args)
    catch
      :throw, value -> value
      :exit, reason -> {:EXIT, reason}
      :error, reason -> {:EXIT, {reason, :beamsh_otp_stack.canonical(__STACKTRACE__, {:frames, frames})}}
    end
  end

  # Installs a handler (init/1 decides); the owner, when supervised, is linked first.
  defp add(s, handler, args, owner, handlers, frames) do
    if owner, do: Process.link(owner)
    h = new_handler(handler, owner)
    frames = [{:gen_event, :server_add_handler, 4, [file: 'gen_event.erl', line: 698]} | frames] ++ [bottom(s)]

    case catch_apply(elem(h, 1), :init, [args], frames) do
      {:ok, state} -> {false, :ok, [put_elem(h, 3, state) | handlers]}
      {:ok, state, :hibernate} -> {true, :ok, [put_elem(h, 3, state) | handlers]}
      other -> {false, other, handlers}
    end
  end

  defp server_swap(s, h1, a1, h2, a2, sup) do
    {arity, line_t, line_a, msg_line} = if sup, do: {7, 750, 752, 559}, else: {6, 740, 742, 553}
    swap_frame = fn line -> {:gen_event, :server_swap_handler, arity, [file: 'gen_event.erl', line: line]} end

    {state2, old_sup, handlers} =
      case split(h1, s.handlers) do
        {h, rest} ->
          old_sup = elem(h, 4)
          new_sup = if sup, do: sup, else: old_sup
          frames = [{:gen_event, :split_and_terminate, 6, [file: 'gen_event.erl', line: 772]}, swap_frame.(line_t), msg_frame(s, msg_line)]
          {do_terminate(s, h, a1, elem(h, 3), :swapped, {:swapped, h2, new_sup}, frames), old_sup, rest}

        :error ->
          {:error, false, s.handlers}
      end

    owner = if sup, do: sup, else: old_sup

    case add(s, h2, {a2, state2}, owner, handlers, [swap_frame.(line_a), msg_frame(s, msg_line)]) do
      {hib, :ok, hs} -> {hib, :ok, hs}
      {hib, what, hs} -> {hib, {:error, what}, hs}
    end
  end

  # An event or message to each handler in turn; `line` is handle_msg's line that called,
  # `above` the frames of the handlers before (OTP's server_notify recursion).
  defp notify_all(s, [h | t], event, fun, line, above) do
    case update(s, h, fun, event, line, above) do
      {:ok, h1} ->
        {hib, rest} = notify_all(s, t, event, fun, line, [notify_frame(786) | above])
        {hib, [h1 | rest]}

      {:hibernate, h1} ->
        {_, rest} = notify_all(s, t, event, fun, line, [notify_frame(789) | above])
        {true, [h1 | rest]}

      :no ->
        notify_all(s, t, event, fun, line, above)
    end
  end

  defp notify_all(_s, [], _event, _fun, _line, _above), do: {false, []}

  defp notify_frame(line), do: {:gen_event, :server_notify, 4, [file: 'gen_event.erl', line: line]}

  # The frames below server_update/4 for an event delivered from handle_msg's `line`.
  defp notify_frames(s, line, above) do
    [notify_frame(784) | above] ++ msg_frames(s, line)
  end

  defp msg_frames(s, {:exit, line}), do: [{:gen_event, :handle_exit, 4, [file: 'gen_event.erl', line: 606]}, msg_frame(s, line)]
  defp msg_frames(s, line), do: [msg_frame(s, line)]

  defp msg_frame(_s, line), do: {:gen_event, :handle_msg, 6, [file: 'gen_event.erl', line: line]}

  defp bottom(%{woken: true}), do: {:proc_lib, :wake_up, 3, [file: 'proc_lib.erl', line: 250]}
  defp bottom(_), do: {:proc_lib, :init_p_do_apply, 3, [file: 'proc_lib.erl', line: 240]}

  defp update_frame(line), do: {:gen_event, :server_update, 4, [file: 'gen_event.erl', line: line]}

  defp update(s, {:handler, mod, _, state, _} = h, fun, event, line, above) do
    below = notify_frames(s, line, above)

    case catch_apply(mod, fun, [event, state], [update_frame(802) | below] ++ [bottom(s)]) do
      {:ok, state1} ->
        {:ok, put_elem(h, 3, state1)}

      {:ok, state1, :hibernate} ->
        {:hibernate, put_elem(h, 3, state1)}

      {:swap_handler, a1, state1, h2, a2} ->
        do_swap(s, h, a1, state1, h2, a2, below)

      :remove_handler ->
        do_terminate(s, h, :remove_handler, state, :remove, :normal, [update_frame(810) | below])
        :no

      {:EXIT, {:undef, [{^mod, :handle_info, [_, _], _} | _]}} when fun == :handle_info ->
        # A handler without handle_info/2 keeps its state; OTP logs a warning that Elixir's
        # logger does not print.
        {:ok, h}

      other ->
        do_terminate(s, h, {:error, other}, state, event, :crash, [update_frame(824) | below])
        :no
    end
  end

  # Replaces a handler by another, which gets {args2, what the old one's terminate returned}.
  defp do_swap(s, {:handler, mod1, _, _, sup} = h1, a1, state1, h2, a2, below) do
    do_swap_frame = fn line -> {:gen_event, :do_swap, 7, [file: 'gen_event.erl', line: line]} end
    state2 = do_terminate(s, h1, a1, state1, :swapped, {:swapped, h2, sup}, [do_swap_frame.(831) | below])
    h = new_handler(h2, sup)
    _ = mod1

    case catch_apply(elem(h, 1), :init, [{a2, state2}], [do_swap_frame.(835) | below] ++ [bottom(s)]) do
      {:ok, state2a} ->
        {:ok, put_elem(h, 3, state2a)}

      other ->
        # As OTP 25 does it: the report's reason is :crash, its state the init's answer,
        # its last message the manager's name and its manager `false`.
        report_terminate(%{s | name: false}, h, :crash, {:error, other}, s.name)
        :no
    end
  end

  defp server_call(s, handler, query) do
    case split(handler, s.handlers) do
      {{:handler, mod, _, state, _} = h, _} ->
        below = [{:gen_event, :server_call, 4, [file: 'gen_event.erl', line: 874]}, msg_frame(s, 536)]
        update_frame = fn line -> {:gen_event, :server_call_update, 3, [file: 'gen_event.erl', line: line]} end

        case catch_apply(mod, :handle_call, [query, state], [update_frame.(925) | below] ++ [bottom(s)]) do
          {:ok, reply, state1} ->
            {false, reply, replace(handler, s.handlers, put_elem(h, 3, state1))}

          {:ok, reply, state1, :hibernate} ->
            {true, reply, replace(handler, s.handlers, put_elem(h, 3, state1))}

          {:swap_handler, reply, a1, state1, h2, a2} ->
            case do_swap(s, h, a1, state1, h2, a2, [update_frame.(932) | below]) do
              {:ok, h1} -> {false, reply, replace(handler, s.handlers, h1)}
              :no -> {false, reply, delete(handler, s.handlers)}
            end

          {:remove_handler, reply} ->
            do_terminate(s, h, :remove_handler, state, :remove, :normal, [update_frame.(934) | below])
            {false, reply, delete(handler, s.handlers)}

          other ->
            do_terminate(s, h, {:error, other}, state, query, :crash, [update_frame.(938) | below])
            {false, {:error, other}, delete(handler, s.handlers)}
        end

      :error ->
        {false, {:error, :bad_module}, s.handlers}
    end
  end

  defp delete(id, handlers) do
    case split(id, handlers) do
      {_, rest} -> rest
      :error -> handlers
    end
  end

  # Calls terminate/2 when the handler has it (its result, caught, is the answer), then
  # reports: a crash is logged, and the owner of a supervised handler is told.
  defp do_terminate(s, {:handler, mod, _, _, _} = h, args, state, last_in, how, frames) do
    res =
      if function_exported?(mod, :terminate, 2) do
        catch_apply(mod, :terminate, [args, state], [{:gen_event, :do_terminate, 7, [file: 'gen_event.erl', line: 946]} | frames] ++ [bottom(s)])
      else
        :ok
      end

    reason =
      case {how, args} do
        {:crash, {:error, why}} -> why
        _ -> how
      end

    report_terminate(s, h, reason, state, last_in)
    res
  end

  defp report_terminate(s, {:handler, _, _, _, sup} = h, reason, state, last_in) do
    report_error(s, h, reason, state, last_in)
    if is_pid(sup), do: send(sup, {:gen_event_EXIT, handler_id(h), reason})
    :ok
  end

  defp report_error(_s, _h, :normal, _state, _last_in), do: :ok
  defp report_error(_s, _h, :shutdown, _state, _last_in), do: :ok
  defp report_error(_s, _h, {:swapped, _, _}, _state, _last_in), do: :ok

  defp report_error(s, {:handler, mod, _, _, _} = h, exit, state, last_in) do
    {reason, wrap} =
      case exit do
        {:EXIT, {r, st}} when is_list(st) -> {r, &{:EXIT, {&1, st}}}
        {:EXIT, r} -> {r, &{:EXIT, &1}}
        r -> {r, & &1}
      end

    status = :gen.format_status(mod, :terminate, %{state: state, message: last_in, reason: reason}, [Process.get(), state])
    shown_state = Map.get(status, :"$status", Map.get(status, :state))
    shown_reason = wrap.(Map.get(status, :reason))

    report = %{
      label: {:gen_event, :terminate},
      handler: handler_id(h),
      name: s.name,
      last_message: Map.get(status, :message),
      state: shown_state,
      reason: shown_reason
    }

    :beamsh_otp.report(:gen_event, :error, report, %{
      domain: [:otp],
      mfa: {:gen_event, :report_error, 5},
      file: 'gen_event.erl',
      line: 813
    })
  end

  # The frames of a supervised handler terminated because its owner went away.
  defp supervised_frames(s) do
    [
      {:gen_event, :"-terminate_supervised/4-fun-0-", 5, [file: 'gen_event.erl', line: 611]},
      {:lists, :"-filter/2-lc$^0/1-0-", 2, [file: 'lists.erl', line: 1290]},
      {:gen_event, :terminate_supervised, 4, [file: 'gen_event.erl', line: 609]},
      {:gen_event, :handle_exit, 4, [file: 'gen_event.erl', line: 605]},
      msg_frame(s, 533)
    ]
  end

  # Every handler is told :stop (the newest first), supervised links undone, then the exit.
  defp terminate_server(s, reason) do
    frames = [{:gen_event, :stop_handlers, 2, [file: 'gen_event.erl', line: 1176]}, {:gen_event, :terminate_server, 4, [file: 'gen_event.erl', line: 578]}]
    Enum.each(s.handlers, fn h -> do_terminate(s, h, :stop, elem(h, 3), :stop, :shutdown, frames) end)

    Enum.each(s.handlers, fn
      {:handler, _, _, _, sup} when is_pid(sup) and sup != s.parent -> Process.unlink(sup)
      _ -> :ok
    end)

    exit(reason)
  end

  # ---- system messages ---------------------------------------------------------------

  defp system(s, from, :get_state) do
    :gen.reply(from, {:ok, Enum.map(s.handlers, fn {:handler, mod, id, state, _} -> {mod, id, state} end)})
    loop(s)
  end

  defp system(s, from, {:replace_state, fun}) do
    {handlers, states} =
      s.handlers
      |> Enum.map(fn {:handler, mod, id, state, _} = h ->
        cur = {mod, id, state}

        try do
          {^mod, ^id, ns} = new = fun.(cur)
          {put_elem(h, 3, ns), new}
        catch
          _, _ -> {h, cur}
        end
      end)
      |> Enum.unzip()

    :gen.reply(from, {:ok, states})
    loop(%{s | handlers: handlers})
  end

  defp system(s, from, :get_status) do
    pdict = Process.get()

    handlers =
      Enum.map(s.handlers, fn {:handler, mod, _, state, _} = h ->
        status = :gen.format_status(mod, :normal, %{log: [], state: state}, [pdict, state])
        put_elem(h, 3, Map.get(status, :"$status", Map.get(status, :state)))
      end)

    misc = [
      header: status_header(s.name),
      data: [{'Status', s.status}, {'Logged Events', []}, {'Parent', s.parent}],
      items: {'Installed handlers', handlers}
    ]

    debug = if s.trace, do: [trace: true], else: []
    :gen.reply(from, {:ok, {:status, self(), {:module, :gen_event}, [pdict, s.status, s.parent, debug, misc]}})
    continue_system(s)
  end

  defp system(s, _from, {:terminate, reason}), do: terminate_server(s, reason)

  defp system(s, from, {:debug, {:trace, flag}}) do
    :gen.reply(from, {:ok, :ok})
    continue_system(%{s | trace: flag == true})
  end

  defp system(s, from, {:debug, _}) do
    :gen.reply(from, {:ok, :ok})
    continue_system(s)
  end

  defp system(s, from, :suspend) do
    :gen.reply(from, {:ok, :ok})
    suspended(%{s | status: :suspended})
  end

  defp system(s, from, :resume) do
    :gen.reply(from, {:ok, :ok})
    loop(%{s | status: :running})
  end

  defp system(s, from, {:change_code, module, vsn, extra}) do
    changed =
      try do
        Enum.map(s.handlers, fn
          {:handler, ^module, _, state, _} = h ->
            {:ok, ns} = module.code_change(vsn, state, extra)
            put_elem(h, 3, ns)

          h ->
            h
        end)
      catch
        kind, reason -> {:error, exit_reason(kind, reason, __STACKTRACE__)}
      end

    case changed do
      {:error, _} = err ->
        :gen.reply(from, {:ok, err})
        continue_system(s)

      handlers ->
        :gen.reply(from, {:ok, :ok})
        continue_system(%{s | handlers: handlers})
    end
  end

  defp system(s, from, _other) do
    :gen.reply(from, {:ok, {:error, :unknown_system_msg}})
    continue_system(s)
  end

  defp exit_reason(:error, reason, stack), do: {:EXIT, {reason, stack}}
  defp exit_reason(:exit, reason, _stack), do: {:EXIT, reason}
  defp exit_reason(:throw, value, _stack), do: value

  defp continue_system(%{status: :suspended} = s), do: suspended(s)
  defp continue_system(s), do: loop(s)

  # Suspended: only system messages and the parent's exit are taken.
  defp suspended(s) do
    receive do
      {:system, from, req} -> system(s, from, req)
      {:EXIT, parent, reason} when parent == s.parent -> terminate_server(s, reason)
    end
  end

  # gen:format_status_header/2.
  defp status_header(name) when is_pid(name), do: 'Status for event handler ' ++ :erlang.pid_to_list(name)
  defp status_header(name) when is_atom(name), do: 'Status for event handler ' ++ Atom.to_charlist(name)
  defp status_header(name), do: {'Status for event handler', name}

  # ---- :sys.trace output -------------------------------------------------------------

  # With :sys.trace on, the manager prints each message it takes as OTP's does, and tells
  # the runtime's event stream (sequence diagrams and other views read it there).
  defp debug_in(s, msg) do
    :beamsh_events.debug({:in, msg})

    text =
      case msg do
        {:notify, event} -> :io_lib.format('*DBG* ~tp got event ~tp~n', [s.name, event])
        {_, _, {:call, handler, query}} -> :io_lib.format('*DBG* ~tp(~tp) got call ~tp~n', [s.name, handler, query])
        _ -> :io_lib.format('*DBG* ~tp got ~tp~n', [s.name, msg])
      end

    IO.write(text)
  end
end

# :gen, the parts gen_server shares with other behaviours: starting, naming and calling.
defmodule :gen do
  @moduledoc false

  def start(gen_mod, link, mod, args, opts), do: do_start(gen_mod, link, :self, mod, args, opts)
  def start(gen_mod, link, name, mod, args, opts), do: do_start(gen_mod, link, name, mod, args, opts)

  defp do_start(gen_mod, link, name, mod, args, opts) do
    case where(name) do
      pid when is_pid(pid) ->
        {:error, {:already_started, pid}}

      _ ->
        starter = self()
        timeout = Keyword.get(opts, :timeout, :infinity)
        init_args = [gen_mod, starter, link, name, mod, args, opts]

        pid =
          case Keyword.get(opts, :spawn_opt, []) do
            spawn_opts when link == :monitor -> :proc_lib.spawn_opt(:gen, :init_it, init_args, [:monitor | spawn_opts])
            [] when link == :link -> :proc_lib.spawn_link(:gen, :init_it, init_args)
            [] -> :proc_lib.spawn(:gen, :init_it, init_args)
            spawn_opts when link == :link -> :proc_lib.spawn_opt(:gen, :init_it, init_args, [:link | spawn_opts])
            spawn_opts -> :proc_lib.spawn_opt(:gen, :init_it, init_args, spawn_opts)
          end

        sync_start(pid, timeout)
    end
  end

  defp where(:self), do: :undefined
  defp where({:local, name}), do: Process.whereis(name) || :undefined
  defp where({:global, name}), do: :global.whereis_name(name)
  defp where({:via, mod, name}), do: apply(mod, :whereis_name, [name])

  # (started with a monitor: {:ok, {pid, monitor}}; after a failure the process is waited for)
  defp sync_start({pid, ref}, timeout) do
    ret =
      receive do
        {:ack, ^pid, ret} -> ret
        {:DOWN, ^ref, :process, ^pid, reason} = down -> send(self(), down) && {:error, reason}
      after
        timeout ->
          Process.exit(pid, :kill)
          {:error, :timeout}
      end

    case ret do
      {:ok, ^pid} ->
        {:ok, {pid, ref}}

      error ->
        receive do
          {:DOWN, ^ref, :process, _, _} -> :ok
        end

        error
    end
  end

  defp sync_start(pid, timeout) do
    ref = Process.monitor(pid)

    receive do
      {:ack, ^pid, ret} ->
        Process.demonitor(ref, [:flush])
        ret

      {:DOWN, ^ref, :process, ^pid, reason} ->
        receive do
          {:EXIT, ^pid, _} -> :ok
        after
          0 -> :ok
        end

        {:error, reason}
    after
      timeout ->
        Process.demonitor(ref, [:flush])
        Process.unlink(pid)
        Process.exit(pid, :kill)

        receive do
          {:EXIT, ^pid, _} -> :ok
        after
          0 -> :ok
        end

        {:error, :timeout}
    end
  end

  @doc false
  def init_it(gen_mod, starter, link, name, mod, args, opts) do
    parent = if link in [:link, :monitor], do: starter, else: self()

    case register_name(name) do
      :yes ->
        # (:proc_lib.init_p/5 recorded "$initial_call" and "$ancestors")
        apply(gen_mod, :init_it, [starter, parent, name, mod, args, opts])

      {:no, pid} ->
        send(starter, {:ack, self(), {:error, {:already_started, pid}}})
        exit(:normal)
    end
  end

  def register_name(:self), do: :yes

  def register_name({:local, name}) do
    try do
      Process.register(self(), name)
      :yes
    rescue
      _ ->
        case Process.whereis(name) do
          nil -> {:no, :undefined}
          pid -> {:no, pid}
        end
    end
  end

  def register_name({:global, name}) do
    case :global.register_name(name, self()) do
      :yes -> :yes
      :no -> {:no, :global.whereis_name(name)}
    end
  end

  def register_name({:via, mod, name}) do
    case apply(mod, :register_name, [name, self()]) do
      :yes -> :yes
      :no -> {:no, apply(mod, :whereis_name, [name])}
    end
  end

  def unregister_name(:self), do: :ok

  def unregister_name({:local, name}) do
    try do
      Process.unregister(name)
    rescue
      _ -> :ok
    end

    :ok
  end

  def unregister_name({:global, name}) do
    :global.unregister_name(name)
    :ok
  end

  def unregister_name({:via, mod, name}) do
    _ = apply(mod, :unregister_name, [name])
    :ok
  end

  def name(:self), do: self()
  def name({:local, name}), do: name
  def name({:global, name}), do: name
  def name({:via, _, name}), do: name

  @doc false
  def init_ack(starter, ret), do: send(starter, {:ack, self(), ret})

  # {:ok, reply} | {:exit, reason}: the caller's side of a call.
  @doc false
  # ({name, node} of another node, while this one is not distributed: {:nodedown, node})
  def __call__({_name, node}, _label, _request, _timeout) when node != node() and node() == :nonode@nohost,
    do: {:exit, {:nodedown, node}}

  def __call__(pid, label, request, timeout) do
    mref = Process.monitor(pid)
    tag = [:alias | mref]
    send(pid, {label, {self(), tag}, request})

    receive do
      {[:alias | ^mref], reply} ->
        Process.demonitor(mref, [:flush])
        {:ok, reply}

      # The server's node cannot be reached (or went away): gen's {nodedown, Node}.
      {:DOWN, ^mref, _, _, :noconnection} ->
        {:exit, {:nodedown, node_of(pid)}}

      {:DOWN, ^mref, _, _, reason} ->
        {:exit, reason}
    after
      timeout ->
        Process.demonitor(mref, [:flush])
        :beamsh_otp.__kill_alias__(mref)
        {:exit, :timeout}
    end
  end

  defp node_of({_name, node}) when is_atom(node), do: node
  defp node_of(pid), do: node(pid)

  # A process of any form OTP's modules take (nil for what is none): GenServer.whereis/1,
  # which has no clause for the rest.
  @doc false
  def __whereis__(server) do
    case server do
      pid when is_pid(pid) -> pid
      name when is_atom(name) -> GenServer.whereis(name)
      {:global, _} -> GenServer.whereis(server)
      {:via, _, _} -> GenServer.whereis(server)
      {name, node} when is_atom(name) and is_atom(node) -> GenServer.whereis(server)
      _ -> nil
    end
  end

  def call(server, label, request), do: call(server, label, request, 5000)

  def call(server, label, request, timeout) do
    pid =
      case server do
        p when is_pid(p) -> p
        _ -> __whereis__(server)
      end

    case pid do
      nil ->
        exit(:noproc)

      _ ->
        case __call__(pid, label, request, timeout) do
          {:ok, r} -> {:ok, r}
          {:exit, reason} -> exit(reason)
        end
    end
  end

  # gen:format_status/4: what a callback module's format_status/1 (given the status map) or
  # format_status/2 (given opt and args, its answer kept as :"$status") makes of a status.
  def format_status(mod, opt, status, args) do
    cond do
      function_exported?(mod, :format_status, 1) ->
        try do
          mod.format_status(status)
        catch
          _, _ -> Map.put(status, :EXIT, Atom.to_charlist(mod) ++ ':format_status/1 crashed')
        else
          new when is_map(new) ->
            merged = Map.merge(status, new)

            if map_size(merged) == map_size(new),
              do: merged,
              else: Map.put(status, :EXIT, Atom.to_charlist(mod) ++ ':format_status/1 returned a map with unknown keys')

          _ ->
            Map.put(status, :EXIT, Atom.to_charlist(mod) ++ ':format_status/1 did not return a map')
        end

      function_exported?(mod, :format_status, 2) and is_list(args) ->
        try do
          Map.put(status, :"$status", apply(mod, :format_status, [opt, args]))
        catch
          :throw, result -> Map.put(status, :"$status", result)
          _, _ -> Map.put(status, :EXIT, Atom.to_charlist(mod) ++ ':format_status/2 crashed')
        end

      true ->
        status
    end
  end

  # ---- asynchronous requests (OTP 25): the request id monitors the server; the reply
  # comes tagged [:alias | request id] ----

  def send_request(process, tag, request) when is_pid(process), do: do_send_request(process, tag, request)

  def send_request(process, tag, request) do
    do_for_proc(process, fn pid -> do_send_request(pid, tag, request) end)
  catch
    :exit, reason ->
      mref = make_ref()
      send(self(), {:DOWN, mref, :process, process, reason})
      mref
  end

  def send_request(process, tag, request, label, req_id_col) when is_map(req_id_col),
    do: :maps.put(send_request(process, tag, request), label, req_id_col)

  defp do_send_request(process, tag, request) do
    req_id = Process.monitor(process)
    send(process, {tag, {self(), [:alias | req_id]}, request})
    req_id
  end

  defp do_for_proc(pid, fun) when is_pid(pid), do: fun.(pid)

  defp do_for_proc(name, fun) when is_atom(name) do
    case Process.whereis(name) do
      pid when is_pid(pid) -> fun.(pid)
      nil -> exit(:noproc)
    end
  end

  defp do_for_proc({:global, _} = process, fun), do: do_for_where(process, fun)
  defp do_for_proc({:via, _, _} = process, fun), do: do_for_where(process, fun)

  defp do_for_proc({name, node}, fun) when node == node(), do: do_for_proc(name, fun)

  defp do_for_proc({_name, node} = process, fun) when is_atom(node) do
    if node() == :nonode@nohost do
      exit({:nodedown, node})
    else
      fun.(process)
    end
  end

  defp do_for_where(process, fun) do
    case where(process) do
      pid when is_pid(pid) -> fun.(pid)
      _ -> exit(:noproc)
    end
  end

  def wait_response(req_id, timeout) do
    tmo = timeout_value(timeout)

    receive do
      {[:alias | ^req_id], reply} ->
        Process.demonitor(req_id, [:flush])
        {:reply, reply}

      {:DOWN, ^req_id, _, object, reason} ->
        {:error, {reason, object}}
    after
      tmo -> :timeout
    end
  end

  def wait_response(req_id_col, timeout, delete) when map_size(req_id_col) == 0 and is_boolean(delete) do
    _ = timeout_value(timeout)
    :no_request
  end

  def wait_response(req_id_col, timeout, delete) when is_map(req_id_col) and is_boolean(delete) do
    tmo = timeout_value(timeout)

    receive do
      {[:alias | req_id], _} = msg when is_map_key(req_id_col, req_id) -> collection_result(msg, req_id_col, delete)
      {:DOWN, req_id, _, _, _} = msg when is_map_key(req_id_col, req_id) -> collection_result(msg, req_id_col, delete)
    after
      tmo -> :timeout
    end
  end

  def receive_response(req_id, timeout) do
    tmo = timeout_value(timeout)

    receive do
      {[:alias | ^req_id], reply} ->
        Process.demonitor(req_id, [:flush])
        {:reply, reply}

      {:DOWN, ^req_id, _, object, reason} ->
        {:error, {reason, object}}
    after
      tmo ->
        # the request is abandoned, as OTP's is (its alias deactivated): a reply that comes
        # later is dropped
        Process.demonitor(req_id, [:flush])
        :beamsh_otp.__kill_alias__(req_id)

        receive do
          {[:alias | ^req_id], reply} -> {:reply, reply}
        after
          0 -> :timeout
        end
    end
  end

  def receive_response(req_id_col, timeout, delete) when map_size(req_id_col) == 0 and is_boolean(delete) do
    _ = timeout_value(timeout)
    :no_request
  end

  def receive_response(req_id_col, timeout, delete) when is_map(req_id_col) and is_boolean(delete) do
    tmo = timeout_value(timeout)

    receive do
      {[:alias | req_id], _} = msg when is_map_key(req_id_col, req_id) -> collection_result(msg, req_id_col, delete)
      {:DOWN, mref, _, _, _} = msg when is_map_key(req_id_col, mref) -> collection_result(msg, req_id_col, delete)
    after
      tmo ->
        :maps.foreach(
          fn
            req_id, _label when is_reference(req_id) ->
              Process.demonitor(req_id, [:flush])
              :beamsh_otp.__kill_alias__(req_id)

            _, _ -> :erlang.error(:badarg)
          end,
          req_id_col
        )

        flush_responses(req_id_col)
        :timeout
    end
  end

  def check_response(msg, req_id) when is_reference(req_id) do
    case msg do
      {[:alias | ^req_id], reply} ->
        Process.demonitor(req_id, [:flush])
        {:reply, reply}

      {:DOWN, ^req_id, _, object, reason} ->
        {:error, {reason, object}}

      _ ->
        :no_reply
    end
  end

  def check_response(_, _), do: :erlang.error(:badarg)

  def check_response(_msg, req_id_col, delete) when map_size(req_id_col) == 0 and is_boolean(delete), do: :no_request

  def check_response(msg, req_id_col, delete) when is_map(req_id_col) and is_boolean(delete) do
    case msg do
      {[:alias | req_id], _} when is_map_key(req_id_col, req_id) -> collection_result(msg, req_id_col, delete)
      {:DOWN, mref, _, _, _} when is_map_key(req_id_col, mref) -> collection_result(msg, req_id_col, delete)
      _ -> :no_reply
    end
  end

  defp collection_result({[:alias | req_id], reply}, req_id_col, delete) do
    _ = Process.demonitor(req_id, [:flush])
    collection_result({:reply, reply}, req_id, req_id_col, delete)
  end

  defp collection_result({:DOWN, req_id, _, object, reason}, req_id_col, delete),
    do: collection_result({:error, {reason, object}}, req_id, req_id_col, delete)

  defp collection_result(resp, req_id, req_id_col, false), do: {resp, :maps.get(req_id, req_id_col), req_id_col}

  defp collection_result(resp, req_id, req_id_col, true) do
    {label, new_req_id_col} = :maps.take(req_id, req_id_col)
    {resp, label, new_req_id_col}
  end

  defp flush_responses(req_id_col) do
    receive do
      {[:alias | mref], _reply} when is_map_key(req_id_col, mref) -> flush_responses(req_id_col)
    after
      0 -> :ok
    end
  end

  defp timeout_value(:infinity), do: :infinity
  defp timeout_value(timeout) when is_integer(timeout) and 0 <= timeout and timeout <= 4_294_967_295, do: timeout

  defp timeout_value({:abs, timeout}) when is_integer(timeout) do
    case timeout - System.monotonic_time(:millisecond) do
      tmo when tmo < 0 -> 0
      tmo when tmo > 4_294_967_295 -> :erlang.error(:badarg)
      tmo -> tmo
    end
  end

  defp timeout_value(_), do: :erlang.error(:badarg)

  def reqids_new(), do: :maps.new()

  def reqids_size(req_id_col) when is_map(req_id_col), do: map_size(req_id_col)
  def reqids_size(_), do: :erlang.error(:badarg)

  def reqids_add(req_id, _, req_id_col) when is_reference(req_id) and is_map_key(req_id_col, req_id),
    do: :erlang.error(:badarg)

  def reqids_add(req_id, label, req_id_col) when is_reference(req_id) and is_map(req_id_col),
    do: :maps.put(req_id, label, req_id_col)

  def reqids_add(_, _, _), do: :erlang.error(:badarg)

  def reqids_to_list(req_id_col) when is_map(req_id_col), do: :maps.to_list(req_id_col)
  def reqids_to_list(_), do: :erlang.error(:badarg)

  # ---- for enter_loop: the name the process has, and its parent ----

  def get_proc_name(pid) when is_pid(pid), do: pid

  def get_proc_name({:local, name}) do
    case Process.info(self(), :registered_name) do
      {:registered_name, ^name} -> name
      _ -> exit(:process_not_registered)
    end
  end

  def get_proc_name({:global, name}) do
    case :global.whereis_name(name) do
      :undefined -> exit(:process_not_registered_globally)
      pid when pid == self() -> name
      _pid -> exit(:process_not_registered_globally)
    end
  end

  def get_proc_name({:via, mod, name}) do
    case mod.whereis_name(name) do
      :undefined -> exit({:process_not_registered_via, mod})
      pid when pid == self() -> name
      _pid -> exit({:process_not_registered_via, mod})
    end
  end

  def get_parent() do
    case Process.get(:"$ancestors") do
      [parent | _] when is_pid(parent) -> parent
      [parent | _] when is_atom(parent) -> name_to_pid(parent)
      _ -> exit(:process_was_not_started_by_proc_lib)
    end
  end

  defp name_to_pid(name) do
    case Process.whereis(name) do
      nil ->
        case :global.whereis_name(name) do
          :undefined -> exit(:could_not_find_registered_name)
          pid -> pid
        end

      pid ->
        pid
    end
  end

  def reply({pid, tag}, reply) do
    :beamsh_otp.__reply__(pid, tag, reply)
  end

  # Stops a generic process with a system message and waits for it to go down.
  @doc false
  def __stop__(pid, reason, timeout) do
    mref = Process.monitor(pid)
    send(pid, {:system, {self(), [:alias | mref]}, {:terminate, reason}})

    receive do
      {:DOWN, ^mref, _, _, ^reason} ->
        :ok

      {:DOWN, ^mref, _, _, r} ->
        {:exit, r}
    after
      timeout ->
        Process.demonitor(mref, [:flush])
        Process.exit(pid, :kill)
        {:exit, :timeout}
    end
  end

  def stop(server), do: stop(server, :normal, :infinity)

  def stop(server, reason, timeout) do
    case __whereis__(server) do
      nil ->
        exit(:noproc)

      # proc_lib:stop's sys:terminate call to the caller itself (it would wait for ever).
      pid when pid == self() ->
        :erlang.raise(:exit, {:calling_self, {:sys, :terminate, [pid, reason, timeout]}}, [{:proc_lib, :stop, 3, [file: 'proc_lib.erl', line: 1097]}])

      pid ->
        case __stop__(pid, reason, timeout) do
          :ok -> :ok
          {:exit, r} -> exit(r)
        end
    end
  end
end

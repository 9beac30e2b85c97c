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
    parent = if link == :link, do: starter, else: self()

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

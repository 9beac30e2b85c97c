# :net_kernel: starting and stopping this node's distribution, connecting, watching nodes
# come and go, and the service processes a peer expects on a node: net_kernel itself
# (answering the is_auth call behind Node.ping/1), rex (old-style rpc) and user (the I/O
# server that output of processes spawned from here on other nodes comes back to).
defmodule :net_kernel do
  @moduledoc false

  def start([name]), do: start([name, :longnames])
  def start([name, type]), do: start([name, type, 15000])

  def start([name, type, tick_time]) when is_atom(name) and type in [:shortnames, :longnames] do
    ticktime = if is_integer(tick_time), do: div(tick_time * 4, 1000), else: 60

    case :beamsh_dist.start(name, type, ticktime) do
      {:error, :already_started} ->
        {:error, {:already_started, Process.whereis(:net_kernel)}}

      ref ->
        receive do
          {^ref, :ok} ->
            {:ok, __services__()}

          {^ref, {:error, _reason}} ->
            {:error, start_error(name, type, ticktime)}
        end
    end
  end

  def start(opts) when is_list(opts), do: {:error, :badarg}

  def start(name, opts) when is_atom(name) and is_map(opts) do
    type = Map.get(opts, :name_domain, :longnames)
    ticktime = Map.get(opts, :net_ticktime, 60)
    start([name, type, div(ticktime * 1000, 4)])
  end

  # The {:error, ...} erl gives when the distribution cannot start (its supervisor's words).
  defp start_error(name, type, ticktime) do
    spec =
      {:child, :undefined, :net_sup_dynamic,
       {:erl_distribution, :start_link,
        [
          %{
            clean_halt: false,
            name: name,
            name_domain: type,
            net_tickintensity: 4,
            net_ticktime: ticktime,
            supervisor: :net_sup_dynamic
          }
        ]}, :permanent, false, 1000, :supervisor, [:erl_distribution]}

    {{:shutdown, {:failed_to_start_child, :net_kernel, {:EXIT, :nodistribution}}}, spec}
  end

  def stop(), do: :beamsh_dist.stop()

  def connect_node(node) when is_atom(node) do
    case :beamsh_dist.connect(node) do
      result when is_boolean(result) or result == :ignored ->
        result

      ref ->
        receive do
          {^ref, result} -> result
        end
    end
  end

  def connect_node(node), do: :erlang.error(:badarg, [node])

  def hidden_connect_node(node), do: connect_node(node)

  def disconnect(node), do: :erlang.disconnect_node(node)

  def monitor_nodes(flag), do: :beamsh_dist.monitor_nodes(flag, [])
  def monitor_nodes(flag, opts), do: :beamsh_dist.monitor_nodes(flag, opts)

  def get_net_ticktime(), do: :beamsh_dist.ticktime()

  def nodename() do
    if :erlang.is_alive(), do: node(), else: :ignored
  end

  def allow(_nodes), do: :ok

  # ---- the services ------------------------------------------------------------------------

  @doc false
  def __services__() do
    # (the boot's own :user and :rex give their names up while the node is alive; they get
    # them back when it stops)
    for name <- [:user, :rex], Process.whereis(name) != nil, do: Process.unregister(name)
    user = spawn(fn -> :beamsh_user.server() end)
    Process.register(user, :user)
    :beamsh_dist.set_io_server(user)
    rex = spawn(fn -> rex_loop() end)
    Process.register(rex, :rex)
    kernel = spawn(fn -> kernel_loop() end)
    Process.register(kernel, :net_kernel)
    kernel
  end

  defp kernel_loop() do
    receive do
      {:"$gen_call", from, {:is_auth, _node}} ->
        :gen.reply(from, :yes)

      {:"$gen_call", from, {:connect, _type, node}} ->
        spawn(fn -> :gen.reply(from, connect_node(node)) end)

      {:"$gen_call", from, _other} ->
        :gen.reply(from, :ignored)

      _other ->
        :ok
    end

    kernel_loop()
  end

  # rex: the server behind rpc calls made the old way ({rex, Node} gen_server calls).
  defp rex_loop() do
    receive do
      {:"$gen_call", from, {:call, m, f, a, gl}} ->
        rex_call(from, m, f, a, gl)

      {:"$gen_call", from, {:block_call, m, f, a, gl}} ->
        rex_call(from, m, f, a, gl)

      {:"$gen_cast", {:cast, m, f, a, gl}} ->
        pid = spawn(fn -> apply(m, f, a) end)
        :erlang.group_leader(gl, pid)

      _other ->
        :ok
    end

    rex_loop()
  end

  defp rex_call(from, m, f, a, gl) do
    pid =
      spawn(fn ->
        result =
          try do
            apply(m, f, a)
          catch
            :throw, value -> value
            :exit, reason -> {:badrpc, {:EXIT, reason}}
            :error, reason -> {:badrpc, {:EXIT, {reason, __STACKTRACE__}}}
          end

        :gen.reply(from, result)
      end)

    :erlang.group_leader(gl, pid)
  end
end

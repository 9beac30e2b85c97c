# :rpc, the classic remote procedure calls, on top of :erpc (as OTP 23+ does): failures come
# back as {:badrpc, reason} values instead of exceptions.
defmodule :rpc do
  @moduledoc false

  def call(n, m, f, a), do: call(n, m, f, a, :infinity)
  def call(n, m, f, a, t), do: rpcify(fn -> :erpc.call(n, m, f, a, t) end)

  def block_call(n, m, f, a), do: call(n, m, f, a, :infinity)
  def block_call(n, m, f, a, t), do: call(n, m, f, a, t)

  def cast(n, m, f, a) do
    _ = :erpc.cast(n, m, f, a)
    true
  end

  def multicall(m, f, a), do: multicall([node() | Node.list()], m, f, a, :infinity)
  def multicall(nodes, m, f, a) when is_list(nodes), do: multicall(nodes, m, f, a, :infinity)
  def multicall(m, f, a, t), do: multicall([node() | Node.list()], m, f, a, t)

  def multicall(nodes, m, f, a, t) do
    results = :erpc.multicall(nodes, m, f, a, t)

    {good, bad} =
      Enum.zip(nodes, results)
      |> Enum.reduce({[], []}, fn
        {_n, {:ok, {:EXIT, _} = e}}, {g, b} -> {[{:badrpc, e} | g], b}
        {_n, {:ok, v}}, {g, b} -> {[v | g], b}
        {_n, {:throw, v}}, {g, b} -> {[v | g], b}
        {n, {:error, {:erpc, :noconnection}}}, {g, b} -> {g, [n | b]}
        {n, {:error, {:erpc, :timeout}}}, {g, b} -> {g, [n | b]}
        {_n, {:exit, {:exception, r}}}, {g, b} -> {[{:badrpc, {:EXIT, r}} | g], b}
        {_n, {:exit, {:signal, r}}}, {g, b} -> {[{:badrpc, {:EXIT, r}} | g], b}
        {_n, {:error, e, s}}, {g, b} -> {[{:badrpc, {:EXIT, {e, s}}} | g], b}
        {_n, {:error, {:erpc, e}}}, {g, b} -> {[{:badrpc, {:EXIT, e}} | g], b}
        {_n, other}, {g, b} -> {[{:badrpc, other} | g], b}
      end)

    {Enum.reverse(good), Enum.reverse(bad)}
  end

  def eval_everywhere(m, f, a), do: eval_everywhere([node() | Node.list()], m, f, a)

  def eval_everywhere(nodes, m, f, a) do
    :erpc.multicast(nodes, m, f, a)
    :abcast
  end

  def abcast(name, msg), do: abcast([node() | Node.list()], name, msg)

  def abcast(nodes, name, msg) do
    Enum.each(nodes, fn n -> send({name, n}, msg) end)
    :abcast
  end

  def sbcast(name, msg), do: sbcast([node() | Node.list()], name, msg)

  def sbcast(nodes, name, msg) do
    Enum.reduce(nodes, {[], []}, fn n, {good, bad} ->
      if call(n, Process, :whereis, [name]) |> is_pid() do
        send({name, n}, msg)
        {good ++ [n], bad}
      else
        {good, bad ++ [n]}
      end
    end)
  end

  def async_call(n, m, f, a) do
    caller = self()
    ref = make_ref()

    {pid, _mref} =
      spawn_monitor(fn ->
        send(caller, {ref, call(n, m, f, a)})
      end)

    {:beamsh_rpc_key, pid, ref}
  end

  def yield({:beamsh_rpc_key, _pid, ref}) do
    receive do
      {^ref, r} -> r
    end
  end

  def nb_yield(key), do: nb_yield(key, 0)

  def nb_yield({:beamsh_rpc_key, _pid, ref}, t) do
    receive do
      {^ref, r} -> {:value, r}
    after
      t -> :timeout
    end
  end

  def server_call(node, name, reply_wrapper, msg) do
    send({name, node}, {self(), msg})

    receive do
      {^reply_wrapper, ^node, reply} -> reply
    end
  end

  def pinfo(pid), do: call(node(pid), :erlang, :process_info, [pid])
  def pinfo(pid, item), do: call(node(pid), :erlang, :process_info, [pid, item])

  defp rpcify(f) do
    try do
      case f.() do
        {:EXIT, _} = bad -> {:badrpc, bad}
        result -> result
      end
    catch
      :throw, {:EXIT, _} = bad -> {:badrpc, bad}
      :throw, value -> value
      :exit, {:exception, e} -> {:badrpc, {:EXIT, e}}
      :exit, {:signal, r} -> {:badrpc, {:EXIT, r}}
      :exit, r -> exit(r)
      :error, {:exception, e, s} -> {:badrpc, {:EXIT, {e, s}}}
      :error, {:erpc, :badarg} -> :erlang.error(:badarg)
      :error, {:erpc, :noconnection} -> {:badrpc, :nodedown}
      :error, {:erpc, :timeout} -> {:badrpc, :timeout}
      :error, {:erpc, :notsup} -> {:badrpc, :notsup}
      :error, {:erpc, e} -> {:badrpc, {:EXIT, e}}
      :error, r -> :erlang.error(r)
    end
  end
end

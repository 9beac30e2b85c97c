# :erpc: calls on other nodes over spawn requests. A call spawns erpc:execute_call/4 on the
# node with a monitor; the process exits with {ref, return | throw | exit | error, ...}
# and the DOWN message brings the result back. Real nodes do the same, so calls go both
# ways between beamsh and Erlang/Elixir nodes.
defmodule :erpc do
  @moduledoc false

  def call(n, fun), do: call(n, fun, :infinity)
  def call(n, fun, timeout) when is_function(fun, 0), do: call(n, :erlang, :apply, [fun, []], timeout)
  def call(_n, _fun, _timeout), do: :erlang.error({:erpc, :badarg})
  def call(n, m, f, a), do: call(n, m, f, a, :infinity)

  def call(n, m, f, a, :infinity) when n == node() and is_atom(m) and is_atom(f) and is_list(a) do
    try do
      apply(m, f, a)
    catch
      :exit, reason -> exit({:exception, reason})
      :error, reason -> :erlang.error({:exception, reason, trim_stack(__STACKTRACE__, m, f, a)})
    end
  end

  def call(n, m, f, a, t) when is_atom(n) and is_atom(m) and is_atom(f) and is_list(a) do
    timeout = timeout_value(t)
    res = make_ref()
    req = :erlang.spawn_request(n, :erpc, :execute_call, [res, m, f, a], [{:reply, :error_only}, :monitor])

    receive do
      {:spawn_reply, ^req, :error, reason} -> result(:spawn_reply, req, res, reason)
      {:DOWN, ^req, :process, _pid, reason} -> result(:down, req, res, reason)
    after
      timeout -> result(:timeout, req, res, nil)
    end
  end

  def call(_n, _m, _f, _a, _t), do: :erlang.error({:erpc, :badarg})

  def send_request(n, fun) when is_atom(n) and is_function(fun, 0), do: send_request(n, :erlang, :apply, [fun, []])
  def send_request(_n, _fun), do: :erlang.error({:erpc, :badarg})

  def send_request(n, m, f, a) when is_atom(n) and is_atom(m) and is_atom(f) and is_list(a) do
    res = make_ref()
    req = :erlang.spawn_request(n, :erpc, :execute_call, [res, m, f, a], [{:reply, :error_only}, :monitor])
    [res | req]
  end

  def send_request(_n, _m, _f, _a), do: :erlang.error({:erpc, :badarg})

  def receive_response(rid), do: receive_response(rid, :infinity)

  def receive_response([res | req], t) when is_reference(res) and is_reference(req) do
    timeout = timeout_value(t)

    receive do
      {:spawn_reply, ^req, :error, reason} -> result(:spawn_reply, req, res, reason)
      {:DOWN, ^req, :process, _pid, reason} -> result(:down, req, res, reason)
    after
      timeout -> result(:timeout, req, res, nil)
    end
  end

  def receive_response(_, _), do: :erlang.error({:erpc, :badarg})

  def wait_response(rid), do: wait_response(rid, 0)

  def wait_response([res | req], t) when is_reference(res) and is_reference(req) do
    timeout = timeout_value(t)

    receive do
      {:spawn_reply, ^req, :error, reason} -> {:response, result(:spawn_reply, req, res, reason)}
      {:DOWN, ^req, :process, _pid, reason} -> {:response, result(:down, req, res, reason)}
    after
      timeout -> :no_response
    end
  end

  def wait_response(_, _), do: :erlang.error({:erpc, :badarg})

  def check_response({:spawn_reply, req, :error, reason}, [res | req]) when is_reference(res), do: {:response, result(:spawn_reply, req, res, reason)}
  def check_response({:DOWN, req, :process, _pid, reason}, [res | req]) when is_reference(res), do: {:response, result(:down, req, res, reason)}
  def check_response(_msg, [res | req]) when is_reference(res) and is_reference(req), do: :no_response
  def check_response(_, _), do: :erlang.error({:erpc, :badarg})

  def cast(n, fun) when is_function(fun, 0), do: cast(n, :erlang, :apply, [fun, []])
  def cast(_n, _fun), do: :erlang.error({:erpc, :badarg})

  def cast(n, m, f, a) when is_atom(n) and is_atom(m) and is_atom(f) and is_list(a) do
    _ = :erlang.spawn_request(n, :erpc, :execute_cast, [m, f, a], [{:reply, :no}])
    :ok
  end

  def cast(_n, _m, _f, _a), do: :erlang.error({:erpc, :badarg})

  def multicast(nodes, fun), do: multicast(nodes, :erlang, :apply, [fun, []])

  def multicast(nodes, m, f, a) when is_list(nodes) and is_atom(m) and is_atom(f) and is_list(a) do
    Enum.each(nodes, fn n -> :erlang.spawn_request(n, :erpc, :execute_cast, [m, f, a], [{:reply, :no}]) end)
    :ok
  end

  def multicast(_nodes, _m, _f, _a), do: :erlang.error({:erpc, :badarg})

  def multicall(nodes, fun), do: multicall(nodes, fun, :infinity)
  def multicall(nodes, fun, t) when is_function(fun, 0), do: multicall(nodes, :erlang, :apply, [fun, []], t)
  def multicall(_nodes, _fun, _t), do: :erlang.error({:erpc, :badarg})
  def multicall(nodes, m, f, a), do: multicall(nodes, m, f, a, :infinity)

  def multicall(nodes, m, f, a, t) when is_list(nodes) and is_atom(m) and is_atom(f) and is_list(a) do
    timeout = timeout_value(t)
    deadline = if timeout == :infinity, do: :infinity, else: System.monotonic_time(:millisecond) + timeout
    reqs = Enum.map(nodes, fn n -> send_request(n, m, f, a) end)

    Enum.map(reqs, fn rid ->
      left = if deadline == :infinity, do: :infinity, else: max(0, deadline - System.monotonic_time(:millisecond))

      try do
        {:ok, receive_response(rid, left)}
      catch
        :throw, v -> {:throw, v}
        :exit, r -> {:exit, r}
        :error, {:exception, e, s} -> {:error, e, s}
        :error, r -> {:error, r}
      end
    end)
  end

  def multicall(_nodes, _m, _f, _a, _t), do: :erlang.error({:erpc, :badarg})

  # ---- on the node that runs the call --------------------------------------------------------

  def execute_call(ref, m, f, a) do
    reply =
      try do
        {ref, :return, apply(m, f, a)}
      catch
        :throw, reason -> {ref, :throw, reason}
        :exit, reason -> {ref, :exit, reason}
        :error, reason -> {ref, :error, reason, trim_stack(__STACKTRACE__, m, f, a)}
      end

    exit(reply)
  end

  def execute_call(m, f, a), do: {:return, apply(m, f, a)}

  def execute_cast(m, f, a), do: apply(m, f, a)

  # ---- results -----------------------------------------------------------------------------

  defp result(:down, _req, res, {res, :return, value}), do: value
  defp result(:down, _req, res, {res, :throw, value}), do: throw(value)
  defp result(:down, _req, res, {res, :exit, reason}), do: exit({:exception, reason})
  defp result(:down, _req, res, {res, :error, reason, stack}), do: :erlang.error({:exception, reason, stack})
  defp result(:down, _req, res, {res, :error, {:erpc, _} = e}), do: :erlang.error(e)
  defp result(:down, _req, _res, :noconnection), do: :erlang.error({:erpc, :noconnection})
  defp result(:down, _req, _res, reason), do: exit({:signal, reason})
  defp result(:spawn_reply, _req, _res, reason), do: :erlang.error({:erpc, reason})

  defp result(:timeout, req, res, _) do
    if :erlang.spawn_request_abandon(req) do
      Process.demonitor(req, [:flush])
      :erlang.error({:erpc, :timeout})
    else
      receive do
        {:spawn_reply, ^req, :error, reason} -> result(:spawn_reply, req, res, reason)
        {:DOWN, ^req, :process, _pid, reason} -> result(:down, req, res, reason)
      after
        0 ->
          Process.demonitor(req, [:flush])
          :erlang.error({:erpc, :timeout})
      end
    end
  end

  defp timeout_value(:infinity), do: :infinity
  defp timeout_value(t) when is_integer(t) and t >= 0 and t <= 4_294_967_295, do: t
  defp timeout_value(_), do: :erlang.error({:erpc, :badarg})

  # The part of the stack below erpc's own frames: the called function on top (with its
  # arguments when it failed itself), what it called above.
  defp trim_stack([entry | _], m, f, a) when elem(entry, 0) == :erpc, do: [{m, f, a, []}]

  defp trim_stack([{m, f, a, _} = top, entry | _], m, f, a) when elem(entry, 0) == :erpc, do: [top]

  defp trim_stack(stack, m, f, a) do
    case trim_aux(stack, m, f, a) do
      :use_all -> stack
      trimmed -> trimmed
    end
  end

  defp trim_aux([], _m, _f, _a), do: :use_all

  defp trim_aux([{m, f, arity, _} = top, entry | _], m, f, a) when elem(entry, 0) == :erpc and arity == length(a), do: [top]

  defp trim_aux([entry | _], m, f, a) when elem(entry, 0) == :erpc, do: [{m, f, length(a), []}]

  defp trim_aux([entry | rest], m, f, a) do
    case trim_aux(rest, m, f, a) do
      :use_all -> :use_all
      trimmed -> [entry | trimmed]
    end
  end
end

# Agent.Server: the GenServer callbacks of an Agent (see agent.ex).
defmodule Agent.Server do
  @moduledoc false
  @behaviour GenServer

  def init(fun) do
    # what the agent runs is its process's "$initial_call" (a fun's module and name)
    Process.put(:"$initial_call", initial_call(fun))
    {:ok, run(fun, [])}
  end

  defp initial_call(fun) when is_function(fun, 0) do
    {:module, module} = Function.info(fun, :module)
    {:name, name} = Function.info(fun, :name)
    {module, name, 0}
  end

  defp initial_call({mod, fun, args}), do: {mod, fun, length(args)}

  def handle_call({:get, fun}, _from, state) do
    {:reply, run(fun, [state]), state}
  end

  def handle_call({:get_and_update, fun}, _from, state) do
    case run(fun, [state]) do
      {reply, state} -> {:reply, reply, state}
      other -> {:stop, {:bad_return_value, other}, state}
    end
  end

  def handle_call({:update, fun}, _from, state) do
    {:reply, :ok, run(fun, [state])}
  end

  def handle_call(msg, _from, state) do
    {:stop, {:bad_call, msg}, state}
  end

  def handle_cast({:cast, fun}, state) do
    {:noreply, run(fun, [state])}
  end

  def handle_cast(msg, state) do
    {:stop, {:bad_cast, msg}, state}
  end

  def handle_info(_msg, state), do: {:noreply, state}

  def terminate(_reason, _state), do: :ok

  def code_change(_old, state, fun) do
    {:ok, run(fun, [state])}
  end

  defp run({m, f, a}, extra), do: apply(m, f, extra ++ a)
  defp run(fun, extra), do: apply(fun, extra)
end

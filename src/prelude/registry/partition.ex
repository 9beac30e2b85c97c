# Registry.Partition: the process that owns a registry's tables (see registry.ex).
defmodule Registry.Partition do
  @moduledoc false
  @behaviour GenServer

  def start_link(arg), do: GenServer.start_link(Registry.Partition, arg)

  def init({name, kind, meta, _partitions, listeners}) do
    Process.flag(:trap_exit, true)
    keys_type = if kind == :unique, do: :set, else: :duplicate_bag
    # the options Elixir's tables have (write_concurrency also decides their walk order)
    keys = :ets.new(name, [keys_type, :public, read_concurrency: true, write_concurrency: true])
    pids = :ets.new(name, [:duplicate_bag, :public, read_concurrency: true, write_concurrency: true])
    _meta_table = :ets.new(name, [:set, :public, :named_table, read_concurrency: true])
    :ets.insert(name, {:"$registry", {kind, keys, pids, self(), listeners}})
    Enum.each(meta, fn {k, v} -> :ets.insert(name, {{:meta, k}, v}) end)
    {:ok, %{name: name, keys: keys, pids: pids}}
  end

  def handle_call(_msg, _from, state), do: {:reply, :ok, state}

  def handle_cast(_msg, state), do: {:noreply, state}

  def handle_info({:EXIT, pid, _reason}, state) do
    for {_, key} <- :ets.lookup(state.pids, pid) do
      :ets.match_delete(state.keys, {key, {pid, :_}})
    end

    :ets.delete(state.pids, pid)
    {:noreply, state}
  end

  def handle_info(_msg, state), do: {:noreply, state}

  def terminate(_reason, _state), do: :ok
end

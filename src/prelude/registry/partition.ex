# Registry.Partition: owns one partition's key and pid tables (see registry.ex), named
# Registry.Name.KeyPartitionI and .PIDPartitionI, and writes them into the registry's meta
# table. Registering processes link to it; it traps exits and, when one dies, takes its pid
# entries and removes the keys they name.
defmodule Registry.Partition do
  @moduledoc false
  use GenServer

  @all_info -1
  @key_info -2

  def key_name(registry, partition), do: Module.concat(registry, "KeyPartition" <> Integer.to_string(partition))
  def pid_name(registry, partition), do: Module.concat(registry, "PIDPartition" <> Integer.to_string(partition))

  def start_link(name, arg), do: GenServer.start_link(__MODULE__, arg, name: name)

  @impl true
  def init({kind, registry, i, partitions, key_partition, pid_partition, listeners, compressed}) do
    Process.flag(:trap_exit, true)
    concurrent = [:public, read_concurrency: true, write_concurrency: true]
    key_type = if kind == :unique, do: :set, else: :duplicate_bag
    key_ets = :ets.new(key_partition, if(compressed, do: [:compressed, key_type | concurrent], else: [key_type | concurrent]))
    pid_ets = :ets.new(pid_partition, [:duplicate_bag | concurrent])

    if partitions == 1 do
      # the only partition's tables go straight into the registry's information
      true = :ets.insert(registry, [{@key_info, {kind, partitions, key_ets}}, {@all_info, {kind, partitions, key_ets, {self(), pid_ets}, listeners}}])
    else
      true = :ets.insert(registry, {i, key_ets, {self(), pid_ets}})
    end

    {:ok, pid_ets}
  end

  @impl true
  def handle_call(:sync, _from, pid_ets), do: {:reply, :ok, pid_ets}

  @impl true
  def handle_info({:EXIT, pid, _reason}, pid_ets) do
    for {_pid, key, key_ets, _counter} <- :ets.take(pid_ets, pid) do
      # (unregister_match/4's marker entry holds {key_table, left})
      key_ets = with {table, _left} <- key_ets, do: table

      try do
        Registry.__unregister__(key_ets, {key, {pid, :_}}, 1)
      catch
        :error, :badarg -> :badarg
      end
    end

    {:noreply, pid_ets}
  end
end

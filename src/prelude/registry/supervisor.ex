# Registry.Supervisor: the registry's process, registered under its name. It creates the
# registry's meta table (see registry.ex) and supervises one Registry.Partition per partition:
# one_for_all for a unique registry (a pid partition may hold entries of every key partition),
# one_for_one for a duplicate one (both of a process's tables are in its own partition).
defmodule Registry.Supervisor do
  @moduledoc false
  @behaviour Supervisor

  def start_link(kind, registry, partitions, listeners, entries, compressed) do
    Supervisor.start_link(__MODULE__, {kind, registry, partitions, listeners, entries, compressed}, name: registry)
  end

  @impl true
  def init({kind, registry, partitions, listeners, entries, compressed}) do
    ^registry = :ets.new(registry, [:set, :public, :named_table, read_concurrency: true])
    true = :ets.insert(registry, entries)

    children =
      for i <- 0..(partitions - 1) do
        pid_partition = Registry.Partition.pid_name(registry, i)
        key_partition = Registry.Partition.key_name(registry, i)
        arg = {kind, registry, i, partitions, key_partition, pid_partition, listeners, compressed}
        %{id: pid_partition, start: {Registry.Partition, :start_link, [pid_partition, arg]}}
      end

    Supervisor.init(children, strategy: if(kind == :unique, do: :one_for_all, else: :one_for_one))
  end
end

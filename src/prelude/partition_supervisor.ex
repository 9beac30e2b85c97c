# PartitionSupervisor (Elixir 1.14): a supervisor that starts the same child spec once per
# partition, so that work keyed by some term spreads over several processes. A partition is
# reached by name through `{:via, PartitionSupervisor, {name, key}}`: an integer key picks
# partition rem(abs(key), partitions), any other key its :erlang.phash2/2 hash.
#
# Where the partitions' pids are kept: for an atom name, in a protected named ETS table of
# that name owned by the supervisor ({:partitions, n} and {partition, pid}); for a via name,
# in one unique Registry (PartitionSupervisor.Registry) shared by all such supervisors, keyed
# by the supervisor's pid ({sup, partition} for each child). Both are written by the
# supervisor itself: the children are started through start_child/5, which runs in it.
defmodule PartitionSupervisor do
  @moduledoc false
  @behaviour Supervisor

  @registry PartitionSupervisor.Registry

  # `{PartitionSupervisor, opts}` as a child: the name (or a via name's term) is its id.
  @doc false
  def child_spec(opts) when is_list(opts) do
    id =
      case Keyword.get(opts, :name, DynamicSupervisor) do
        name when is_atom(name) -> name
        {:via, _module, name} -> name
      end

    %{id: id, start: {PartitionSupervisor, :start_link, [opts]}, type: :supervisor}
  end

  def start_link(opts) when is_list(opts) do
    name = opts[:name]
    if !name, do: raise(ArgumentError, "the :name option must be given to PartitionSupervisor")

    {child_spec, opts} = Keyword.pop(opts, :child_spec)
    if !child_spec, do: raise(ArgumentError, "the :child_spec option must be given to PartitionSupervisor")

    {partitions, opts} = Keyword.pop(opts, :partitions, System.schedulers_online())

    if not (is_integer(partitions) and partitions >= 1) do
      raise ArgumentError, "the :partitions option must be a positive integer, got: #{inspect(partitions)}"
    end

    {with_arguments, opts} = Keyword.pop(opts, :with_arguments, fn args, _partition -> args end)

    if not is_function(with_arguments, 2) do
      raise ArgumentError,
            "the :with_arguments option must be a function that receives two arguments, " <>
              "the current call arguments and the partition, got: #{inspect(with_arguments)}"
    end

    %{start: {mod, fun, args}} = spec = Supervisor.child_spec(child_spec, [])
    modules = spec[:modules] || [mod]

    children =
      Enum.map(0..(partitions - 1), fn partition ->
        partition_args = with_arguments.(args, partition)

        if not is_list(partition_args) do
          raise "the call to the function in :with_arguments must return a list, got: #{inspect(partition_args)}"
        end

        Map.merge(spec, %{
          id: partition,
          start: {PartitionSupervisor, :start_child, [mod, fun, partition_args, name, partition]},
          modules: modules
        })
      end)

    {init_opts, start_opts} = Keyword.split(opts, [:strategy, :max_seconds, :max_restarts])
    Supervisor.start_link(PartitionSupervisor, {name, partitions, children, init_opts}, start_opts)
  end

  # Runs in the supervisor: starts one partition's child and records its pid.
  @doc false
  def start_child(mod, fun, args, name, partition) do
    result = apply(mod, fun, args)

    case result do
      {:ok, pid} -> record_child(name, partition, pid)
      {:ok, pid, _info} -> record_child(name, partition, pid)
      _ -> :ok
    end

    result
  end

  defp record_child(name, partition, pid) when is_atom(name), do: :ets.insert(name, {partition, pid})
  defp record_child({:via, _, _}, partition, pid), do: Registry.register(@registry, {self(), partition}, pid)

  @impl true
  def init({name, partitions, children, init_opts}) do
    record_partitions(name, partitions)
    Supervisor.init(children, Keyword.put_new(init_opts, :strategy, :one_for_one))
  end

  defp record_partitions(name, partitions) when is_atom(name) do
    :ets.new(name, [:set, :named_table, :protected, read_concurrency: true])
    :ets.insert(name, {:partitions, partitions})
  end

  defp record_partitions({:via, _, _}, partitions) do
    ensure_registry()
    Registry.register(@registry, self(), partitions)
  end

  # The registry of via-named partition supervisors lives as long as the node (Elixir starts
  # it under its own application's supervisor): a process of its own keeps it linked.
  defp ensure_registry do
    if Process.whereis(@registry) == nil do
      caller = self()
      ref = make_ref()

      spawn(fn ->
        case Registry.start_link(keys: :unique, name: @registry) do
          {:ok, _} ->
            Kernel.send(caller, {ref, :ready})
            Process.sleep(:infinity)

          {:error, {:already_started, _}} ->
            Kernel.send(caller, {ref, :ready})
        end
      end)

      receive do
        {^ref, :ready} -> :ok
      end
    end

    :ok
  end

  def partitions(name) do
    {_name, partitions} = name_and_partitions(name)
    partitions
  end

  # {what whereis_name/2 looks children up by, the number of partitions}, or the noproc exit
  defp name_and_partitions(name) when is_atom(name) do
    try do
      {name, :ets.lookup_element(name, :partitions, 2)}
    rescue
      _ -> exit({:noproc, {PartitionSupervisor, :partitions, [name]}})
    end
  end

  defp name_and_partitions(name) when is_tuple(name) do
    with pid when is_pid(pid) <- GenServer.whereis(name),
         [{^pid, partitions}] <- Registry.lookup(@registry, pid) do
      {pid, partitions}
    else
      _ -> exit({:noproc, {PartitionSupervisor, :partitions, [name]}})
    end
  end

  def which_children(name) when is_atom(name) or elem(name, 0) == :via do
    Supervisor.which_children(name)
  end

  def count_children(supervisor) when is_atom(supervisor) do
    Supervisor.count_children(supervisor)
  end

  def stop(supervisor, reason \\ :normal, timeout \\ :infinity) when is_atom(supervisor) do
    Supervisor.stop(supervisor, reason, timeout)
  end

  # The :via callbacks. A name can only be looked up (and sent to), never registered.
  @doc false
  def whereis_name({name, key}) when is_atom(name) or is_tuple(name) do
    {name, partitions} = name_and_partitions(name)
    partition = if is_integer(key), do: rem(abs(key), partitions), else: :erlang.phash2(key, partitions)
    partition_pid(name, partition)
  end

  defp partition_pid(name, partition) when is_atom(name), do: :ets.lookup_element(name, partition, 2)

  defp partition_pid(sup, partition) when is_pid(sup) do
    case Registry.values(@registry, {sup, partition}, sup) do
      [pid | _] -> pid
      [] -> :undefined
    end
  end

  @doc false
  def send(name_key, msg), do: Kernel.send(whereis_name(name_key), msg)

  @doc false
  def register_name(_, _), do: raise("{:via, PartitionSupervisor, _} cannot be given on registration")

  @doc false
  def unregister_name(_, _), do: raise("{:via, PartitionSupervisor, _} cannot be given on unregistration")
end

# Registry: a supervisor named after the registry with one partition process that owns the
# ETS tables (keys: {key, {pid, value}}; pids: {pid, key}) and a named meta table. Processes
# that register link to the partition, which traps exits and removes their entries.
defmodule Registry do
  @moduledoc false

  def child_spec(options) do
    %{id: Keyword.get(options, :name, Registry), start: {Registry, :start_link, [options]}, type: :supervisor}
  end

  def start_link(options) do
    keys = Keyword.get(options, :keys)

    unless keys in [:unique, :duplicate] do
      raise ArgumentError, "expected :keys to be given and be one of :unique or :duplicate, got: #{inspect(keys)}"
    end

    name =
      case Keyword.fetch(options, :name) do
        {:ok, name} when is_atom(name) -> name
        {:ok, other} -> raise ArgumentError, "expected :name to be an atom, got: #{inspect(other)}"
        :error -> raise ArgumentError, "expected :name option to be present"
      end

    meta = Keyword.get(options, :meta, [])
    partitions = Keyword.get(options, :partitions, 1)
    listeners = Keyword.get(options, :listeners, [])
    compressed = Keyword.get(options, :compressed, false)

    unless is_boolean(compressed) do
      raise ArgumentError, "expected :compressed to be a boolean, got: #{inspect(compressed)}"
    end

    children = [
      %{id: Registry.Partition, start: {Registry.Partition, :start_link, [{name, keys, meta, partitions, listeners}]}}
    ]

    Supervisor.start_link(children, strategy: :one_for_all, name: name)
  end

  def start_link(keys, name, options \\ []) when keys in [:unique, :duplicate] do
    start_link([keys: keys, name: name] ++ options)
  end

  defp info!(registry) do
    try do
      [{_, info}] = :ets.lookup(registry, :"$registry")
      info
    rescue
      _ -> raise ArgumentError, "unknown registry: #{inspect(registry)}"
    end
  end

  def register(registry, key, value) do
    {kind, keys, pids, partition, listeners} = info!(registry)
    self = self()

    result =
      case kind do
        :unique ->
          if :ets.insert_new(keys, {key, {self, value}}) do
            :ok
          else
            case :ets.lookup(keys, key) do
              [{_, {pid, _}}] ->
                if Process.alive?(pid) do
                  {:error, {:already_registered, pid}}
                else
                  :ets.delete(keys, key)
                  :ets.insert(keys, {key, {self, value}})
                  :ok
                end

              [] ->
                :ets.insert(keys, {key, {self, value}})
                :ok
            end
          end

        :duplicate ->
          :ets.insert(keys, {key, {self, value}})
          :ok
      end

    case result do
      :ok ->
        :ets.insert(pids, {self, key})
        Process.link(partition)
        Enum.each(listeners, fn l -> send(l, {:register, registry, key, self, value}) end)
        {:ok, partition}

      err ->
        err
    end
  end

  def unregister(registry, key) do
    {_kind, keys, pids, partition, listeners} = info!(registry)
    self = self()
    :ets.match_delete(keys, {key, {self, :_}})
    :ets.delete_object(pids, {self, key})
    if :ets.lookup(pids, self) == [], do: Process.unlink(partition)
    Enum.each(listeners, fn l -> send(l, {:unregister, registry, key, self}) end)
    :ok
  end

  # (the key is compared as a term, never read as a pattern: :_ is a key like any other)
  def unregister_match(registry, key, pattern, guards \\ []) when is_list(guards) do
    {_kind, keys, pids, partition, _} = info!(registry)
    self = self()
    same_key = {:"=:=", {:element, 1, :"$_"}, {:const, key}}
    spec = [{{:_, {self, pattern}}, [same_key | guards], [:"$_"]}]
    matched = :ets.select(keys, spec)
    Enum.each(matched, fn obj -> :ets.delete_object(keys, obj) end)

    if matched != [] do
      remaining = :ets.select(keys, [{{:_, {self, :_}}, [same_key], [true]}])
      :ets.delete_object(pids, {self, key})
      Enum.each(remaining, fn _ -> :ets.insert(pids, {self, key}) end)
      if :ets.lookup(pids, self) == [], do: Process.unlink(partition)
    end

    :ok
  end

  def lookup(registry, key) do
    {_kind, keys, _pids, _partition, _} = info!(registry)

    for {_, {pid, _} = pair} <- :ets.lookup(keys, key), Process.alive?(pid), do: pair
  end

  def keys(registry, pid) when is_pid(pid) do
    {_kind, _keys, pids, _partition, _} = info!(registry)
    for {_, key} <- :ets.lookup(pids, pid), do: key
  end

  def values(registry, key, pid) when is_pid(pid) do
    {_kind, keys, _pids, _partition, _} = info!(registry)
    for {_, {^pid, value}} <- :ets.lookup(keys, key), do: value
  end

  def count(registry) do
    {_kind, keys, _pids, _partition, _} = info!(registry)
    :ets.info(keys, :size)
  end

  def count_match(registry, key, pattern, guards \\ []) when is_atom(registry) and is_list(guards) do
    {_kind, keys, _pids, _partition, _} = info!(registry)
    :ets.select_count(keys, [{{:_, {:_, pattern}}, [{:"=:=", {:element, 1, :"$_"}, {:const, key}} | guards], [true]}])
  end

  def match(registry, key, pattern, guards \\ []) when is_atom(registry) and is_list(guards) do
    {_kind, keys, _pids, _partition, _} = info!(registry)
    guards = [{:"=:=", {:element, 1, :"$_"}, {:const, key}} | guards]
    :ets.select(keys, [{{:_, {:_, pattern}}, guards, [{:element, 2, :"$_"}]}])
  end

  def select(registry, spec) when is_atom(registry) and is_list(spec) do
    spec = convert_spec(spec, "select/2")
    {_kind, keys, _pids, _partition, _} = info!(registry)
    :ets.select(keys, spec)
  end

  def count_select(registry, spec) when is_atom(registry) and is_list(spec) do
    spec = convert_spec(spec, "count_select/2")
    {_kind, keys, _pids, _partition, _} = info!(registry)
    :ets.select_count(keys, spec)
  end

  def delete_meta(registry, key) do
    :ets.delete(registry, {:meta, key})
    :ok
  end

  def meta(registry, key) do
    _ = info!(registry)

    case :ets.lookup(registry, {:meta, key}) do
      [{_, value}] -> {:ok, value}
      [] -> :error
    end
  end

  def put_meta(registry, key, value) do
    _ = info!(registry)
    :ets.insert(registry, {{:meta, key}, value})
    :ok
  end

  def dispatch(registry, key, mfa_or_fun, _opts \\ []) do
    case lookup(registry, key) do
      [] ->
        :ok

      entries ->
        case mfa_or_fun do
          {m, f, a} -> apply(m, f, [entries | a])
          fun -> fun.(entries)
        end

        :ok
    end
  end

  def update_value(registry, key, callback) when is_function(callback, 1) do
    {kind, keys, _pids, _partition, _} = info!(registry)

    if kind != :unique do
      raise ArgumentError, "Registry.update_value/3 is not supported for duplicate registries"
    end

    self = self()

    case :ets.lookup(keys, key) do
      [{_, {^self, old}}] ->
        new = callback.(old)
        :ets.insert(keys, {key, {self, new}})
        {new, old}

      _ ->
        :error
    end
  end

  # {:via, Registry, {registry, key}} (and {registry, key, value})
  def register_name({registry, key}, pid) when pid == self() do
    case register(registry, key, nil) do
      {:ok, _} -> :yes
      {:error, _} -> :no
    end
  end

  def register_name({registry, key, value}, pid) when pid == self() do
    case register(registry, key, value) do
      {:ok, _} -> :yes
      {:error, _} -> :no
    end
  end

  # (names are unique: a duplicate registry cannot give them)
  def whereis_name({registry, key}), do: whereis_name({registry, key, nil})

  def whereis_name({registry, key, _value}) do
    case info!(registry) do
      {:unique, _, _, _, _} ->
        case lookup(registry, key) do
          [{pid, _}] -> pid
          _ -> :undefined
        end

      {kind, _, _, _, _} ->
        raise ArgumentError, ":via is not supported for #{kind} registries"
    end
  end

  def unregister_name({registry, key}), do: unregister(registry, key)
  def unregister_name({registry, key, _value}), do: unregister(registry, key)

  def send({registry, key}, msg) do
    case lookup(registry, key) do
      [{pid, _}] -> Kernel.send(pid, msg)
      _ -> :erlang.error(:badarg, [{registry, key}, msg])
    end
  end

  def send({registry, key, _value}, msg), do: __MODULE__.send({registry, key}, msg)

  # A spec's heads are {key, pid, value}: the table's entries are {key, {pid, value}}.
  defp convert_spec(spec, fun) do
    Enum.map(spec, fn
      {{k, p, v}, guards, body} -> {{k, {p, v}}, guards, body}
      _ -> raise ArgumentError, "invalid match specification in Registry.#{fun}: #{inspect(spec)}"
    end)
  end
end

# Registry: a local, partitioned key-value process registry, laid out as Elixir 1.14's.
#
# Registry.start_link/1 starts Registry.Supervisor, registered under the registry's name,
# which creates a public named ETS table of the same name (the registry's "meta" table) and
# starts one Registry.Partition per partition. Each partition owns two tables: its keys
# ({key, {pid, value}}; a set for unique registries, a duplicate bag for duplicate ones, named
# Name.KeyPartitionI) and its pids ({pid, key, key_table, counter}, a duplicate bag named
# Name.PIDPartitionI). The meta table holds:
#
#   -1   {kind, partitions, key_table | nil, {partition_pid, pid_table} | nil, listeners}
#   -2   {kind, partitions, key_table | nil}
#   I    {I, key_table, {partition_pid, pid_table}}   (partition I, when there are several)
#
# and the user's metadata (atom or tuple keys). With one partition the tables go straight into
# -1 and -2. A unique registry finds a key's table by hashing the key and a process's pid table
# by hashing the pid; a duplicate registry hashes the pid for both. A registering process links
# to the partition owning its pid table, which traps exits and removes its entries when it
# dies (so a dead process may be seen until then, as Elixir documents).
defmodule Registry do
  @moduledoc false

  @kinds [:unique, :duplicate]
  @all_info -1
  @key_info -2

  ## Starting

  def start_link(options) do
    kind = Keyword.get(options, :keys)

    if kind not in @kinds do
      raise ArgumentError,
            "expected :keys to be given and be one of :unique or :duplicate, got: #{inspect(kind)}"
    end

    # (each raise stands on the line of the function's body where Elixir's does, for traces)
    name =
      case Keyword.fetch(options, :name) do
        {:ok, name} when is_atom(name) ->
          name

        {:ok, other} ->
          raise ArgumentError, "expected :name to be an atom, got: #{inspect(other)}"

        :error ->
          raise ArgumentError, "expected :name option to be present"
      end

    meta = Keyword.get(options, :meta, [])

    if not Keyword.keyword?(meta) do
      raise ArgumentError, "expected :meta to be a keyword list, got: #{inspect(meta)}"
    end

    partitions = Keyword.get(options, :partitions, 1)

    if not (is_integer(partitions) and partitions >= 1) do
      raise ArgumentError,
            "expected :partitions to be a positive integer, got: #{inspect(partitions)}"
    end

    listeners = Keyword.get(options, :listeners, [])

    if not (is_list(listeners) and Enum.all?(listeners, &is_atom/1)) do
      raise ArgumentError,
            "expected :listeners to be a list of named processes, got: #{inspect(listeners)}"
    end

    compressed = Keyword.get(options, :compressed, false)

    if not is_boolean(compressed) do
      raise ArgumentError,
            "expected :compressed to be a boolean, got: #{inspect(compressed)}"
    end

    # (the partitions fill in the tables; one partition writes them into these two entries)
    entries = [{@all_info, {kind, partitions, nil, nil, listeners}}, {@key_info, {kind, partitions, nil}} | meta]
    Registry.Supervisor.start_link(kind, name, partitions, listeners, entries, compressed)
  end

  @doc false
  @deprecated "Use Registry.start_link/1 instead"
  def start_link(keys, name, options \\ []) when keys in @kinds and is_atom(name) do
    start_link([keys: keys, name: name] ++ options)
  end

  def child_spec(options) do
    %{id: Keyword.get(options, :name, Registry), start: {Registry, :start_link, [options]}, type: :supervisor}
  end

  ## Registering

  def register(registry, key, value) when is_atom(registry) do
    self = self()
    {kind, key_ets, pid_server, pid_ets, listeners} = tables_for(registry, key, self)

    # The pid table first: its partition cleans up after a crash, even between the two writes.
    Process.link(pid_server)
    counter = System.unique_integer()
    own = {self, key, key_ets, counter}
    true = :ets.insert(pid_ets, own)

    case insert_key(kind, key_ets, key, {key, {self, value}}) do
      :ok ->
        Enum.each(listeners, &Kernel.send(&1, {:register, registry, key, self, value}))
        {:ok, pid_server}

      {:error, {:already_registered, ^self}} = error ->
        true = :ets.delete_object(pid_ets, own)
        error

      {:error, _} = error ->
        true = :ets.delete_object(pid_ets, own)
        unlink_when_done(pid_server, pid_ets, self)
        error
    end
  end

  defp insert_key(:duplicate, key_ets, _key, entry) do
    true = :ets.insert(key_ets, entry)
    :ok
  end

  defp insert_key(:unique, key_ets, key, entry) do
    if :ets.insert_new(key_ets, entry) do
      :ok
    else
      # Taken: by a live process, or by a dead one its partition has not cleaned up yet (then
      # its entry goes and the insert is tried again, as another process may be racing).
      case :ets.lookup(key_ets, key) do
        [{^key, {owner, _}} = taken] ->
          if Process.alive?(owner) do
            {:error, {:already_registered, owner}}
          else
            :ets.delete_object(key_ets, taken)
            insert_key(:unique, key_ets, key, entry)
          end

        [] ->
          insert_key(:unique, key_ets, key, entry)
      end
    end
  end

  def unregister(registry, key) when is_atom(registry) do
    self = self()
    {_kind, key_ets, pid_server, pid_ets, listeners} = tables_for(registry, key, self)

    # The key table first: should this process die in between, its partition still has the pid
    # entries to clean up with.
    true = __unregister__(key_ets, {key, {self, :_}}, 1)
    true = __unregister__(pid_ets, {self, key, key_ets, :_}, 2)
    unlink_when_done(pid_server, pid_ets, self)
    Enum.each(listeners, &Kernel.send(&1, {:unregister, registry, key, self}))
    :ok
  end

  def unregister_match(registry, key, pattern, guards \\ []) when is_list(guards) do
    self = self()
    {_kind, key_ets, pid_server, pid_ets, listeners} = tables_for(registry, key, self)
    same_key = same_key(key)
    all_mine = :ets.select_count(key_ets, [{{:_, {self, :_}}, [same_key], [true]}])

    case :ets.select_delete(key_ets, [{{:_, {self, pattern}}, [same_key | guards], [true]}]) do
      ^all_mine ->
        true = __unregister__(pid_ets, {self, key, key_ets, :_}, 2)
        unlink_when_done(pid_server, pid_ets, self)
        Enum.each(listeners, &Kernel.send(&1, {:unregister, registry, key, self}))

      0 ->
        :ok

      deleted ->
        # Some of this key's entries stay: the pid table must keep one entry for each. A bag's
        # delete_object takes every copy, so a marker entry saying how many stay stands in (for
        # a crash meanwhile, and for keys/2) while they are put back.
        left = all_mine - deleted
        counter = System.unique_integer()
        marker = {self, key, {key_ets, left}, counter}
        true = :ets.insert(pid_ets, marker)
        true = __unregister__(pid_ets, {self, key, key_ets, :_}, 2)
        true = :ets.insert(pid_ets, List.duplicate({self, key, key_ets, counter}, left))
        true = :ets.delete_object(pid_ets, marker)
    end

    :ok
  end

  def update_value(registry, key, callback) when is_atom(registry) and is_function(callback, 1) do
    case key_info!(registry) do
      {:unique, partitions, key_ets} ->
        key_ets = key_ets || key_table(registry, hash(key, partitions))

        try do
          :ets.lookup_element(key_ets, key, 2)
        catch
          :error, :badarg -> :error
        else
          {owner, old_value} when owner == self() ->
            new_value = callback.(old_value)
            :ets.insert(key_ets, {key, {owner, new_value}})
            {new_value, old_value}

          {_, _} ->
            :error
        end

      {kind, _, _} ->
        raise ArgumentError, "Registry.update_value/3 is not supported for #{kind} registries"
    end
  end

  ## Reading

  def lookup(registry, key) when is_atom(registry) do
    case key_info!(registry) do
      {:unique, partitions, key_ets} ->
        case second(key_ets || key_table(registry, hash(key, partitions)), key) do
          {_, _} = entry -> [entry]
          _ -> []
        end

      {:duplicate, 1, key_ets} ->
        second(key_ets, key)

      {:duplicate, partitions, _} ->
        each_partition(partitions, &second(key_table(registry, &1), key))
    end
  end

  def match(registry, key, pattern, guards \\ []) when is_atom(registry) and is_list(guards) do
    spec = [{{:_, {:_, pattern}}, [same_key(key) | guards], [{:element, 2, :"$_"}]}]
    in_key_tables(registry, key, &:ets.select(&1, spec), &Enum.concat/1)
  end

  def count_match(registry, key, pattern, guards \\ []) when is_atom(registry) and is_list(guards) do
    spec = [{{:_, {:_, pattern}}, [same_key(key) | guards], [true]}]
    in_key_tables(registry, key, &:ets.select_count(&1, spec), &Enum.sum/1)
  end

  def keys(registry, pid) when is_atom(registry) and is_pid(pid) do
    {kind, partitions, _, pid_tables, _} = info!(registry)
    {_, pid_ets} = pid_tables || pid_tables(registry, hash(pid, partitions))

    found =
      try do
        :ets.select(pid_ets, [{{pid, :"$1", :"$2", :_}, [], [{{:"$1", :"$2"}}]}])
      catch
        :error, :badarg -> []
      end

    keys = keys_of(found, [], nil)
    if kind == :unique, do: Enum.uniq(keys), else: keys
  end

  # The keys of a process's pid entries, last first. While unregister_match/4 rewrites a
  # key's entries, its marker ({key_table, left} in the table's place) says how many stand.
  defp keys_of([{key, {_, left}} | rest], acc, _marker), do: keys_of(rest, [key | acc], {key, left})
  defp keys_of([{key, _} | rest], acc, marker), do: keys_of(rest, [key | acc], marker)
  defp keys_of([], acc, nil), do: acc
  defp keys_of([], acc, {key, left}), do: List.duplicate(key, left) ++ Enum.reject(acc, &(&1 === key))

  def values(registry, key, pid) when is_atom(registry) do
    case key_info!(registry) do
      {:unique, partitions, key_ets} ->
        case second(key_ets || key_table(registry, hash(key, partitions)), key) do
          {^pid, value} -> [value]
          _ -> []
        end

      {:duplicate, partitions, key_ets} ->
        key_ets = key_ets || key_table(registry, hash(pid, partitions))
        for {^pid, value} <- second(key_ets, key), do: value
    end
  end

  def count(registry) when is_atom(registry) do
    case key_info!(registry) do
      {_kind, 1, key_ets} when key_ets != nil -> size(key_ets)
      {_kind, partitions, _} -> Enum.sum(each_partition(partitions, &[size(key_table(registry, &1))]))
    end
  end

  def select(registry, spec) when is_atom(registry) and is_list(spec) do
    spec = group_match_headers(spec, {:select, 2})
    in_all_key_tables(registry, &:ets.select(&1, spec), &Enum.concat/1)
  end

  def count_select(registry, spec) when is_atom(registry) and is_list(spec) do
    spec = group_match_headers(spec, {:count_select, 2})
    in_all_key_tables(registry, &:ets.select_count(&1, spec), &Enum.sum/1)
  end

  # A spec's heads are {key, pid, value}: the tables' entries are {key, {pid, value}}.
  defp group_match_headers(spec, {fun, arity}) do
    for part <- spec do
      case part do
        {{key, pid, value}, guards, body} ->
          {{key, {pid, value}}, guards, body}

        _ ->
          raise ArgumentError,
                "invalid match specification in Registry.#{fun}/#{arity}: #{inspect(spec)}"
      end
    end
  end

  def dispatch(registry, key, mfa_or_fun, opts \\ [])
      when is_atom(registry) and is_function(mfa_or_fun, 1)
      when is_atom(registry) and tuple_size(mfa_or_fun) == 3 do
    case key_info!(registry) do
      {:unique, partitions, key_ets} ->
        (key_ets || key_table(registry, hash(key, partitions)))
        |> second(key)
        |> List.wrap()
        |> dispatch_to(mfa_or_fun)

      {:duplicate, 1, key_ets} ->
        key_ets |> second(key) |> dispatch_to(mfa_or_fun)

      {:duplicate, partitions, _} ->
        # partition by partition, the last first; with parallel: true, one task each
        partition_indexes = Enum.to_list((partitions - 1)..0//-1)

        if Keyword.get(opts, :parallel, false) do
          parent = self()

          partition_indexes
          |> Enum.map(fn i ->
            Task.async(fn ->
              registry |> key_table(i) |> second(key) |> dispatch_to(mfa_or_fun)
              Process.unlink(parent)
              :ok
            end)
          end)
          |> Enum.each(&Task.await(&1, :infinity))
        else
          Enum.each(partition_indexes, &(registry |> key_table(&1) |> second(key) |> dispatch_to(mfa_or_fun)))
        end
    end

    :ok
  end

  defp dispatch_to([], _mfa_or_fun), do: :ok
  defp dispatch_to(entries, {module, fun, args}), do: apply(module, fun, [entries | args])
  defp dispatch_to(entries, fun), do: fun.(entries)

  ## Metadata

  def meta(registry, key) when is_atom(registry) and (is_atom(key) or is_tuple(key)) do
    try do
      :ets.lookup(registry, key)
    catch
      :error, :badarg ->
        raise ArgumentError,
              "unknown registry: #{inspect(registry)}. Either the registry name is invalid or " <>
                "the registry is not running, possibly because its application isn't started"
    else
      [{^key, value}] -> {:ok, value}
      _ -> :error
    end
  end

  def put_meta(registry, key, value) when is_atom(registry) and (is_atom(key) or is_tuple(key)) do
    try do
      :ets.insert(registry, {key, value})
      :ok
    catch
      :error, :badarg -> raise ArgumentError, "unknown registry: #{inspect(registry)}"
    end
  end

  def delete_meta(registry, key) when is_atom(registry) and (is_atom(key) or is_tuple(key)) do
    try do
      :ets.delete(registry, key)
      :ok
    catch
      :error, :badarg -> raise ArgumentError, "unknown registry: #{inspect(registry)}"
    end
  end

  ## {:via, Registry, {registry, key}} and {:via, Registry, {registry, key, value}}

  @doc false
  def register_name({registry, key}, pid), do: register_name(registry, key, nil, pid)
  def register_name({registry, key, value}, pid), do: register_name(registry, key, value, pid)

  defp register_name(registry, key, value, pid) when pid == self() do
    case register(registry, key, value) do
      {:ok, _} -> :yes
      {:error, _} -> :no
    end
  end

  @doc false
  def whereis_name({registry, key}), do: whereis(registry, key)
  def whereis_name({registry, key, _value}), do: whereis(registry, key)

  # (names are unique: a duplicate registry cannot give them)
  defp whereis(registry, key) do
    case key_info!(registry) do
      {:unique, partitions, key_ets} ->
        case second(key_ets || key_table(registry, hash(key, partitions)), key) do
          {pid, _} -> if Process.alive?(pid), do: pid, else: :undefined
          _ -> :undefined
        end

      {kind, _, _} ->
        raise ArgumentError, ":via is not supported for #{kind} registries"
    end
  end

  @doc false
  def unregister_name({registry, key}), do: unregister(registry, key)
  def unregister_name({registry, key, _value}), do: unregister(registry, key)

  @doc false
  def send({registry, key}, msg) do
    case lookup(registry, key) do
      [{pid, _}] -> Kernel.send(pid, msg)
      [] -> :erlang.error(:badarg, [{registry, key}, msg])
    end
  end

  def send({registry, key, _value}, msg), do: Registry.send({registry, key}, msg)

  ## The tables

  defp info!(registry) do
    try do
      :ets.lookup_element(registry, @all_info, 2)
    catch
      :error, :badarg -> raise ArgumentError, "unknown registry: #{inspect(registry)}"
    end
  end

  defp key_info!(registry) do
    try do
      :ets.lookup_element(registry, @key_info, 2)
    catch
      :error, :badarg -> raise ArgumentError, "unknown registry: #{inspect(registry)}"
    end
  end

  # The tables a process's entry for `key` goes to: {kind, key table, its pid table's
  # partition process, the pid table, listeners}.
  defp tables_for(registry, key, pid) do
    {kind, partitions, key_ets, pid_tables, listeners} = info!(registry)
    key_partition = if kind == :unique, do: hash(key, partitions), else: hash(pid, partitions)
    {pid_server, pid_ets} = pid_tables || pid_tables(registry, hash(pid, partitions))
    {kind, key_ets || key_table(registry, key_partition), pid_server, pid_ets, listeners}
  end

  defp hash(term, partitions), do: :erlang.phash2(term, partitions)

  defp key_table(registry, partition), do: :ets.lookup_element(registry, partition, 2)
  defp pid_tables(registry, partition), do: :ets.lookup_element(registry, partition, 3)

  # Runs `fun` on the table holding `key` (a unique registry's, or a duplicate registry's
  # only one), or on each partition's key table, whose results `join` puts together.
  defp in_key_tables(registry, key, fun, join) do
    case key_info!(registry) do
      {:unique, partitions, key_ets} -> fun.(key_ets || key_table(registry, hash(key, partitions)))
      {:duplicate, 1, key_ets} -> fun.(key_ets)
      {:duplicate, partitions, _} -> join.(Enum.map(0..(partitions - 1), &fun.(key_table(registry, &1))))
    end
  end

  defp in_all_key_tables(registry, fun, join) do
    case key_info!(registry) do
      {_kind, 1, key_ets} when key_ets != nil -> fun.(key_ets)
      {_kind, partitions, _} -> join.(Enum.map(0..(partitions - 1), &fun.(key_table(registry, &1))))
    end
  end

  defp each_partition(partitions, fun), do: Enum.flat_map(0..(partitions - 1), fun)

  # A key's second element ({pid, value}, or a duplicate registry's list of them); [] when the
  # table has no such key, or is gone.
  defp second(table, key) do
    try do
      :ets.lookup_element(table, key, 2)
    catch
      :error, :badarg -> []
    end
  end

  defp size(table) do
    try do
      :ets.info(table, :size)
    catch
      :error, :badarg -> 0
    end
  end

  defp same_key(key), do: {:"=:=", {:element, 1, :"$_"}, {:const, key}}

  defp unlink_when_done(pid_server, pid_ets, pid) do
    if not :ets.member(pid_ets, pid), do: Process.unlink(pid_server)
  end

  # Deletes what `match` matches; the element at `pos` (the key) is compared as a term, as
  # :_ and :"$1" would otherwise be read as pattern variables.
  @doc false
  def __unregister__(table, match, pos) do
    key = :erlang.element(pos, match)

    if is_atom(key) and pattern_atom?(Atom.to_string(key)) do
      any = :erlang.setelement(pos, match, :_)
      :ets.select_delete(table, [{any, [{:"=:=", {:element, pos, :"$_"}, {:const, key}}], [true]}]) >= 0
    else
      :ets.match_delete(table, match)
    end
  end

  defp pattern_atom?("_"), do: true
  defp pattern_atom?("$" <> _), do: true
  defp pattern_atom?(_), do: false
end

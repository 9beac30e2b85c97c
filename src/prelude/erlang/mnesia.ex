# :mnesia, Erlang's distributed database, as one node uses it: a schema (in memory, or on
# disk once create_schema/1 made the node's directory), tables of records (set, bag or
# ordered_set; attributes, record name, secondary indexes; ram_copies or, with a disc
# schema, disc_copies), dirty operations and transactions.
#
# A server process (:mnesia_controller, started by start/0) owns every table's records, held
# in an ETS table of the same type keyed on the record's second element. A transaction runs
# its fun in the caller: its writes and deletes go to a store of its own (read back by its
# reads) and reach the tables only when the fun returns ({:atomic, result}); an abort
# (abort/1, an exception, an exit) drops them ({:aborted, reason}). Nested transactions
# share the outer one's store.
#
# The schema directory is "Mnesia.<node>" in the current directory (or the :mnesia :dir
# application environment). beamsh keeps its own files there (the table definitions and each
# disc_copies table's records, in the external term format), not OTP's schema.DAT layout.
defmodule :mnesia do
  @moduledoc false

  @registry :beamsh_mnesia_tables
  @store :beamsh_mnesia_store
  @options [:attributes, :type, :index, :ram_copies, :disc_copies, :disc_only_copies, :record_name,
            :access_mode, :load_order, :majority, :local_content, :snmp, :storage_properties,
            :user_properties]

  # ---- the node's database ------------------------------------------------------------------

  def start() do
    case :application.start(:mnesia) do
      :ok -> call(:start)
      {:error, {:already_started, :mnesia}} -> call(:start)
      other -> other
    end
  end

  def start(_extra_env), do: start()

  def stop() do
    if running?() do
      call(:stop)
      :application.stop(:mnesia)
    end

    :stopped
  end

  def create_schema(nodes) when is_list(nodes) do
    me = node()

    cond do
      Enum.any?(nodes, &(&1 != me)) ->
        other = Enum.find(nodes, &(&1 != me))
        {:error, {other, {'All nodes not running', other, :nodedown}}}

      running?() or schema_on_disc?() ->
        {:error, {me, {:already_exists, me}}}

      true ->
        File.mkdir_p!(dir())
        write_schema([])
        :ok
    end
  end

  def create_schema(nodes), do: {:error, {:badarg, nodes}}

  def delete_schema(nodes) when is_list(nodes) do
    if running?() do
      {:error, {'Mnesia is not stopped everywhere', [node()]}}
    else
      # (the files go, the directory stays)
      case File.ls(dir()) do
        {:ok, files} -> Enum.each(files, &File.rm_rf(Path.join(dir(), &1)))
        _ -> :ok
      end

      :ok
    end
  end

  def system_info(:is_running), do: if(running?(), do: :yes, else: :no)
  def system_info(:tables), do: if(running?(), do: call(:tables) ++ [:schema], else: exit_aborted({:node_not_running, node()}))
  def system_info(:local_tables), do: system_info(:tables)
  def system_info(:directory), do: dir()
  def system_info(:use_dir), do: schema_on_disc?()
  def system_info(:db_nodes), do: [node()]
  def system_info(:running_db_nodes), do: if(running?(), do: [node()], else: [])
  def system_info(:extra_db_nodes), do: []
  def system_info(:version), do: '4.21.3'
  def system_info(:schema_location), do: :opt_disc
  def system_info(item), do: exit_aborted({:badarg, item})

  def wait_for_tables(tabs, _timeout) do
    if not running?(), do: exit_aborted({:node_not_running, node()})

    case Enum.reject(tabs, &(lookup_table(&1) != nil)) do
      [] -> :ok
      missing -> {:timeout, missing}
    end
  end

  # ---- tables ----------------------------------------------------------------------------------

  def create_table(name, opts) when is_atom(name) and is_list(opts) do
    if running?() do
      case table_def(name, opts) do
        {:ok, t} -> call({:create, name, t})
        {:error, reason} -> {:aborted, reason}
      end
    else
      {:aborted, {:node_not_running, node()}}
    end
  end

  def create_table(name, opts), do: {:aborted, {:badarg, name, opts}}

  def delete_table(name), do: schema_op({:delete, name})
  def clear_table(name), do: schema_op({:clear, name})

  def add_table_index(name, attr), do: schema_op({:add_index, name, attr})
  def del_table_index(name, attr), do: schema_op({:del_index, name, attr})

  def transform_table(name, fun, attrs) do
    t = lookup_table(name) || exit_aborted({:no_exists, {name, :record_name}})
    transform_table(name, fun, attrs, t.record_name)
  end

  def transform_table(name, fun, attrs, record_name) do
    t = lookup_table(name) || exit_aborted({:no_exists, {name, :record_name}})

    cond do
      not (is_function(fun, 1) or fun == :ignore) or not is_list(attrs) or not is_atom(record_name) ->
        {:aborted, {:bad_type, name, fun, attrs, record_name}}

      length(attrs) < 2 ->
        {:aborted, {:bad_type, name, {:attributes, attrs}}}

      Enum.any?(attrs, &(not is_atom(&1))) ->
        {:aborted, {:bad_type, name, {:attributes, Enum.reject(attrs, &is_atom/1)}}}

      length(Enum.uniq(attrs)) != length(attrs) ->
        {:aborted, {:combine_error, name, {:attributes, attrs}}}

      (lost = Enum.filter(t.index, &(&1 > length(attrs) + 1))) != [] ->
        {:aborted, {:bad_type, name, {:index, Enum.map(lost, &{&1, :ordered})}}}

      fun == :ignore ->
        schema_op({:transform, name, attrs, record_name, nil})

      true ->
        # Each record through the function, checked as Mnesia checks it: the same key, the
        # new record name and one field per attribute.
        arity = length(attrs) + 1

        result =
          Enum.reduce_while(:ets.tab2list(t.tid), {:ok, []}, fn old, {:ok, acc} ->
            case (try do {:ok, fun.(old)} catch :error, e -> {:error, Exception.normalize(:error, e, __STACKTRACE__)}; kind, e -> {:error, {kind, e}} end) do
              {:ok, new} when is_tuple(new) and tuple_size(new) == arity ->
                if elem(new, 0) == record_name and elem(new, 1) == elem(old, 1),
                  do: {:cont, {:ok, [new | acc]}},
                  else: {:halt, {:bad, {'Bad key or Record Name', old, new}}}

              {:ok, new} when is_tuple(new) ->
                {:halt, {:bad, {'Bad arity', old, new}}}

              {:ok, new} ->
                {:halt, {:bad, {'Bad key or Record Name', old, new}}}

              {:error, reason} ->
                {:halt, {:bad, reason}}
            end
          end)

        case result do
          {:ok, records} -> schema_op({:transform, name, attrs, record_name, Enum.reverse(records)})
          {:bad, reason} -> {:aborted, {'Bad transform function', name, fun, node(), reason}}
        end
    end
  end

  defp schema_op(op) do
    if running?(), do: call(op), else: {:aborted, {:node_not_running, node()}}
  end

  def table_info(name, item) do
    case lookup_table(name) do
      nil when item in [:size, :memory] ->
        0

      nil ->
        exit_aborted({:no_exists, name, item})

      t ->
        case info_item(t, item) do
          :error -> exit_aborted({:no_exists, name, item})
          {:ok, value} -> value
        end
    end
  end

  defp info_item(t, item) do
    case item do
      :attributes -> {:ok, t.attributes}
      :arity -> {:ok, length(t.attributes) + 1}
      :record_name -> {:ok, t.record_name}
      :type -> {:ok, t.type}
      :size -> {:ok, :ets.info(t.tid, :size)}
      :memory -> {:ok, :ets.info(t.tid, :memory)}
      :index -> {:ok, t.index}
      :storage_type -> {:ok, t.storage}
      :ram_copies -> {:ok, if(t.storage == :ram_copies, do: [node()], else: [])}
      :disc_copies -> {:ok, if(t.storage == :disc_copies, do: [node()], else: [])}
      :disc_only_copies -> {:ok, []}
      :where_to_read -> {:ok, node()}
      :where_to_write -> {:ok, [node()]}
      :active_replicas -> {:ok, [node()]}
      :access_mode -> {:ok, :read_write}
      :load_order -> {:ok, 0}
      :local_content -> {:ok, false}
      :majority -> {:ok, false}
      :user_properties -> {:ok, []}
      :wild_pattern -> {:ok, List.to_tuple([t.record_name | Enum.map(t.attributes, fn _ -> :_ end)])}
      :all -> {:ok, Enum.map([:access_mode, :active_replicas, :arity, :attributes, :disc_copies, :disc_only_copies, :index, :load_order, :local_content, :majority, :memory, :ram_copies, :record_name, :size, :storage_type, :type, :user_properties, :where_to_read, :where_to_write, :wild_pattern], fn i -> {i, elem(info_item(t, i), 1)} end)}
      _ -> :error
    end
  end

  # ---- transactions --------------------------------------------------------------------------

  def transaction(fun), do: transaction(fun, [], :infinity)
  def transaction(fun, retries) when is_integer(retries) or retries == :infinity, do: transaction(fun, [], retries)
  def transaction(fun, args) when is_list(args), do: transaction(fun, args, :infinity)

  def transaction(fun, args, _retries) when is_function(fun) and is_list(args) do
    cond do
      not running?() ->
        {:aborted, {:node_not_running, node()}}

      Process.get(@store) != nil ->
        # A nested transaction: part of the outer one.
        try do
          {:atomic, apply(fun, args)}
        catch
          :exit, {:aborted, reason} -> {:aborted, reason}
        end

      true ->
        Process.put(@store, %{})

        try do
          result = apply(fun, args)
          commit(Process.get(@store))
          {:atomic, result}
        catch
          :exit, {:aborted, reason} -> {:aborted, reason}
          :exit, reason -> {:aborted, reason}
          :throw, value -> {:aborted, {:throw, value}}
          :error, reason -> {:aborted, {reason, __STACKTRACE__}}
        after
          Process.delete(@store)
        end
    end
  end

  def transaction(fun, args, retries), do: {:aborted, {:badarg, fun, args, retries}}

  def sync_transaction(fun), do: transaction(fun)
  def sync_transaction(fun, args), do: transaction(fun, args)
  def sync_transaction(fun, args, retries), do: transaction(fun, args, retries)

  def is_transaction(), do: Process.get(@store) != nil

  def abort(reason), do: exit({:aborted, reason})

  def activity(kind, fun), do: activity(kind, fun, [])

  def activity(kind, fun, args) when kind in [:transaction, :sync_transaction] do
    case transaction(fun, args) do
      {:atomic, result} -> result
      {:aborted, reason} -> exit({:aborted, reason})
    end
  end

  def activity(kind, fun, args) when kind in [:async_dirty, :sync_dirty, :ets, :dirty] do
    Process.put(:beamsh_mnesia_dirty, true)

    try do
      apply(fun, args)
    after
      Process.delete(:beamsh_mnesia_dirty)
    end
  end

  def async_dirty(fun), do: activity(:async_dirty, fun, [])
  def async_dirty(fun, args), do: activity(:async_dirty, fun, args)
  def sync_dirty(fun), do: activity(:sync_dirty, fun, [])
  def sync_dirty(fun, args), do: activity(:sync_dirty, fun, args)
  def ets(fun), do: activity(:ets, fun, [])
  def ets(fun, args), do: activity(:ets, fun, args)

  # ---- operations in a transaction -----------------------------------------------------------

  def write(record), do: write(record_table(record), record, :write)
  def write(tab, record, _lock), do: in_activity(fn -> put_record(tab, record) end, fn -> dirty_write(tab, record) end)
  def s_write(record), do: write(record)

  def read({tab, key}), do: read(tab, key, :read)
  def read(tab, key), do: read(tab, key, :read)
  def read(tab, key, _lock), do: in_activity(fn -> records_of(table!(tab, [tab, key]), key) end, fn -> dirty_read(tab, key) end)
  def wread(oid), do: read(oid)

  def delete({tab, key}), do: delete(tab, key, :write)
  def delete(tab, key, _lock), do: in_activity(fn -> put_key(table!(tab, tab), key, []) end, fn -> dirty_delete(tab, key) end)
  def s_delete(oid), do: delete(oid)

  def delete_object(record), do: delete_object(record_table(record), record, :write)

  def delete_object(tab, record, _lock) do
    in_activity(
      fn ->
        t = table!(tab, tab)
        key = elem(record, 1)
        put_key(t, key, Enum.reject(records_of(t, key), &(&1 === record)))
      end,
      fn -> dirty_delete_object(tab, record) end
    )
  end

  def match_object(pattern), do: match_object(record_table(pattern), pattern, :read)
  def match_object(tab, pattern, _lock), do: in_activity(fn -> select_records(table!(tab, tab), [{pattern, [], [:"$_"]}]) end, fn -> dirty_match_object(tab, pattern) end)

  def select(tab, spec), do: select(tab, spec, :read)
  def select(tab, spec, _lock), do: in_activity(fn -> select_records(table!(tab, tab), spec) end, fn -> dirty_select(tab, spec) end)

  def all_keys(tab), do: in_activity(fn -> keys_of(table!(tab, tab)) end, fn -> dirty_all_keys(tab) end)

  def index_read(tab, value, attr) do
    in_activity(fn -> index_records(table!(tab, tab), value, attr) end, fn -> dirty_index_read(tab, value, attr) end)
  end

  def index_match_object(pattern, attr), do: index_match_object(record_table(pattern), pattern, attr, :read)
  def index_match_object(tab, pattern, _attr, lock), do: match_object(tab, pattern, lock)

  # As Mnesia folds: the table's keys from dirty_first/1 on (dirty_last/1 back for foldr),
  # each read as the transaction sees it, then the keys only the transaction wrote.
  def foldl(fun, acc, tab), do: foldl(fun, acc, tab, :read)
  def foldl(fun, acc, tab, _lock), do: in_activity(fn -> fold(fun, acc, table!(tab, tab), :forward) end, fn -> fold(fun, acc, table!(tab, tab), :forward) end)
  def foldr(fun, acc, tab), do: foldr(fun, acc, tab, :read)
  def foldr(fun, acc, tab, _lock), do: in_activity(fn -> fold(fun, acc, table!(tab, tab), :backward) end, fn -> fold(fun, acc, table!(tab, tab), :backward) end)

  defp fold(fun, acc, t, direction) do
    keys = walk_keys(t, direction)
    stored = if Process.get(@store) != nil, do: for({{tab, key}, _} <- Process.get(@store), tab == t.name, do: key), else: []
    stored = stored |> Enum.uniq() |> Enum.sort() |> Kernel.--(keys)
    read = fn key -> if Process.get(@store) != nil, do: records_of(t, key), else: records_now(t, key) end
    Enum.reduce(keys ++ stored, acc, fn key, acc -> :lists.foldl(fun, acc, read.(key)) end)
  end

  defp walk_keys(t, :forward), do: walk(t.tid, :ets.first(t.tid), &:ets.next/2)
  defp walk_keys(t, :backward), do: walk(t.tid, :ets.last(t.tid), &:ets.prev/2)

  defp walk(_tid, :"$end_of_table", _step), do: []
  defp walk(tid, key, step), do: [key | walk(tid, step.(tid, key), step)]

  def first(tab), do: in_activity(fn -> dirty_first(tab) end, fn -> dirty_first(tab) end)
  def last(tab), do: in_activity(fn -> dirty_last(tab) end, fn -> dirty_last(tab) end)
  def next(tab, key), do: in_activity(fn -> dirty_next(tab, key) end, fn -> dirty_next(tab, key) end)
  def prev(tab, key), do: in_activity(fn -> dirty_prev(tab, key) end, fn -> dirty_prev(tab, key) end)

  def lock(_item, _kind), do: in_activity(fn -> [node()] end, fn -> [node()] end)

  # The transaction's body, or (inside a dirty activity) the dirty operation; elsewhere
  # Mnesia refuses: no transaction.
  defp in_activity(in_transaction, dirty) do
    cond do
      Process.get(@store) != nil -> in_transaction.()
      Process.get(:beamsh_mnesia_dirty) -> dirty.()
      true -> exit_aborted(:no_transaction)
    end
  end

  # ---- dirty operations ----------------------------------------------------------------------

  def dirty_write(record), do: dirty_write(record_table(record), record)

  def dirty_write(tab, record) do
    t = table!(tab, tab)
    check_record!(t, record)
    store_records(t, elem(record, 1), add_record(t, records_now(t, elem(record, 1)), record))
    :ok
  end

  def dirty_read({tab, key}), do: dirty_read(tab, key)

  def dirty_read(tab, key) do
    t = table!(tab, [tab, key])
    records_now(t, key)
  end

  def dirty_delete({tab, key}), do: dirty_delete(tab, key)

  def dirty_delete(tab, key) do
    t = table!(tab, [tab, key])
    store_records(t, key, [])
    :ok
  end

  def dirty_delete_object(record), do: dirty_delete_object(record_table(record), record)

  def dirty_delete_object(tab, record) do
    t = table!(tab, tab)
    key = elem(record, 1)
    store_records(t, key, Enum.reject(records_now(t, key), &(&1 === record)))
    :ok
  end

  def dirty_match_object(pattern), do: dirty_match_object(record_table(pattern), pattern)
  def dirty_match_object(tab, pattern), do: :ets.match_object(table!(tab, tab).tid, pattern)

  def dirty_select(tab, spec), do: :ets.select(table!(tab, tab).tid, spec)

  def dirty_all_keys(tab), do: keys_in(table!(tab, tab))

  def dirty_index_read(tab, value, attr), do: index_records(table!(tab, tab), value, attr)

  def dirty_update_counter({tab, key}, incr), do: dirty_update_counter(tab, key, incr)

  def dirty_update_counter(tab, key, incr) do
    t = table!(tab, tab)

    case records_now(t, key) do
      [] ->
        store_records(t, key, [{t.record_name, key, incr}])
        incr

      [record] ->
        n = elem(record, 2) + incr
        store_records(t, key, [put_elem(record, 2, n)])
        n
    end
  end

  def dirty_first(tab), do: :ets.first(table!(tab, tab).tid)
  def dirty_last(tab), do: :ets.last(table!(tab, tab).tid)
  def dirty_next(tab, key), do: :ets.next(table!(tab, tab).tid, key)
  def dirty_prev(tab, key), do: :ets.prev(table!(tab, tab).tid, key)

  # ---- records ---------------------------------------------------------------------------------

  defp record_table(record) when is_tuple(record) and tuple_size(record) > 0, do: elem(record, 0)
  defp record_table(record), do: exit_aborted({:bad_type, record})

  defp check_record!(t, record) do
    unless is_tuple(record) and tuple_size(record) == length(t.attributes) + 1 and elem(record, 0) == t.record_name do
      exit_aborted({:bad_type, record})
    end
  end

  defp add_record(%{type: :bag}, records, record), do: Enum.reject(records, &(&1 === record)) ++ [record]
  defp add_record(_t, _records, record), do: [record]

  defp records_now(t, key), do: :ets.lookup(t.tid, key)

  defp store_records(t, key, records) do
    :ets.delete(t.tid, key)
    :ets.insert(t.tid, records)
    if t.storage == :disc_copies, do: send(Process.whereis(:mnesia_controller), {:changed, t.name})
  end

  # In a transaction: the records of a key as the transaction sees them.
  defp records_of(t, key) do
    case Map.fetch(Process.get(@store), {t.name, key}) do
      {:ok, records} -> records
      :error -> records_now(t, key)
    end
  end

  defp put_record(tab, record) do
    t = table!(tab, tab)
    check_record!(t, record)
    key = elem(record, 1)
    put_key(t, key, add_record(t, records_of(t, key), record))
  end

  defp put_key(t, key, records) do
    Process.put(@store, Map.put(Process.get(@store), {t.name, key}, records))
    :ok
  end

  # All records of a table as the transaction sees them (its changes over the table's order).
  defp current(t) do
    store = Process.get(@store)
    changed = for {{tab, key}, records} <- store, tab == t.name, into: %{}, do: {key, records}

    if changed == %{} do
      :ets.tab2list(t.tid)
    else
      kept = :ets.tab2list(t.tid) |> Enum.map(&elem(&1, 1)) |> Enum.uniq()
      added = Map.keys(changed) -- kept
      Enum.flat_map(kept ++ added, fn key -> Map.get(changed, key) || records_now(t, key) end)
    end
  end

  defp select_records(t, spec) do
    compiled =
      try do
        :ets.match_spec_compile(spec)
      rescue
        ArgumentError -> exit_aborted({:badarg, [t.name, spec]})
      end

    :ets.match_spec_run(current(t), compiled)
  end

  defp keys_of(t), do: current(t) |> Enum.map(&elem(&1, 1)) |> Enum.uniq()
  defp keys_in(t), do: :ets.tab2list(t.tid) |> Enum.map(&elem(&1, 1)) |> Enum.uniq()

  defp index_records(t, value, attr) do
    pos = attr_pos(t, attr)
    if pos == nil, do: exit_aborted({:badarg, [t.name, attr]})
    records = if Process.get(@store) != nil, do: current(t), else: :ets.tab2list(t.tid)
    Enum.filter(records, &(elem(&1, pos - 1) == value))
  end

  defp attr_pos(t, attr) when is_atom(attr) do
    case Enum.find_index(t.attributes, &(&1 == attr)) do
      nil -> nil
      i -> i + 2
    end
  end

  defp attr_pos(t, pos) when is_integer(pos) and pos > 1 and pos <= length(t.attributes) + 1, do: pos
  defp attr_pos(_t, _), do: nil

  defp commit(store) do
    if map_size(store) > 0, do: call({:commit, store})
  end

  # ---- helpers ---------------------------------------------------------------------------------

  defp exit_aborted(reason), do: exit({:aborted, reason})

  defp running?(), do: :ets.whereis(@registry) != :undefined and :ets.member(@registry, :"$running")

  defp lookup_table(name) do
    if running?() do
      case :ets.lookup(@registry, {:table, name}) do
        [{_, t}] -> t
        [] -> nil
      end
    end
  end

  defp table!(name, what) do
    case lookup_table(name) do
      nil -> exit_aborted({:no_exists, what})
      t -> t
    end
  end

  defp table_def(name, opts) do
    Enum.reduce_while(opts, {:ok, %{name: name, attributes: [:key, :val], type: :set, index: [], record_name: name, storage: :ram_copies, tid: nil}}, fn
      {key, _value}, _acc when key not in @options ->
        {:halt, {:error, {:badarg, name, key}}}

      {:attributes, attrs}, {:ok, t} ->
        cond do
          not is_list(attrs) or length(attrs) < 2 or not Enum.all?(attrs, &is_atom/1) -> {:halt, {:error, {:bad_type, name, {:attributes, attrs}}}}
          length(Enum.uniq(attrs)) != length(attrs) -> {:halt, {:error, {:combine_error, name, {:attributes, attrs}}}}
          true -> {:cont, {:ok, %{t | attributes: attrs}}}
        end

      {:type, type}, {:ok, t} when type in [:set, :bag, :ordered_set] ->
        {:cont, {:ok, %{t | type: type}}}

      {:record_name, rn}, {:ok, t} when is_atom(rn) ->
        {:cont, {:ok, %{t | record_name: rn}}}

      {:index, index}, {:ok, t} when is_list(index) ->
        {:cont, {:ok, %{t | index: index}}}

      {storage, nodes}, {:ok, t} when storage in [:ram_copies, :disc_copies, :disc_only_copies] and is_list(nodes) ->
        cond do
          nodes == [] -> {:cont, {:ok, t}}
          storage != :ram_copies and not schema_on_disc?() -> {:halt, {:error, {:bad_type, name, storage, node()}}}
          true -> {:cont, {:ok, %{t | storage: if(storage == :disc_only_copies, do: :disc_copies, else: storage)}}}
        end

      {key, value}, _acc when key in [:type, :record_name, :index, :ram_copies, :disc_copies, :disc_only_copies] ->
        {:halt, {:error, {:bad_type, name, {key, value}}}}

      _, acc ->
        {:cont, acc}
    end)
    |> case do
      {:ok, t} ->
        case Enum.reduce_while(t.index, [], fn a, acc -> if p = attr_pos(t, a), do: {:cont, [p | acc]}, else: {:halt, {:bad, a}} end) do
          {:bad, a} -> {:error, {:bad_type, name, {:index, [a]}}}
          positions -> {:ok, %{t | index: Enum.reverse(positions)}}
        end

      error ->
        error
    end
  end

  defp dir() do
    case :application.get_env(:mnesia, :dir) do
      {:ok, d} -> to_charlist(d)
      :undefined -> to_charlist(Path.join(File.cwd!(), "Mnesia.#{node()}"))
    end
  end

  defp schema_file(), do: Path.join(dir(), "beamsh_schema.bin")
  defp data_file(name), do: Path.join(dir(), "beamsh_table_#{inspect(name)}.bin")

  defp schema_on_disc?(), do: File.regular?(schema_file()) or File.regular?(Path.join(dir(), "schema.DAT"))

  defp read_schema() do
    with {:ok, bin} <- File.read(schema_file()),
         {:beamsh_mnesia_schema, defs} <- safe_binary_to_term(bin) do
      defs
    else
      _ -> []
    end
  end

  defp write_schema(defs), do: File.write!(schema_file(), :erlang.term_to_binary({:beamsh_mnesia_schema, defs}))

  defp safe_binary_to_term(bin) do
    try do
      :erlang.binary_to_term(bin)
    rescue
      ArgumentError -> nil
    end
  end

  # ---- the server ------------------------------------------------------------------------------

  defp call(request), do: :beamsh_server.call(:mnesia_controller, {&init/0, &serve/2}, request)

  defp init() do
    :ets.new(@registry, [:set, :public, :named_table, read_concurrency: true])
    %{tables: [], disc: false}
  end

  # state: tables (names, newest first), disc (whether the schema is on disc)
  defp serve({:call, request}, state), do: handle(request, state)

  defp serve({:info, {:changed, name}}, state) do
    :beamsh_server.drop_repeats({:changed, name})
    save_table(name)
    state
  end

  defp serve({:info, _}, state), do: state

  defp handle(:start, state) do
    if :ets.member(@registry, :"$running") do
      {:ok, state}
    else
      disc = schema_on_disc?()
      :ets.insert(@registry, {:"$running", true})
      defs = if disc, do: read_schema(), else: []

      # (loaded in the saved order, each put first, as Mnesia adds a table to its list)
      names =
        for t <- defs, reduce: [] do
          names ->
          t = %{t | tid: new_ets(t)}

          if t.storage == :disc_copies do
            with {:ok, bin} <- File.read(data_file(t.name)),
                 {:beamsh_mnesia_records, records} <- safe_binary_to_term(bin) do
              :ets.insert(t.tid, records)
            end
          end

          :ets.insert(@registry, {{:table, t.name}, t})
          [t.name | names]
        end

      {:ok, %{state | tables: names, disc: disc}}
    end
  end

  defp handle(:stop, state) do
    for name <- state.tables, t = lookup_table(name) do
      if t.storage == :disc_copies, do: save_table(name)
      :ets.delete(t.tid)
    end

    :ets.delete_all_objects(@registry)
    {:ok, %{state | tables: []}}
  end

  defp handle(:tables, state), do: {state.tables, state}

  defp handle({:create, name, t}, state) do
    if name in state.tables do
      {{:aborted, {:already_exists, name}}, state}
    else
      t = %{t | tid: new_ets(t)}
      :ets.insert(@registry, {{:table, name}, t})
      state = %{state | tables: [name | state.tables]}
      persist_schema(state)
      if t.storage == :disc_copies, do: save_table(name)
      {{:atomic, :ok}, state}
    end
  end

  defp handle({:delete, name}, state) do
    case lookup_table(name) do
      nil ->
        {{:aborted, {:no_exists, name}}, state}

      t ->
        :ets.delete(t.tid)
        :ets.delete(@registry, {:table, name})
        if state.disc, do: File.rm(data_file(name))
        state = %{state | tables: List.delete(state.tables, name)}
        persist_schema(state)
        {{:atomic, :ok}, state}
    end
  end

  defp handle({:clear, name}, state) do
    case lookup_table(name) do
      nil ->
        {{:aborted, {:no_exists, name}}, state}

      t ->
        :ets.delete_all_objects(t.tid)
        if t.storage == :disc_copies, do: save_table(name)
        {{:atomic, :ok}, state}
    end
  end

  defp handle({:add_index, name, attr}, state) do
    case lookup_table(name) do
      nil ->
        {{:aborted, {:no_exists, name}}, state}

      t ->
        case attr_pos(t, attr) do
          nil ->
            {{:aborted, {:bad_type, attr}}, state}

          pos ->
            if pos in t.index do
              {{:aborted, {:already_exists, name, pos}}, state}
            else
              :ets.insert(@registry, {{:table, name}, %{t | index: t.index ++ [pos]}})
              state = first(state, name)
              persist_schema(state)
              {{:atomic, :ok}, state}
            end
        end
    end
  end

  defp handle({:transform, name, attrs, record_name, records}, state) do
    t = lookup_table(name)
    :ets.insert(@registry, {{:table, name}, %{t | attributes: attrs, record_name: record_name}})

    if records != nil do
      :ets.delete_all_objects(t.tid)
      :ets.insert(t.tid, records)
      if t.storage == :disc_copies, do: save_table(name)
    end

    state = first(state, name)
    persist_schema(state)
    {{:atomic, :ok}, state}
  end

  defp handle({:del_index, name, attr}, state) do
    case lookup_table(name) do
      nil ->
        {{:aborted, {:no_exists, name}}, state}

      t ->
        pos = attr_pos(t, attr)

        if pos in t.index do
          :ets.insert(@registry, {{:table, name}, %{t | index: List.delete(t.index, pos)}})
          state = first(state, name)
          persist_schema(state)
          {{:atomic, :ok}, state}
        else
          {{:aborted, {:no_exists, name, attr}}, state}
        end
    end
  end

  defp handle({:commit, store}, state) do
    for {{tab, key}, records} <- store, t = lookup_table(tab) do
      :ets.delete(t.tid, key)
      :ets.insert(t.tid, records)
    end

    for tab <- store |> Map.keys() |> Enum.map(&elem(&1, 0)) |> Enum.uniq(), t = lookup_table(tab), t.storage == :disc_copies do
      save_table(tab)
    end

    {:ok, state}
  end

  # A table whose definition changed moves to the front of the list, as in Mnesia's schema.
  defp first(state, name), do: %{state | tables: [name | List.delete(state.tables, name)]}

  defp new_ets(t), do: :ets.new(t.name, [t.type, :public, keypos: 2])

  defp persist_schema(%{disc: false}), do: :ok

  defp persist_schema(state) do
    defs = for name <- state.tables, t = lookup_table(name), do: %{t | tid: nil}
    write_schema(defs)
  end

  defp save_table(name) do
    case lookup_table(name) do
      %{storage: :disc_copies, tid: tid} ->
        File.write(data_file(name), :erlang.term_to_binary({:beamsh_mnesia_records, :ets.tab2list(tid)}))

      _ ->
        :ok
    end
  end
end

# :dets, Erlang's disk-based term storage: tables of tuples (set, bag or duplicate_bag) kept
# in a file, opened by name by any number of processes and closed when the last of them
# closes it or exits.
#
# A server process (registered as :dets, started when first needed) owns each open table's
# objects, held in an ETS table of the same type, and writes them to the table's file: when
# the table is opened (so the file exists), after changes (once the server gets to run) and
# when the table is closed. The file is beamsh's own format (the external term format of the
# table's type, key position and objects), not OTP's dets file layout.
#
# Traversals (select, match, foldl, traverse...) visit the objects in the order of dets's
# hash slots (erlang:phash2 of the key modulo the initial 256 slots, highest slot first) as
# OTP's dets does for a table that has not grown; first/next walk the slots upwards. A bag
# returns the objects of a key newest first, as dets stores them.
defmodule :dets do
  @moduledoc false

  @registry :beamsh_dets_tables
  @slots 256
  @types [:set, :bag, :duplicate_bag]

  # ---- opening and closing -------------------------------------------------------------

  def open_file(name, args) when is_list(args) do
    opts = parse_args(name, args)
    call({:open, name, opts, self()})
  end

  def open_file(name, args), do: open_file(name, [args])

  def open_file(file) do
    path = to_charlist(file)

    if File.regular?(path) do
      call({:open, make_ref(), %{file: path, type: nil, keypos: nil, access: :read_write, explicit: []}, self()})
    else
      {:error, {:file_error, path, :enoent}}
    end
  end

  def close(name), do: call({:close, name, self()})

  def sync(name) do
    _ = table!(name)
    call({:sync, name})
  end

  def all(), do: if(registry?(), do: :ets.select(@registry, [{{:"$1", :_, :_, :_, :_, :_}, [], [:"$1"]}]), else: [])

  def info(name) do
    case lookup_table(name) do
      nil ->
        :undefined

      {^name, tid, type, keypos, file, _access} ->
        [type: type, keypos: keypos, size: :ets.info(tid, :size), file_size: file_size(file), filename: file]
    end
  end

  def info(name, item) do
    case lookup_table(name) do
      nil ->
        :undefined

      {^name, tid, type, keypos, file, access} ->
        case item do
          :type -> type
          :keypos -> keypos
          :size -> :ets.info(tid, :size)
          :no_objects -> :ets.info(tid, :size)
          :no_keys -> length(Enum.uniq(:ets.select(tid, [{:"$1", [], [{:element, keypos, :"$1"}]}])))
          :file_size -> file_size(file)
          :filename -> file
          :access -> access
          :ram_file -> false
          :auto_save -> 180_000
          :owner -> Process.whereis(:dets)
          :pid -> Process.whereis(:dets)
          :users -> call({:users, name})
          :safe_fixed -> false
          :safe_fixed_monotonic_time -> false
          :memory -> file_size(file)
          :bchunk_format -> :erlang.term_to_binary({type, keypos})
          :hash -> :phash2
          :version -> 9
          _ -> :erlang.error(:badarg, [name, item])
        end
    end
  end

  def pid2name(pid), do: call({:pid2name, pid})

  def is_dets_file(file) do
    case File.read(to_charlist(file)) do
      {:ok, bin} -> match?({:ok, _}, decode(bin))
      {:error, reason} -> {:error, reason}
    end
  end

  # ---- reading ---------------------------------------------------------------------------

  def lookup(name, key) do
    {_, tid, type, _, _, _} = table!(name, [name, key])
    objs = :ets.lookup(tid, key)
    if type == :set, do: objs, else: Enum.reverse(objs)
  end

  def member(name, key) do
    {_, tid, _, _, _, _} = table!(name, [name, key])
    :ets.member(tid, key)
  end

  def first(name) do
    case ascending(table!(name, [name])) do
      [] -> :"$end_of_table"
      [key | _] -> key
    end
  end

  def next(name, key) do
    keys = ascending(table!(name, [name, key]))

    case Enum.drop_while(keys, &(&1 !== key)) do
      [] -> :erlang.error(:badarg, [name, key])
      [_] -> :"$end_of_table"
      [_, next | _] -> next
    end
  end

  def select(name, spec) do
    t = table!(name, [name, spec])
    run_spec(t, spec, [name, spec])
  end

  def select(name, spec, n) when is_integer(n) and n > 0 do
    t = table!(name, [name, spec, n])

    case run_spec(t, spec, [name, spec, n]) do
      [] -> :"$end_of_table"
      results -> chunk(results, n)
    end
  end

  def select(name, spec, n), do: :erlang.error(:badarg, [name, spec, n])

  def select({:beamsh_dets_cont, []}), do: :"$end_of_table"
  def select({:beamsh_dets_cont, results}), do: chunk(results, length(results))
  def select(cont), do: :erlang.error(:badarg, [cont])

  def match(name, pattern), do: select(name, [{pattern, [], [:"$$"]}])
  def match(name, pattern, n), do: select(name, [{pattern, [], [:"$$"]}], n)
  def match(cont), do: select(cont)

  def match_object(name, pattern), do: select(name, [{pattern, [], [:"$_"]}])
  def match_object(name, pattern, n), do: select(name, [{pattern, [], [:"$_"]}], n)
  def match_object(cont), do: select(cont)

  def foldl(fun, acc, name), do: :lists.foldl(fun, acc, objects(table!(name, [fun, acc, name])))
  def foldr(fun, acc, name), do: :lists.foldr(fun, acc, objects(table!(name, [fun, acc, name])))

  def traverse(name, fun) do
    traverse_objects(objects(table!(name, [name, fun])), fun, [])
  end

  defp traverse_objects([], _fun, acc), do: acc

  defp traverse_objects([obj | rest], fun, acc) do
    case fun.(obj) do
      :continue -> traverse_objects(rest, fun, acc)
      {:continue, val} -> traverse_objects(rest, fun, [val | acc])
      {:done, val} -> [val | acc]
      other -> other
    end
  end

  def to_ets(name, ets) do
    :ets.insert(ets, objects(table!(name, [name, ets])))
    ets
  end

  def safe_fixtable(name, _fix) do
    _ = table!(name)
    :ok
  end

  # ---- writing ---------------------------------------------------------------------------

  def insert(name, objects) do
    {_, tid, _, keypos, _, _} = t = table!(name, [name, objects])
    writing(t, fn ->
      check_objects!(objects, keypos, [name, objects])
      :ets.insert(tid, objects)
      changed(name)
    end)
  end

  def insert_new(name, objects) do
    {_, tid, _, keypos, _, _} = t = table!(name, [name, objects])
    writing(t, fn ->
      check_objects!(objects, keypos, [name, objects])
      inserted = :ets.insert_new(tid, objects)
      if inserted, do: changed(name)
      inserted
    end)
  end

  def delete(name, key) do
    {_, tid, _, _, _, _} = t = table!(name, [name, key])
    writing(t, fn ->
      :ets.delete(tid, key)
      changed(name)
    end)
  end

  def delete_object(name, object) do
    {_, tid, _, _, _, _} = t = table!(name, [name, object])
    writing(t, fn ->
      :ets.delete_object(tid, object)
      changed(name)
    end)
  end

  def delete_all_objects(name) do
    {_, tid, _, _, _, _} = t = table!(name, [name])
    writing(t, fn ->
      :ets.delete_all_objects(tid)
      changed(name)
    end)
  end

  def match_delete(name, pattern) do
    {_, tid, _, _, _, _} = t = table!(name, [name, pattern])
    writing(t, fn ->
      :ets.match_delete(tid, pattern)
      changed(name)
    end)
  end

  def select_delete(name, spec) do
    {_, tid, _, _, _, _} = t = table!(name, [name, spec])
    writing(t, fn ->
      n = :ets.select_delete(tid, spec)
      changed(name)
      n
    end)
  end

  def update_counter(name, key, incr) do
    {_, tid, type, _, _, _} = t = table!(name, [name, key, incr])
    writing(t, fn ->
      if type != :set, do: :erlang.error(:badarg, [name, key, incr])
      n = :ets.update_counter(tid, key, incr)
      changed(name)
      n
    end)
  end

  def from_ets(name, ets) do
    {_, tid, _, _, _, _} = t = table!(name, [name, ets])
    writing(t, fn ->
      :ets.delete_all_objects(tid)
      :ets.insert(tid, :ets.tab2list(ets))
      changed(name)
    end)
  end

  # ---- helpers ---------------------------------------------------------------------------

  defp parse_args(name, args) do
    Enum.reduce(args, %{file: to_charlist(name_to_file(name)), type: :set, keypos: 1, access: :read_write, explicit: []}, fn
      {:file, f}, acc when is_list(f) or is_binary(f) or is_atom(f) -> %{acc | file: to_charlist(f)}
      {:type, t}, acc when t in @types -> %{acc | type: t, explicit: [:type | acc.explicit]}
      {:keypos, k}, acc when is_integer(k) and k > 0 -> %{acc | keypos: k, explicit: [:keypos | acc.explicit]}
      {:access, a}, acc when a in [:read, :read_write] -> %{acc | access: a}
      {:auto_save, v}, acc when v == :infinity or (is_integer(v) and v >= 0) -> acc
      {:estimated_no_objects, v}, acc when is_integer(v) and v >= 0 -> acc
      {:max_no_slots, v}, acc when v == :default or (is_integer(v) and v >= 0) -> acc
      {:min_no_slots, v}, acc when v == :default or (is_integer(v) and v >= 0) -> acc
      {:ram_file, v}, acc when is_boolean(v) -> acc
      {:repair, v}, acc when is_boolean(v) or v == :force -> acc
      _, _acc -> :erlang.error(:badarg, [name, args])
    end)
  end

  defp name_to_file(name) when is_atom(name), do: Atom.to_string(name)
  defp name_to_file(name), do: :erlang.error(:badarg, [name])

  defp registry?(), do: :ets.whereis(@registry) != :undefined

  defp lookup_table(name) do
    if registry?() do
      case :ets.lookup(@registry, name) do
        [t] -> t
        [] -> nil
      end
    end
  end

  defp table!(name, args \\ nil) do
    case lookup_table(name) do
      nil -> :erlang.error(:badarg, args || [name])
      t -> t
    end
  end

  # A change to a table opened with access: :read is refused with {:error, {:access_mode, file}}.
  defp writing({_, _, _, _, file, :read}, _fun), do: {:error, {:access_mode, file}}
  defp writing(_t, fun), do: fun.()

  defp check_objects!(obj, keypos, args) when is_tuple(obj) do
    if tuple_size(obj) < keypos, do: :erlang.error(:badarg, args)
  end

  defp check_objects!(objs, keypos, args) when is_list(objs), do: Enum.each(objs, &check_objects!(&1, keypos, args))
  defp check_objects!(_, _, args), do: :erlang.error(:badarg, args)

  defp slot({_, _, _, keypos, _, _}, obj), do: rem(:erlang.phash2(elem(obj, keypos - 1)), @slots)

  # All objects, in the order dets visits its slots (highest first; a bag's key newest first).
  defp objects({_, tid, type, keypos, _, _} = t) do
    objs = :ets.tab2list(tid)
    objs = if type == :set, do: objs, else: newest_first(objs, keypos)
    Enum.sort_by(objs, &(-slot(t, &1)))
  end

  defp newest_first(objs, keypos) do
    keys = objs |> Enum.map(&elem(&1, keypos - 1)) |> Enum.uniq()
    groups = Enum.group_by(objs, &elem(&1, keypos - 1))
    Enum.flat_map(keys, &Enum.reverse(Map.fetch!(groups, &1)))
  end

  defp ascending({_, tid, _, keypos, _, _} = t) do
    :ets.tab2list(tid)
    |> Enum.sort_by(&slot(t, &1))
    |> Enum.map(&elem(&1, keypos - 1))
    |> Enum.uniq()
  end

  defp run_spec(t, spec, args) do
    compiled =
      try do
        :ets.match_spec_compile(spec)
      rescue
        ArgumentError -> :erlang.error(:badarg, args)
      end

    :ets.match_spec_run(objects(t), compiled)
  end

  defp chunk(results, n) do
    {now, later} = Enum.split(results, n)
    {now, {:beamsh_dets_cont, later}}
  end

  defp file_size(file) do
    case File.stat(file) do
      {:ok, %{size: size}} -> size
      _ -> 0
    end
  end

  defp changed(name) do
    send(Process.whereis(:dets), {:changed, name})
    :ok
  end

  @doc false
  def decode(bin) do
    try do
      case :erlang.binary_to_term(bin) do
        {:beamsh_dets, type, keypos, objects} when type in @types and is_list(objects) -> {:ok, {type, keypos, objects}}
        _ -> :error
      end
    rescue
      ArgumentError -> :error
    end
  end

  # ---- the server ------------------------------------------------------------------------

  defp call(request), do: :beamsh_server.call(:dets, {&init/0, &serve/2}, request)

  defp init() do
    :ets.new(@registry, [:set, :public, :named_table, read_concurrency: true])
    %{}
  end

  # state: table name => %{tid, file, type, keypos, access, users: %{pid => opens}}
  defp serve({:call, request}, tables), do: handle(request, tables)

  defp serve({:info, {:changed, name}}, tables) do
    :beamsh_server.drop_repeats({:changed, name})
    if t = tables[name], do: save(t)
    tables
  end

  defp serve({:info, {:DOWN, _ref, :process, pid, _reason}}, tables) do
    Enum.reduce(Map.keys(tables), tables, fn name, acc ->
      case acc[name] do
        %{users: %{^pid => _}} = t -> release(name, %{t | users: Map.delete(t.users, pid)}, acc)
        _ -> acc
      end
    end)
  end

  defp serve({:info, _}, tables), do: tables

  defp handle({:open, name, opts, pid}, tables) do
    case tables[name] do
      nil ->
        case load(opts) do
          {:ok, type, keypos, objects} ->
            tid = :ets.new(:dets_table, [type, :public, keypos: keypos])
            :ets.insert(tid, objects)
            t = %{tid: tid, file: opts.file, type: type, keypos: keypos, access: opts.access, users: %{}}
            :ets.insert(@registry, {name, tid, type, keypos, opts.file, opts.access})
            save(t)
            {{:ok, name}, Map.put(tables, name, add_user(t, pid))}

          {:error, _} = error ->
            {error, tables}
        end

      t ->
        if compatible?(t, opts) do
          {{:ok, name}, Map.put(tables, name, add_user(t, pid))}
        else
          {{:error, :incompatible_arguments}, tables}
        end
    end
  end

  defp handle({:close, name, pid}, tables) do
    case tables[name] do
      %{users: %{^pid => n}} = t when n > 1 ->
        {:ok, Map.put(tables, name, %{t | users: Map.put(t.users, pid, n - 1)})}

      %{users: %{^pid => _}} = t ->
        {:ok, release(name, %{t | users: Map.delete(t.users, pid)}, tables)}

      _ ->
        {{:error, :not_owner}, tables}
    end
  end

  defp handle({:sync, name}, tables) do
    if t = tables[name], do: save(t)
    {:ok, tables}
  end

  defp handle({:users, name}, tables) do
    {Map.keys((tables[name] || %{users: %{}}).users), tables}
  end

  defp handle({:pid2name, _pid}, tables), do: {:undefined, tables}

  defp add_user(t, pid) do
    if not Map.has_key?(t.users, pid), do: Process.monitor(pid)
    %{t | users: Map.update(t.users, pid, 1, &(&1 + 1))}
  end

  defp release(name, t, tables) do
    if map_size(t.users) == 0 do
      save(t)
      :ets.delete(@registry, name)
      :ets.delete(t.tid)
      Map.delete(tables, name)
    else
      Map.put(tables, name, t)
    end
  end

  defp compatible?(t, opts) do
    (not (:type in opts.explicit) or opts.type == t.type) and
      (not (:keypos in opts.explicit) or opts.keypos == t.keypos) and opts.file == t.file
  end

  defp load(opts) do
    case File.read(opts.file) do
      {:ok, bin} ->
        case decode(bin) do
          {:ok, {type, keypos, objects}} ->
            cond do
              :type in opts.explicit and opts.type != type -> {:error, {:type_mismatch, opts.file}}
              :keypos in opts.explicit and opts.keypos != keypos -> {:error, {:keypos_mismatch, opts.file}}
              true -> {:ok, type, keypos, objects}
            end

          :error ->
            {:error, {:not_a_dets_file, opts.file}}
        end

      {:error, :enoent} when opts.type != nil ->
        if opts.access == :read, do: {:error, {:file_error, opts.file, :enoent}}, else: {:ok, opts.type, opts.keypos, []}

      {:error, reason} ->
        {:error, {:file_error, opts.file, reason}}
    end
  end

  defp save(%{access: :read}), do: :ok

  defp save(t) do
    bin = :erlang.term_to_binary({:beamsh_dets, t.type, t.keypos, :ets.tab2list(t.tid)})
    File.write(t.file, bin)
  end
end

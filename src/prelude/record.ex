# Record: Erlang records (tagged tuples) as Elixir 1.14 documents them. defrecord/defrecordp
# define, in the calling module, two macros named after the record:
#   name()            a new record with the defaults       name(kw)        a new record (or a pattern)
#   name(:field)      the field's index in the tuple       name(rec)       the record as a keyword list
#   name(rec, :field) the field's value                    name(rec, kw)   the record with fields replaced
# is_record/1,2 work in guards. extract/2 and extract_all/1 read the records of an Erlang
# header file (.hrl) on disk (beamsh_record reads them).
defmodule Record do
  defmacro is_record(data) do
    if __CALLER__.context in [:guard, :match] do
      quote do
        is_tuple(unquote(data)) and tuple_size(unquote(data)) > 0 and is_atom(elem(unquote(data), 0))
      end
    else
      quote do
        value = unquote(data)
        is_tuple(value) and tuple_size(value) > 0 and is_atom(elem(value, 0))
      end
    end
  end

  defmacro is_record(data, kind) do
    if __CALLER__.context in [:guard, :match] do
      quote do
        is_atom(unquote(kind)) and is_tuple(unquote(data)) and tuple_size(unquote(data)) > 0 and
          elem(unquote(data), 0) == unquote(kind)
      end
    else
      quote do
        value = unquote(data)
        tag = unquote(kind)
        is_atom(tag) and is_tuple(value) and tuple_size(value) > 0 and elem(value, 0) == tag
      end
    end
  end

  defmacro defrecord(name, tag \\ nil, kv) do
    quote bind_quoted: [name: name, tag: tag, kv: kv] do
      tag = tag || name
      fields = Record.__record__(__MODULE__, :defrecord, name, tag, kv)

      defmacro unquote(name)(args \\ []) do
        Record.__access__(unquote(tag), unquote(fields), args, __CALLER__)
      end

      defmacro unquote(name)(record, args) do
        Record.__access__(unquote(tag), unquote(fields), record, args, __CALLER__)
      end
    end
  end

  defmacro defrecordp(name, tag \\ nil, kv) do
    quote bind_quoted: [name: name, tag: tag, kv: kv] do
      tag = tag || name
      fields = Record.__record__(__MODULE__, :defrecordp, name, tag, kv)

      defmacrop unquote(name)(args \\ []) do
        Record.__access__(unquote(tag), unquote(fields), args, __CALLER__)
      end

      defmacrop unquote(name)(record, args) do
        Record.__access__(unquote(tag), unquote(fields), record, args, __CALLER__)
      end
    end
  end

  def extract(name, opts) when is_atom(name) and is_list(opts) do
    file = source_file(opts)

    case List.keyfind(read(file), name, 0) do
      {^name, fields} ->
        fields

      nil ->
        message =
          "no record #{name} found at #{file}. Or the record does not exist or its entry is malformed or depends on other include files"

        :erlang.raise(:error, ArgumentError.exception(message), [extractor_entry(:extract_record, 56)])
    end
  end

  def extract_all(opts) when is_list(opts), do: read(source_file(opts))

  defp read(file) do
    case :beamsh_record.read(file) do
      {:ok, records} ->
        records

      {:error, reason} ->
        exception = RuntimeError.exception("error parsing file #{file}, got: #{inspect({:error, reason})}")
        :erlang.raise(:error, exception, [extractor_entry(:read_file, 84), extractor_entry(:extract_record, 50)])
    end
  end

  # The entries Elixir's own extractor shows for its errors.
  defp extractor_entry(fun, line), do: {Record.Extractor, fun, 2, [file: 'lib/record/extractor.ex', line: line]}

  defp source_file(opts) do
    case {Keyword.get(opts, :from), Keyword.get(opts, :from_lib)} do
      {nil, nil} ->
        raise ArgumentError, "expected :from or :from_lib to be given as option"

      {from, nil} ->
        from

      {nil, lib} ->
        [app | rest] = :filename.split(String.to_charlist(lib))

        case :code.lib_dir(List.to_atom(app)) do
          {:error, _} -> raise ArgumentError, "lib file #{lib} could not be found"
          dir -> List.to_string(:filename.join([dir | rest]))
        end
    end
  end

  # The fields of a record being defined (its defaults escaped), checked and remembered.
  @doc false
  def __record__(module, kind, name, tag, kv) do
    for arity <- 0..2, Module.defines?(module, {name, arity}) do
      raise ArgumentError, "cannot define record #{inspect(name)} because a definition #{name}/#{arity} already exists"
    end

    fields = Enum.map(kv, &normalize_field(kind, &1))
    Module.register_attribute(module, :__records__, accumulate: true)
    Module.put_attribute(module, :__records__, %{kind: kind, name: name, tag: tag, fields: Enum.map(fields, &elem(&1, 0))})

    fields
    |> List.keysort(0)
    |> Enum.chunk_every(2, 1, :discard)
    |> Enum.each(fn
      [{key, _}, {key, _}] -> IO.warn("duplicate key #{inspect(key)} found in record")
      _ -> :ok
    end)

    fields
  end

  defp normalize_field(_kind, key) when is_atom(key), do: {key, nil}

  defp normalize_field(_kind, {key, value}) when is_atom(key) do
    try do
      Macro.escape(value)
    rescue
      e in ArgumentError ->
        raise ArgumentError, "invalid value for record field #{key}, " <> Exception.message(e)
    else
      escaped -> {key, escaped}
    end
  end

  defp normalize_field(kind, other), do: raise(ArgumentError, "#{kind} fields must be atoms, got: #{inspect(other)}")

  # name(arg): an index, a new record (or pattern), or a record turned into a keyword list.
  @doc false
  def __access__(tag, fields, arg, caller) do
    cond do
      is_atom(arg) ->
        position(tag, fields, arg, 1, {:index, 3, 399})

      Keyword.keyword?(arg) ->
        build(tag, fields, arg, caller)

      true ->
        escaped = Macro.escape(fields)

        case Macro.expand(arg, caller) do
          {:{}, _, [^tag | values]} when length(values) == length(fields) ->
            Record.__keyword__(tag, fields, List.to_tuple([tag | values]))

          {^tag, value} when length(fields) == 1 ->
            Record.__keyword__(tag, fields, {tag, value})

          _ ->
            quote do: Record.__keyword__(unquote(tag), unquote(escaped), unquote(arg))
        end
    end
  end

  # name(record, arg): a field's value, or the record with fields replaced.
  @doc false
  def __access__(tag, fields, record, arg, caller) do
    cond do
      is_atom(arg) ->
        index = position(tag, fields, arg, 2, {:get, 4, 487})
        quote do: :erlang.element(unquote(index), unquote(record))

      Keyword.keyword?(arg) ->
        replace(tag, fields, record, arg, caller)

      true ->
        fail("expected arguments to be a compile time atom or a keyword list, got: " <> Macro.to_string(arg), {:__access__, 5, 390})
    end
  end

  defp position(tag, fields, key, first, where) do
    case Enum.find_index(fields, fn {k, _} -> k == key end) do
      nil -> fail("record #{inspect(tag)} does not have the key: #{inspect(key)}", where)
      i -> i + first
    end
  end

  # Raised with the entry Elixir's own Record shows for the function that raises it.
  defp fail(message, {fun, arity, line}) do
    :erlang.raise(:error, ArgumentError.exception(message), [{Record, fun, arity, [file: 'lib/record.ex', line: line]}])
  end

  defp build(tag, fields, kw, caller) do
    in_match = caller.context == :match
    {fallback, kw} = Keyword.pop(kw, :_, if(in_match, do: {:_, [], nil}, else: :default))
    {kw, bound} = bind_first(kw, caller)

    {values, unknown} =
      Enum.map_reduce(fields, kw, fn {key, default}, rest ->
        case Keyword.pop(rest, key, fallback) do
          # The macro holds the defaults as values (its fields were unquoted into it): quoted again here.
          {:default, rest} -> {Macro.escape(default), rest}
          {value, rest} -> {value, rest}
        end
      end)

    case unknown do
      [] -> with_bound(quote(do: {unquote(tag), unquote_splicing(values)}), bound)
      [{key, _} | _] -> fail("record #{inspect(tag)} does not have the key: #{inspect(key)}", {:create, 4, 423})
    end
  end

  defp replace(tag, fields, record, kw, caller) do
    if caller.context == :match, do: raise(ArgumentError, "cannot invoke update style macro inside match")
    {kw, bound} = bind_first(kw, caller)

    if Keyword.has_key?(kw, :_) do
      IO.warn("updating a record with a default (:_) is equivalent to creating a new record", caller)
      build(tag, fields, kw, caller)
    else
      kw
      |> Enum.map(fn {key, value} -> {position(tag, fields, key, 2, {:"-update/5-fun-0-", 2, 445}), value} end)
      |> Enum.sort_by(fn {index, _} -> index end, :desc)
      |> Enum.reduce(record, fn {index, value}, acc ->
        quote do: :erlang.setelement(unquote(index), unquote(acc), unquote(value))
      end)
      |> with_bound(bound)
    end
  end

  # Outside patterns and guards, values that are not variables or literals are computed
  # first, in the order written (then put in the tuple in the record's field order).
  defp bind_first(kw, %{context: nil, module: module}) do
    Enum.map_reduce(kw, [], fn {key, expr}, acc ->
      if simple?(expr) do
        {{key, expr}, acc}
      else
        var = Macro.unique_var(key, module)
        {{key, var}, [{:=, [], [var, expr]} | acc]}
      end
    end)
  end

  defp bind_first(kw, _caller), do: {kw, []}

  defp simple?({name, _, ctx}) when is_atom(name) and is_atom(ctx), do: true
  defp simple?(other), do: Macro.quoted_literal?(other)

  defp with_bound(expr, []), do: expr
  defp with_bound(expr, bound), do: {:__block__, [], Enum.reverse([expr | bound])}

  @doc false
  def __keyword__(tag, fields, record) do
    if is_record(record, tag) do
      [_ | values] = Tuple.to_list(record)

      if length(values) == length(fields) do
        Enum.zip_with(fields, values, fn {key, _}, value -> {key, value} end)
      else
        fail("expected argument to be a #{inspect(tag)} record with #{length(fields)} fields, got: " <> inspect(record), {:__keyword__, 3, 509})
      end
    else
      fail("expected argument to be a literal atom, literal keyword or a #{inspect(tag)} record, got runtime: " <> inspect(record), {:__keyword__, 3, 514})
    end
  end
end

# Erlang's :beam_lib, reading the chunks of .beam files (the IFF layout the BEAM's compiler
# writes: "FOR1", the size, "BEAM", then chunks of a 4-byte id, a 32-bit size and the data
# padded to 4 bytes). chunks/2,3 answer what the named chunks hold, as beam_lib does:
# attributes (merged by name, keys sorted), compile_info, atoms, exports, labeled_exports,
# imports, indexed_imports, locals, labeled_locals and debug_info, or any chunk by its
# 4-character id as its raw binary. A file name gets ".beam" when it lacks it; a binary is
# the file's contents. Errors come back as {:error, :beam_lib, reason}.
# abstract_code needs the debug info's backend module (elixir_erl for Elixir's modules),
# which beamsh does not have: it answers missing_backend for those, and the forms kept by
# erl_abstract_code (Erlang modules compiled with debug_info) for the others.
defmodule :beam_lib do
  @names [:abstract_code, :atoms, :attributes, :compile_info, :debug_info, :exports,
          :labeled_exports, :imports, :indexed_imports, :locals, :labeled_locals]

  def chunks(file, chunk_refs), do: chunks(file, chunk_refs, [])

  def chunks(file, chunk_refs, options) when is_list(chunk_refs) and is_list(options) do
    allow_missing = :lists.member(:allow_missing_chunks, options)

    with {:ok, name, bin} <- read(file),
         :ok <- check_refs(chunk_refs, name),
         {:ok, chunks} <- split(bin, name),
         {:ok, module} <- module_name(chunks, name) do
      collect(chunk_refs, chunks, name, allow_missing, module, [])
    end
  end

  defp read(file) when is_binary(file), do: {:ok, file, file}

  defp read(file) when is_atom(file), do: read(:erlang.atom_to_list(file))

  defp read(file) when is_list(file) do
    name = beam_name(file)

    case :file.read_file(name) do
      {:ok, bin} -> {:ok, name, bin}
      {:error, reason} -> {:error, :beam_lib, {:file_error, name, reason}}
    end
  end

  defp beam_name(file) do
    file = :lists.flatten(file)
    if :filename.extension(file) == '.beam', do: file, else: file ++ '.beam'
  end

  defp check_refs([], _name), do: :ok

  defp check_refs([ref | rest], name) do
    cond do
      is_atom(ref) and ref in @names -> check_refs(rest, name)
      is_atom(ref) -> {:error, :beam_lib, {:unknown_chunk, name, ref}}
      is_list(ref) -> check_refs(rest, name)
      true -> :erlang.error(:function_clause, [ref])
    end
  end

  defp split(<<"FOR1", size::32, "BEAM", rest::binary>> = bin, name) when size + 8 <= byte_size(bin),
    do: split_chunks(binary_part(rest, 0, size - 4), name, %{})

  defp split(_bin, name), do: {:error, :beam_lib, {:not_a_beam_file, name}}

  defp split_chunks(<<>>, _name, acc), do: {:ok, acc}

  defp split_chunks(<<id::binary-size(4), size::32, rest::binary>>, name, acc) when size <= byte_size(rest) do
    <<data::binary-size(size), rest::binary>> = rest
    pad = rem(4 - rem(size, 4), 4)
    rest = if byte_size(rest) >= pad, do: binary_part(rest, pad, byte_size(rest) - pad), else: <<>>
    acc = if Map.has_key?(acc, id), do: acc, else: Map.put(acc, id, data)
    split_chunks(rest, name, acc)
  end

  defp split_chunks(_bin, name, _acc), do: {:error, :beam_lib, {:invalid_beam_file, name, 0}}

  defp missing(name, id) when is_list(name), do: {:error, :beam_lib, {:missing_chunk, :erlang.list_to_atom(name), id}}
  defp missing(name, id), do: {:error, :beam_lib, {:missing_chunk, name, id}}

  defp atoms(chunks, name) do
    case chunks do
      %{"AtU8" => data} -> {:ok, atom_table(data, :utf8)}
      %{"Atom" => data} -> {:ok, atom_table(data, :latin1)}
      _ -> missing(name, 'Atom')
    end
  end

  defp atom_table(<<count::32-signed, rest::binary>>, encoding) do
    {atoms, _} =
      Enum.map_reduce(1..abs(count)//1, rest, fn _, <<len, text::binary-size(len), rest::binary>> ->
        {:erlang.binary_to_atom(text, encoding), rest}
      end)

    atoms |> Enum.with_index(1) |> Map.new(fn {atom, i} -> {i, atom} end)
  end

  defp module_name(chunks, name) do
    with {:ok, table} <- atoms(chunks, name), do: {:ok, Map.fetch!(table, 1)}
  end

  defp collect([], _chunks, _name, _allow, module, acc), do: {:ok, {module, :lists.reverse(acc)}}

  defp collect([ref | rest], chunks, name, allow, module, acc) do
    case data(ref, chunks, name) do
      {:ok, value} -> collect(rest, chunks, name, allow, module, [{ref, value} | acc])
      {:error, :beam_lib, {:missing_chunk, _, _}} when allow -> collect(rest, chunks, name, allow, module, [{ref, :missing_chunk} | acc])
      error -> error
    end
  end

  defp chunk(chunks, id, name) do
    case chunks do
      %{^id => data} -> {:ok, data}
      _ -> missing(name, :erlang.binary_to_list(id))
    end
  end

  defp data(ref, chunks, name) when is_list(ref), do: chunk(chunks, :erlang.list_to_binary(ref), name)

  defp data(:atoms, chunks, name) do
    with {:ok, table} <- atoms(chunks, name), do: {:ok, Enum.sort(Map.to_list(table))}
  end

  defp data(:attributes, chunks, name) do
    with {:ok, data} <- chunk(chunks, "Attr", name), do: {:ok, merge_attributes(:erlang.binary_to_term(data))}
  end

  defp data(:compile_info, chunks, name) do
    with {:ok, data} <- chunk(chunks, "CInf", name), do: {:ok, :erlang.binary_to_term(data)}
  end

  defp data(:debug_info, chunks, name) do
    with {:ok, data} <- chunk(chunks, "Dbgi", name), do: {:ok, :erlang.binary_to_term(data)}
  end

  defp data(:abstract_code, chunks, name) do
    case chunks do
      %{"Dbgi" => data} ->
        case :erlang.binary_to_term(data) do
          {:debug_info_v1, :erl_abstract_code, {forms, _options}} when forms != :none -> {:ok, {:raw_abstract_v1, forms}}
          {:debug_info_v1, :erl_abstract_code, _} -> {:ok, :no_abstract_code}
          {:debug_info_v1, backend, _} -> {:error, :beam_lib, {:missing_backend, name, backend}}
          _ -> {:ok, :no_abstract_code}
        end

      %{"Abst" => <<>>} -> {:ok, :no_abstract_code}
      %{"Abst" => data} -> {:ok, :erlang.binary_to_term(data)}
      _ -> {:ok, :no_abstract_code}
    end
  end

  defp data(kind, chunks, name) when kind in [:exports, :labeled_exports, :locals, :labeled_locals] do
    id = if kind in [:exports, :labeled_exports], do: "ExpT", else: "LocT"

    with {:ok, data} <- chunk(chunks, id, name), {:ok, table} <- atoms(chunks, name) do
      entries = for <<f::32, arity::32, label::32 <- skip_count(data)>>, do: {Map.fetch!(table, f), arity, label}

      if kind in [:exports, :locals],
        do: {:ok, Enum.sort(for({f, arity, _} <- entries, do: {f, arity}))},
        else: {:ok, Enum.sort(entries)}
    end
  end

  defp data(kind, chunks, name) when kind in [:imports, :indexed_imports] do
    with {:ok, data} <- chunk(chunks, "ImpT", name), {:ok, table} <- atoms(chunks, name) do
      entries = for <<m::32, f::32, arity::32 <- skip_count(data)>>, do: {Map.fetch!(table, m), Map.fetch!(table, f), arity}

      if kind == :imports,
        do: {:ok, Enum.sort(entries)},
        else: {:ok, for({{m, f, arity}, i} <- Enum.with_index(entries, 1), do: {i, m, f, arity})}
    end
  end

  defp skip_count(<<_count::32, rest::binary>>), do: rest
  defp skip_count(_), do: <<>>

  # Values of the same attribute are appended, in the order of the chunk, keys sorted.
  defp merge_attributes(attrs) do
    :lists.keysort(1, attrs)
    |> Enum.chunk_by(&elem(&1, 0))
    |> Enum.map(fn [{key, _} | _] = group -> {key, :lists.append(for {_, values} <- group, do: values)} end)
  end
end

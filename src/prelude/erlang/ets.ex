# The functions of Erlang's :ets that take funs (the table BIFs are natives, src/stdlib/ets.ts).
# As in OTP, the folds fix the table while they walk it key by key, so the fun may delete
# the key it was given without breaking the walk.
defmodule :ets do
  def foldl(fun, acc, table) do
    :ets.safe_fixtable(table, true)

    try do
      do_foldl(fun, acc, :ets.first(table), table)
    after
      :ets.safe_fixtable(table, false)
    end
  end

  def foldr(fun, acc, table) do
    :ets.safe_fixtable(table, true)

    try do
      do_foldr(fun, acc, :ets.last(table), table)
    after
      :ets.safe_fixtable(table, false)
    end
  end

  defp do_foldl(_fun, acc, :"$end_of_table", _table), do: acc
  defp do_foldl(fun, acc, key, table), do: do_foldl(fun, :lists.foldl(fun, acc, :ets.lookup(table, key)), :ets.next(table, key), table)

  defp do_foldr(_fun, acc, :"$end_of_table", _table), do: acc
  defp do_foldr(fun, acc, key, table), do: do_foldr(fun, :lists.foldr(fun, acc, :ets.lookup(table, key)), :ets.prev(table, key), table)

  # :ets.i/0,1,2,3: the tables, and one table's objects a page at a time, as OTP prints them
  # (Erlang's ~p text); i/1 asks standard input what to do after each page.
  def i do
    hform(:id, :name, :type, :size, :mem, :owner)
    :io.format(' ----------------------------------------------------------------------------\n')
    Enum.each(:lists.sort(:ets.all()), &prinfo/1)
    :ok
  end

  defp prinfo(table) do
    try do
      owner = :ets.info(table, :owner)
      hform(table, :ets.info(table, :name), :ets.info(table, :type), :ets.info(table, :size), :ets.info(table, :memory), registered_or_pid(owner))
    catch
      _, _ -> :io.format('~-10s ... unreadable \n', [to_text(table)])
    end
  end

  defp registered_or_pid(owner) do
    case :erlang.process_info(owner, :registered_name) do
      {:registered_name, name} -> name
      _ -> owner
    end
  end

  defp hform(a, b, c, d, e, f) do
    [a, b, c, d, e, f] = Enum.map([a, b, c, d, e, f], &to_text/1)
    :io.format(' ~s ~s ~s ~s ~s ~s\n', [pad_right(a, 15), pad_right(b, 17), pad_right(c, 5), pad_right(d, 6), pad_right(e, 8), f])
  end

  defp pad_right(text, len) when length(text) >= len, do: text
  defp pad_right(text, len), do: text ++ :lists.duplicate(len - length(text), ?\s)

  defp to_text(x), do: :lists.flatten(:io_lib.format('~p', [x]))

  def i(table), do: i(table, 40)
  def i(table, height), do: i(table, height, 80)

  def i(table, height, width) do
    display_items(height, width, table, :ets.first(table), 1, 1)
  end

  @eot_prompt :"EOT  (q)uit (p)Digits (k)ill /Regexp -->"
  @more_prompt :"(c)ontinue (q)uit (p)Digits (k)ill /Regexp -->"

  defp display_items(height, width, table, :"$end_of_table", turn, opos),
    do: choice(height, width, @eot_prompt, :eot, table, :"$end_of_table", turn, opos)

  defp display_items(height, width, table, key, turn, opos) when turn < height,
    do: do_display(height, width, table, key, turn, opos)

  defp display_items(height, width, table, key, turn, opos),
    do: choice(height, width, @more_prompt, :normal, table, key, turn, opos)

  defp choice(height, width, prompt, mode, table, key, turn, opos) do
    case get_line(prompt, 'c\n') do
      'c\n' when mode == :normal ->
        do_display(height, width, table, key, 1, opos)

      'c\n' when is_tuple(mode) ->
        {:re, re} = mode
        re_search(height, width, table, key, re, 1, opos)

      'q\n' ->
        :ok

      'k\n' ->
        :ets.delete(table)
        :ok

      [?p | digits] ->
        try do
          case Integer.parse(List.to_string(nonl(digits))) do
            {number, ""} ->
              case mode do
                {:re, re} -> print_re_num(table, :ets.first(table), number, re)
                _ -> print_number(table, :ets.first(table), number)
              end

            _ ->
              :io.put_chars('Bad digits\n')
          end
        catch
          _, _ -> :ok
        end

        choice(height, width, prompt, mode, table, key, turn, opos)

      [?/ | regexp] ->
        case Regex.compile(List.to_string(nonl(regexp)), "u") do
          {:ok, re} ->
            re_search(height, width, table, :ets.first(table), re, 1, 1)

          {:error, {message, _at}} ->
            :io.format('~ts\n', [message])
            choice(height, width, prompt, mode, table, key, turn, opos)
        end

      :eof ->
        :ok

      _ ->
        choice(height, width, prompt, mode, table, key, turn, opos)
    end
  end

  defp get_line(prompt, default) do
    case :io.get_line(prompt) do
      line when is_binary(line) -> line |> :unicode.characters_to_list() |> line_default(default)
      line -> line_default(line, default)
    end
  end

  defp line_default('\n', default), do: default
  defp line_default(line, _default), do: line

  defp nonl(text), do: :string.trim(text, :trailing, '$\n')

  defp print_number(_table, :"$end_of_table", _number), do: :ok

  defp print_number(table, key, number) do
    objects = :ets.lookup(table, key)
    count = length(objects)

    if number - count < 1 do
      :io.format('~p~n', [:lists.nth(number, objects)])
    else
      print_number(table, :ets.next(table, key), number - count)
    end
  end

  defp do_display(height, width, table, key, turn, opos) do
    objects = :ets.lookup(table, key)
    do_display_items(width, objects, opos)
    count = length(objects)
    display_items(height, width, table, :ets.next(table, key), turn + count, opos + count)
  end

  defp do_display_items(width, objects, opos) do
    Enum.reduce(objects, opos, fn object, at ->
      do_display_item(width, object, at)
      at + 1
    end)
  end

  defp do_display_item(width, object, opos) do
    text = to_text(object)
    text = if length(text) > width - 8, do: :string.slice(text, 0, width - 13) ++ '  ...', else: text
    :io.format('<~-4w> ~s~n', [opos, text])
  end

  defp re_search(height, width, table, :"$end_of_table", re, turn, opos),
    do: choice(height, width, @eot_prompt, {:re, re}, table, :"$end_of_table", turn, opos)

  defp re_search(height, width, table, key, re, turn, opos) when turn < height,
    do: re_display(height, width, table, key, :ets.lookup(table, key), re, turn, opos)

  defp re_search(height, width, table, key, re, turn, opos),
    do: choice(height, width, @more_prompt, {:re, re}, table, key, turn, opos)

  defp re_display(height, width, table, key, [], re, turn, opos),
    do: re_search(height, width, table, :ets.next(table, key), re, turn, opos)

  defp re_display(height, width, table, key, [object | rest], re, turn, opos) do
    if matches?(object, re) do
      do_display_item(width, object, opos)
      re_display(height, width, table, key, rest, re, turn + 1, opos + 1)
    else
      re_display(height, width, table, key, rest, re, turn, opos)
    end
  end

  defp print_re_num(_table, :"$end_of_table", _number, _re), do: :ok

  defp print_re_num(table, key, number, re) do
    objects = Enum.filter(:ets.lookup(table, key), &matches?(&1, re))
    count = length(objects)

    if number - count < 1 do
      :io.format('~p~n', [:lists.nth(number, objects)])
    else
      print_re_num(table, :ets.next(table, key), number - count, re)
    end
  end

  defp matches?(object, re), do: Regex.match?(re, List.to_string(to_text(object)))

  # ---- tab2file/2,3, file2tab/1,2, tabfile_info/1 ----------------------------------------------
  # A table dumped to a file and read back: its header (name, type, protection, named_table,
  # keypos, size, the extended info asked for and its values) then its objects, in beamsh's
  # own file format (OTP writes a disk_log; this file says which it is in its first bytes).
  # The options, file errors and checks are OTP 25's.

  @tabfile_magic "beamsh ets tabfile\n"

  def tab2file(table, file), do: tab2file(table, file, [])

  def tab2file(table, file, options) do
    with {:ok, extended, _sync} <- parse_ft_options(options),
         {:ok, name} <- tabfile_name(file),
         {:ok, info} <- table_info(table) do
      :ets.safe_fixtable(table, true)

      objects =
        try do
          :ets.tab2list(table)
        after
          :ets.safe_fixtable(table, false)
        end

      extended_values =
        for kind <- [:object_count, :md5sum], kind in extended do
          case kind do
            :object_count -> {:object_count, length(objects)}
            :md5sum -> {:md5sum, objects_md5(objects)}
          end
        end

      header = [
        name: info[:name],
        type: info[:type],
        protection: info[:protection],
        named_table: info[:named_table],
        keypos: info[:keypos],
        size: length(objects),
        extended_info: Keyword.keys(extended_values),
        version: {1, 0}
      ]

      data = @tabfile_magic <> :erlang.term_to_binary({header, extended_values, objects})

      case :file.write_file(name, data) do
        :ok -> :ok
        {:error, reason} -> {:error, {:file_error, name, reason}}
      end
    end
  end

  defp table_info(table) do
    case :ets.info(table) do
      :undefined -> {:error, :badtab}
      info -> {:ok, info}
    end
  end

  defp parse_ft_options(options) when is_list(options), do: tab2file_options(options, [], false)

  defp tab2file_options([], extended, sync), do: {:ok, extended, sync}

  defp tab2file_options([{:sync, sync} | rest], extended, _sync) when is_boolean(sync),
    do: tab2file_options(rest, extended, sync)

  defp tab2file_options([{:extended_info, list} = option | rest], extended, sync) when is_list(list) do
    if Enum.all?(list, &(&1 in [:md5sum, :object_count])) do
      tab2file_options(rest, Enum.uniq(extended ++ list), sync)
    else
      {:error, {:unknown_option, [option]}}
    end
  end

  defp tab2file_options([{:extended_info, other} | _], _extended, _sync), do: {:error, {:malformed_option, other}}
  defp tab2file_options([option | _], _extended, _sync), do: {:error, {:unknown_option, option}}

  # A file name is a charlist or an atom; a binary one is a bad argument to the log it opens.
  defp tabfile_name(file) when is_list(file), do: {:ok, file}
  defp tabfile_name(file) when is_atom(file), do: {:ok, Atom.to_charlist(file)}
  defp tabfile_name(file) when is_binary(file), do: {:error, {:badarg, [file: file]}}
  defp tabfile_name(_file), do: {:error, :eaccess}

  defp objects_md5(objects), do: :erlang.md5(Enum.map(objects, &:erlang.term_to_binary/1))

  def tabfile_info(file) when is_list(file) or is_atom(file) do
    with {:ok, {header, _extended, _objects}} <- read_tabfile(file), do: {:ok, header}
  end

  def file2tab(file), do: file2tab(file, [])

  def file2tab(file, options) do
    with {:ok, verify} <- file2tab_options(options, false),
         {:ok, {header, extended, objects}} <- read_tabfile(file),
         :ok <- verify_tabfile(verify, header, extended, objects),
         {:ok, table} <- create_from_header(header) do
      :ets.insert(table, objects)
      {:ok, table}
    end
  end

  defp file2tab_options([], verify), do: {:ok, verify}
  defp file2tab_options([{:verify, verify} | rest], _) when is_boolean(verify), do: file2tab_options(rest, verify)
  defp file2tab_options([option | _], _verify), do: {:error, {:unknown_option, option}}
  defp file2tab_options(options, _verify), do: {:error, {:malformed_option, options}}

  defp read_tabfile(file) when not is_list(file) and not is_atom(file),
    do: {:error, {:read_error, {:badarg, [file: file, mode: :read_only]}}}

  defp read_tabfile(file) do
    name = if is_atom(file), do: Atom.to_charlist(file), else: file

    case :file.read_file(name) do
      {:ok, "beamsh ets tabfile\n" <> rest} ->
        try do
          {:ok, {_, _, _} = contents} = {:ok, :erlang.binary_to_term(rest)}
          {:ok, contents}
        rescue
          _ -> {:error, {:read_error, {:not_a_log_file, name}}}
        end

      {:ok, _other} ->
        {:error, {:read_error, {:not_a_log_file, name}}}

      {:error, reason} ->
        {:error, {:read_error, {:file_error, name, reason}}}
    end
  end

  # With verify, the objects are counted (as the header's size says, and as the object count
  # recorded) and their checksum compared with the one recorded.
  defp verify_tabfile(false, _header, _extended, _objects), do: :ok

  defp verify_tabfile(true, header, extended, objects) do
    count = length(objects)

    cond do
      count != header[:size] -> {:error, :invalid_object_count}
      Keyword.has_key?(extended, :object_count) and extended[:object_count] != count -> {:error, :invalid_object_count}
      Keyword.has_key?(extended, :md5sum) and extended[:md5sum] != objects_md5(objects) -> {:error, :checksum_error}
      true -> :ok
    end
  end

  defp create_from_header(header) do
    options = [header[:type], header[:protection], {:keypos, header[:keypos]}]
    options = if header[:named_table], do: [:named_table | options], else: options

    try do
      {:ok, :ets.new(header[:name], options)}
    rescue
      ArgumentError -> {:error, :cannot_create_table}
    end
  end
end

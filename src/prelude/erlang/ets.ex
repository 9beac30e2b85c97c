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
end

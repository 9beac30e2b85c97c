# Erlang's :filelib: wildcard/1,2,3 (the walk is :beamsh_wildcard's, src/stdlib/filelib.ts, as
# are is_dir/is_file/is_regular/file_size/1), ensure_dir/1, ensure_path/1, last_modified/1;
# the /2 questions ask the given module's read_file_info/1 (and list_dir/1) as filelib.erl
# does; fold_files/5,6, find_file/2,3, find_source/1,2,3 (kernel's source_search_rules or
# OTP's default rules) and safe_relative_path/2 laid out as filelib.erl's functions.
defmodule :filelib do
  def wildcard(pattern) when is_list(pattern) or is_atom(pattern),
    do: :beamsh_wildcard.wildcard(pattern, :undefined, true)

  # the second argument is a directory the pattern is relative to, or a module doing the
  # file operations (:file; Elixir's Path.Wildcard leaves out dot files)
  def wildcard(pattern, cwd_or_module) when (is_list(pattern) or is_atom(pattern)) and is_atom(cwd_or_module),
    do: :beamsh_wildcard.wildcard(pattern, :undefined, cwd_or_module != Path.Wildcard)

  def wildcard(pattern, cwd) when (is_list(pattern) or is_atom(pattern)) and is_list(cwd),
    do: :beamsh_wildcard.wildcard(pattern, cwd, true)

  def ensure_dir(name), do: :beamsh_wildcard.ensure_dir(name)

  def ensure_path(path) do
    case File.mkdir_p(IO.chardata_to_string(path)) do
      :ok -> :ok
      error -> error
    end
  end

  def last_modified(name) do
    case :file.read_file_info(name) do
      {:ok, info} -> elem(info, 5)
      _ -> 0
    end
  end

  def wildcard(pattern, cwd, mod) when is_list(pattern) and is_list(cwd) and is_atom(mod),
    do: :beamsh_wildcard.wildcard(pattern, cwd, true)

  def is_dir(dir, mod) when is_atom(mod), do: do_is_dir(dir, mod)
  def is_file(file, mod) when is_atom(mod), do: do_is_file(file, mod)
  def is_regular(file, mod) when is_atom(mod), do: do_is_regular(file, mod)
  def last_modified(file, mod) when is_atom(mod), do: do_last_modified(file, mod)
  def file_size(file, mod) when is_atom(mod), do: do_file_size(file, mod)

  def fold_files(dir, reg_exp, recursive, fun, acc), do: do_fold_files(dir, reg_exp, recursive, fun, acc, :file)

  def fold_files(dir, reg_exp, recursive, fun, acc, mod) when is_atom(mod),
    do: do_fold_files(dir, reg_exp, recursive, fun, acc, mod)

  # ({:file_info, size, type, access, atime, mtime, ...})
  defp do_is_dir(dir, mod) do
    case eval_read_file_info(dir, mod) do
      {:ok, info} when elem(info, 2) == :directory -> true
      _ -> false
    end
  end

  defp do_is_file(file, mod) do
    case eval_read_file_info(file, mod) do
      {:ok, info} when elem(info, 2) in [:regular, :directory] -> true
      _ -> false
    end
  end

  defp do_is_regular(file, mod) do
    case eval_read_file_info(file, mod) do
      {:ok, info} when elem(info, 2) == :regular -> true
      _ -> false
    end
  end

  defp do_fold_files(dir, reg_exp, recursive, fun, acc, mod) do
    {:ok, re1} = :re.compile(reg_exp, [:unicode])
    do_fold_files1(dir, re1, reg_exp, recursive, fun, acc, mod)
  end

  defp do_fold_files1(dir, reg_exp, orig_re, recursive, fun, acc, mod) do
    case eval_list_dir(dir, mod) do
      {:ok, files} -> do_fold_files2(files, dir, reg_exp, orig_re, recursive, fun, acc, mod)
      {:error, _} -> acc
    end
  end

  defp do_fold_files2([], _dir, _reg_exp, _orig_re, _recursive, _fun, acc, _mod), do: acc

  defp do_fold_files2([file | t], dir, reg_exp, orig_re, recursive, fun, acc0, mod) do
    full_name = :filename.join(dir, file)

    case do_is_regular(full_name, mod) do
      true ->
        matched =
          try do
            :re.run(file, if(is_binary(file), do: orig_re, else: reg_exp), [{:capture, :none}])
          catch
            _, _ -> :error
          end

        case matched do
          :match ->
            acc = fun.(full_name, acc0)
            do_fold_files2(t, dir, reg_exp, orig_re, recursive, fun, acc, mod)

          _ ->
            do_fold_files2(t, dir, reg_exp, orig_re, recursive, fun, acc0, mod)
        end

      false ->
        case recursive and do_is_dir(full_name, mod) do
          true ->
            acc1 = do_fold_files1(full_name, reg_exp, orig_re, recursive, fun, acc0, mod)
            do_fold_files2(t, dir, reg_exp, orig_re, recursive, fun, acc1, mod)

          false ->
            do_fold_files2(t, dir, reg_exp, orig_re, recursive, fun, acc0, mod)
        end
    end
  end

  defp do_last_modified(file, mod) do
    case eval_read_file_info(file, mod) do
      {:ok, info} -> elem(info, 5)
      _ -> 0
    end
  end

  defp do_file_size(file, mod) do
    case eval_read_file_info(file, mod) do
      {:ok, info} -> elem(info, 1)
      _ -> 0
    end
  end

  defp eval_read_file_info(file, :file), do: :file.read_file_info(file)
  defp eval_read_file_info(file, mod), do: mod.read_file_info(file)

  defp eval_list_dir(dir, :file), do: :file.list_dir(dir)
  defp eval_list_dir(dir, mod), do: mod.list_dir(dir)

  # ---- finding files and sources ----

  defp keep_dir_search_rules(rules), do: for({_, _} = t <- rules, do: t)
  defp keep_suffix_search_rules(rules), do: for({_, _, _} = t <- rules, do: t)

  defp get_search_rules() do
    case :application.get_env(:kernel, :source_search_rules) do
      :undefined -> default_search_rules()
      {:ok, []} -> default_search_rules()
      {:ok, r} when is_list(r) -> r
    end
  end

  defp default_search_rules() do
    [
      {'.beam', '.erl', erl_source_search_rules()},
      {'.erl', '.yrl', []},
      {'', '.src', erl_source_search_rules()},
      {'.so', '.c', c_source_search_rules()},
      {'.o', '.c', c_source_search_rules()},
      {'', '.c', c_source_search_rules()},
      {'', '.in', basic_source_search_rules()},
      {'.beam', '.asn1', asn1_source_search_rules()},
      {'', ''}
    ] ++ erl_source_search_rules()
  end

  defp basic_source_search_rules(), do: erl_source_search_rules() ++ c_source_search_rules()

  defp erl_source_search_rules(),
    do: [{'ebin', 'src'}, {'ebin', 'esrc'}, {'ebin', :filename.join('src', '*')}, {'ebin', :filename.join('esrc', '*')}]

  defp c_source_search_rules(),
    do: [{'priv', 'c_src'}, {'priv', 'src'}, {'bin', 'c_src'}, {'bin', 'src'}, {'', 'src'}]

  defp asn1_source_search_rules(), do: [{'ebin', 'src'}, {'ebin', 'asn1'}]

  def find_file(filename, dir), do: find_file(filename, dir, [])
  def find_file(filename, dir, []), do: find_file(filename, dir, get_search_rules())
  def find_file(filename, dir, rules), do: try_dir_rules(keep_dir_search_rules(rules), filename, dir)

  def find_source(file_path), do: find_source(:filename.basename(file_path), :filename.dirname(file_path))
  def find_source(filename, dir), do: find_source(filename, dir, [])
  def find_source(filename, dir, []), do: find_source(filename, dir, get_search_rules())
  def find_source(filename, dir, rules), do: try_suffix_rules(keep_suffix_search_rules(rules), filename, dir)

  defp try_suffix_rules(rules, filename, dir) do
    ext = :filename.extension(filename)
    try_suffix_rules(rules, :filename.rootname(filename, ext), dir, ext)
  end

  defp try_suffix_rules([{ext, src, rules} | rest], root, dir, ext) when is_list(src) and is_list(rules) do
    case try_dir_rules(add_local_search(rules), root ++ src, dir) do
      {:ok, file} -> {:ok, file}
      _other -> try_suffix_rules(rest, root, dir, ext)
    end
  end

  defp try_suffix_rules([_ | rest], root, dir, ext), do: try_suffix_rules(rest, root, dir, ext)
  defp try_suffix_rules([], _root, _dir, _ext), do: {:error, :not_found}

  defp add_local_search(rules) do
    local = {'', ''}
    [local] ++ :lists.filter(fn x -> x != local end, rules)
  end

  defp try_dir_rules([{from, to} | rest], filename, dir) when is_list(from) and is_list(to) do
    case try_dir_rule(dir, filename, from, to) do
      {:ok, file} -> {:ok, file}
      :error -> try_dir_rules(rest, filename, dir)
    end
  end

  defp try_dir_rules([], _filename, _dir), do: {:error, :not_found}

  defp try_dir_rule(dir, filename, from, to) do
    case :lists.suffix(from, dir) do
      true ->
        new_dir = :lists.sublist(dir, 1, length(dir) - length(from)) ++ to
        src = :filename.join(new_dir, filename)

        case :filelib.is_regular(src) do
          true -> {:ok, src}
          false -> find_regular_file(wildcard(src))
        end

      false ->
        :error
    end
  end

  defp find_regular_file([]), do: :error

  defp find_regular_file([file | files]) do
    case :filelib.is_regular(file) do
      true -> {:ok, file}
      false -> find_regular_file(files)
    end
  end

  # ---- safe_relative_path/2 ----

  def safe_relative_path(path, cwd) do
    case :filename.pathtype(path) do
      :relative -> safe_relative_path(:filename.split(path), cwd, [], '')
      _ -> :unsafe
    end
  end

  defp safe_relative_path([], _cwd, _prev_links, acc), do: acc

  defp safe_relative_path([segment | segments], cwd, prev_links, acc) do
    acc_segment = join(acc, segment)

    case safe_relative_path(acc_segment) do
      :unsafe ->
        :unsafe

      safe_acc_segment ->
        case :file.read_link(join(cwd, safe_acc_segment)) do
          {:ok, link_path} ->
            case :lists.member(link_path, prev_links) do
              true ->
                :unsafe

              false ->
                case safe_relative_path(:filename.split(link_path), cwd, [link_path | prev_links], acc) do
                  :unsafe -> :unsafe
                  new_acc -> safe_relative_path(segments, cwd, [], new_acc)
                end
            end

          {:error, _} ->
            safe_relative_path(segments, cwd, prev_links, safe_acc_segment)
        end
    end
  end

  defp join([], path), do: path
  defp join(left, right), do: :filename.join(left, right)

  defp safe_relative_path(path) do
    case :filename.pathtype(path) do
      :relative -> safe_relative_path_1(:filename.split(path), [])
      _ -> :unsafe
    end
  end

  defp safe_relative_path_1(['.' | t], acc), do: safe_relative_path_1(t, acc)
  defp safe_relative_path_1([<<".">> | t], acc), do: safe_relative_path_1(t, acc)
  defp safe_relative_path_1(['..' | t], acc), do: climb(t, acc)
  defp safe_relative_path_1([<<"..">> | t], acc), do: climb(t, acc)
  defp safe_relative_path_1([h | t], acc), do: safe_relative_path_1(t, [h | acc])
  defp safe_relative_path_1([], []), do: []
  defp safe_relative_path_1([], acc), do: :filename.join(:lists.reverse(acc))

  defp climb(_, []), do: :unsafe
  defp climb(t, [_ | acc]), do: safe_relative_path_1(t, acc)
end

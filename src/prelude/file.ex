# Elixir's File on Erlang's :file (natives in stdlib/file.ts), as Elixir 1.14 documents it:
# each function returns :ok / {:ok, value} / {:error, posix}, its bang form raises File.Error
# (File.CopyError, File.RenameError, File.LinkError) with Elixir's texts. Paths are chardata;
# relative ones are taken from the runtime's current directory (File.cd/1).
defmodule File.Error do
  defexception [:reason, :path, action: ""]

  def message(%{action: action, reason: reason, path: path}) do
    formatted =
      case {action, reason} do
        {"remove directory", :eexist} -> "directory is not empty"
        _ -> IO.iodata_to_binary(:file.format_error(reason))
      end

    "could not #{action} #{inspect(path)}: #{formatted}"
  end
end

defmodule File.CopyError do
  defexception [:reason, :source, :destination, on: "", action: ""]

  def message(e) do
    location = if e.on == "", do: "", else: ". #{e.on}"
    "could not #{e.action} from #{inspect(e.source)} to #{inspect(e.destination)}#{location}: " <>
      IO.iodata_to_binary(:file.format_error(e.reason))
  end
end

defmodule File.RenameError do
  defexception [:reason, :source, :destination, on: "", action: ""]

  def message(e) do
    location = if e.on == "", do: "", else: ". #{e.on}"
    "could not #{e.action} from #{inspect(e.source)} to #{inspect(e.destination)}#{location}: " <>
      IO.iodata_to_binary(:file.format_error(e.reason))
  end
end

defmodule File.LinkError do
  defexception [:reason, :existing, :new, action: ""]

  def message(e) do
    "could not #{e.action} from #{inspect(e.existing)} to #{inspect(e.new)}: " <>
      IO.iodata_to_binary(:file.format_error(e.reason))
  end
end

defmodule File do
  # (Macros: the raise is the calling function's, as in Elixir's stack traces.)
  defmacrop str(path), do: quote(do: IO.chardata_to_string(unquote(path)))

  defmacrop fail(reason, action, path) do
    quote do: raise(File.Error, reason: unquote(reason), action: unquote(action), path: IO.chardata_to_string(unquote(path)))
  end

  # -- the working directory

  def cwd do
    case :file.get_cwd() do
      {:ok, base} -> {:ok, IO.chardata_to_string(base)}
      error -> error
    end
  end

  def cwd! do
    case cwd() do
      {:ok, cwd} -> cwd
      {:error, reason} -> raise File.Error, reason: reason, action: "get current working directory"
    end
  end

  def cd(path), do: :file.set_cwd(str(path))

  def cd!(path) do
    case cd(path) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "set current working directory to", path)
    end
  end

  def cd!(path, function) do
    old = cwd!()
    cd!(path)

    try do
      function.()
    after
      cd!(old)
    end
  end

  # -- reading and writing whole files

  def read(path), do: :file.read_file(str(path))

  def read!(path) do
    case read(path) do
      {:ok, binary} -> binary
      {:error, reason} -> fail(reason, "read file", path)
    end
  end

  def write(path, content, modes \\ []) do
    modes = normalize_modes(modes, false)
    :file.write_file(str(path), content, modes)
  end

  def write!(path, content, modes \\ []) do
    case write(path, content, modes) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "write to file", path)
    end
  end

  # -- what a path is

  def exists?(path, opts \\ []) do
    info = if Keyword.get(opts, :follow_symlinks?, true) == false, do: :file.read_link_info(str(path)), else: :file.read_file_info(str(path))
    match?({:ok, _}, info)
  end

  def dir?(path, opts \\ []), do: type(path, opts) == {:ok, :directory}
  def regular?(path, opts \\ []), do: type(path, opts) == {:ok, :regular}

  defp type(path, _opts) do
    case :file.read_file_info(str(path)) do
      {:ok, info} -> {:ok, elem(info, 2)}
      error -> error
    end
  end

  def stat(path, opts \\ []) do
    opts = Keyword.put_new(opts, :time, :universal)

    case :file.read_file_info(str(path), opts) do
      {:ok, info} -> {:ok, File.Stat.from_record(info)}
      error -> error
    end
  end

  def stat!(path, opts \\ []) do
    case stat(path, opts) do
      {:ok, info} -> info
      {:error, reason} -> fail(reason, "read file stats", path)
    end
  end

  def lstat(path, opts \\ []) do
    opts = Keyword.put_new(opts, :time, :universal)

    case :file.read_link_info(str(path), opts) do
      {:ok, info} -> {:ok, File.Stat.from_record(info)}
      error -> error
    end
  end

  def lstat!(path, opts \\ []) do
    case lstat(path, opts) do
      {:ok, info} -> info
      {:error, reason} -> fail(reason, "read file stats", path)
    end
  end

  def read_link(path) do
    case :file.read_link(str(path)) do
      {:ok, target} -> {:ok, IO.chardata_to_string(target)}
      error -> error
    end
  end

  def read_link!(path) do
    case read_link(path) do
      {:ok, target} -> target
      {:error, reason} -> fail(reason, "read link", path)
    end
  end

  # -- directories

  def mkdir(path), do: :file.make_dir(str(path))

  def mkdir!(path) do
    case mkdir(path) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "make directory", path)
    end
  end

  def mkdir_p(path), do: do_mkdir_p(str(path))

  defp do_mkdir_p("/"), do: :ok

  defp do_mkdir_p(path) do
    if dir?(path) do
      :ok
    else
      parent = Path.dirname(path)

      if parent == path do
        :ok
      else
        _ = do_mkdir_p(parent)

        case :file.make_dir(path) do
          {:error, :eexist} = error -> if dir?(path), do: :ok, else: error
          other -> other
        end
      end
    end
  end

  def mkdir_p!(path) do
    case mkdir_p(path) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "make directory (with -p)", path)
    end
  end

  def ls(path \\ ".") do
    case :file.list_dir(str(path)) do
      {:ok, names} -> {:ok, Enum.map(names, &IO.chardata_to_string/1)}
      error -> error
    end
  end

  def ls!(path \\ ".") do
    case ls(path) do
      {:ok, names} -> names
      {:error, reason} -> fail(reason, "list directory", path)
    end
  end

  def rmdir(path), do: :file.del_dir(str(path))

  def rmdir!(path) do
    case rmdir(path) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "remove directory", path)
    end
  end

  # -- removing

  def rm(path), do: :file.delete(str(path))

  def rm!(path) do
    case rm(path) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "remove file", path)
    end
  end

  def rm_rf(path), do: rm_rf(path |> str() |> no_null_byte!("File.rm_rf/1"), {:ok, []})

  defp rm_rf(path, {:ok, acc} = entry) do
    case :file.read_link_info(path) do
      {:ok, info} when elem(info, 2) == :directory ->
        case :file.list_dir_all(path) do
          {:ok, names} ->
            result = Enum.reduce(names, entry, fn name, res -> rm_rf(Path.join(path, IO.chardata_to_string(name)), res) end)

            case result do
              {:ok, acc} ->
                case rmdir(path) do
                  :ok -> {:ok, [path | acc]}
                  {:error, :enoent} -> result
                  {:error, reason} -> {:error, reason, path}
                end

              error ->
                error
            end

          {:error, reason} ->
            {:error, reason, path}
        end

      {:ok, _} ->
        case rm(path) do
          :ok -> {:ok, [path | acc]}
          {:error, :enoent} -> entry
          {:error, reason} -> {:error, reason, path}
        end

      {:error, reason} when reason in [:enoent, :enotdir] ->
        entry

      {:error, reason} ->
        {:error, reason, path}
    end
  end

  defp rm_rf(_path, error), do: error

  def rm_rf!(path) do
    case rm_rf(path) do
      {:ok, files} ->
        files

      {:error, reason, _} ->
        raise File.Error, reason: reason, path: str(path), action: "remove files and directories recursively from"
    end
  end

  # -- copying, renaming, linking

  # Each side a name or an open device (a pid): names are copied by :file.copy/3, devices
  # by reading and writing up to bytes_count bytes.
  def copy(source, destination, bytes_count \\ :infinity) do
    source = normalize_path_or_io_device(source)
    destination = normalize_path_or_io_device(destination)

    if is_pid(source) or is_pid(destination) do
      with {:ok, src, close_src} <- copy_open(source, [:read, :binary]),
           {:ok, dest, close_dest} <- copy_open(destination, [:write, :binary]) do
        try do
          copy_device(src, dest, bytes_count, 0)
        after
          if close_src, do: :file.close(src)
          if close_dest, do: :file.close(dest)
        end
      end
    else
      :file.copy(source, destination, bytes_count)
    end
  end

  defp normalize_path_or_io_device(path) when is_list(path), do: IO.chardata_to_string(path)
  defp normalize_path_or_io_device(path) when is_binary(path), do: path
  defp normalize_path_or_io_device(io_device) when is_pid(io_device), do: io_device
  defp normalize_path_or_io_device(io_device = {:file_descriptor, _, _}), do: io_device

  defp copy_open(pid, _modes) when is_pid(pid), do: {:ok, pid, false}

  defp copy_open(name, modes) do
    case :file.open(name, modes) do
      {:ok, device} -> {:ok, device, true}
      error -> error
    end
  end

  @copy_chunk 64 * 1024

  defp copy_device(_src, _dest, 0, copied), do: {:ok, copied}

  defp copy_device(src, dest, left, copied) do
    size = if left == :infinity, do: @copy_chunk, else: min(left, @copy_chunk)

    case :file.read(src, size) do
      {:ok, data} ->
        case :file.write(dest, data) do
          :ok ->
            n = IO.iodata_length(data)
            copy_device(src, dest, if(left == :infinity, do: :infinity, else: left - n), copied + n)

          error ->
            error
        end

      :eof ->
        {:ok, copied}

      error ->
        error
    end
  end

  def copy!(source, destination, bytes_count \\ :infinity) do
    case copy(source, destination, bytes_count) do
      {:ok, n} -> n
      {:error, reason} -> raise File.CopyError, reason: reason, action: "copy", source: str(source), destination: str(destination)
    end
  end

  def cp(source, destination, options \\ [])

  def cp(source, destination, callback) when is_function(callback, 2), do: cp(source, destination, on_conflict: callback)

  def cp(source, destination, options) when is_list(options) do
    on_conflict = Keyword.get(options, :on_conflict, fn _, _ -> true end)

    case cp_file(str(source), str(destination), on_conflict, []) do
      {:error, reason, _} -> {:error, reason}
      _ -> :ok
    end
  end

  # A file copied keeps its mode; an existing destination is overwritten when on_conflict
  # says so (never a file onto itself).
  defp cp_file(src, dest, on_conflict, acc) do
    case :file.copy(src, {dest, [:exclusive]}) do
      {:ok, _} ->
        copy_mode(src, dest)
        [dest | acc]

      {:error, :eexist} ->
        if Path.expand(src) != Path.expand(dest) and on_conflict.(src, dest) do
          case :file.copy(src, dest) do
            {:ok, _} ->
              copy_mode(src, dest)
              [dest | acc]

            {:error, reason} ->
              {:error, reason, src}
          end
        else
          acc
        end

      {:error, reason} ->
        {:error, reason, src}
    end
  end

  defp copy_mode(src, dest) do
    {:ok, %{mode: mode}} = stat(src)
    :file.change_mode(dest, Bitwise.band(mode, 0o7777))
  end

  # A symbolic link copied is a link to the same place.
  defp cp_link(link, src, dest, on_conflict, acc) do
    case :file.make_symlink(link, dest) do
      :ok ->
        [dest | acc]

      {:error, :eexist} ->
        if Path.expand(src) != Path.expand(dest) and on_conflict.(src, dest) do
          _ = rm(dest)

          case :file.make_symlink(link, dest) do
            :ok -> [dest | acc]
            {:error, reason} -> {:error, reason, src}
          end
        else
          acc
        end

      {:error, reason} ->
        {:error, reason, src}
    end
  end

  def cp!(source, destination, options \\ []) do
    case cp(source, destination, options) do
      :ok -> :ok
      {:error, reason} -> raise File.CopyError, reason: reason, action: "copy", source: str(source), destination: str(destination)
    end
  end

  def cp_r(source, destination, options \\ [])

  def cp_r(source, destination, callback) when is_function(callback, 2), do: cp_r(source, destination, on_conflict: callback)

  def cp_r(source, destination, options) when is_list(options) do
    on_conflict = Keyword.get(options, :on_conflict, fn _, _ -> true end)
    dereference? = Keyword.get(options, :dereference_symlinks, false)
    source = source |> str() |> no_null_byte!("File.cp_r/3")
    destination = destination |> str() |> no_null_byte!("File.cp_r/3")

    case cp_r(source, destination, on_conflict, dereference?, []) do
      {:error, _, _} = error -> error
      acc -> {:ok, acc}
    end
  end

  defp cp_r(source, destination, on_conflict, dereference?, acc) when is_list(acc) do
    case :file.read_link_info(source) do
      {:ok, info} ->
        case elem(info, 2) do
          :regular ->
            cp_file(source, destination, on_conflict, acc)

          :symlink ->
            case :file.read_link(source) do
              {:ok, link} when dereference? ->
                cp_r(Path.expand(IO.chardata_to_string(link), Path.dirname(source)), destination, on_conflict, dereference?, acc)

              {:ok, link} ->
                cp_link(link, source, destination, on_conflict, acc)

              {:error, reason} ->
                {:error, reason, source}
            end

          :directory ->
            case :file.list_dir(source) do
              {:ok, names} ->
                case mkdir(destination) do
                  result when result in [:ok, {:error, :eexist}] ->
                    Enum.reduce(names, [destination | acc], fn name, acc ->
                      name = IO.chardata_to_string(name)
                      cp_r(Path.join(source, name), Path.join(destination, name), on_conflict, dereference?, acc)
                    end)

                  {:error, reason} ->
                    {:error, reason, destination}
                end

              {:error, reason} ->
                {:error, reason, source}
            end

          _ ->
            {:error, :eio, source}
        end

      {:error, reason} ->
        {:error, reason, source}
    end
  end

  defp cp_r(_source, _destination, _on_conflict, _dereference?, error), do: error

  defp no_null_byte!(path, operation) do
    if String.contains?(path, "\0") do
      raise ArgumentError, "cannot execute #{operation} for path with null byte, got: #{inspect(path)}"
    end

    path
  end

  def cp_r!(source, destination, options \\ []) do
    case cp_r(source, destination, options) do
      {:ok, files} ->
        files

      {:error, reason, file} ->
        raise File.CopyError, reason: reason, action: "copy recursively", on: file, source: str(source), destination: str(destination)
    end
  end

  def rename(source, destination), do: :file.rename(str(source), str(destination))

  def rename!(source, destination) do
    case rename(source, destination) do
      :ok -> :ok
      {:error, reason} -> raise File.RenameError, reason: reason, action: "rename", source: str(source), destination: str(destination)
    end
  end

  def ln(existing, new), do: :file.make_link(str(existing), str(new))

  def ln!(existing, new) do
    case ln(existing, new) do
      :ok -> :ok
      {:error, reason} -> raise File.LinkError, reason: reason, action: "create hard link", existing: str(existing), new: str(new)
    end
  end

  def ln_s(existing, new), do: :file.make_symlink(str(existing), str(new))

  def ln_s!(existing, new) do
    case ln_s(existing, new) do
      :ok -> :ok
      {:error, reason} -> raise File.LinkError, reason: reason, action: "create symlink", existing: str(existing), new: str(new)
    end
  end

  def chmod(path, mode), do: :file.change_mode(str(path), mode)

  def chmod!(path, mode) do
    case chmod(path, mode) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "change mode for", path)
    end
  end

  def chgrp(path, gid), do: :file.change_group(str(path), gid)

  def chgrp!(path, gid) do
    case chgrp(path, gid) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "change group for", path)
    end
  end

  def chown(path, uid), do: :file.change_owner(str(path), uid)

  def chown!(path, uid) do
    case chown(path, uid) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "change owner for", path)
    end
  end

  def write_stat(path, stat, opts \\ []) do
    opts = Keyword.put_new(opts, :time, :universal)
    :file.write_file_info(str(path), File.Stat.to_record(stat), opts)
  end

  def write_stat!(path, stat, opts \\ []) do
    case write_stat(path, stat, opts) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "write file stats", path)
    end
  end

  def touch(path, time \\ System.os_time(:second)), do: :beamsh_file.touch(str(path), time)

  def touch!(path, time \\ System.os_time(:second)) do
    case touch(path, time) do
      :ok -> :ok
      {:error, reason} -> fail(reason, "touch", path)
    end
  end

  # -- devices and streams

  def open(path, modes_or_function \\ [])

  def open(path, modes) when is_list(modes), do: :file.open(str(path), normalize_modes(modes, true))

  def open(path, function) when is_function(function, 1), do: open(path, [], function)

  def open(path, modes, function) when is_list(modes) and is_function(function, 1) do
    case open(path, modes) do
      {:ok, device} ->
        try do
          {:ok, function.(device)}
        after
          :ok = close(device)
        end

      other ->
        other
    end
  end

  def open!(path, modes_or_function \\ []) do
    case open(path, modes_or_function) do
      {:ok, result} -> result
      {:error, reason} -> fail(reason, "open", path)
    end
  end

  def open!(path, modes, function) do
    case open(path, modes, function) do
      {:ok, result} -> result
      {:error, reason} -> fail(reason, "open", path)
    end
  end

  def close(io_device), do: :file.close(io_device)

  def stream!(path, modes \\ [], line_or_bytes \\ :line) do
    modes = normalize_modes(modes, true)
    File.Stream.__build__(str(path), modes, line_or_bytes)
  end

  # :utf8 is {:encoding, :utf8}; binary unless :charlist is asked for (when `binary?`).
  defp normalize_modes([:utf8 | rest], binary?), do: [encoding: :utf8] ++ normalize_modes(rest, binary?)
  defp normalize_modes([:read_ahead | rest], binary?), do: [read_ahead: 64 * 1024] ++ normalize_modes(rest, binary?)
  defp normalize_modes([:charlist | rest], true), do: normalize_modes(rest, false)
  defp normalize_modes([:char_list | rest], true), do: normalize_modes(rest, false)
  defp normalize_modes([h | rest], binary?), do: [h | normalize_modes(rest, binary?)]
  defp normalize_modes([], true), do: [:binary]
  defp normalize_modes([], false), do: []
end

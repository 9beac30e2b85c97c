# Erlang's :filelib: wildcard/1,2 (the walk is :beamsh_wildcard's, src/stdlib/filelib.ts, as
# are is_dir/is_file/is_regular/file_size), ensure_dir/1, ensure_path/1, last_modified/1.
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
end

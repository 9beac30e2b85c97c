# Protocol's functions that read compiled modules from directories: extract_protocols/1 and
# extract_impls/2 list each path's .beam files (in the order the file system gives them, as
# :file.list_dir/1 does) and read each candidate's attributes with :beam_lib, as Elixir does,
# without loading anything. beamsh's own library has no .beam files: when a path is Elixir's
# ebin directory (:code.lib_dir(:elixir, :ebin)) and it cannot be listed (no Elixir
# installed here), the library's protocols and implementations stand in for it.
# The other functions of Protocol are natives (stdlib/protocol.ts).
defmodule Protocol do
  def extract_protocols(paths) do
    extract_matching_by_attribute(paths, 'Elixir.', :protocols, fn module, attributes ->
      case attributes[:__protocol__] do
        [fallback_to_any: _] -> module
        _ -> nil
      end
    end)
  end

  def extract_impls(protocol, paths) when is_atom(protocol) do
    prefix = Atom.to_charlist(protocol) ++ '.'

    extract_matching_by_attribute(paths, prefix, {:impls, protocol}, fn _module, attributes ->
      case attributes[:__impl__] do
        [protocol: ^protocol, for: for] -> for
        _ -> nil
      end
    end)
  end

  defp extract_matching_by_attribute(paths, prefix, library, callback) do
    for path <- paths,
        path = if(is_list(path), do: path, else: String.to_charlist(path)),
        mod <- from_path(path, prefix, library, callback),
        do: mod
  end

  defp from_path(path, prefix, library, callback) do
    case :file.list_dir(path) do
      {:ok, files} ->
        for file <- files, mod = extract_from_file(path, file, prefix, callback), do: mod

      _ ->
        if Protocol.__library_path__(path), do: Protocol.__library__(library), else: []
    end
  end

  defp extract_from_file(path, file, prefix, callback) do
    if :lists.prefix(prefix, file) and :filename.extension(file) == '.beam' do
      case :beam_lib.chunks(:filename.join(path, file), [:attributes]) do
        {:ok, {module, [attributes: attributes]}} -> callback.(module, attributes)
        _ -> nil
      end
    end
  end
end

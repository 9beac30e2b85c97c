# Protocol's functions that read compiled modules from directories: extract_protocols/1 and
# extract_impls/2 list each path's .beam files (in the order the file system gives them, as
# :file.list_dir/1 does) and read each candidate's attributes with :beam_lib, as Elixir does,
# without loading anything. beamsh's own library has no .beam files: when a path is Elixir's
# ebin directory (:code.lib_dir(:elixir, :ebin)) and it cannot be listed (no Elixir
# installed here), the library's protocols and implementations stand in for it.
# derive/3 and __derive__/3 derive implementations as Protocol does: the library makes the
# plain ones (stdlib/protocol.ts), and a protocol whose Any implementation defines
# __deriving__/3 gets what that returns: a function's value, or a macro's code evaluated
# where the deriving happens (the struct's module body after defstruct, or the caller).
# The other functions of Protocol are natives (stdlib/protocol.ts).
defmodule Protocol do
  defmacro derive(protocol, module, options \\ []) do
    quote do
      Protocol.__derive__([{unquote(protocol), unquote(options)}], unquote(module), __ENV__)
    end
  end

  def __derive__(derives, for, %Macro.Env{} = env) when is_atom(for) do
    struct = Macro.struct!(for, env)

    foreach = fn
      proto when is_atom(proto) -> derive(proto, for, struct, [], env)
      {proto, opts} when is_atom(proto) -> derive(proto, for, struct, opts, env)
    end

    :lists.foreach(foreach, :lists.flatten(derives))
    :ok
  end

  # After defstruct: the derives the library left for __deriving__/3 (already checked).
  def __derive_deferred__(deferred, for, env, struct) do
    :lists.foreach(fn {proto, opts} -> deriving(proto, for, struct, opts, env) end, deferred)
    struct
  end

  defp derive(protocol, for, struct, opts, env) do
    case Protocol.__derive_plain__(protocol, for, opts, env) do
      :ok -> :ok
      :deriving -> deriving(protocol, for, struct, opts, env)
    end
  end

  defp deriving(protocol, for, struct, opts, env) do
    impl = Module.concat(protocol, Any)

    if function_exported?(impl, :__deriving__, 3) do
      apply(impl, :__deriving__, [for, struct, opts])
    else
      quoted = apply(impl, :"MACRO-__deriving__", [env, for, struct, opts])

      if is_atom(env.module) and env.module != nil and Module.open?(env.module) do
        Module.eval_quoted(env, quoted)
      else
        Code.eval_quoted(quoted, [], env)
      end
    end
  end
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

# :code's functions written in Elixir over the natives of src/stdlib/code-loading.ts (which
# knows what is loaded, where each module's object file is and the code path). beamsh runs
# in interactive mode; OTP's own libraries (kernel, stdlib, compiler) are the sticky ones.
defmodule :code do
  @moduledoc false

  def get_mode, do: :interactive

  def is_sticky(module) when is_atom(module) do
    case :code.which(module) do
      path when is_list(path) and path != [] ->
        dir = :filename.dirname(path)
        Enum.any?([:kernel, :stdlib, :compiler], fn app -> dir == :code.lib_dir(app) ++ '/ebin' end)

      _ ->
        false
    end
  end

  def is_module_native(module) when is_atom(module) do
    if :code.is_loaded(module) == false, do: :undefined, else: false
  end

  def compiler_dir, do: :code.lib_dir(:compiler)

  def priv_dir(app) when is_atom(app) do
    case :code.lib_dir(app) do
      {:error, _} = error -> error
      dir -> dir ++ '/priv'
    end
  end

  # The first directory of `path` (directories, or {directory, its file names}) that has
  # `file`, joined to it; :non_existing when none has.
  def where_is_file([], _file), do: :non_existing
  def where_is_file([{dir, files} | rest], file), do: where_is_file(rest, file, dir, files)

  def where_is_file([dir | rest], file) do
    case :file.list_dir(dir) do
      {:ok, files} -> where_is_file(rest, file, dir, files)
      _ -> where_is_file(rest, file)
    end
  end

  defp where_is_file(rest, file, dir, files) do
    if :lists.member(file, files), do: :filename.append(dir, file), else: where_is_file(rest, file)
  end

  # The code path cache is gone (OTP 25 warns and does nothing).
  def rehash do
    :error_logger.warning_report('The code path cache functionality has been removed')
    :ok
  end

  def where_is_file(file) when is_list(file) do
    name = :filename.basename(file)

    from_module =
      case :filename.extension(name) do
        '.beam' ->
          case :code.which(:erlang.list_to_atom(:filename.rootname(name))) do
            path when is_list(path) and path != [] -> path
            _ -> nil
          end

        _ ->
          nil
      end

    from_module || Enum.find_value(:code.get_path(), :non_existing, fn dir ->
      full = :filename.join(dir, file)
      if :filelib.is_regular(full), do: full
    end)
  end

  def module_status, do: module_status(for({m, _} <- :code.all_loaded(), do: m))
  def module_status(modules) when is_list(modules), do: for(m <- modules, do: {m, module_status(m)})
  def module_status(module) when is_atom(module), do: if(:code.is_loaded(module) == false, do: :not_loaded, else: :loaded)

  def modified_modules, do: []

  def stick_mod(module) when is_atom(module), do: true
  def unstick_mod(module) when is_atom(module), do: true
  def stick_dir(dir), do: if(:filelib.is_dir(dir), do: :ok, else: :error)
  def unstick_dir(dir), do: if(:filelib.is_dir(dir), do: :ok, else: :error)

  def ensure_modules_loaded(modules) when is_list(modules) do
    errors =
      Enum.reduce(modules, [], fn m, acc ->
        case :code.ensure_loaded(m) do
          {:module, _} -> acc
          {:error, reason} -> [{m, reason} | acc]
        end
      end)

    if errors == [], do: :ok, else: {:error, errors}
  end

  def all_available do
    for {m, _} <- :code.all_loaded() do
      file =
        case :code.which(m) do
          path when is_list(path) -> path
          other -> other
        end

      {:erlang.atom_to_list(m), file, true}
    end
  end
end

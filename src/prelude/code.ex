# Code's compiler options, kept per node by the runtime (runtime/compiler-options.ts, read
# through Code.__compiler_option__/1): listed, read and stored with Elixir's checks and errors.
defmodule Code do
  @moduledoc false

  @boolean_compiler_options [
    :docs,
    :debug_info,
    :ignore_already_consolidated,
    :ignore_module_conflict,
    :relative_paths,
    :warnings_as_errors
  ]
  @list_compiler_options [:no_warn_undefined, :tracers, :parser_options]
  @available_compiler_options @boolean_compiler_options ++ @list_compiler_options

  def compiler_options do
    for key <- @available_compiler_options, into: %{} do
      {key, Code.__compiler_option__(key)}
    end
  end

  def compiler_options(opts) do
    for {key, value} <- opts, into: %{} do
      previous = get_compiler_option(key)
      put_compiler_option(key, value)
      {key, previous}
    end
  end

  def get_compiler_option(key)
      when key === :docs or key === :debug_info or key === :ignore_already_consolidated or
             key === :ignore_module_conflict or key === :relative_paths or
             key === :warnings_as_errors or key === :no_warn_undefined or key === :tracers or
             key === :parser_options do
    Code.__compiler_option__(key)
  end

  def available_compiler_options do
    @available_compiler_options
  end

  def put_compiler_option(key, value) when key in @boolean_compiler_options do
    if not is_boolean(value) do
      raise "compiler option #{inspect(key)} should be a boolean, got: #{inspect(value)}"
    end

    Code.__put_compiler_option__(key, value)
  end

  def put_compiler_option(:no_warn_undefined, value) do
    if value != :all and not is_list(value) do
      raise "compiler option :no_warn_undefined should be a list or the atom :all, " <>
              "got: #{inspect(value)}"
    end

    Code.__put_compiler_option__(:no_warn_undefined, value)
  end

  def put_compiler_option(key, value) when key in @list_compiler_options do
    if not is_list(value) do
      raise "compiler option #{inspect(key)} should be a list, got: #{inspect(value)}"
    end

    if key == :parser_options and not Keyword.keyword?(value) do
      raise "compiler option #{inspect(key)} should be a keyword list, got: #{inspect(value)}"
    end

    if key == :tracers and not Enum.all?(value, &is_atom/1) do
      raise "compiler option #{inspect(key)} should be a list of modules, got: #{inspect(value)}"
    end

    Code.__put_compiler_option__(key, value)
  end

  def put_compiler_option(key, _value) do
    raise "unknown compiler option: #{inspect(key)}"
  end

  # The code path (the code server's directories): beamsh keeps it as the node does, though
  # it loads no .beam files from it.
  def append_path(path) do
    :code.add_pathz(to_charlist(Path.expand(path)))
  end

  def prepend_path(path) do
    :code.add_patha(to_charlist(Path.expand(path)))
  end

  def delete_path(path) do
    case :code.del_path(to_charlist(Path.expand(path))) do
      result when is_boolean(result) ->
        result

      {:error, :bad_name} ->
        raise ArgumentError, "invalid argument #{inspect(path)}"
    end
  end

  # Only Kernel.ParallelCompiler's processes (mix, elixirc) can wait for a module being
  # compiled; beamsh evaluates the shell and scripts, which never can.
  def can_await_module_compilation? do
    false
  end

  # beamsh compiles evaluated code to no temporary modules: there are none to purge.
  def purge_compiler_modules do
    {:ok, 0}
  end
end

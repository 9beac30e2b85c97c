# Config.Reader: reads configuration files written with Config (see config.ex).
defmodule Config.Reader do
  @behaviour Config.Provider

  # As a config provider: init/1 takes the file's path (or path: and read!/2's options).
  @impl true
  def init(opts) when is_list(opts) do
    {path, opts} = Keyword.pop!(opts, :path)
    Config.Provider.validate_config_path!(path)
    {path, opts}
  end

  def init(path), do: init(path: path)

  @impl true
  def load(config, {path, opts}) do
    merge(config, path |> Config.Provider.resolve_config_path!() |> read!(opts))
  end

  def read!(file, opts \\ []) when is_binary(file) and is_list(opts) do
    file = Path.expand(file)
    file |> Config.__eval__!(File.read!(file), opts) |> elem(0)
  end

  def read_imports!(file, opts \\ []) when is_binary(file) and is_list(opts) do
    if opts[:imports] == :disabled, do: raise(ArgumentError, ":imports must be a list of paths")
    file = Path.expand(file)
    Config.__eval__!(file, File.read!(file), opts)
  end

  def eval!(file, contents, opts \\ []) when is_binary(file) and is_binary(contents) and is_list(opts),
    do: file |> Path.expand() |> Config.__eval__!(contents, opts) |> elem(0)

  def merge(config1, config2) when is_list(config1) and is_list(config2),
    do: Config.__merge__(config1, config2)
end

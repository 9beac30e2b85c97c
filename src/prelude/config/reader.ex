# Config.Reader: reads configuration files written with Config (see config.ex).
defmodule Config.Reader do
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

# Mix.Config, deprecated since Elixir 1.9 in favour of Config: `use Mix.Config` warns and
# imports config/2, config/3 and import_config/1, which do what Config's do.
defmodule Mix.Config do
  @moduledoc false

  @deprecated "Use the Config module instead"
  defmacro __using__(_) do
    quote do
      import Mix.Config, only: [config: 2, config: 3, import_config: 1]
    end
  end

  def config(root_key, opts), do: Config.config(root_key, opts)

  def config(root_key, key, opts), do: Config.config(root_key, key, opts)

  defmacro import_config(path_or_wildcard) do
    quote do
      Mix.Config.__import__!(unquote(path_or_wildcard), __DIR__)
    end
  end

  @doc false
  def __import__!(path_or_wildcard, dir) do
    path = Path.expand(path_or_wildcard, dir)

    paths =
      if String.contains?(path_or_wildcard, ~w(* ? [ {)) do
        Path.wildcard(path)
      else
        [path]
      end

    for path <- paths, do: Config.__import__!(path)
    :ok
  end

  @deprecated "Use Config.Reader.read_imports!/2 instead"
  def eval!(file, imported_paths \\ []) do
    Config.Reader.read_imports!(file, imports: imported_paths, env: Mix.env(), target: Mix.target())
  end

  @deprecated "Use Config.Reader.read!/2 instead"
  def read!(file, imported_paths \\ []) do
    Config.Reader.read!(file, imports: imported_paths, env: Mix.env(), target: Mix.target())
  end

  @deprecated "Use the Config.Reader module instead"
  def read_wildcard!(path, loaded_paths \\ []) do
    paths = if String.contains?(path, ~w(* ? [ {)), do: Path.wildcard(path), else: [path]
    Enum.reduce(paths, [], &Config.__merge__(&2, read!(&1, loaded_paths)))
  end

  @deprecated "Use Config.Reader.merge/2 instead"
  def merge(config1, config2), do: Config.__merge__(config1, config2)

  @deprecated "Use Application.put_all_env/2 instead"
  def persist(config) do
    Application.put_all_env(config, persistent: true)
  end
end

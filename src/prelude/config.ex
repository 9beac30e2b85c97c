# Config: the configuration files' language (`import Config`, then `config :app, key: value`),
# evaluated by Config.Reader. While a file is read, the configuration built so far, the
# env/target options and the files already imported live in the reading process's dictionary.
defmodule Config do
  @opts {Config, :opts}
  @config {Config, :config}
  @imports {Config, :imports}

  defmacro __using__(_) do
    quote do
      import Config, only: [config: 2, config: 3, config_env: 0, config_target: 0, import_config: 1]
    end
  end

  def config(root_key, opts) when is_atom(root_key) and is_list(opts) do
    unless Keyword.keyword?(opts) do
      raise ArgumentError, "config/2 expected a keyword list, got: #{inspect(opts)}"
    end

    Process.put(@config, __merge__(fetch!(@config), [{root_key, opts}]))
    :ok
  end

  def config(root_key, key, opts) when is_atom(root_key) and is_atom(key) do
    Process.put(@config, __merge__(fetch!(@config), [{root_key, [{key, opts}]}]))
    :ok
  end

  defmacro config_env() do
    quote do: Config.__env__!()
  end

  defmacro config_target() do
    quote do: Config.__target__!()
  end

  defmacro import_config(file) do
    quote do
      Config.__import__!(Path.expand(unquote(file), __DIR__))
      :ok
    end
  end

  @doc false
  def __env__!() do
    elem(fetch!(@opts), 0) || raise "no :env key was given to this configuration file"
  end

  @doc false
  def __target__!() do
    elem(fetch!(@opts), 1) || raise "no :target key was given to this configuration file"
  end

  @doc false
  def __import__!(file) when is_binary(file), do: eval_file!(file, File.read!(file), true)

  # Evaluates a configuration file: {config, files imported} (or :disabled for the imports).
  @doc false
  def __eval__!(file, content, opts \\ []) when is_binary(file) and is_list(opts) do
    saved = Enum.map([@opts, @config, @imports], &{&1, Process.get(&1)})
    Process.put(@opts, {Keyword.get(opts, :env), Keyword.get(opts, :target)})
    Process.put(@config, [])
    Process.put(@imports, Keyword.get(opts, :imports, []))

    try do
      {result, _binding} = eval_file!(file, content, false)

      # a file that never calls config/2,3 may give its configuration as its value
      case fetch!(@config) do
        [] when is_list(result) -> {validate!(result, file), fetch!(@imports)}
        config -> {config, fetch!(@imports)}
      end
    after
      for {key, value} <- saved do
        if value, do: Process.put(key, value), else: Process.delete(key)
      end
    end
  end

  defp eval_file!(file, content, importing?) do
    case fetch!(@imports) do
      :disabled ->
        if importing? do
          raise "import_config/1 is not enabled for this configuration file. " <>
                  "Some configuration files do not allow importing other files " <>
                  "as they are often copied to external systems"
        end

      imports ->
        if file in imports do
          raise ArgumentError, "attempting to load configuration #{Path.relative_to_cwd(file)} recursively"
        end

        Process.put(@imports, [file | imports])
    end

    Code.eval_string(content, [], file: file)
  end

  # Later values win; keyword lists under an application are merged all the way down.
  @doc false
  def __merge__(config1, config2) when is_list(config1) and is_list(config2) do
    Keyword.merge(config1, config2, fn _app, app1, app2 -> Keyword.merge(app1, app2, &deep_merge/3) end)
  end

  defp deep_merge(_key, value1, value2) do
    if Keyword.keyword?(value1) and Keyword.keyword?(value2),
      do: Keyword.merge(value1, value2, &deep_merge/3),
      else: value2
  end

  defp validate!(config, file) do
    Enum.all?(config, fn
      {app, value} when is_atom(app) ->
        Keyword.keyword?(value) ||
          raise ArgumentError,
                "expected config for app #{inspect(app)} in #{Path.relative_to_cwd(file)} " <>
                  "to return keyword list, got: #{inspect(value)}"

      _ ->
        false
    end)

    config
  end

  defp fetch!(key) do
    Process.get(key) ||
      raise "could not set configuration via Config. " <>
              "This usually means you are trying to execute a configuration file " <>
              "directly, instead of reading it with Config.Reader"
  end
end

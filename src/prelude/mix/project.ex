# Mix.Project: `use Mix.Project` makes a module a project definition, pushed on Mix's project
# stack once compiled (after its project/0 gives the configuration, as Mix reads it).
defmodule Mix.Project do
  @moduledoc false

  defmacro __using__(_) do
    quote do
      @after_compile Mix.Project
    end
  end

  @doc false
  def __after_compile__(env, _binary), do: push(env.module, env.file)

  @doc false
  def push(module, file \\ nil, app \\ nil) when is_atom(module) do
    file = file || (module && List.to_string(module.__info__(:compile)[:source]))
    config = Keyword.merge([app: app] ++ default_config(), project_config(module))

    case Mix.ProjectStack.push(module, config, file) do
      :ok ->
        :ok

      {:error, other} when is_binary(other) ->
        Mix.raise(
          "Trying to load #{inspect(module)} from #{inspect(file)}" <>
            " but another project with the same name was already defined at #{inspect(other)}"
        )
    end
  end

  @doc false
  def pop, do: Mix.ProjectStack.pop()

  def get do
    case Mix.ProjectStack.peek() do
      %{name: name} -> name
      _ -> nil
    end
  end

  def get!, do: get() || raise(Mix.NoProjectError, [])

  def project_file, do: Mix.ProjectStack.project_file()

  def config do
    case Mix.ProjectStack.peek() do
      %{config: config} -> config
      _ -> default_config()
    end
  end

  def config_files, do: Mix.ProjectStack.config_files()

  def umbrella?(config \\ config()), do: config[:apps_path] != nil

  def deps_path(config \\ config()), do: Path.expand(config[:deps_path])


  defp project_config(nil), do: []
  defp project_config(module), do: module.project()

  defp default_config do
    [
      aliases: [],
      build_embedded: false,
      build_per_environment: true,
      build_scm: Mix.SCM.Path,
      config_path: "config/config.exs",
      consolidate_protocols: true,
      default_task: "run",
      deps: [],
      deps_path: "deps",
      elixirc_paths: ["lib"],
      erlc_paths: ["src"],
      erlc_include_path: "include",
      erlc_options: [],
      lockfile: "mix.lock",
      preferred_cli_env: [],
      start_permanent: false
    ]
  end
end

# Config.Provider: configuration loaded when a release boots (providers such as Config.Reader
# read files on the target). init/3 keeps the providers' states in :elixir's environment;
# boot/1 reads the sys.config, runs the providers over it and, when the system must reboot to
# apply it, writes the result back (marked as booted) and reboots; then checks the compile-time
# environment against the runtime one. A failure is printed as "ERROR! ..." and aborts boot
# with an ErlangError ("aborting boot").
defmodule Config.Provider do
  @type config :: keyword
  @type state :: term
  @type config_path :: {:system, binary(), binary()} | binary()

  # (its callbacks, init/1 and load/2, are the library's: compiler/behaviours.ts)

  @doc false
  defstruct [
    :providers,
    :config_path,
    extra_config: [],
    prune_runtime_sys_config_after_boot: false,
    reboot_system_after_config: false,
    validate_compile_env: false
  ]

  # (applications loaded before providers run: they cannot be configured without a reboot)
  @reserved_apps [:kernel, :stdlib]
  @init_key :config_provider_init
  @booted_key :config_provider_booted
  @reboot_mode_key :config_provider_reboot_mode

  def validate_config_path!({:system, name, path}) when is_binary(name) and is_binary(path), do: :ok

  def validate_config_path!(path) do
    if is_binary(path) and Path.type(path) != :relative do
      :ok
    else
      raise ArgumentError, """
      expected configuration path to be:

        * a binary representing an absolute path
        * a tuple {:system, system_var, path} where the config is the \
      concatenation of the `system_var` with the given `path`

      Got: #{inspect(path)}
      """
    end
  end

  def resolve_config_path!(path) when is_binary(path), do: path
  def resolve_config_path!({:system, name, path}), do: System.fetch_env!(name) <> path

  @doc false
  def init(providers, config_path, opts \\ []) when is_list(providers) and is_list(opts) do
    validate_config_path!(config_path)
    states = for {provider, arg} <- providers, do: {provider, provider.init(arg)}
    [elixir: [{@init_key, struct!(%Config.Provider{config_path: config_path, providers: states}, opts)}]]
  end

  @doc false
  def boot(reboot_fun \\ &restart_and_sleep/0) do
    {:ok, _} = :application.ensure_all_started(:elixir)

    case Application.fetch_env(:elixir, @booted_key) do
      {:ok, {:booted, path}} ->
        if path, do: File.rm(path)

        case Application.fetch_env(:elixir, @init_key) do
          {:ok, %Config.Provider{} = provider} -> validate_compile_env_of(provider)
          _ -> :ok
        end

        :booted

      _ ->
        case Application.fetch_env(:elixir, @init_key) do
          {:ok, %Config.Provider{} = provider} ->
            path = resolve_config_path!(provider.config_path)
            booted = if provider.prune_runtime_sys_config_after_boot, do: {:booted, path}, else: {:booted, nil}
            boot_providers(path, provider, [elixir: [{@booted_key, booted}]], reboot_fun)

          _ ->
            :skip
        end
    end
  end

  defp boot_providers(path, provider, reboot_config, reboot_fun) do
    original = read_config!(path)
    config = original |> Config.__merge__(provider.extra_config) |> run_providers(provider)

    if provider.reboot_system_after_config do
      config |> Config.__merge__(reboot_config) |> write_config!(path)
      reboot_fun.()
    else
      for app <- @reserved_apps, config[app] != original[app] do
        abort("""
        Cannot configure #{inspect(app)} because :reboot_system_after_config has been set \
        to false and #{inspect(app)} has already been loaded, meaning any further \
        configuration won't have an effect.

        The configuration for #{inspect(app)} before config providers was:

        #{inspect(original[app])}

        The configuration for #{inspect(app)} after config providers was:

        #{inspect(config[app])}
        """)
      end

      _ = Application.put_all_env(config, persistent: true)
      validate_compile_env_of(provider)
      :ok
    end
  end

  defp validate_compile_env_of(%{validate_compile_env: [_ | _] = compile_env}), do: validate_compile_env(compile_env)
  defp validate_compile_env_of(_provider), do: :ok

  # Each {app, [key | path], compile_return}: what Application.compile_env/3 read at compile
  # time must be what the application's environment holds now.
  @doc false
  def validate_compile_env(compile_env, ensure_loaded? \\ true) do
    for {app, [key | path], compile_return} <- compile_env, app_loaded?(app, ensure_loaded?) do
      runtime_return =
        try do
          dig(Application.fetch_env(app, key), path)
        rescue
          e ->
            abort("""
            application #{inspect(app)} failed reading its compile environment #{path(key, path)}:

            #{Exception.format(:error, e, __STACKTRACE__)}

            Expected it to match the compile time value of #{return_to_text(compile_return)}.

            #{compile_env_tips(app)}
            """)
        end

      if runtime_return != compile_return do
        abort("""
        the application #{inspect(app)} has a different value set #{path(key, path)} \
        during runtime compared to compile time. Since this application environment entry was \
        marked as compile time, this difference can lead to different behaviour than expected:

          * Compile time value #{return_to_text(compile_return)}
          * Runtime value #{return_to_text(runtime_return)}

        #{compile_env_tips(app)}
        """)
      end
    end

    :ok
  end

  defp app_loaded?(app, true), do: Application.ensure_loaded(app) == :ok
  defp app_loaded?(app, false), do: Application.spec(app, :vsn) != nil

  defp path(key, []), do: "for key #{inspect(key)}"
  defp path(key, path), do: "for path #{inspect(path)} inside key #{inspect(key)}"

  defp compile_env_tips(app) do
    """
    To fix this error, you might:

      * Make the runtime value match the compile time one

      * Recompile your project. If the misconfigured application is a dependency, \
    you may need to run "mix deps.compile #{app} --force"

      * Alternatively, you can disable this check. If you are using releases, you can \
    set :validate_compile_env to false in your release configuration. If you are \
    using Mix to start your system, you can pass the --no-validate-compile-env flag
    """
  end

  defp return_to_text({:ok, value}), do: "was set to: #{inspect(value)}"
  defp return_to_text(:error), do: "was not set"

  defp dig(return, []), do: return
  defp dig(:error, _path), do: :error
  defp dig({:ok, value}, [key | keys]), do: dig(Access.fetch(value, key), keys)

  # (beamsh has no :init to restart the system with: applied, so a boot that needs a reboot
  # fails there with UndefinedFunctionError)
  defp restart_and_sleep do
    mode = Application.get_env(:elixir, @reboot_mode_key)
    args = if mode in [:embedded, :interactive], do: [[mode: mode]], else: []
    apply(:init, :restart, args)
    Process.sleep(:infinity)
  end

  defp read_config!(path) do
    case :file.consult(path) do
      {:ok, [config]} -> config
      {:error, reason} -> bad_path_abort("Could not read runtime configuration due to reason: #{inspect(reason)}", path)
    end
  end

  defp run_providers(config, %{providers: providers}) do
    Enum.reduce(providers, config, fn {provider, state}, acc ->
      try do
        provider.load(acc, state)
      catch
        kind, error ->
          IO.puts(:stderr, "ERROR! Config provider #{inspect(provider)} failed with:")
          IO.puts(:stderr, Exception.format(kind, error, __STACKTRACE__))
          :erlang.raise(kind, error, __STACKTRACE__)
      else
        list when is_list(list) -> list
        other -> abort("Expected provider #{inspect(provider)} to return a list, got: #{inspect(other)}")
      end
    end)
  end

  defp write_config!(config, path) do
    contents = :io_lib.format('%% coding: utf-8~n~tw.~n', [config])

    case File.write(path, IO.chardata_to_string(contents)) do
      :ok -> :ok
      {:error, reason} -> bad_path_abort("Could not write runtime configuration due to reason: #{inspect(reason)}", path)
    end
  end

  defp bad_path_abort(message, path) do
    abort(message <> ". Please make sure #{inspect(path)} is writable and accessible or choose a different path")
  end

  defp abort(message) do
    IO.puts("ERROR! " <> message)
    :erlang.raise(:error, "aborting boot", [{Config.Provider, :boot, 2, []}])
  end
end

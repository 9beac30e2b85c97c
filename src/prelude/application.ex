# Application: what `use Application` gives a module (the behaviour and a default stop/1).
defmodule Application do
  @moduledoc false

  defmacro __using__(_) do
    quote location: :keep do
      @behaviour Application

      @doc false
      def stop(_state) do
        :ok
      end

      defoverridable stop: 1
    end
  end

  @application_keys [
    :description,
    :id,
    :vsn,
    :modules,
    :maxP,
    :maxT,
    :registered,
    :included_applications,
    :optional_applications,
    :applications,
    :mod,
    :start_phases
  ]

  def spec(app) when is_atom(app) do
    case :application.get_all_key(app) do
      {:ok, info} -> :lists.keydelete(:env, 1, info)
      :undefined -> nil
    end
  end

  def spec(app, key) when is_atom(app) and key in @application_keys do
    case :application.get_key(app, key) do
      {:ok, value} -> value
      :undefined -> nil
    end
  end

  # The environment: its table is native (__env_*__ in src/stdlib/application.ts).

  # compile_env/2,3 and compile_env!/2 read the environment while the caller is compiled:
  # in a module body or at the top level, never inside a function.
  defmacro compile_env(app, key_or_path, default \\ nil) do
    if __CALLER__.function do
      raise "Application.compile_env/3 cannot be called inside functions, only in the module body"
    end

    key_or_path = Macro.expand_literal(key_or_path, %{__CALLER__ | function: {:__info__, 1}})

    quote do
      Application.compile_env(__ENV__, unquote(app), unquote(key_or_path), unquote(default))
    end
  end

  def compile_env(%Macro.Env{} = env, app, key_or_path, default) do
    case fetch_compile_env(app, key_or_path, env) do
      {:ok, value} -> value
      :error -> default
    end
  end

  defmacro compile_env!(app, key_or_path) do
    if __CALLER__.function do
      raise "Application.compile_env!/2 cannot be called inside functions, only in the module body"
    end

    key_or_path = Macro.expand_literal(key_or_path, %{__CALLER__ | function: {:__info__, 1}})

    quote do
      Application.compile_env!(__ENV__, unquote(app), unquote(key_or_path))
    end
  end

  def compile_env!(%Macro.Env{} = env, app, key_or_path) do
    case fetch_compile_env(app, key_or_path, env) do
      {:ok, value} ->
        value

      :error ->
        raise ArgumentError,
              "could not fetch application environment #{inspect(key_or_path)} for application " <>
                "#{inspect(app)} #{fetch_env_failed_reason(app, key_or_path)}"
    end
  end

  defp fetch_compile_env(app, key, env) when is_atom(key),
    do: fetch_compile_env(app, key, [], env)

  defp fetch_compile_env(app, [key | path], env) when is_atom(key),
    do: fetch_compile_env(app, key, path, env)

  defp fetch_compile_env(app, key, path, env) do
    found = traverse_env(fetch_env(app, key), path)

    for tracer <- env.tracers || [] do
      tracer.trace({:compile_env, app, [key | path], found}, env)
    end

    found
  end

  defp traverse_env(found, []), do: found
  defp traverse_env(:error, _path), do: :error
  defp traverse_env({:ok, value}, [key | keys]), do: traverse_env(Access.fetch(value, key), keys)

  def get_env(app, key, default \\ nil) when is_atom(app) do
    maybe_warn_on_app_env_key(app, key)

    case Application.__env_fetch__(app, key) do
      {:ok, value} -> value
      :undefined -> default
    end
  end

  def fetch_env(app, key) when is_atom(app) do
    maybe_warn_on_app_env_key(app, key)

    case Application.__env_fetch__(app, key) do
      {:ok, value} -> {:ok, value}
      :undefined -> :error
    end
  end

  def fetch_env!(app, key) when is_atom(app) do
    case fetch_env(app, key) do
      {:ok, value} ->
        value

      :error ->
        raise ArgumentError,
              "could not fetch application environment #{inspect(key)} for application " <>
                "#{inspect(app)} #{fetch_env_failed_reason(app, key)}"
    end
  end

  # "not loaded" as the controller knows it: an application with a version is loaded.
  defp fetch_env_failed_reason(app, key) do
    case :application.get_key(app, :vsn) do
      {:ok, _} -> "because configuration at #{inspect(key)} was not set"
      :undefined -> "because the application was not loaded nor configured"
    end
  end

  def get_all_env(app) when is_atom(app), do: Application.__env_all__(app)

  def put_env(app, key, value, opts \\ []) when is_atom(app) do
    maybe_warn_on_app_env_key(app, key)
    :application.set_env(app, key, value, opts)
  end

  def put_all_env(config, opts \\ []) when is_list(config) and is_list(opts) do
    :application.set_env(config, opts)
  end

  def delete_env(app, key, opts \\ []) when is_atom(app) do
    maybe_warn_on_app_env_key(app, key)
    :application.unset_env(app, key, opts)
  end

  defp maybe_warn_on_app_env_key(_app, key) when is_atom(key), do: :ok

  defp maybe_warn_on_app_env_key(app, key) do
    message = "passing non-atom as application env key is deprecated, got: #{inspect(key)}"
    IO.warn_once({Application, :key, app, key}, message, 2)
  end

  def start(app, type \\ :temporary) when is_atom(app) do
    :application.start(app, type)
  end

  def stop(app), do: :application.stop(app)

  def load(app) when is_atom(app), do: :application.load(app)

  def ensure_loaded(app) when is_atom(app) do
    case :application.load(app) do
      :ok -> :ok
      {:error, {:already_loaded, ^app}} -> :ok
      {:error, _} = error -> error
    end
  end

  def unload(app) when is_atom(app), do: :application.unload(app)

  def ensure_started(app, type \\ :temporary) when is_atom(app) do
    :application.ensure_started(app, type)
  end

  def ensure_all_started(app, type \\ :temporary) when is_atom(app) do
    :application.ensure_all_started(app, type)
  end

  def started_applications(timeout \\ 5000), do: :application.which_applications(timeout)

  def loaded_applications, do: :application.loaded_applications()

  def get_application(module) when is_atom(module) do
    case :application.get_application(module) do
      {:ok, app} -> app
      :undefined -> nil
    end
  end

  # An application's start or stop failure as text (what Logger's "Application ... exited"
  # report and Mix print); a reason shaped like a known one whose formatting fails is
  # inspected.
  def format_error(reason) do
    try do
      error_text(reason)
    catch
      :error, _ -> inspect(reason)
    end
  end

  defp error_text({{:EXIT, :normal}, {mod, :start, args}}), do: Exception.format_exit({:normal, {mod, :start, args}})

  defp error_text({reason, {mod, :start, args}}),
    do: Exception.format_mfa(mod, :start, args) <> " returned an error: " <> Exception.format_exit(reason)

  defp error_text({:bad_return, {{mod, :start, args}, {:EXIT, reason}}}), do: Exception.format_exit({reason, {mod, :start, args}})

  defp error_text({:bad_return, {{mod, :start, args}, value}}),
    do: Exception.format_mfa(mod, :start, args) <> " returned a bad value: " <> inspect(value)

  defp error_text({:already_started, app}) when is_atom(app), do: "already started application #{app}"
  defp error_text({:not_started, app}) when is_atom(app), do: "not started application #{app}"
  defp error_text({:bad_application, app}), do: "bad application: #{inspect(app)}"
  defp error_text({:already_loaded, app}) when is_atom(app), do: "already loaded application #{app}"
  defp error_text({:not_loaded, app}) when is_atom(app), do: "not loaded application #{app}"
  defp error_text({:invalid_restart_type, restart}), do: "invalid application restart type: #{inspect(restart)}"
  defp error_text({:invalid_name, name}), do: "invalid application name: #{inspect(name)}"
  defp error_text({:invalid_options, opts}), do: "invalid application options: #{inspect(opts)}"
  defp error_text({:badstartspec, spec}), do: "bad application start specs: #{inspect(spec)}"
  defp error_text({'no such file or directory', file}), do: "could not find application file: #{file}"
  defp error_text(reason), do: Exception.format_exit(reason)
end

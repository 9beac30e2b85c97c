# Logger.App: the :logger application's callbacks, run by :application as it starts and stops
# :logger (the application is started when the node boots, without them). Starting sets the
# primary level from the :level in the environment (else :debug, unless Erlang's level was
# changed from its :notice), starts the Logger manager with the :start_options and adds the
# configured :backends (the console among them or not, configured from the :console
# environment). Stopping removes the backends and the manager and puts back the primary
# configuration Erlang's logger had before (:notice when it was started at boot), so no event
# is written until the application is started again.
defmodule Logger.App do
  @moduledoc false

  def start(), do: Application.start(:logger)

  # Whether the application was stopped (Logger.add_backend/2 then finds no supervisor).
  def stopped?(), do: :persistent_term.get({__MODULE__, :stopped}, false)

  def stop(), do: Application.stop(:logger)

  # Whether Logger's handler shows OTP's SASL reports (progress, supervisor and crash
  # reports): the :handle_sasl_reports the application was started with, as the handler reads
  # its configuration when added.
  def sasl_reports?(), do: :persistent_term.get({__MODULE__, :sasl}, false)

  def start(_type, _args) do
    %{level: erl_level} = :logger.get_primary_config()
    :persistent_term.put({__MODULE__, :primary_level}, erl_level)

    case Application.fetch_env(:logger, :level) do
      {:ok, app_level} ->
        level = if app_level == :warn, do: :warning, else: app_level

        if erl_level != :notice and erl_level != level do
          IO.warn(
            "the level for Erlang's logger was set to #{inspect(erl_level)}, " <>
              "but Elixir's logger was set to #{inspect(app_level)}. " <>
              "Elixir's logger value will take higher precedence"
          )
        end

        :ok = :logger.set_primary_config(:level, level)

      :error when erl_level == :notice ->
        :ok = :logger.set_primary_config(:level, :debug)

      :error ->
        :ok
    end

    :persistent_term.erase({__MODULE__, :stopped})
    :persistent_term.put({__MODULE__, :sasl}, Application.get_env(:logger, :handle_sasl_reports, false) == true)
    pid = Logger.Watcher.manager(Application.get_env(:logger, :start_options, []))
    :beamsh_otp.__set_console__(nil)

    case Application.get_env(:logger, :console, []) do
      [] -> :ok
      options -> Logger.configure_backend(:console, options)
    end

    backends = Application.get_env(:logger, :backends, [])
    :beamsh_otp.__set_console_on__(:console in backends)

    for backend <- backends, backend != :console do
      case Logger.add_backend(backend) do
        {:ok, _} -> :ok
        {:error, reason} -> IO.warn("could not start Logger backend #{inspect(backend)}: #{inspect(reason)}", [])
      end
    end

    {:ok, pid}
  end

  def stop(_state) do
    :beamsh_otp.__set_console_on__(false)

    :persistent_term.put({__MODULE__, :stopped}, true)
    if Process.whereis(Logger.BackendSupervisor), do: Supervisor.stop(Logger.BackendSupervisor)
    if Process.whereis(Logger), do: :gen_event.stop(Logger)
    :logger.set_primary_config(:level, :persistent_term.get({__MODULE__, :primary_level}, :notice))
    :ok
  end

  # Only the level is read again: the rest of the environment is read where it is used.
  def config_change(changed, _new, _removed) do
    Logger.configure(Keyword.take(changed, [:level]))
  end
end

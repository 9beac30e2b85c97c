# Logger.Watcher: Logger's backends are :gen_event handlers of the Logger manager (started
# with the first backend, linked to nobody). Each backend added by Logger.add_backend/2 has
# a watcher, a GenServer under Logger.BackendSupervisor (transient children, one per
# backend), that installs it as a supervised handler: when the handler is removed the
# watcher ends normally; when it crashes the watcher stops with the handler's reason (the
# GenServer's crash report) and the supervisor starts it again, which installs the handler
# anew, as Elixir 1.14's Logger does.
defmodule Logger.Watcher do
  @moduledoc false
  # (the callbacks written out: this file compiles before Module, which `use GenServer` needs)
  @behaviour GenServer

  # The Logger manager (:gen_event), started when first needed, with the backends' supervisor.
  # (options: :gen_event.start/2's, the :logger application's :start_options)
  def manager(options \\ []) do
    case Process.whereis(Logger) do
      nil ->
        {:ok, pid} = :gen_event.start({:local, Logger}, options)
        pid

      pid ->
        pid
    end
  end

  # The pid add_backend(:console) answers (the console is written by the runtime itself).
  def console(), do: Process.whereis(Logger)

  # The backends installed now (none while there is no manager).
  def backends() do
    case Process.whereis(Logger) do
      nil -> []
      _ -> :gen_event.which_handlers(Logger)
    end
  end

  # Installs `backend` under a new watcher: {:ok, watcher}, or the supervisor's error for the
  # watcher's child when the handler's init/1 fails.
  def start(backend) do
    manager()
    Logger.BackendSupervisor.watch(backend)
  end

  # Removes the backend and its watcher.
  def stop(backend) do
    manager()
    Logger.BackendSupervisor.unwatch(backend)
  end

  def start_link({handler, args}), do: GenServer.start_link(__MODULE__, {handler, args})

  @impl true
  def init({handler, args}) do
    Process.flag(:trap_exit, true)

    case :gen_event.delete_handler(Logger, handler, :ok) do
      {:error, :module_not_found} ->
        case :gen_event.add_sup_handler(Logger, handler, args) do
          :ok ->
            {:ok, handler}

          {:error, :ignore} ->
            send(self(), {:gen_event_EXIT, handler, :normal})
            {:ok, handler}

          {:error, reason} ->
            {:stop, reason}

          {:EXIT, _} = exit ->
            {:stop, exit}
        end

      _ ->
        init({handler, args})
    end
  end

  @impl true
  def handle_info({:gen_event_EXIT, handler, reason}, handler) when reason in [:normal, :shutdown],
    do: {:stop, reason, handler}

  # (the crash itself is reported by the manager; with no backend left to log it, the watcher
  # says so on standard error)
  def handle_info({:gen_event_EXIT, handler, reason}, handler) do
    if backends() == [] and not :beamsh_otp.__console_on__() do
      IO.puts(:stderr, [
        ":gen_event handler ",
        inspect(handler),
        " installed in Logger terminating\n** (exit) ",
        Exception.format_exit(exit_reason(reason))
      ])
    end

    {:stop, reason, handler}
  end

  def handle_info(_msg, state), do: {:noreply, state}

  @impl true
  def terminate(_reason, handler) do
    :gen_event.delete_handler(Logger, handler, :ok)
    :ok
  end

  defp exit_reason({:EXIT, reason}), do: reason
  defp exit_reason(reason), do: reason
end

defmodule Logger.BackendSupervisor do
  @moduledoc false
  # (Supervisor's callback; `use Supervisor` needs Module, compiled after this file)

  # Started with the first backend, linked to nobody.
  defp ensure_started() do
    case Process.whereis(__MODULE__) do
      nil ->
        {:ok, pid} = Supervisor.start_link(__MODULE__, :ok, name: __MODULE__)
        Process.unlink(pid)
        pid

      pid ->
        pid
    end
  end

  def init(:ok), do: Supervisor.init([], strategy: :one_for_one, max_restarts: 30, max_seconds: 3)

  def watch(backend) do
    ensure_started()
    spec = %{id: backend, start: {Logger.Watcher, :start_link, [{backend, backend}]}, restart: :transient}

    case Supervisor.start_child(__MODULE__, spec) do
      {:error, :already_present} ->
        _ = Supervisor.delete_child(__MODULE__, backend)
        watch(backend)

      other ->
        other
    end
  end

  def unwatch(backend) do
    ensure_started()

    case Supervisor.terminate_child(__MODULE__, backend) do
      :ok ->
        _ = Supervisor.delete_child(__MODULE__, backend)
        :ok

      {:error, _} = error ->
        error
    end
  end
end

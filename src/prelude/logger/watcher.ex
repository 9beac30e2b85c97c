# Logger.Watcher: Logger's backends are :gen_event handlers of the Logger manager (started
# with the first backend, linked to nobody); each one added by Logger.add_backend/2 has a
# watcher process that installs it as a supervised handler and ends when the handler is
# removed or fails, as Elixir 1.14's Logger.Watcher does.
defmodule Logger.Watcher do
  @moduledoc false

  # The Logger manager (:gen_event), started when first needed.
  def manager() do
    case Process.whereis(Logger) do
      nil ->
        {:ok, pid} = :gen_event.start({:local, Logger})
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

  # Installs `backend` under a new watcher: {:ok, watcher} or, when its init/1 fails, the
  # error Logger's supervisor gives for the watcher's child.
  def start(backend) do
    manager()
    caller = self()
    ref = make_ref()

    watcher =
      spawn(fn ->
        case :gen_event.add_sup_handler(Logger, backend, backend) do
          :ok ->
            send(caller, {ref, :ok})
            watch(backend)

          {:EXIT, reason} ->
            send(caller, {ref, {:error, {{:EXIT, reason}, child_spec(backend)}}})

          other ->
            send(caller, {ref, {:error, {other, child_spec(backend)}}})
        end
      end)

    receive do
      {^ref, :ok} -> {:ok, watcher}
      {^ref, error} -> error
    end
  end

  # Removes the backend: its watcher is told (gen_event_EXIT) and ends.
  def stop(backend) do
    case :gen_event.delete_handler(Logger, backend, :ok) do
      {:error, _} -> {:error, :not_found}
      _ -> :ok
    end
  end

  defp watch(backend) do
    receive do
      {:gen_event_EXIT, ^backend, _reason} -> :ok
      _other -> watch(backend)
    end
  end

  defp child_spec(backend) do
    {:child, :undefined, backend, {Logger.Watcher, :start_link, [{backend, backend}]}, :transient,
     false, 5000, :worker, [Logger.Watcher]}
  end
end

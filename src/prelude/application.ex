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

  # The environment (get_env/fetch_env/put_env/...) is native: src/stdlib/application.ts.

  def start(app, type \\ :temporary) when is_atom(app) do
    :application.start(app, type)
  end

  def stop(app), do: :application.stop(app)

  def load(app) when is_atom(app), do: :application.load(app)

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
end

# :application_controller.config_change/1, as a release upgrade calls it: given each
# application's environment from before, every started application whose callback module
# has config_change/3 is told what changed since (keys whose value differs now), what is new
# and which keys went.
defmodule :application_controller do
  @moduledoc false

  # (the callback modules of the applications that have one)
  defp callback(:logger), do: Logger.App
  defp callback(_app), do: nil

  def config_change(env_before) when is_list(env_before) do
    started = for {app, _, _} <- Application.started_applications(), do: app

    Enum.reduce_while(env_before, :ok, fn {app, old_env}, :ok ->
      mod = callback(app)

      if app in started and mod != nil and function_exported?(mod, :config_change, 3) do
        current = Application.get_all_env(app)
        changed = for {key, value} <- current, Keyword.has_key?(old_env, key), old_env[key] != value, do: {key, value}
        new = for {key, _} = pair <- current, not Keyword.has_key?(old_env, key), do: pair
        removed = for {key, _} <- old_env, not Keyword.has_key?(current, key), do: key

        case mod.config_change(changed, new, removed) do
          :ok -> {:cont, :ok}
          {:error, _} = error -> {:halt, error}
          other -> {:halt, {:error, other}}
        end
      else
        {:cont, :ok}
      end
    end)
  end
end

# The tuple child specifications of Elixir before 1.5 (deprecated, still accepted by
# Supervisor and by GenStage's ConsumerSupervisor).
defmodule Supervisor.Spec do
  @moduledoc false

  def supervise(children, options) do
    strategy = options[:strategy] || raise ArgumentError, "expected :strategy option to be given"
    max_restarts = Keyword.get(options, :max_restarts, 3)
    max_seconds = Keyword.get(options, :max_seconds, 5)
    children |> Enum.map(&spec_id/1) |> unique_ids()
    {:ok, {{strategy, max_restarts, max_seconds}, children}}
  end

  def worker(module, args, options \\ []), do: spec(:worker, module, args, options)

  def supervisor(module, args, options \\ []) do
    spec(:supervisor, module, args, Keyword.put_new(options, :shutdown, :infinity))
  end

  defp spec(type, module, args, options) do
    {Keyword.get(options, :id, module), {module, Keyword.get(options, :function, :start_link), args},
     Keyword.get(options, :restart, :permanent), Keyword.get(options, :shutdown, 5000), type,
     Keyword.get(options, :modules, if(module == GenEvent, do: :dynamic, else: [module]))}
  end

  defp spec_id({id, _, _, _, _, _}), do: id

  defp spec_id(other) do
    raise ArgumentError,
          "invalid tuple specification given to supervise/2. If you are trying to use the map child specification " <>
            "that is part of the Elixir v1.5, use Supervisor.init/2 instead of Supervisor.Spec.supervise/2. " <>
            "See the Supervisor module for more information. Got: #{inspect(other)}"
  end

  defp unique_ids([]), do: :ok

  defp unique_ids([id | rest]) do
    if id in rest do
      raise ArgumentError,
            "duplicated ID #{inspect(id)} found in the supervisor specification, " <>
              "please explicitly pass the :id option when defining this worker/supervisor"
    end

    unique_ids(rest)
  end
end

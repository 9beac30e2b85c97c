# Mix.Task: the behaviour of mix tasks (a module Mix.Tasks.Name with run/1) and running them.
# `use Mix.Task` persists @shortdoc, @recursive, @preferred_cli_env and @requirements in the
# module, where shortdoc/1 and the others read them. A task runs once per project until
# reenabled; running one asks the project stack first (not there until Mix.start/0).
defmodule Mix.Task do
  @moduledoc false


  defmacro __using__(_opts) do
    quote do
      Enum.each(
        Mix.Task.supported_attributes(),
        &Module.register_attribute(__MODULE__, &1, persist: true)
      )

      @behaviour Mix.Task
    end
  end

  @doc false
  def supported_attributes, do: [:shortdoc, :recursive, :preferred_cli_env, :requirements]

  def load_all, do: all_modules()

  def load_tasks(dirs) when is_list(dirs), do: all_modules()

  def all_modules do
    for {module, _} <- :code.all_loaded(), task?(module), do: module
  end

  def moduledoc(module) when is_atom(module) do
    case Code.fetch_docs(module) do
      {:docs_v1, _, _, _, %{"en" => moduledoc}, _, _} -> moduledoc
      {:docs_v1, _, _, _, :none, _, _} -> nil
      _ -> false
    end
  end

  def shortdoc(module) when is_atom(module) do
    case List.keyfind(module.__info__(:attributes), :shortdoc, 0) do
      {:shortdoc, [shortdoc]} -> shortdoc
      _ -> nil
    end
  end

  def recursive(module) when is_atom(module) do
    case List.keyfind(module.__info__(:attributes), :recursive, 0) do
      {:recursive, [setting]} -> setting
      _ -> false
    end
  end

  def recursing?, do: Mix.ProjectStack.recursing() != nil

  def preferred_cli_env(task) when is_atom(task) or is_binary(task) do
    case get(task) do
      nil ->
        nil

      module ->
        case List.keyfind(module.__info__(:attributes), :preferred_cli_env, 0) do
          {:preferred_cli_env, [setting]} -> setting
          _ -> nil
        end
    end
  end

  def requirements(module) when is_atom(module) do
    {:requirements, requirements} =
      List.keyfind(module.__info__(:attributes), :requirements, 0, {:requirements, []})

    requirements
  end

  def task_name(module) when is_atom(module), do: Mix.Utils.module_name_to_command(module, 2)

  def alias?(task) when is_binary(task), do: alias?(String.to_atom(task))
  def alias?(task) when is_atom(task), do: Keyword.has_key?(Mix.Project.config()[:aliases], task)

  def get(task) do
    case fetch(task) do
      {:ok, module} -> module
      {:error, _} -> nil
    end
  end

  def get!(task) do
    case fetch(task) do
      {:ok, module} -> module
      {:error, :invalid} -> raise Mix.InvalidTaskError, task: task
      {:error, :not_found} -> raise Mix.NoTaskError, task: task
    end
  end

  defp fetch(task) when is_binary(task) or is_atom(task) do
    case Mix.Utils.command_to_module(to_string(task), Mix.Tasks) do
      {:module, module} -> if task?(module), do: {:ok, module}, else: {:error, :invalid}
      {:error, _} -> {:error, :not_found}
    end
  end

  def run(task, args \\ [])

  def run(task, args) when is_atom(task), do: run(Atom.to_string(task), args)

  def run(task, args) when is_binary(task) do
    proj = Mix.Project.get()
    alias = Mix.Project.config()[:aliases][String.to_atom(task)]

    cond do
      alias && first_run?({:alias, task, proj}) ->
        Enum.reduce(List.wrap(alias), :ok, fn
          step, _ when is_binary(step) ->
            [name | rest] = OptionParser.split(step)
            run(name, rest ++ args)

          fun, _ when is_function(fun, 1) ->
            fun.(args)
        end)

      first_run?({:task, task, proj}) ->
        module = get!(task)
        Enum.each(requirements(module), fn req -> [name | rest] = OptionParser.split(req); run(name, rest) end)
        module.run(args)

      true ->
        :noop
    end
  end

  def rerun(task, args \\ []) do
    reenable(task)
    run(task, args)
  end

  def reenable(task) when is_binary(task) or is_atom(task) do
    task = to_string(task)
    proj = Mix.Project.get()
    Mix.State.update(:mix_tasks_run, &MapSet.delete(MapSet.delete(&1, {:task, task, proj}), {:alias, task, proj}))
  end

  def clear, do: Mix.State.put(:mix_tasks_run, MapSet.new())

  def task?(module) when is_atom(module) do
    match?('Elixir.Mix.Tasks.' ++ _, Atom.to_charlist(module)) and Code.ensure_loaded?(module) and
      function_exported?(module, :run, 1)
  end

  defp first_run?(key) do
    ran = Mix.State.get(:mix_tasks_run, MapSet.new())
    Mix.State.put(:mix_tasks_run, MapSet.put(ran, key))
    not MapSet.member?(ran, key)
  end
end

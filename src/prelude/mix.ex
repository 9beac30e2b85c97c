# Mix as iex has it: the mix application is on the code path but not started, so its modules
# load (use Mix.Task, use Mix.Project, Mix.compilers/0) while what reads its state fails as in
# iex (Mix.env/0 reads the Mix.State ETS table, Mix.Project asks the Mix.ProjectStack server).
# Mix.start/0 starts that state; no project file is read and no task of Mix's own is shipped.
defmodule Mix do
  @moduledoc false

  def start do
    unless Process.whereis(Mix.State) do
      {:ok, _} = Mix.State.start_link([])
      {:ok, _} = Mix.ProjectStack.start_link([])
    end

    _ = :application.start(:mix)
    :ok
  end

  def env, do: Mix.State.get(:env, :dev)

  def env(env) when is_atom(env), do: Mix.State.put(:env, env)

  def target, do: Mix.State.get(:target, :host)

  def target(target) when is_atom(target), do: Mix.State.put(:target, target)

  def compilers, do: [:yecc, :leex, :erlang, :elixir, :app]

  def shell, do: Mix.State.get(:shell, Mix.Shell.IO)

  def shell(shell), do: Mix.State.put(:shell, shell)

  def debug?, do: Mix.State.get(:debug, false)

  def debug(debug) when is_boolean(debug), do: Mix.State.put(:debug, debug)

  def raise(message), do: __MODULE__.raise(message, exit_status: 1)

  def raise(message, opts) when is_binary(message) and is_list(opts) do
    status =
      case {opts[:exit_status], opts[:exit_code]} do
        {nil, nil} ->
          1

        {nil, code} ->
          IO.warn(":exit_code is deprecated, use :exit_status instead")
          code

        {status, _} ->
          status
      end

    Kernel.raise(Mix.Error, mix: status, message: message)
  end
end

defmodule Mix.Error do
  defexception [:message, mix: 1]
end

defmodule Mix.NoProjectError do
  defexception message:
                 "Could not find a Mix.Project, please ensure you are running Mix in a directory with a mix.exs file",
               mix: true
end

defmodule Mix.InvalidTaskError do
  defexception [:task, :message, mix: true]

  def exception(opts) do
    task = opts[:task]
    %Mix.InvalidTaskError{task: task, message: "The task #{inspect(task)} does not export run/1"}
  end
end

defmodule Mix.NoTaskError do
  defexception [:task, :message, mix: true]

  def exception(opts) do
    task = opts[:task]
    %Mix.NoTaskError{task: task, message: msg(task)}
  end

  defp msg(task) do
    text = "The task #{inspect(task)} could not be found"

    best =
      Mix.Task.all_modules()
      |> Enum.map(&{&1, Mix.Task.task_name(&1)})
      |> Enum.reduce({nil, nil, 0}, fn {mod, name}, {_, _, score} = best ->
        s = String.jaro_distance(name, task)
        if s < score, do: best, else: {mod, name, s}
      end)

    case best do
      {mod, ^task, _} ->
        text <>
          " because the module is named #{inspect(mod)} instead of " <>
          "Mix.Tasks.#{Mix.Utils.command_to_module_name(task)} as expected. Please rename it and try again"

      {_, similar, score} when score > 0.8 ->
        text <> ". Did you mean #{inspect(similar)}?" <> no_project()

      _ ->
        text <> no_project()
    end
  end

  defp no_project do
    if Mix.Project.get(), do: "", else: "\nNote no mix.exs was found in the current directory"
  end
end

defmodule Mix.ElixirVersionError do
  defexception [:target, :expected, :actual, :message, mix: true]

  def exception(opts) do
    target = opts[:target]
    actual = opts[:actual]
    expected = opts[:expected]

    message =
      "You're trying to run #{inspect(target)} on Elixir v#{actual} but it " <>
        "has declared in its mix.exs file it supports only Elixir #{expected}"

    %Mix.ElixirVersionError{target: target, expected: expected, actual: actual, message: message}
  end
end

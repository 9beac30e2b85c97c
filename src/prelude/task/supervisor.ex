# Task.Supervisor: tasks started as children of a DynamicSupervisor.
defmodule Task.Supervisor do
  @moduledoc false

  def child_spec(opts) when is_list(opts) do
    id =
      case Keyword.get(opts, :name, Task.Supervisor) do
        name when is_atom(name) -> name
        {:global, name} -> name
        {:via, _module, name} -> name
      end

    %{id: id, start: {Task.Supervisor, :start_link, [opts]}, type: :supervisor}
  end

  def start_link(options \\ []) do
    {restart, options} = Keyword.pop(options, :restart)
    {shutdown, options} = Keyword.pop(options, :shutdown)
    _ = {restart, shutdown}
    DynamicSupervisor.start_link(Keyword.put_new(options, :strategy, :one_for_one))
  end

  def async(supervisor, fun, options \\ []), do: async(supervisor, :erlang, :apply, [fun, []], options)

  def async(supervisor, module, fun, args, options) when is_atom(fun) do
    start_task(supervisor, true, {module, fun, args}, options)
  end

  def async_nolink(supervisor, fun, options \\ []), do: async_nolink(supervisor, :erlang, :apply, [fun, []], options)

  def async_nolink(supervisor, module, fun, args, options) when is_atom(fun) do
    start_task(supervisor, false, {module, fun, args}, options)
  end

  defp start_task(supervisor, link, {m, f, a} = mfa, options) do
    owner = self()
    shutdown = Keyword.get(options, :shutdown, 5000)

    {:ok, pid} =
      DynamicSupervisor.start_child(supervisor, %{
        id: Task.Supervised,
        start: {Task.Supervised, :start_link, [owner, :reply, mfa]},
        restart: :temporary,
        shutdown: shutdown
      })

    if link, do: Process.link(pid)
    Task.Supervised.handshake(owner, pid, {m, f, length(a)})
  end

  def start_child(supervisor, fun, options \\ []), do: start_child(supervisor, :erlang, :apply, [fun, []], options)

  def start_child(supervisor, module, fun, args, options) do
    restart = Keyword.get(options, :restart, :temporary)
    shutdown = Keyword.get(options, :shutdown, 5000)

    DynamicSupervisor.start_child(supervisor, %{
      id: Task.Supervised,
      start: {Task.Supervised, :start_link, [self(), :noreply, {module, fun, args}]},
      restart: restart,
      shutdown: shutdown
    })
  end

  def children(supervisor) do
    for {_, pid, _, _} <- DynamicSupervisor.which_children(supervisor), is_pid(pid), do: pid
  end

  def terminate_child(supervisor, pid), do: DynamicSupervisor.terminate_child(supervisor, pid)

  def async_stream(supervisor, enumerable, fun, options \\ []) when is_function(fun, 1) do
    Task.__stream__(enumerable, {:erlang, :apply, [fun]}, [{:__spawn__, {:supervisor, supervisor, true}} | options])
  end

  def async_stream(supervisor, enumerable, module, function, args, options) do
    Task.__stream__(enumerable, {module, function, args}, [{:__spawn__, {:supervisor, supervisor, true}} | options])
  end

  def async_stream_nolink(supervisor, enumerable, fun, options \\ []) when is_function(fun, 1) do
    Task.__stream__(enumerable, {:erlang, :apply, [fun]}, [{:__spawn__, {:supervisor, supervisor, false}} | options])
  end

  def async_stream_nolink(supervisor, enumerable, module, function, args, options) do
    Task.__stream__(enumerable, {module, function, args}, [{:__spawn__, {:supervisor, supervisor, false}} | options])
  end
end

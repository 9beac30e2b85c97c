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

  # A DynamicSupervisor whose :start_task calls start Task.Supervised children; the calls
  # and messages are Elixir's own, so a task can be started on another node, beamsh or not.
  def start_link(options \\ []) do
    {restart, options} = Keyword.pop(options, :restart)
    {shutdown, options} = Keyword.pop(options, :shutdown)

    if restart || shutdown do
      IO.warn(
        ":restart and :shutdown options in Task.Supervisor.start_link/1 " <>
          "are deprecated. Please pass those options on start_child/3 instead"
      )
    end

    keys = [:max_children, :max_seconds, :max_restarts]
    {sup_opts, start_opts} = Keyword.split(options, keys)
    DynamicSupervisor.start_link(Task.Supervisor, {{restart || :temporary, shutdown || 5000}, sup_opts}, start_opts)
  end

  def init({{_restart, _shutdown} = arg, options}) do
    Process.put(Task.Supervisor, arg)
    DynamicSupervisor.init([strategy: :one_for_one] ++ options)
  end

  def async(supervisor, fun, options \\ []), do: async(supervisor, :erlang, :apply, [fun, []], options)

  def async(supervisor, module, fun, args, options \\ []) when is_atom(fun) do
    start_task(supervisor, :link, module, fun, args, options)
  end

  def async_nolink(supervisor, fun, options \\ []), do: async_nolink(supervisor, :erlang, :apply, [fun, []], options)

  def async_nolink(supervisor, module, fun, args, options \\ []) when is_atom(fun) do
    start_task(supervisor, :nolink, module, fun, args, options)
  end

  defp start_task(supervisor, link_type, module, fun, args, options) do
    owner = self()
    shutdown = options[:shutdown]

    case GenServer.call(supervisor, {:start_task, [owner_info(owner), :monitor], :temporary, shutdown}, :infinity) do
      {:ok, pid} ->
        if link_type == :link, do: Process.link(pid)
        ref = Process.monitor(pid)
        send(pid, {owner, ref, owner, callers(owner), {module, fun, args}})
        %Task{pid: pid, ref: ref, owner: owner, mfa: {module, fun, length(args)}}

      {:error, :max_children} ->
        raise "reached the maximum number of tasks for this task supervisor. The maximum number " <>
                "of tasks that are allowed to run at the same time under this supervisor can be " <>
                "configured with the :max_children option passed to Task.Supervisor.start_link/1"
    end
  end

  def start_child(supervisor, fun, options \\ []), do: start_child(supervisor, :erlang, :apply, [fun, []], options)

  def start_child(supervisor, module, fun, args, options \\ [])
      when is_atom(fun) and is_list(args) do
    restart = options[:restart]
    shutdown = options[:shutdown]
    args = [owner_info(self()), callers(self()), {module, fun, args}]
    GenServer.call(supervisor, {:start_task, args, restart, shutdown}, :infinity)
  end

  # {node, name or pid, pid}: who started the task, as Elixir reports it.
  defp owner_info(pid) do
    self_or_name =
      case Process.info(pid, :registered_name) do
        {:registered_name, name} when is_atom(name) -> name
        _ -> pid
      end

    {node(), self_or_name, pid}
  end

  defp callers(owner) do
    case Process.get(:"$callers") do
      [_ | _] = list -> [owner | list]
      _ -> [owner]
    end
  end

  def children(supervisor) do
    for {_, pid, _, _} <- DynamicSupervisor.which_children(supervisor), is_pid(pid), do: pid
  end

  def terminate_child(supervisor, pid), do: DynamicSupervisor.terminate_child(supervisor, pid)

  def async_stream(supervisor, enumerable, fun, options \\ []) when is_function(fun, 1) do
    Task.__stream__(enumerable, {:erlang, :apply, [fun]}, [{:__spawn__, {:supervisor, supervisor, true}} | options])
  end

  def async_stream(supervisor, enumerable, module, function, args, options \\ [])
      when is_atom(module) and is_atom(function) and is_list(args) do
    Task.__stream__(enumerable, {module, function, args}, [{:__spawn__, {:supervisor, supervisor, true}} | options])
  end

  def async_stream_nolink(supervisor, enumerable, fun, options \\ []) when is_function(fun, 1) do
    Task.__stream__(enumerable, {:erlang, :apply, [fun]}, [{:__spawn__, {:supervisor, supervisor, false}} | options])
  end

  def async_stream_nolink(supervisor, enumerable, module, function, args, options \\ [])
      when is_atom(module) and is_atom(function) and is_list(args) do
    Task.__stream__(enumerable, {module, function, args}, [{:__spawn__, {:supervisor, supervisor, false}} | options])
  end
end

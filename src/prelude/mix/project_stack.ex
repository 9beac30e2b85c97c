# The stack of Mix projects being worked on (the current one on top), kept by a server started
# with Mix: {stack, post_config}, each project %{name, config, file, recursing?, ...}. Asked
# before Mix is started, it is not there and the call exits (noproc) as in iex.
defmodule Mix.ProjectStack do
  @moduledoc false
  @behaviour GenServer

  def start_link(_opts), do: GenServer.start_link(__MODULE__, :ok, name: __MODULE__)

  def push(module, config, file) do
    update_state(fn {stack, post_config} ->
      config = Keyword.merge(config, post_config)

      case Enum.find(stack, &(&1.name == module)) do
        %{file: existing} ->
          {{:error, existing}, {stack, post_config}}

        nil ->
          project = %{
            name: module,
            config: config,
            file: file,
            pos: length(stack),
            recursing?: false,
            # the first project has the shell to itself: nothing to announce
            io_done: stack == [],
            config_apps: [],
            config_files: [],
            config_mtime: nil,
            after_compiler: %{}
          }

          {:ok, {[project | stack], []}}
      end
    end)
  end

  def pop do
    update_stack(fn
      [h | t] -> {h, t}
      [] -> {nil, []}
    end)
  end

  def peek do
    get_stack(fn
      [h | _] -> h
      [] -> nil
    end)
  end

  def clear_stack, do: update_state(fn _ -> {:ok, {[], []}} end)

  def post_config(config) do
    update_state(fn {stack, post_config} -> {:ok, {stack, Keyword.merge(post_config, config)}} end)
  end

  def merge_config(config) do
    update_stack(fn
      [h | t] -> {:ok, [%{h | config: Keyword.merge(h.config, config)} | t]}
      [] -> {:ok, []}
    end)
  end

  # The app to name before a task's first output (once, until another project's turn).
  def printable_app_name do
    update_stack(fn
      [] ->
        {nil, []}

      [%{io_done: true} | _] = stack ->
        {nil, stack}

      [h | t] ->
        h = %{h | io_done: true}
        {h.config[:app], [h | Enum.map(t, &%{&1 | io_done: false})]}
    end)
  end

  def project_file do
    get_stack(fn
      [h | _] -> h.file
      [] -> nil
    end)
  end

  def config_apps do
    get_stack(fn
      [h | _] -> h.config_apps
      [] -> []
    end)
  end

  def config_files do
    get_stack(fn
      [h | _] -> h.config_files
      [] -> []
    end)
  end

  def recursing do
    get_stack(fn stack -> Enum.find_value(stack, &(&1.recursing? and &1.name)) end)
  end

  defp get_stack(fun), do: GenServer.call(__MODULE__, {:get_stack, fun}, :infinity)
  defp update_stack(fun), do: GenServer.call(__MODULE__, {:update_stack, fun}, :infinity)
  defp update_state(fun), do: GenServer.call(__MODULE__, {:update_state, fun}, :infinity)

  @impl true
  def init(:ok), do: {:ok, {[], []}}

  @impl true
  def handle_call({:get_stack, fun}, _from, {stack, _} = state), do: {:reply, fun.(stack), state}

  def handle_call({:update_stack, fun}, _from, {stack, post_config}) do
    {reply, stack} = fun.(stack)
    {:reply, reply, {stack, post_config}}
  end

  def handle_call({:update_state, fun}, _from, state) do
    {reply, state} = fun.(state)
    {:reply, reply, state}
  end
end

# Process functions whose behaviour is defined by Elixir code (guards, error translation,
# blocking); the rest of Process is native (src/stdlib/process.ts).
defmodule Process do
  def flag(pid, flag, value), do: :erlang.process_flag(pid, flag, value)

  # (two catch clauses calling :erlang.error/2 with the arguments, as Elixir's: the stack
  # entry shows them, at the raise for a process or port of this node)
  def register(pid_or_port, name)
      when is_atom(name) and name not in [nil, false, true, :undefined] do
    :erlang.register(name, pid_or_port)
  catch
    :error, :badarg when node(pid_or_port) != node() ->
      message = "could not register #{inspect(pid_or_port)} because it belongs to another node"
      :erlang.error(ArgumentError.exception(message), [pid_or_port, name])

    :error, :badarg ->
      message =
        "could not register #{inspect(pid_or_port)} with " <>
          "name #{inspect(name)} because it is not alive, the name is already " <>
          "taken, or it has already been given another name"

      :erlang.error(ArgumentError.exception(message), [pid_or_port, name])
  end

  def monitor(item, options) when is_list(options) do
    :erlang.monitor(:process, item, options)
  end

  def group_leader(pid, leader) when is_pid(pid) and is_pid(leader) do
    :erlang.group_leader(leader, pid)
  end

  # A sleeping process is simply waiting in a receive.
  def sleep(ms) when is_integer(ms) and ms >= 0 or ms == :infinity do
    receive do
    after
      ms -> :ok
    end
  end
end

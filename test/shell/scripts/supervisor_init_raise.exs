# What a supervisor's init/1 raises (itself, or through Supervisor.init/2 reading its
# children) ends the supervisor: start_link returns the exception with the stack the BEAM
# kept, the frames of Supervisor, :supervisor and :gen_server included; a throw is init's
# value and an exit its reason.
defmodule Sup do
  use Supervisor
  def init(:direct), do: raise("boom")
  def init(:missing), do: Supervisor.init([NotAModule], strategy: :one_for_one)
  def init(:no_strategy), do: Supervisor.init([], [])
  def init(:throw), do: throw(:ignore)
  def init(:exit), do: exit(:bye)
end

Process.flag(:trap_exit, true)

for how <- [:direct, :missing, :no_strategy, :throw, :exit] do
  IO.inspect(Supervisor.start_link(Sup, how), label: inspect(how))

  receive do
    {:EXIT, _pid, reason} -> IO.inspect(reason, label: "exit")
  after
    100 -> IO.puts("no exit")
  end
end

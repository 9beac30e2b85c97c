# Soak: a supervisor restarts its child 1,000 times (the child is killed each time); it
# keeps going, and restarts past its intensity end it as OTP says. SOAK_SCALE (a divisor)
# makes it smaller.
scale = String.to_integer(System.get_env("SOAK_SCALE", "1"))
n = div(1000, scale)

defmodule Soak.Worker do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> 0 end, name: Soak.Worker)
end

{:ok, sup} = Supervisor.start_link([Soak.Worker], strategy: :one_for_one, max_restarts: n + 1, max_seconds: 3600)

# The worker registered after `old` (the supervisor restarts it in its own time: wait for it).
successor = fn old ->
  Enum.find_value(Stream.repeatedly(fn -> Process.whereis(Soak.Worker) end), fn pid -> pid != nil and pid != old and pid end)
end

restarted =
  Enum.reduce(1..n, 0, fn _, acc ->
    old = Process.whereis(Soak.Worker)
    ref = Process.monitor(old)
    Process.exit(old, :kill)
    receive do: ({:DOWN, ^ref, :process, _, _} -> :ok)
    new = successor.(old)
    if new != old, do: acc + 1, else: acc
  end)

counts = Supervisor.count_children(sup)
IO.puts("supervisor: #{restarted} restarts, #{counts.active} child active, supervisor alive: #{Process.alive?(sup)}")
Process.flag(:trap_exit, true)
last = Process.whereis(Soak.Worker)
Process.exit(last, :kill)
Process.exit(successor.(last), :kill)
receive do
  {:EXIT, ^sup, reason} -> IO.puts("two more restarts within the intensity window end it: #{inspect(reason)}")
after
  5000 -> IO.puts("the supervisor outlived its intensity")
end

# Soak: a chain of 10,000 linked processes; the last one exits with :boom and the exit
# travels down the whole chain. A monitor on each sees it die with :boom, and the chain's
# first link, which traps exits, receives the EXIT. SOAK_SCALE (a divisor) makes it smaller.
scale = String.to_integer(System.get_env("SOAK_SCALE", "1"))
n = div(10_000, scale)
parent = self()

defmodule Soak.Chain do
  def link(0, parent) do
    send(parent, {:last, self()})
    receive do: (:boom -> exit(:boom))
  end

  def link(k, parent) do
    pid = spawn_link(fn -> link(k - 1, parent) end)
    send(parent, {:link, pid})
    receive do: (:never -> :ok)
  end
end

Process.flag(:trap_exit, true)
first = spawn_link(fn -> Soak.Chain.link(n - 1, parent) end)
pids = [first | for(_ <- 2..n, do: receive(do: ({:link, pid} -> pid)))]
last = receive do: ({:last, pid} -> pid)
refs = for pid <- pids, do: Process.monitor(pid)
send(last, :boom)
reasons = for _ <- refs, do: receive(do: ({:DOWN, _, :process, _, reason} -> reason))
exit = receive do: ({:EXIT, ^first, reason} -> reason)
IO.puts("link chain: #{length(pids)} processes, #{Enum.count(reasons, &(&1 == :boom))} died with :boom, the trapping parent got EXIT #{inspect(exit)}, #{length(Process.list()) - length(:erlang.processes() -- pids)} of the chain alive")

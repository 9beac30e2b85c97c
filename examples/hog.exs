# A CPU hog next to a responsive server (the demo of "The Soul of Erlang and Elixir"):
# ten long requests keep the only scheduler busy, and a short request sent after them is
# still answered at once, because the scheduler preempts every process after its slice of
# reductions (one reduction is about one function call).
#
#   beamsh --seed 4 examples/hog.exs     (the same seed prints the same run every time)

defmodule Hog do
  # Counts to n, one function call per step: it never waits, it only computes.
  def count(n), do: count(n, 0)
  defp count(n, n), do: n
  defp count(n, i), do: count(n, i + 1)
end

defmodule Server do
  # Each request is worked on in its own process; the server itself only dispatches.
  def loop do
    receive do
      {:count, n, from} ->
        spawn(fn -> send(from, {:counted, n, self(), Hog.count(n)}) end)
        loop()
    end
  end
end

ms = fn -> System.monotonic_time(:microsecond) end
t0 = ms.()
server = spawn(&Server.loop/0)
for _ <- 1..10, do: send(server, {:count, 200_000, self()})
send(server, {:count, 10, self()})

for _ <- 1..11 do
  receive do
    {:counted, n, pid, _} -> IO.puts("counted to #{n} in #{inspect(pid)}, answered after #{div(ms.() - t0, 100) / 10} ms")
  end
end

# The Soul of Erlang demo: ten processes spin forever; 200 short requests (spawn a worker
# computing 20!, wait for its answer) are timed from inside. Prints the median latency as
# `us: N`. On the BEAM it runs with one scheduler (+S 1), as beamsh has one.
defmodule Work do
  def spin(n), do: spin(n + 1)

  def fact(0), do: 1
  def fact(n), do: n * fact(n - 1)

  def request(me) do
    receive do
    after
      2 -> :ok
    end

    t0 = :erlang.monotonic_time(:microsecond)
    spawn(fn -> send(me, {:fact, fact(20)}) end)

    receive do
      {:fact, _} -> :erlang.monotonic_time(:microsecond) - t0
    end
  end
end

spinners = for _ <- 1..10, do: spawn(fn -> Work.spin(0) end)
me = self()
times = Enum.sort(for _ <- 1..200, do: Work.request(me))
Enum.each(spinners, &Process.exit(&1, :kill))
IO.puts("us: #{Enum.at(times, 100)}")

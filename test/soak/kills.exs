# Soak: 1,000 processes each send 1,000 numbered messages to one collector; every tenth
# of them is killed halfway through its stream, while the others are still sending. From
# each sender the collector must get an unbroken stream (nothing lost, duplicated or
# reordered): half of it from a killed one, all of it from a survivor, and one DOWN after
# its last message. SOAK_SCALE (a divisor) makes it smaller.
scale = String.to_integer(System.get_env("SOAK_SCALE", "1"))
procs = div(1000, scale)
count = div(1000, scale)
parent = self()

defmodule Soak.Kills do
  def collect(0, seen, bad), do: {seen, bad}

  def collect(alive, seen, bad) do
    receive do
      {:msg, from, seq} ->
        {next, _} = Map.fetch!(seen, from)
        bad = if seq == next, do: bad, else: bad + 1
        collect(alive, Map.update!(seen, from, fn {n, r} -> {n + 1, r} end), bad)

      {:DOWN, _, :process, from, reason} ->
        collect(alive - 1, Map.update!(seen, from, fn {n, _} -> {n, reason} end), bad)
    after
      30_000 -> {seen, bad + 1}
    end
  end
end

collector =
  spawn(fn ->
    receive do
      {:senders, senders} ->
        seen = Map.new(senders, fn pid -> Process.monitor(pid); {pid, {1, nil}} end)
        send(parent, :monitoring)
        send(parent, {:done, Soak.Kills.collect(length(senders), seen, 0)})
    end
  end)

half = div(count, 2)

senders =
  for i <- 1..procs do
    doomed = rem(i, 10) == 1
    spawn(fn ->
      receive do: (:go -> :ok)
      for seq <- 1..half, do: send(collector, {:msg, self(), seq})
      if doomed do
        send(parent, :halfway)
        receive do: (:never -> :ok)
      end
      for seq <- (half + 1)..count//1, do: send(collector, {:msg, self(), seq})
    end)
  end

send(collector, {:senders, senders})
receive do: (:monitoring -> :ok)
for s <- senders, do: send(s, :go)
doomed = Enum.take_every(senders, 10)
for _ <- doomed, do: receive(do: (:halfway -> :ok))
for s <- doomed, do: Process.exit(s, :kill)

receive do
  {:done, {seen, bad}} ->
    killed = Enum.filter(seen, fn {_, {_, r}} -> r == :killed end)
    survivors = Enum.filter(seen, fn {_, {_, r}} -> r == :normal end)
    halves = Enum.count(killed, fn {_, {next, _}} -> next == half + 1 end)
    complete = Enum.count(survivors, fn {_, {next, _}} -> next == count + 1 end)
    IO.puts("with kills: #{length(killed)} senders killed halfway (#{halves} streams an unbroken half), #{complete} of #{length(survivors)} survivors' streams complete, #{bad} messages out of order")
end

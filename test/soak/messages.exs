# Soak: 1,000 processes each send 1,000 numbered messages to one collector, then to
# random peers. Nothing may be lost, duplicated or reordered between a pair.
# SOAK_SCALE (a divisor, default 1) makes it smaller.
scale = String.to_integer(System.get_env("SOAK_SCALE", "1"))
procs = div(1000, scale)
count = div(1000, scale)

defmodule Soak.Check do
  # Folds {from, seq} messages into per-sender state: the next expected seq, and counts of
  # duplicated (seq already seen) and reordered (seq ahead of the expected one) messages.
  def take(0, acc), do: acc

  def take(n, {next, dups, gaps}) do
    receive do
      {:msg, from, seq} ->
        expected = Map.get(next, from, 1)

        cond do
          seq == expected -> take(n - 1, {Map.put(next, from, seq + 1), dups, gaps})
          seq < expected -> take(n - 1, {next, dups + 1, gaps})
          true -> take(n - 1, {Map.put(next, from, seq + 1), dups, gaps + 1})
        end
    after
      30_000 -> {next, dups, gaps}
    end
  end

  def received(next), do: next |> Map.values() |> Enum.map(&(&1 - 1)) |> Enum.sum()
end

# 1. Everyone to one collector.
parent = self()

collector =
  spawn(fn ->
    {next, dups, gaps} = Soak.Check.take(procs * count, {%{}, 0, 0})
    send(parent, {:collected, Soak.Check.received(next), dups, gaps})
  end)

for _ <- 1..procs do
  spawn(fn -> for seq <- 1..count, do: send(collector, {:msg, self(), seq}) end)
end

receive do
  {:collected, got, dups, gaps} ->
    IO.puts("to one collector: #{got} of #{procs * count} received, #{procs * count - got} lost, #{dups} duplicated, #{gaps} reordered")
end

# 2. Among random pairs: each process sends `count` messages, each to a peer chosen
# pseudo-randomly (a fixed linear congruential sequence), numbered per pair; each receiver
# checks the order per sender.
{plan, _} =
  Enum.map_reduce(1..procs, 12345, fn _, s ->
    Enum.map_reduce(1..count, s, fn _, s ->
      s = rem(s * 1_103_515_245 + 12345, 2_147_483_648)
      {rem(div(s, 65536), procs) + 1, s}
    end)
  end)

incoming = plan |> List.flatten() |> Enum.frequencies()

receivers =
  for i <- 1..procs do
    n = Map.get(incoming, i, 0)
    spawn(fn ->
      receive do
        :go -> :ok
      end

      {next, dups, gaps} = Soak.Check.take(n, {%{}, 0, 0})
      send(parent, {:pair, Soak.Check.received(next), dups, gaps})
    end)
  end

table = List.to_tuple(receivers)

for targets <- plan do
  spawn(fn ->
    Enum.reduce(targets, %{}, fn t, seqs ->
      seq = Map.get(seqs, t, 0) + 1
      send(elem(table, t - 1), {:msg, self(), seq})
      Map.put(seqs, t, seq)
    end)
  end)
end

for r <- receivers, do: send(r, :go)

{got, dups, gaps} =
  Enum.reduce(1..procs, {0, 0, 0}, fn _, {g, d, o} ->
    receive do
      {:pair, got, dups, gaps} -> {g + got, d + dups, o + gaps}
    end
  end)

IO.puts("among random pairs: #{got} of #{procs * count} received, #{procs * count - got} lost, #{dups} duplicated, #{gaps} reordered")

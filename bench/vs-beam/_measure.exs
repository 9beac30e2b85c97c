# Prepended to every workload of bench/vs-beam.ts: the same program runs on `elixir` and on
# beamsh. Work.setup/0 builds the input outside the timing; Work.run/1 is timed: one warm-up
# run, then the best of 2 to 5 more (as many as fit in about a second). Prints the best wall
# time as `us: N` and the best CPU time of the whole runtime (all its threads, from
# :erlang.statistics(:runtime), in milliseconds) as `cpu_us: N`.
defmodule VsBeam do
  def measure(setup, run) do
    arg = setup.()
    run.(arg)
    {wall, cpu} = best(run, arg, 0, 0, nil, nil)
    IO.puts("us: #{wall}")
    IO.puts("cpu_us: #{cpu * 1000}")
  end

  defp best(_run, _arg, n, spent, wall, cpu) when n >= 5 or (n >= 2 and spent > 1_000_000), do: {wall, cpu}

  defp best(run, arg, n, spent, wall, cpu) do
    {c0, _} = :erlang.statistics(:runtime)
    {us, _} = :timer.tc(fn -> run.(arg) end)
    {c1, _} = :erlang.statistics(:runtime)
    best(run, arg, n + 1, spent + us, min(wall, us), min(cpu, c1 - c0))
  end
end

# Prepended to every workload of bench/vs-beam.ts: the same program runs on `elixir` and on
# beamsh. Work.setup/0 builds the input outside the timing; Work.run/1 is timed: one to three
# warm-up runs, then the best of 2 to 5 more (as many as fit in about a second of CPU time). A
# workload shorter than about 100 ms is timed in batches of back-to-back runs (as many as make
# about 100 ms, from the fastest warm-up's wall or CPU time, whichever is less), each side
# choosing its own batch, and the figures are per run: the CPU clock ticks in milliseconds,
# too coarse for a run of a few. Prints the best wall time per run as `us: N` and the best CPU
# time per run of the whole runtime (all its threads, from :erlang.statistics(:runtime)) as
# `cpu_us: N`, and the batch as `reps: N`.
defmodule VsBeam do
  def measure(setup, run) do
    arg = setup.()
    # (up to three warm-up runs while they take under 200 ms of CPU time in all, the batch
    # sized from the fastest: a JIT's first runs can take ten times its later ones, and a
    # batch sized from them would be too small for the CPU clock. The budgets count CPU
    # time, not wall time: on a loaded machine a run's wall time grows with the other work
    # while its CPU time does not, and wall budgets gave the side whose runs are longer
    # fewer runs the busier the machine was: at load 15-17 beamsh's million-deep body
    # recursion got one warm-up run and two timed ones, its JIT's second and third runs
    # (which also collect the list just built), 4-6x the BEAM's CPU, while the BEAM's
    # 3 ms runs got three and five whatever the load.)
    warm = warm_up(run, arg, 0, 0, nil)
    reps = min(1000, max(1, div(100_000, max(warm, 1))))
    {wall, cpu} = best(run, arg, reps, 0, 0, nil, nil)
    IO.puts("us: #{wall}")
    IO.puts("cpu_us: #{cpu}")
    IO.puts("reps: #{reps}")
  end

  defp warm_up(_run, _arg, n, spent, fastest) when n >= 3 or spent >= 200_000, do: fastest

  defp warm_up(run, arg, n, spent, fastest) do
    {c0, _} = :erlang.statistics(:runtime)
    {us, _} = :timer.tc(fn -> run.(arg) end)
    {c1, _} = :erlang.statistics(:runtime)
    cpu = (c1 - c0) * 1000
    # (the batch is sized from the lesser of the two: wall time grows with the machine's
    # load, and the CPU clock reads 0 for a run shorter than its millisecond tick)
    warm_up(run, arg, n + 1, spent + cpu, fastest |> min(us) |> min(if(cpu > 0, do: cpu, else: us)))
  end

  defp best(_run, _arg, _reps, n, spent, wall, cpu) when n >= 5 or (n >= 2 and spent > 1_000_000), do: {wall, cpu}

  defp best(run, arg, reps, n, spent, wall, cpu) do
    {c0, _} = :erlang.statistics(:runtime)
    {us, _} = :timer.tc(fn -> batch(run, arg, reps) end)
    {c1, _} = :erlang.statistics(:runtime)
    best(run, arg, reps, n + 1, spent + (c1 - c0) * 1000, min(wall, div(us, reps)), min(cpu, div((c1 - c0) * 1000, reps)))
  end

  defp batch(run, arg, 1), do: run.(arg)
  defp batch(run, arg, k), do: (run.(arg); batch(run, arg, k - 1))
end

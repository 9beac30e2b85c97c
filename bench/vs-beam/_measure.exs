# Prepended to every workload of bench/vs-beam.ts: the same program runs on `elixir` and on
# beamsh. Work.setup/0 builds the input outside the timing; Work.run/1 is timed: one warm-up
# run, then the best of 2 to 5 more (as many as fit in about a second), printed as `us: N`.
defmodule VsBeam do
  def measure(setup, run) do
    arg = setup.()
    run.(arg)
    IO.puts("us: #{best(run, arg, 0, 0, nil)}")
  end

  defp best(_run, _arg, n, spent, min) when n >= 5 or (n >= 2 and spent > 1_000_000), do: min

  defp best(run, arg, n, spent, min) do
    {us, _} = :timer.tc(fn -> run.(arg) end)
    best(run, arg, n + 1, spent + us, if(min == nil or us < min, do: us, else: min))
  end
end

# Prepended to every workload of bench/vs-beam.ts: the same program runs on `elixir` and on
# beamsh. Work.setup/0 builds the input outside the timing; Work.run/1 is timed: one warm-up
# run, then the best of two, printed as `us: N`.
defmodule VsBeam do
  def measure(setup, run) do
    arg = setup.()
    run.(arg)
    best = Enum.min([time(run, arg), time(run, arg)])
    IO.puts("us: #{best}")
  end

  defp time(run, arg), do: elem(:timer.tc(fn -> run.(arg) end), 0)
end

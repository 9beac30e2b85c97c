# Spawns 1,000,000 processes that wait in receive, then ends them. The BEAM needs +P for
# more than 262,144 processes (bench/vs-beam.ts passes it).
defmodule Work do
  def setup, do: 1_000_000

  def run(n) do
    pids = spawn_idle(n, [])
    Enum.each(pids, &send(&1, :stop))
  end

  defp spawn_idle(0, acc), do: acc
  defp spawn_idle(n, acc), do: spawn_idle(n - 1, [spawn(&idle/0) | acc])

  def idle, do: receive(do: (_ -> :ok))
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

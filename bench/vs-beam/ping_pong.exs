defmodule Work do
  def setup, do: 200_000

  def run(n) do
    pid = spawn(&pong/0)
    ping(pid, n)
    Process.exit(pid, :kill)
  end

  def pong, do: receive(do: ({:ping, from} -> send(from, :pong); pong()))

  defp ping(_pid, 0), do: :ok
  defp ping(pid, n) do
    send(pid, {:ping, self()})
    receive do
      :pong -> ping(pid, n - 1)
    end
  end
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

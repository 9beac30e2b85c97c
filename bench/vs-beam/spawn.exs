defmodule Work do
  def setup, do: 100_000

  def run(n) do
    spawn_all(n, self())
    collect(n)
  end

  defp spawn_all(0, _me), do: :ok
  defp spawn_all(n, me), do: (spawn(fn -> send(me, :hi) end); spawn_all(n - 1, me))

  defp collect(0), do: :ok
  defp collect(n), do: receive(do: (:hi -> collect(n - 1)))
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

defmodule Counter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:inc, _from, n), do: {:reply, n + 1, n + 1}
end

defmodule Work do
  def setup, do: 100_000

  def run(n) do
    {:ok, pid} = GenServer.start_link(Counter, 0)
    calls(pid, n)
    GenServer.stop(pid)
  end

  defp calls(_pid, 0), do: :ok
  defp calls(pid, n), do: (GenServer.call(pid, :inc); calls(pid, n - 1))
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

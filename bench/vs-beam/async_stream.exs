defmodule Work do
  def setup, do: 1..10_000

  def run(items) do
    items
    |> Task.async_stream(fn x -> x * 2 end, max_concurrency: 8)
    |> Enum.reduce(0, fn {:ok, v}, acc -> acc + v end)
  end
end

VsBeam.measure(&Work.setup/0, &Work.run/1)

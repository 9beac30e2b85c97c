# The formatter every app's test helper adds to ExUnit (run.mjs puts this file at the top of
# the test_helper.exs it writes): one `@@selftest RESULT Module test name` line per finished
# test, which run.mjs reads to compare the elixir and beamsh runs test by test.

defmodule SelftestResults do
  use GenServer

  def init(opts), do: {:ok, opts}

  def handle_cast({:test_finished, %ExUnit.Test{} = test}, state) do
    result =
      case test.state do
        nil -> "pass"
        {:failed, _} -> "fail"
        {:invalid, _} -> "invalid"
        {:excluded, _} -> "excluded"
        {:skipped, _} -> "skipped"
        other -> "other:#{inspect(other)}"
      end

    IO.puts("\n@@selftest #{result} #{inspect(test.module)} #{test.name}")
    {:noreply, state}
  end

  def handle_cast(_event, state), do: {:noreply, state}
end

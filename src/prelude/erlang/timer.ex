# :timer functions that block or call back into user code, written in Elixir so they run on
# the machine (a sleeping process is simply waiting in a receive).
defmodule :timer do
  def tc(fun) do
    t0 = :erlang.monotonic_time(:microsecond)
    value = fun.()
    {:erlang.monotonic_time(:microsecond) - t0, value}
  end

  def tc(fun, args) do
    t0 = :erlang.monotonic_time(:microsecond)
    value = apply(fun, args)
    {:erlang.monotonic_time(:microsecond) - t0, value}
  end

  def tc(module, fun, args) do
    t0 = :erlang.monotonic_time(:microsecond)
    value = apply(module, fun, args)
    {:erlang.monotonic_time(:microsecond) - t0, value}
  end

  def sleep(ms) do
    receive do
    after
      ms -> :ok
    end
  end

  def seconds(s), do: s * 1000
  def minutes(m), do: m * 60_000
  def hours(h), do: h * 3_600_000
end

# Soak: 1,000,000 processes spawned one after another, each answering once and exiting;
# every answer arrives and none stay alive. SOAK_SCALE (a divisor) makes it smaller.
scale = String.to_integer(System.get_env("SOAK_SCALE", "1"))
n = div(1_000_000, scale)
parent = self()
before = length(Process.list())

answers =
  Enum.reduce(1..n, 0, fn i, got ->
    spawn(fn -> send(parent, {:hi, i}) end)
    # Take what has arrived, so the mailbox stays short.
    got + (receive do: ({:hi, _} -> 1), after: (0 -> 0))
  end)

rest = Enum.reduce_while(Stream.cycle([0]), answers, fn _, got ->
  receive do
    {:hi, _} -> {:cont, got + 1}
  after
    1000 -> {:halt, got}
  end
end)

IO.puts("spawn: #{n} processes spawned, #{rest} answered, #{length(Process.list()) - before} left alive")

# Soak: 100,000 monitors, all firing: one watcher monitors each of 1,000 processes 100
# times; when they exit every monitor delivers one DOWN, with the right reason, and no
# more. SOAK_SCALE (a divisor) makes it smaller.
scale = String.to_integer(System.get_env("SOAK_SCALE", "1"))
targets = div(1000, scale)
per = 100

pids = for i <- 1..targets, do: spawn(fn -> receive do: (:go -> exit({:done, i})) end)
refs = for pid <- pids, _ <- 1..per, do: Process.monitor(pid)
for pid <- pids, do: send(pid, :go)

{downs, right} =
  Enum.reduce(refs, {0, 0}, fn _, {n, ok} ->
    receive do
      {:DOWN, _ref, :process, _pid, {:done, i}} when is_integer(i) -> {n + 1, ok + 1}
      {:DOWN, _, _, _, _} -> {n + 1, ok}
    end
  end)

extra = receive do: ({:DOWN, _, _, _, _} -> 1), after: (100 -> 0)
IO.puts("monitors: #{length(refs)} set, #{downs} DOWN received (#{right} with the right reason), #{extra} extra")

# A race: two processes each add 1 to a counter 100 times, by reading it and then writing
# the value plus one. When both read before either writes, an increment is lost. Which
# process finishes first and how many increments survive depend on the interleaving:
#
#   beamsh --seed 1 examples/race.exs    (one interleaving, the same every time)
#   beamsh --seed 2 examples/race.exs    (another)

defmodule Counter do
  def loop(n) do
    receive do
      {:get, from} -> send(from, {:value, n}); loop(n)
      {:set, v} -> loop(v)
      {:report, from} -> send(from, {:final, n})
    end
  end
end

defmodule Worker do
  def run(_counter, 0, parent, name), do: send(parent, {:done, name})
  def run(counter, k, parent, name) do
    send(counter, {:get, self()})
    receive do
      {:value, v} -> send(counter, {:set, v + 1})
    end
    run(counter, k - 1, parent, name)
  end
end

counter = spawn(fn -> Counter.loop(0) end)
me = self()
for name <- [:a, :b], do: spawn(fn -> Worker.run(counter, 100, me, name) end)
first = receive do {:done, n} -> n end
second = receive do {:done, n} -> n end
send(counter, {:report, self()})
receive do {:final, n} -> IO.puts("#{first} finished first, then #{second}; counter = #{n} (200 increments)") end

# :proc_lib: start/start_link/start_monitor 3,4,5 (acks, crashes, timeouts, refused monitor options), spawn*/2,4,3,5 on a node, hibernate/3.
defmodule W do
  def init(parent, how) do
    case how do
      :ok -> :proc_lib.init_ack(parent, {:ok, self()}); loop()
      :ack1 -> :proc_lib.init_ack({:ok, :one}); loop()
      :crash -> exit(:boom)
      :raise -> raise "bad"
      :slow -> Process.sleep(1000)
      :ignore -> :proc_lib.init_ack(parent, :ignore)
    end
  end
  def loop do
    receive do
      {:call, from} -> send(from, {:dict, Process.get(:"$initial_call"), length(Process.get(:"$ancestors"))}); loop()
      :stop -> :ok
    end
  end
  def hib(x) do
    send(x, {:woke, Process.get(:"$initial_call")})
  end
end
Process.flag(:trap_exit, true)
{:ok, p} = :proc_lib.start(W, :init, [self(), :ok])
send(p, {:call, self()}); receive do m -> IO.inspect m end
{:ok, :one} = IO.inspect :proc_lib.start_link(W, :init, [self(), :ack1])
IO.inspect :proc_lib.start(W, :init, [self(), :crash])
IO.inspect :proc_lib.start(W, :init, [self(), :raise]) |> elem(1) |> elem(0)
IO.inspect :proc_lib.start_link(W, :init, [self(), :crash])
receive do {:EXIT, _, :boom} -> IO.puts "exit boom" after 0 -> IO.puts "no EXIT left" end
IO.inspect :proc_lib.start(W, :init, [self(), :slow], 50)
IO.inspect :proc_lib.start_link(W, :init, [self(), :slow], 50)
IO.inspect :proc_lib.start(W, :init, [self(), :ignore], 500, [])
IO.inspect :proc_lib.start_link(W, :init, [self(), :ignore], 500, [{:priority, :high}])
{r, ref} = :proc_lib.start_monitor(W, :init, [self(), :ok])
IO.inspect {r |> elem(0), is_reference(ref)}
send(elem(r, 1), :stop)
receive do {:DOWN, ^ref, :process, _, why} -> IO.inspect {:down, why} end
{r, ref} = :proc_lib.start_monitor(W, :init, [self(), :crash])
IO.inspect r
receive do {:DOWN, ^ref, :process, _, why} -> IO.inspect {:down, why} after 100 -> IO.puts "no down" end
{r, ref} = :proc_lib.start_monitor(W, :init, [self(), :slow], 20, [])
IO.inspect r
receive do {:DOWN, ^ref, :process, _, why} -> IO.inspect {:down, why} end
try do :proc_lib.start(W, :init, [], 10, [:monitor]) rescue e -> IO.inspect e end
try do :proc_lib.start_link(W, :init, [], 10, [monitor: [:alias]]) rescue e -> IO.inspect e end
try do :proc_lib.start_monitor(W, :init, [], 10, [:monitor]) rescue e -> IO.inspect e end
try do :proc_lib.start("W", :init, []) rescue e -> IO.inspect e end
_ = :proc_lib.spawn(node(), W, :hib, [self()])
receive do {:woke, _} = m -> IO.inspect m; {:fun, _} = m -> IO.inspect m after 500 -> IO.puts "none" end
_ = :proc_lib.spawn_link(node(), W, :hib, [self()])
receive do {:woke, _} = m -> IO.inspect m; {:fun, _} = m -> IO.inspect m after 500 -> IO.puts "none" end
_ = :proc_lib.spawn_opt(node(), W, :hib, [self()], [:link])
receive do {:woke, _} = m -> IO.inspect m; {:fun, _} = m -> IO.inspect m after 500 -> IO.puts "none" end
me = self()
_ = :proc_lib.spawn_opt(node(), fn -> send(me, {:fun, Process.get(:"$ancestors") |> length}) end, [])
receive do {:woke, _} = m -> IO.inspect m; {:fun, _} = m -> IO.inspect m after 500 -> IO.puts "none" end
_ = :proc_lib.spawn(fn -> :proc_lib.hibernate(W, :hib, [me]) end)
receive do {:woke, _} = m -> IO.inspect m; {:fun, _} = m -> IO.inspect m after 500 -> IO.puts "none" end
IO.inspect :proc_lib.init_ack(self(), :x)
receive do {:ack, pid, :x} -> IO.inspect pid == self() end

# :sys.change_code/4 changes a gen_server's state only while it is suspended; a callback that
# raises, exits or throws is {:error, _} and the state stays. :proc_lib.translate_initial_call/1
# reads what a process runs. Spawn options set the priority and are checked.
{:ok, a} = Agent.start(fn -> 1 end)
IO.inspect :sys.change_code(a, Foo, "1", {Map, :new, []})
IO.inspect :sys.get_status(a) |> elem(3) |> Enum.at(1)
:ok = :sys.suspend(a)
IO.inspect :sys.get_status(a) |> elem(3) |> Enum.at(1)
IO.inspect :sys.get_state(a)
IO.inspect :sys.replace_state(a, fn s -> s + 1 end)
IO.inspect :sys.change_code(a, Foo, "1", {Kernel, :+, [10]})
IO.inspect :sys.change_code(a, Foo, "1", {Kernel, :exit, []})
IO.inspect :sys.change_code(a, Foo, "1", {Kernel, :throw, []})
{:error, {:EXIT, {:badarith, [_ | _]}}} = :sys.change_code(a, Foo, "1", {Kernel, :div, [0]})
:ok = :sys.resume(a)
IO.inspect Agent.get(a, & &1)

{:ok, m} = Agent.start(Map, :new, [], spawn_opt: [priority: :high])
IO.inspect :proc_lib.translate_initial_call(m)
IO.inspect :proc_lib.initial_call(m)
IO.inspect :proc_lib.translate_initial_call(Process.info(m))
IO.inspect Process.info(m, :priority)
IO.inspect :proc_lib.translate_initial_call(self())
IO.inspect :proc_lib.initial_call(self())
IO.inspect :proc_lib.translate_initial_call([{:dictionary, [{:"$initial_call", {A, :b, 2}}]}])
IO.inspect :proc_lib.initial_call([{:dictionary, [{:"$initial_call", {A, :b, 2}}]}])

for opts <- [[priority: :foo], [:bogus], [fullsweep_after: -1], [message_queue_data: :x], :notalist] do
  IO.inspect(try do Process.spawn(fn -> :ok end, opts) rescue e -> e end)
end

pid = Process.spawn(fn -> Process.sleep(100) end, [priority: :max, fullsweep_after: 10, min_heap_size: 100, message_queue_data: :off_heap])
IO.inspect Process.info(pid, :priority)
{pid, ref} = Process.spawn(fn -> :ok end, [:monitor, priority: :low])
receive do {:DOWN, ^ref, :process, ^pid, reason} -> IO.inspect reason end

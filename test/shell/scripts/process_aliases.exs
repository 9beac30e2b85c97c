IO.inspect {function_exported?(:erlang, :alias, 0), function_exported?(:erlang, :alias, 1), function_exported?(:erlang, :unalias, 1), function_exported?(:erlang, :spawn_request, 1)}
a = :erlang.alias()
send(a, :hello)
receive do m -> IO.inspect(m) after 100 -> IO.inspect(:none) end
IO.inspect :erlang.unalias(a)
send(a, :again)
receive do m -> IO.inspect(m) after 100 -> IO.inspect(:none) end
IO.inspect :erlang.unalias(a)
a2 = :erlang.alias([:reply])
send(a2, :one); send(a2, :two)
receive do m -> IO.inspect(m) after 100 -> IO.inspect(:none) end
receive do m -> IO.inspect(m) after 100 -> IO.inspect(:none) end
pid = spawn(fn -> receive do {:reply_to, r} -> send(r, :from_child) end end)
m = :erlang.monitor(:process, pid, alias: :reply_demonitor)
send(pid, {:reply_to, m})
receive do x -> IO.inspect(x) after 100 -> IO.inspect(:none) end
receive do x -> IO.inspect(elem(x, 0)) after 100 -> IO.inspect(:none) end
pid2 = spawn(fn -> receive do {:reply_to, r} -> send(r, :a); send(r, :b) end end)
m2 = :erlang.monitor(:process, pid2, [{:alias, :explicit_unalias}])
send(pid2, {:reply_to, m2})
receive do x -> IO.inspect(x) after 100 -> IO.inspect(:none) end
receive do x -> IO.inspect(x) after 100 -> IO.inspect(:none) end
receive do x -> IO.inspect(elem(x, 0)) after 100 -> IO.inspect(:none) end
IO.inspect :erlang.unalias(m2)
pid3 = spawn(fn -> Process.sleep(50) end)
m3 = :erlang.monitor(:process, pid3, [{:alias, :demonitor}])
IO.inspect :erlang.demonitor(m3)
send(m3, :after_demonitor)
receive do x -> IO.inspect(x) after 100 -> IO.inspect(:none) end
{:ok, srv} = Agent.start(fn -> 0 end)
r = :gen_server.send_request(srv, {:get, fn s -> Process.sleep(200); s end})
IO.inspect :gen_server.receive_response(r, 50)
Process.sleep(300)
IO.inspect Process.info(self(), :messages)
ref = :erlang.spawn_request(fn -> :ok end, [:monitor])
receive do x -> IO.inspect(elem(x, 0)) after 500 -> IO.inspect(:none) end
receive do x -> IO.inspect(elem(x, 0)) after 500 -> IO.inspect(:none) end
IO.inspect is_reference(ref)

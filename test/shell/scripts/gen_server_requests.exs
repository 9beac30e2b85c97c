# :gen_server (OTP 25): send_request/2,4, wait/receive/check_response 2,3, reqids_*, start_monitor/3,4, enter_loop/3,4,5.
defmodule S do
  use GenServer
  def init(x), do: {:ok, x}
  def handle_call(:get, _from, s), do: {:reply, s, s}
  def handle_call({:sleep, n}, _from, s), do: (Process.sleep(n); {:reply, {:slept, n}, s})
  def handle_call(:die, _from, s), do: {:stop, :died, s}
  def handle_call({:later, t}, from, s), do: (Process.send_after(self(), {:answer, from}, t); {:noreply, s})
  def handle_info({:answer, from}, s), do: (GenServer.reply(from, :late); {:noreply, s})
  def handle_cast(:inc, s), do: {:noreply, s + 1}
end
t = fn f ->
  try do
    IO.inspect(f.())
  rescue
    e -> IO.puts("raise " <> Exception.format_banner(:error, e, []))
  catch
    k, v -> IO.puts("caught #{inspect k} #{inspect v}")
  end
end
{:ok, pid} = GenServer.start(S, 1)
r = :gen_server.send_request(pid, :get)
IO.inspect is_reference(r)
t.(fn -> :gen_server.receive_response(r, 1000) end)
r = :gen_server.send_request(pid, :get)
t.(fn -> :gen_server.wait_response(r, 1000) end)
r = :gen_server.send_request(pid, {:sleep, 100})
t.(fn -> :gen_server.wait_response(r, 10) end)
t.(fn -> :gen_server.wait_response(r, :infinity) end)
r = :gen_server.send_request(pid, :get)
msg = receive do m -> m end
t.(fn -> :gen_server.check_response(msg, r) end)
t.(fn -> :gen_server.check_response(:other, r) end)
t.(fn -> :gen_server.check_response(:other, :notref) end)
c = :gen_server.reqids_new()
c = :gen_server.send_request(pid, :get, :a, c)
c = :gen_server.send_request(pid, {:sleep, 20}, :b, c)
t.(fn -> :gen_server.reqids_size(c) end)
t.(fn -> :gen_server.reqids_to_list(c) |> Enum.map(&elem(&1, 1)) |> Enum.sort end)
{res, label, c2} = :gen_server.receive_response(c, 1000, true)
IO.inspect {res, label, map_size(c2)}
{res, label, c3} = :gen_server.wait_response(c2, 1000, false)
IO.inspect {res, label, map_size(c3)}
t.(fn -> :gen_server.receive_response(:gen_server.reqids_new(), 1000, true) end)
t.(fn -> :gen_server.wait_response(%{}, 10, true) end)
t.(fn -> :gen_server.check_response(:x, %{}, true) end)
t.(fn -> :gen_server.check_response(:x, c, true) end)
c4 = :gen_server.send_request(pid, :get, :z, %{})
m = receive do m -> m end
t.(fn -> :gen_server.check_response(m, c4, true) |> then(fn {a, b, c} -> {a, b, map_size(c)} end) end)
t.(fn -> :gen_server.reqids_add(make_ref(), :x, %{}) |> map_size end)
t.(fn -> (r = make_ref(); :gen_server.reqids_add(r, :x, %{r => 1})) end)
t.(fn -> :gen_server.reqids_add(:x, :x, %{}) end)
t.(fn -> :gen_server.reqids_size(:x) end)
t.(fn -> :gen_server.reqids_to_list(5) end)
t.(fn -> :gen_server.receive_response(make_ref(), -1) end)
t.(fn -> :gen_server.wait_response(make_ref(), :foo) end)
t.(fn -> :gen_server.receive_response(%{}, 10, :maybe) end)
t.(fn -> :gen_server.receive_response(make_ref(), {:abs, System.monotonic_time(:millisecond) + 10}) end)
r = :gen_server.send_request(pid, {:sleep, 200})
Process.exit(pid, :kill)
t.(fn -> :gen_server.receive_response(r, 1000) |> then(fn {:error, {why, ^pid}} -> why end) end)
r = :gen_server.send_request(:no_such_name, :get)
t.(fn -> :gen_server.receive_response(r, 1000) end)
r = :gen_server.send_request({:global, :nope}, :get)
t.(fn -> :gen_server.receive_response(r, 1000) end)
t.(fn -> :gen_server.send_request(5, :get) end)
{:ok, {p2, mon}} = :gen_server.start_monitor(S, 5, [])
IO.inspect {is_pid(p2), is_reference(mon)}
Process.exit(p2, :bye)
receive do {:DOWN, ^mon, :process, ^p2, r} -> IO.inspect {:down, r} end
defmodule Bad do
  use GenServer
  def init(:stop), do: {:stop, :nope}
  def init(:ignore), do: :ignore
end
t.(fn -> :gen_server.start_monitor(Bad, :stop, []) end)
t.(fn -> :gen_server.start_monitor({:local, :bad}, Bad, :ignore, []) end)
t.(fn -> Process.info(self(), :messages) end)
{:ok, {p3, _}} = :gen_server.start_monitor({:local, :mon_s}, S, 7, [])
t.(fn -> {GenServer.call(:mon_s, :get), p3 == Process.whereis(:mon_s)} end)
t.(fn -> :gen_server.start_monitor({:local, :mon_s}, S, 7, []) |> elem(1) |> elem(0) end)
defmodule E do
  def start do
    :proc_lib.start(__MODULE__, :init, [])
  end
  def init do
    Process.register(self(), :entered)
    :proc_lib.init_ack({:ok, self()})
    :gen_server.enter_loop(S, [], 42, {:local, :entered})
  end
  def init_bad do
    :proc_lib.init_ack({:ok, self()})
    :gen_server.enter_loop(S, [], 42, {:local, :not_me})
  end
end
{:ok, e} = E.start()
t.(fn -> {GenServer.call(:entered, :get), e == Process.whereis(:entered)} end)
GenServer.cast(e, :inc)
t.(fn -> :sys.get_state(e) end)
{:ok, e2} = :proc_lib.start(E, :init_bad, [])
ref = Process.monitor(e2)
receive do {:DOWN, ^ref, _, _, why} -> IO.inspect why end
parent = self()
spawn(fn -> try do :gen_server.enter_loop(S, [], 1) catch :exit, r -> send(parent, {:exit, r}) end end)
receive do {:exit, r} -> IO.inspect r end
t.(fn -> :gen_server.enter_loop(S, :bad, 1) end)

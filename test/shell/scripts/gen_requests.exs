# :gen_statem and :gen_event requests (OTP 25): send_request with labels into collections, wait/receive/check_response /1,2,3, reqids_*.
defmodule M do
  @behaviour :gen_statem
  def callback_mode, do: :state_functions
  def init(x), do: {:ok, :idle, x}
  def idle({:call, from}, :get, d), do: {:keep_state_and_data, [{:reply, from, {:data, d}}]}
  def idle({:call, _from}, :never, _d), do: :keep_state_and_data
end
defmodule H do
  @behaviour :gen_event
  def init(x), do: {:ok, x}
  def handle_call(:get, s), do: {:ok, {:got, s}, s}
  def handle_call(:err, s), do: {:ok, {:error, :mine}, s}
  def handle_event(_, s), do: {:ok, s}
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
{:ok, sm} = :gen_statem.start(M, 3, [])
r = :gen_statem.send_request(sm, :get)
t.(fn -> :gen_statem.receive_response(r) end)
r = :gen_statem.send_request(sm, :get)
t.(fn -> :gen_statem.wait_response(r) end)
c = :gen_statem.send_request(sm, :get, :one, :gen_statem.reqids_new())
c = :gen_statem.send_request(sm, :never, :two, c)
t.(fn -> :gen_statem.reqids_size(c) end)
t.(fn -> :gen_statem.receive_response(c, 100, true) |> then(fn {a, b, c} -> {a, b, map_size(c)} end) end)
t.(fn -> :gen_statem.wait_response(c, 10, false) end)
t.(fn -> :gen_statem.check_response(:x, c, false) end)
t.(fn -> :gen_statem.reqids_to_list(:x) end)
t.(fn -> :gen_statem.send_request(:nobody, :get) |> :gen_statem.receive_response(100) end)
{:ok, em} = :gen_event.start()
:ok = :gen_event.add_handler(em, H, 9)
r = :gen_event.send_request(em, H, :get)
t.(fn -> :gen_event.receive_response(r, 1000) end)
r = :gen_event.send_request(em, H, :err)
t.(fn -> :gen_event.wait_response(r, 1000) end)
r = :gen_event.send_request(em, :nohandler, :get)
t.(fn -> :gen_event.receive_response(r, 1000) end)
c = :gen_event.send_request(em, H, :get, :a, :gen_event.reqids_new())
c = :gen_event.send_request(em, H, :err, :b, c)
t.(fn -> :gen_event.receive_response(c, 1000, true) |> then(fn {a, b, c} -> {a, b, map_size(c)} end) end)
t.(fn -> :gen_event.receive_response(c, 1000, false) |> then(fn {a, b, c} -> {a, b, map_size(c)} end) end)
m = receive do m -> m after 100 -> :none end
t.(fn -> m end)
c = :gen_event.send_request(em, H, :err, :z, %{})
m = receive do m -> m end
t.(fn -> :gen_event.check_response(m, c, true) |> then(fn {a, b, c} -> {a, b, map_size(c)} end) end)
t.(fn -> :gen_event.send_request(em, H, :get, :l, :notamap) end)
t.(fn -> :gen_event.reqids_add(:x, 1, %{}) end)

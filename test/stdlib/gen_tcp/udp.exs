# :gen_udp on loopback: open, send to an address and port (or {address, port}), recv with a
# timeout, active and :once modes, options, close; compared with what elixir prints.
{:ok, a} = :gen_udp.open(0, [:binary, active: false, ip: {127,0,0,1}])
{:ok, b} = :gen_udp.open(0, [:binary, ip: {127,0,0,1}])
{:ok, pa} = :inet.port(a)
{:ok, pb} = :inet.port(b)
IO.inspect :gen_udp.send(b, {127,0,0,1}, pa, "hello")
IO.inspect :gen_udp.send(b, {{127,0,0,1}, pa}, ["wor", ?l, "d"])
{:ok, {ip, port, data}} = :gen_udp.recv(a, 0)
IO.inspect {ip, port == pb, data}
{:ok, {_, _, data}} = :gen_udp.recv(a, 0, 1000)
IO.inspect data
IO.inspect :gen_udp.recv(a, 0, 50)
:gen_udp.send(a, 'localhost', pb, "back")
receive do {:udp, ^b, ip, port, d} -> IO.inspect({:udp, ip, port == pa, d}) end
IO.inspect :inet.getopts(a, [:active, :mode])
:inet.setopts(b, active: :once)
:gen_udp.send(a, {127,0,0,1}, pb, 'x')
receive do m -> IO.inspect(elem(m, 0)) end
IO.inspect :inet.getopts(b, [:active])
IO.inspect :gen_udp.close(a)
IO.inspect :gen_udp.recv(a, 0)
IO.inspect :gen_udp.send(a, {127,0,0,1}, pb, "x")
{:ok, c} = :gen_udp.open(0, [:list, active: false])
:gen_udp.send(b, {127,0,0,1}, elem(:inet.port(c), 1), "abc")
IO.inspect :gen_udp.recv(c, 0) |> elem(1) |> elem(2)
IO.inspect :gen_udp.open(pb, [ip: {127,0,0,1}])

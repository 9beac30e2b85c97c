# :gen_udp on beamsh's sockets (natives in src/stdlib/gen-tcp.ts): datagrams on Node's dgram.
defmodule :gen_udp do
  def open(port), do: open(port, [])

  def open(port, opts) do
    tag = make_ref()
    :beamsh_tcp.udp_open(port, opts, tag) |> :beamsh_tcp.await(tag, :infinity)
  end

  def send(socket, {address, port}, packet) when is_port(socket), do: send(socket, address, port, packet)

  def send(socket, address, port, packet) when is_port(socket) do
    tag = make_ref()
    :beamsh_tcp.udp_send(socket, address, port, packet, tag) |> :beamsh_tcp.await(tag, :infinity)
  end

  def recv(socket, length) when is_port(socket), do: recv(socket, length, :infinity)

  def recv(socket, length, timeout) when is_port(socket) and is_integer(length) do
    :beamsh_tcp.check_timeout(timeout)
    tag = make_ref()
    :beamsh_tcp.recv(socket, length, tag) |> :beamsh_tcp.await(tag, timeout)
  end

  def close(socket) when is_port(socket), do: :beamsh_tcp.close(socket)

  def controlling_process(socket, pid) when is_port(socket) and is_pid(pid),
    do: :beamsh_tcp.hand_over(socket, pid, :udp)
end

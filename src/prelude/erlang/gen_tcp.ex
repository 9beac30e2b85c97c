# :gen_tcp on beamsh's sockets (the natives are :beamsh_tcp, src/stdlib/gen-tcp.ts). A call
# that waits gets its answer as the message {tag, reply}: only the calling process waits,
# in a receive, and a timeout cancels the work (when the reply already came, it is taken).
defmodule :gen_tcp do
  def listen(port, opts) do
    tag = make_ref()
    :beamsh_tcp.listen(port, opts, tag) |> await(tag, :infinity)
  end

  def accept(socket), do: accept(socket, :infinity)

  def accept(socket, timeout) when is_port(socket) do
    check_timeout(timeout)
    tag = make_ref()
    :beamsh_tcp.accept(socket, tag) |> await(tag, timeout)
  end

  def connect(address, port, opts), do: connect(address, port, opts, :infinity)

  def connect(address, port, opts, timeout) when (is_tuple(address) or is_atom(address) or is_list(address)) and is_list(opts) do
    check_timeout(timeout)
    tag = make_ref()
    :beamsh_tcp.connect(address, port, opts, tag) |> await(tag, timeout)
  end

  def recv(socket, length) when is_port(socket), do: recv(socket, length, :infinity)

  def recv(socket, length, timeout) when is_port(socket) and is_integer(length) do
    check_timeout(timeout)
    tag = make_ref()
    :beamsh_tcp.recv(socket, length, tag) |> await(tag, timeout)
  end

  def send(socket, packet) when is_port(socket), do: :beamsh_tcp.send(socket, packet)

  def close(socket) when is_port(socket), do: :beamsh_tcp.close(socket)

  def shutdown(socket, how) when is_port(socket), do: :beamsh_tcp.shutdown(socket, how)

  def controlling_process(socket, pid) when is_port(socket) and is_pid(pid),
    do: :beamsh_tcp.hand_over(socket, pid, :tcp)

  defp check_timeout(t), do: :beamsh_tcp.check_timeout(t)
  defp await(answer, tag, timeout), do: :beamsh_tcp.await(answer, tag, timeout)
end

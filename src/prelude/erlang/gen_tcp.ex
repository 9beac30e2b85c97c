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

  # The old owner hands over the socket's messages already in its mailbox, in order, before
  # the new owner gets any more.
  def controlling_process(socket, pid) when is_port(socket) and is_pid(pid) do
    case :beamsh_tcp.controlling_process(socket, pid) do
      :ok ->
        move_messages(socket, pid)
        :beamsh_tcp.moved(socket)

      error ->
        error
    end
  end

  defp move_messages(socket, pid) do
    receive do
      {:tcp, ^socket, _} = msg -> forward(socket, pid, msg)
      {:tcp_closed, ^socket} = msg -> forward(socket, pid, msg)
      {:tcp_error, ^socket, _} = msg -> forward(socket, pid, msg)
      {:tcp_passive, ^socket} = msg -> forward(socket, pid, msg)
    after
      0 -> :ok
    end
  end

  defp forward(socket, pid, msg) do
    Kernel.send(pid, msg)
    move_messages(socket, pid)
  end

  defp check_timeout(:infinity), do: :ok
  defp check_timeout(t) when is_integer(t) and t >= 0, do: :ok
  defp check_timeout(_), do: :erlang.error(:badarg)

  defp await(:wait, tag, timeout) do
    receive do
      {^tag, reply} -> reply
    after
      timeout ->
        case :beamsh_tcp.cancel(tag) do
          :cancelled ->
            {:error, :timeout}

          :done ->
            receive do
              {^tag, reply} -> reply
            end
        end
    end
  end

  defp await(:"$badarg", _tag, _timeout), do: exit(:badarg)
  defp await(reply, _tag, _timeout), do: reply
end

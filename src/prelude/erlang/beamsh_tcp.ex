# What :gen_tcp and :gen_udp share around their natives (src/stdlib/gen-tcp.ts): waiting for
# a reply in a receive (so only the caller waits) with a timeout that cancels the work, and
# handing a socket to another owner with the messages already in the old owner's mailbox.
defmodule :beamsh_tcp do
  def check_timeout(:infinity), do: :ok
  def check_timeout(t) when is_integer(t) and t >= 0, do: :ok
  def check_timeout(_), do: :erlang.error(:badarg)

  # `answer` is the native's: :wait (the reply comes as {tag, reply}), or the reply itself
  def await(:wait, tag, timeout) do
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

  def await(:"$badarg", _tag, _timeout), do: exit(:badarg)
  def await(reply, _tag, _timeout), do: reply

  # The old owner moves the socket's messages (of :tcp or :udp) to the new one, in order,
  # before the new owner gets any more.
  def hand_over(socket, pid, protocol) do
    case :beamsh_tcp.controlling_process(socket, pid) do
      :ok ->
        move_messages(socket, pid, protocol)
        :beamsh_tcp.moved(socket)

      error ->
        error
    end
  end

  defp move_messages(socket, pid, :tcp) do
    receive do
      {:tcp, ^socket, _} = msg -> forward(socket, pid, :tcp, msg)
      {:tcp_closed, ^socket} = msg -> forward(socket, pid, :tcp, msg)
      {:tcp_error, ^socket, _} = msg -> forward(socket, pid, :tcp, msg)
      {:tcp_passive, ^socket} = msg -> forward(socket, pid, :tcp, msg)
    after
      0 -> :ok
    end
  end

  defp move_messages(socket, pid, :udp) do
    receive do
      {:udp, ^socket, _, _, _} = msg -> forward(socket, pid, :udp, msg)
      {:udp_error, ^socket, _} = msg -> forward(socket, pid, :udp, msg)
      {:udp_passive, ^socket} = msg -> forward(socket, pid, :udp, msg)
    after
      0 -> :ok
    end
  end

  defp forward(socket, pid, protocol, msg) do
    send(pid, msg)
    move_messages(socket, pid, protocol)
  end
end

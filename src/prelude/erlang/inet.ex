# :inet: the socket options and addresses of :gen_tcp's sockets (natives in
# src/stdlib/gen-tcp.ts), and the address helpers.
defmodule :inet do
  def setopts(socket, opts) when is_port(socket), do: :beamsh_tcp.setopts(socket, opts)
  def getopts(socket, opts) when is_port(socket), do: :beamsh_tcp.getopts(socket, opts)
  def close(socket) when is_port(socket), do: :beamsh_tcp.close(socket)

  def port(socket) when is_port(socket) do
    case :beamsh_tcp.sockname(socket) do
      {:ok, {_address, port}} -> {:ok, port}
      error -> error
    end
  end

  def sockname(socket) when is_port(socket), do: :beamsh_tcp.sockname(socket)
  def peername(socket) when is_port(socket), do: :beamsh_tcp.peername(socket)
  def shutdown(socket, how) when is_port(socket), do: :beamsh_tcp.shutdown(socket, how)
  def controlling_process(socket, pid), do: :gen_tcp.controlling_process(socket, pid)

  def ntoa(address), do: :beamsh_tcp.ntoa(address)
  def parse_address(text) when is_list(text), do: :beamsh_tcp.parse_address(text)
  def parse_ipv4_address(text) when is_list(text), do: :beamsh_tcp.parse_ipv4_address(text)
  def parse_ipv4strict_address(text) when is_list(text), do: :beamsh_tcp.parse_ipv4strict_address(text)
  def parse_ipv6_address(text) when is_list(text), do: :beamsh_tcp.parse_ipv6_address(text)
  def parse_ipv6strict_address(text) when is_list(text), do: :beamsh_tcp.parse_ipv6strict_address(text)
  def parse_strict_address(text) when is_list(text) do
    case :beamsh_tcp.parse_ipv4strict_address(text) do
      {:ok, _} = ok -> ok
      _ -> :beamsh_tcp.parse_ipv6strict_address(text)
    end
  end

  def is_ip_address(a), do: is_ipv4_address(a) or is_ipv6_address(a)
  def is_ipv4_address({a, b, c, d}), do: Enum.all?([a, b, c, d], &(is_integer(&1) and &1 in 0..255))
  def is_ipv4_address(_), do: false
  def is_ipv6_address({_, _, _, _, _, _, _, _} = t), do: Enum.all?(Tuple.to_list(t), &(is_integer(&1) and &1 in 0..65535))
  def is_ipv6_address(_), do: false

  def gethostname do
    {:ok, String.to_charlist(:beamsh_tcp.hostname())}
  end
end

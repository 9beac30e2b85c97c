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

  # An IPv4 address as the IPv4-mapped IPv6 one (::ffff:a.b.c.d), and an IPv6 address as
  # the IPv4 one its last 32 bits make.
  def ipv4_mapped_ipv6_address({d1, d2, d3, d4}) when :erlang.bor(:erlang.bor(d1, d2), :erlang.bor(d3, d4)) < 256,
    do: {0, 0, 0, 0, 0, 0xFFFF, :erlang.bor(:erlang.bsl(d1, 8), d2), :erlang.bor(:erlang.bsl(d3, 8), d4)}

  def ipv4_mapped_ipv6_address({d1, d2, d3, d4, d5, d6, d7, d8})
      when :erlang.bor(:erlang.bor(:erlang.bor(d1, d2), :erlang.bor(d3, d4)), :erlang.bor(:erlang.bor(d5, d6), :erlang.bor(d7, d8))) < 65536,
      do: {:erlang.bsr(d7, 8), :erlang.band(d7, 255), :erlang.bsr(d8, 8), :erlang.band(d8, 255)}

  def format_error(:exbadport), do: 'invalid port state'
  def format_error(:exbadseq), do: 'bad command sequence'
  def format_error(:system_limit), do: 'a system limit was hit, probably not enough ports'
  def format_error(tag), do: :erl_posix_msg.message(tag)
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

# Elixir's Port for the ports beamsh has: sockets (src/stdlib/gen-tcp.ts). Opening programs
# (Port.open/2) is not implemented.
defmodule Port do
  def info(port) do
    case :erlang.port_info(port) do
      :undefined -> nil
      result -> result
    end
  end

  def info(port, spec) do
    case :erlang.port_info(port, spec) do
      :undefined -> nil
      result -> result
    end
  end

  def list, do: :erlang.ports()

  def close(port) do
    :erlang.port_close(port)
  end
end

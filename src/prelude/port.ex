# Elixir's Port over the BIFs of src/stdlib/ports.ts (programs run with {:spawn, command}
# or {:spawn_executable, file}) and src/stdlib/gen-tcp.ts (sockets).
defmodule Port do
  def open(name, options), do: :erlang.open_port(name, options)

  def close(port), do: :erlang.port_close(port)

  def command(port, data, options \\ []), do: :erlang.port_command(port, data, options)

  def connect(port, pid), do: :erlang.port_connect(port, pid)

  def info(port), do: nilify(:erlang.port_info(port))

  def info(port, spec)

  def info(port, :registered_name) do
    case :erlang.port_info(port, :registered_name) do
      :undefined -> nil
      [] -> {:registered_name, []}
      other -> other
    end
  end

  def info(port, item), do: nilify(:erlang.port_info(port, item))

  def monitor(port), do: :erlang.monitor(:port, port)

  def demonitor(monitor_ref, options \\ []), do: :erlang.demonitor(monitor_ref, options)

  def list, do: :erlang.ports()

  defp nilify(:undefined), do: nil
  defp nilify(other), do: other
end

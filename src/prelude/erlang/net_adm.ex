# :net_adm: ping, and what EPMD knows about this host.
defmodule :net_adm do
  @moduledoc false

  # As net_adm does: a call to net_kernel on the other node (connecting on the way); any
  # failure is a pang (erlang's catch: a node that is not alive cannot even monitor one).
  def ping(node) when is_atom(node) do
    result =
      try do
        :gen.call({:net_kernel, node}, :"$gen_call", {:is_auth, node()}, :infinity)
      catch
        _kind, _ -> :error
      end

    case result do
      {:ok, :yes} ->
        :pong

      _ ->
        :erlang.disconnect_node(node)
        :pang
    end
  end

  def localhost() do
    case :erlang.is_alive() do
      true -> node() |> Atom.to_string() |> String.split("@") |> List.last() |> String.to_charlist()
      false -> :beamsh_dist.hostname()
    end
  end

  def names(), do: names(localhost())

  def names(host) do
    case :beamsh_dist.names(host) do
      {:error, _} = e ->
        e

      ref ->
        receive do
          {^ref, result} -> result
        end
    end
  end
end

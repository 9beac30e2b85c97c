# :beamsh_user, the node's I/O server (registered as :user once the node is distributed):
# processes spawned from this node on other nodes have it as group leader, so what they
# print comes back here over the I/O protocol and is written to this node's output.
defmodule :beamsh_user do
  @moduledoc false

  def server() do
    receive do
      {:io_request, from, reply_as, request} ->
        send(from, {:io_reply, reply_as, request(request)})

      _ ->
        :ok
    end

    server()
  end

  defp request({:put_chars, _encoding, chars}), do: write(chars)
  defp request({:put_chars, _encoding, m, f, a}), do: write(apply(m, f, a))
  defp request({:put_chars, chars}), do: write(chars)
  defp request({:put_chars, m, f, a}), do: write(apply(m, f, a))
  defp request({:requests, reqs}), do: Enum.reduce_while(reqs, :ok, fn r, _ -> step(request(r)) end)
  defp request({:setopts, _opts}), do: :ok
  defp request(:getopts), do: [binary: true, encoding: :unicode]
  defp request({:get_geometry, _}), do: {:error, :enotsup}
  defp request(_other), do: {:error, :request}

  defp step(:ok), do: {:cont, :ok}
  defp step(other), do: {:halt, other}

  defp write(chars) do
    try do
      :beamsh_dist.write(IO.chardata_to_string(chars))
    rescue
      _ -> {:error, :put_chars}
    end
  end
end

# :beamsh_dist, the Elixir half of beamsh's distribution (the natives are in
# src/stdlib/dist.ts): the local form of spawn_request and the process that stands in for
# one that could not be started on an unreachable node.
defmodule :beamsh_dist do
  @moduledoc false

  # spawn_request/5 on this node: the reply comes as a message, as for another node.
  def local_spawn_request(m, f, a, opts) do
    tag = Keyword.get(opts, :reply_tag, :spawn_reply)
    reply = Keyword.get(opts, :reply, :yes)
    spawn_opts = Enum.filter(opts, fn o -> not match?({:reply_tag, _}, o) and not match?({:reply, _}, o) end)
    # With :monitor, the request id is the monitor's reference (the DOWN message carries it).
    {pid, ref} =
      case Process.spawn(m, f, a, spawn_opts) do
        {pid, mref} -> {pid, mref}
        pid -> {pid, make_ref()}
      end

    if reply in [:yes, :success_only] do
      send(self(), {tag, ref, :ok, pid})
    end

    ref
  end

  # erts_internal:crasher/6: a spawn on a node that cannot be reached.
  def crasher(node, m, f, a, [], reason) do
    :beamsh_otp.log(:warning, "** Can not start #{inspect(m)}:#{inspect(f)},#{inspect(a)} on #{inspect(node)} **\n")
    exit(reason)
  end

  def crasher(node, m, f, a, opts, reason) do
    :beamsh_otp.log(:warning, "** Can not start #{inspect(m)}:#{inspect(f)},#{inspect(a)} (#{inspect(opts)}) on #{inspect(node)} **\n")
    exit(reason)
  end
end

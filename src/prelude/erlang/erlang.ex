# The :erlang BIFs that spawn on another node, written over spawn requests (SPAWN_REQUEST /
# SPAWN_REPLY; :beamsh_dist.spawn_request/3 in src/stdlib/dist.ts). A node that cannot be
# reached gets, as on BEAM, a local process that logs a warning and exits with
# :noconnection (so a link turns into an exit signal).
defmodule :erlang do
  def spawn(node, fun) when node == node(), do: :erlang.spawn(fun)
  def spawn(node, fun) when is_atom(node) and is_function(fun), do: spawn_opt(node, :erlang, :apply, [fun, []], [])
  def spawn(node, {m, f} = mf) when is_atom(node) and is_atom(m) and is_atom(f), do: spawn_opt(node, :erlang, :apply, [mf, []], [])
  def spawn(node, fun), do: :erlang.error(:badarg, [node, fun])

  def spawn(node, m, f, a) when node == node() and is_atom(m) and is_atom(f) and is_list(a), do: :erlang.spawn(m, f, a)
  def spawn(node, m, f, a), do: spawn_opt(node, m, f, a, [])

  def spawn_link(node, fun) when node == node(), do: :erlang.spawn_link(fun)
  def spawn_link(node, fun) when is_atom(node) and is_function(fun), do: spawn_opt(node, :erlang, :apply, [fun, []], [:link])
  def spawn_link(node, fun), do: :erlang.error(:badarg, [node, fun])

  def spawn_link(node, m, f, a) when node == node() and is_atom(m) and is_atom(f) and is_list(a), do: :erlang.spawn_link(m, f, a)
  def spawn_link(node, m, f, a), do: spawn_opt(node, m, f, a, [:link])

  def spawn_monitor(node, fun) when is_atom(node) and is_function(fun, 0), do: spawn_monitor(node, :erlang, :apply, [fun, []])
  def spawn_monitor(node, fun), do: :erlang.error(:badarg, [node, fun])

  def spawn_monitor(node, m, f, a) when node == node(), do: :erlang.spawn_monitor(m, f, a)
  def spawn_monitor(node, m, f, a), do: spawn_opt(node, m, f, a, [:monitor])

  def spawn_opt(fun, opts) when is_function(fun) and is_list(opts), do: Process.spawn(fun, opts)
  def spawn_opt(fun, opts), do: :erlang.error(:badarg, [fun, opts])

  def spawn_opt(node, fun, opts) when node == node(), do: spawn_opt(fun, opts)
  def spawn_opt(node, fun, opts) when is_atom(node) and is_function(fun, 0), do: spawn_opt(node, :erlang, :apply, [fun, []], opts)
  def spawn_opt(node, fun, opts), do: :erlang.error(:badarg, [node, fun, opts])

  def spawn_opt(m, f, a, opts) when is_atom(m) and is_atom(f) and is_list(a) and is_list(opts), do: Process.spawn(m, f, a, opts)
  def spawn_opt(m, f, a, opts), do: :erlang.error(:badarg, [m, f, a, opts])

  def spawn_opt(node, m, f, a, opts) when node == node(), do: spawn_opt(m, f, a, opts)

  def spawn_opt(node, m, f, a, opts) when is_atom(node) and is_atom(m) and is_atom(f) do
    case :beamsh_dist.spawn_request(node, {m, f, a}, opts) do
      :badarg ->
        :erlang.error(:badarg, [node, m, f, a, opts])

      ref ->
        receive do
          {:spawn_reply, ^ref, :ok, pid} ->
            if :monitor in opts, do: {pid, ref}, else: pid

          {:spawn_reply, ^ref, :error, :badopt} ->
            :erlang.error(:badarg, [node, m, f, a, opts])

          {:spawn_reply, ^ref, :error, reason} when reason in [:noconnection, :notsup] ->
            spawn_opt(:beamsh_dist, :crasher, [node, m, f, a, opts, reason], opts)

          {:spawn_reply, ^ref, :error, reason} ->
            :erlang.error(reason, [node, m, f, a, opts])
        end
    end
  end

  def spawn_opt(node, m, f, a, opts), do: :erlang.error(:badarg, [node, m, f, a, opts])

  def spawn_request(fun) when is_function(fun, 0), do: spawn_request(node(), :erlang, :apply, [fun, []], [])
  def spawn_request(fun), do: :erlang.error(:badarg, [fun])

  def spawn_request(fun, opts) when is_function(fun, 0), do: spawn_request(node(), :erlang, :apply, [fun, []], opts)
  def spawn_request(node, fun) when is_atom(node) and is_function(fun, 0), do: spawn_request(node, :erlang, :apply, [fun, []], [])
  def spawn_request(a, b), do: :erlang.error(:badarg, [a, b])

  def spawn_request(node, fun, opts) when is_atom(node) and is_function(fun, 0), do: spawn_request(node, :erlang, :apply, [fun, []], opts)
  def spawn_request(m, f, a) when is_atom(m) and is_atom(f) and is_list(a), do: spawn_request(node(), m, f, a, [])
  def spawn_request(x, y, z), do: :erlang.error(:badarg, [x, y, z])

  def spawn_request(node, m, f, a) when is_atom(node) and is_atom(m) and is_atom(f) and is_list(a), do: spawn_request(node, m, f, a, [])
  def spawn_request(m, f, a, opts) when is_atom(m) and is_atom(f) and is_list(a), do: spawn_request(node(), m, f, a, opts)
  def spawn_request(w, x, y, z), do: :erlang.error(:badarg, [w, x, y, z])

  def spawn_request(node, m, f, a, opts) when is_atom(node) and is_atom(m) and is_atom(f) and is_list(a) and is_list(opts) do
    if node == node() do
      :beamsh_dist.local_spawn_request(m, f, a, opts)
    else
      case :beamsh_dist.spawn_request(node, {m, f, a}, opts) do
        :badarg -> :erlang.error(:badarg, [node, m, f, a, opts])
        ref -> ref
      end
    end
  end

  def spawn_request(node, m, f, a, opts), do: :erlang.error(:badarg, [node, m, f, a, opts])
end

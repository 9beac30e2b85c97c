# :timer, in Elixir so it runs on the machine (a sleeping process is simply waiting in a
# receive). Timers that apply a function, or repeat, live in one server process registered
# as :timer_server and started on first use, as OTP's: its references are {:once, ref} and
# {:interval, ref}; an interval ends when the process it was set for exits. A send to a
# local pid is a plain erlang:send_after ({:send_local, ref}); a zero time acts at once
# ({:instant, ref}).
defmodule :timer do
  def tc(fun) do
    t0 = :erlang.monotonic_time(:microsecond)
    value = fun.()
    {:erlang.monotonic_time(:microsecond) - t0, value}
  end

  def tc(fun, args) do
    t0 = :erlang.monotonic_time(:microsecond)
    value = :erlang.apply(fun, args)
    {:erlang.monotonic_time(:microsecond) - t0, value}
  end

  def tc(module, fun, args) do
    t0 = :erlang.monotonic_time(:microsecond)
    value = :erlang.apply(module, fun, args)
    {:erlang.monotonic_time(:microsecond) - t0, value}
  end

  def sleep(ms) do
    receive do
    after
      ms -> :ok
    end
  end

  def seconds(s), do: 1000 * s
  def minutes(m), do: 1000 * 60 * m
  def hours(h), do: 1000 * 60 * 60 * h
  def hms(h, m, s), do: hours(h) + minutes(m) + seconds(s)

  def now_diff({a2, b2, c2}, {a1, b1, c1}), do: ((a2 - a1) * 1_000_000 + b2 - b1) * 1_000_000 + c2 - c1

  def apply_after(0, m, f, a) when is_atom(m) and is_atom(f) and is_list(a) do
    spawn(m, f, a)
    {:ok, {:instant, make_ref()}}
  end

  def apply_after(time, m, f, a) when is_integer(time) and time >= 0 and is_atom(m) and is_atom(f) and is_list(a),
    do: request({:apply_once, time, {m, f, a}})

  def apply_after(_time, _m, _f, _a), do: {:error, :badarg}

  def send_after(time, message), do: send_after(time, self(), message)

  def send_after(0, dest, message) when is_pid(dest) or is_atom(dest) do
    send(dest, message)
    {:ok, {:instant, make_ref()}}
  end

  def send_after(0, {name, node} = dest, message) when is_atom(name) and is_atom(node) do
    send(dest, message)
    {:ok, {:instant, make_ref()}}
  end

  def send_after(time, dest, message) when is_pid(dest) or is_atom(dest) do
    if is_integer(time) and time >= 0 and is_pid(dest) and node(dest) == node(),
      do: {:ok, {:send_local, :erlang.send_after(time, dest, message)}},
      else: apply_after(time, :erlang, :send, [dest, message])
  end

  def send_after(time, {name, node} = dest, message) when is_atom(name) and is_atom(node),
    do: apply_after(time, :erlang, :send, [dest, message])

  def send_after(_time, _dest, _message), do: {:error, :badarg}

  def exit_after(time, reason), do: exit_after(time, self(), reason)
  def exit_after(time, pid, reason), do: apply_after(time, :erlang, :exit, [pid, reason])
  def kill_after(time), do: exit_after(time, self(), :kill)
  def kill_after(time, pid), do: exit_after(time, pid, :kill)

  def apply_interval(time, m, f, a) when is_integer(time) and time >= 0 and is_atom(m) and is_atom(f) and is_list(a),
    do: request({:apply_interval, time, self(), {m, f, a}})

  def apply_interval(_time, _m, _f, _a), do: {:error, :badarg}

  def send_interval(time, message), do: send_interval(time, self(), message)

  def send_interval(time, dest, message) when is_integer(time) and time >= 0 and (is_pid(dest) or is_atom(dest)),
    do: request({:apply_interval, time, dest, {:erlang, :send, [dest, message]}})

  def send_interval(time, {name, node} = dest, message)
      when is_integer(time) and time >= 0 and is_atom(name) and is_atom(node),
      do: request({:apply_interval, time, dest, {:erlang, :send, [dest, message]}})

  def send_interval(_time, _dest, _message), do: {:error, :badarg}

  def cancel({:instant, ref}) when is_reference(ref), do: {:ok, :cancel}

  def cancel({:send_local, ref}) when is_reference(ref) do
    :erlang.cancel_timer(ref)
    {:ok, :cancel}
  end

  def cancel({kind, ref} = tref) when kind in [:once, :interval] and is_reference(ref), do: request({:cancel, tref})
  def cancel(_tref), do: {:error, :badarg}

  # The server: asked through a monitored request, it keeps each timer as
  # ref => {kind, erlang timer, time, owner monitor, mfa}.
  defp request(req) do
    server = server()
    mref = :erlang.monitor(:process, server)
    send(server, {:"$timer_request", self(), mref, req})

    receive do
      {^mref, reply} ->
        :erlang.demonitor(mref, [:flush])
        reply

      {:DOWN, ^mref, _, _, reason} ->
        exit({reason, {:timer, :request, [req]}})
    end
  end

  # Starting the timer server (it is also started by the first request that needs it).
  def start() do
    server()
    :ok
  end

  # (under a supervisor in OTP: here, with the server already running, what a second start says)
  def start_link() do
    case :erlang.whereis(:timer_server) do
      :undefined ->
        pid = server()
        :erlang.link(pid)
        {:ok, pid}

      pid ->
        {:error, {:already_started, pid}}
    end
  end

  defp server do
    case :erlang.whereis(:timer_server) do
      :undefined ->
        pid = :erlang.spawn(fn -> serve_start() end)
        mref = :erlang.monitor(:process, pid)
        send(pid, {:"$timer_start", self(), mref})

        receive do
          {^mref, :started} -> :erlang.demonitor(mref, [:flush])
          {:DOWN, ^mref, _, _, _} -> :ok
        end

        server()

      pid ->
        pid
    end
  end

  defp serve_start do
    receive do
      {:"$timer_start", from, mref} ->
        registered =
          try do
            :erlang.register(:timer_server, self())
          rescue
            ArgumentError -> false
          end

        send(from, {mref, :started})
        if registered, do: serve(%{})
    end
  end

  defp serve(timers) do
    receive do
      {:"$timer_request", from, mref, {:apply_once, time, mfa}} ->
        ref = make_ref()
        t = :erlang.send_after(time, self(), {:"$timer_fire", ref})
        send(from, {mref, {:ok, {:once, ref}}})
        serve(Map.put(timers, ref, {:once, t, time, nil, mfa}))

      {:"$timer_request", from, mref, {:apply_interval, time, owner, mfa}} ->
        ref = make_ref()
        watch = :erlang.monitor(:process, owner)
        t = :erlang.send_after(time, self(), {:"$timer_fire", ref})
        send(from, {mref, {:ok, {:interval, ref}}})
        serve(Map.put(timers, ref, {:interval, t, time, watch, mfa}))

      {:"$timer_request", from, mref, {:cancel, {kind, ref}}} ->
        send(from, {mref, {:ok, :cancel}})

        case timers do
          %{^ref => {^kind, t, _, watch, _}} ->
            :erlang.cancel_timer(t)
            if watch, do: :erlang.demonitor(watch, [:flush])
            serve(Map.delete(timers, ref))

          _ ->
            serve(timers)
        end

      {:"$timer_fire", ref} ->
        case timers do
          %{^ref => {:once, _, _, _, {m, f, a}}} ->
            spawn(m, f, a)
            serve(Map.delete(timers, ref))

          %{^ref => {:interval, _, time, watch, {m, f, a} = mfa}} ->
            spawn(m, f, a)
            t = :erlang.send_after(time, self(), {:"$timer_fire", ref})
            serve(Map.put(timers, ref, {:interval, t, time, watch, mfa}))

          _ ->
            serve(timers)
        end

      {:DOWN, watch, :process, _, _} ->
        gone = for {ref, {:interval, t, _, ^watch, _}} <- timers, do: {ref, t}
        Enum.each(gone, fn {_, t} -> :erlang.cancel_timer(t) end)
        serve(Map.drop(timers, Enum.map(gone, &elem(&1, 0))))

      _ ->
        serve(timers)
    end
  end
end

# The library's servers started when first needed (:dets, :mnesia_controller): a process
# registered under a name, holding a state, answering calls in order. `spec` is
# {init, handle}: init.() makes the first state (run by the server, so what it creates, ETS
# tables included, belongs to it); handle.({:call, request}, state) returns {reply, state},
# handle.({:info, message}, state) the next state.
defmodule :beamsh_server do
  @moduledoc false

  def call(name, spec, request) do
    server = ensure(name, spec)
    ref = Process.monitor(server)
    send(server, {:beamsh_call, self(), ref, request})

    receive do
      {^ref, reply} ->
        Process.demonitor(ref, [:flush])
        reply

      {:DOWN, ^ref, _, _, reason} ->
        exit(reason)
    end
  end

  defp ensure(name, {init, handle} = spec) do
    case Process.whereis(name) do
      nil ->
        ref = make_ref()
        parent = self()

        pid =
          spawn(fn ->
            receive do
              ^ref -> :ok
            end

            state = init.()
            send(parent, ref)
            loop(state, handle)
          end)

        try do
          Process.register(pid, name)
        rescue
          ArgumentError ->
            # another process started it first
            Process.exit(pid, :kill)
            ensure(name, spec)
        else
          true ->
            send(pid, ref)

            receive do
              ^ref -> pid
            end
        end

      pid ->
        pid
    end
  end

  @doc false
  # Drops the copies of `message` waiting in the server's mailbox (one save for many changes).
  def drop_repeats(message) do
    receive do
      ^message -> drop_repeats(message)
    after
      0 -> :ok
    end
  end

  defp loop(state, handle) do
    receive do
      {:beamsh_call, from, ref, request} ->
        {reply, state} = handle.({:call, request}, state)
        send(from, {ref, reply})
        loop(state, handle)

      message ->
        loop(handle.({:info, message}, state), handle)
    end
  end
end

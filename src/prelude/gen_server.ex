# GenServer: Elixir's API over the generic server machinery in erlang/ (gen, gen_server,
# proc_lib, sys), written on top of processes: a call is a monitor, a
# `{:"$gen_call", {pid, tag}, msg}` message and a selective receive on the monitor
# reference; casts are `{:"$gen_cast", msg}`; system messages (`{:system, from, req}`) serve
# :sys and GenServer.stop/3.
#
# Crash reports are printed as Elixir 1.14's Logger prints them. Exceptions in callbacks are
# caught and the process exits with `{exception, stacktrace}` (an exit, so the runtime's
# "Process raised an exception" report is not printed: gen_server reports it itself).
defmodule GenServer do
  @moduledoc false

  # `use GenServer, opts`: the behaviour, a child_spec/1 from the options and default
  # callbacks (each overridable), as Elixir's GenServer.__using__/1 defines them.
  defmacro __using__(opts) do
    quote location: :keep, bind_quoted: [opts: opts] do
      @behaviour GenServer

      def child_spec(init_arg) do
        default = %{id: __MODULE__, start: {__MODULE__, :start_link, [init_arg]}}
        Supervisor.child_spec(default, unquote(Macro.escape(opts)))
      end

      @doc false
      def handle_call(msg, _from, state) do
        proc =
          case Process.info(self(), :registered_name) do
            {_, []} -> self()
            {_, name} -> name
          end

        case :erlang.phash2(1, 1) do
          0 ->
            :erlang.raise(
              :error,
              RuntimeError.exception("attempted to call GenServer #{inspect(proc)} but no handle_call/3 clause was provided"),
              [{__MODULE__, :handle_call, 3, [file: 'lib/gen_server.ex', line: 787, error_info: %{module: Exception}]}]
            )

          1 -> {:stop, {:bad_call, msg}, state}
        end
      end

      @doc false
      def handle_info(msg, state) do
        proc =
          case Process.info(self(), :registered_name) do
            {_, []} -> self()
            {_, name} -> name
          end

        :beamsh_otp.log(:error, "#{inspect(__MODULE__)} #{inspect(proc)} received unexpected message in handle_info/2: #{inspect(msg)}\n")
        {:noreply, state}
      end

      @doc false
      def handle_cast(msg, state) do
        proc =
          case Process.info(self(), :registered_name) do
            {_, []} -> self()
            {_, name} -> name
          end

        case :erlang.phash2(1, 1) do
          0 ->
            :erlang.raise(
              :error,
              RuntimeError.exception("attempted to cast GenServer #{inspect(proc)} but no handle_cast/2 clause was provided"),
              [{__MODULE__, :handle_cast, 2, [file: 'lib/gen_server.ex', line: 832, error_info: %{module: Exception}]}]
            )

          1 -> {:stop, {:bad_cast, msg}, state}
        end
      end

      @doc false
      def terminate(_reason, _state), do: :ok

      @doc false
      def code_change(_old, state, _extra), do: {:ok, state}

      defoverridable child_spec: 1, code_change: 3, terminate: 2, handle_info: 2, handle_cast: 2, handle_call: 3

      @before_compile GenServer
    end
  end

  # A module that uses GenServer without defining init/1 is warned and given one.
  defmacro __before_compile__(env) do
    unless Module.defines?(env.module, {:init, 1}) do
      message = """
      function init/1 required by behaviour GenServer is not implemented \
      (in module #{inspect(env.module)}).

      We will inject a default implementation for now:

          def init(init_arg) do
            {:ok, init_arg}
          end

      You can copy the implementation above or define your own that converts \
      the arguments given to GenServer.start_link/3 to the server state.
      """

      IO.warn(message, env)

      quote do
        @doc false
        def init(init_arg) do
          {:ok, init_arg}
        end

        defoverridable init: 1
      end
    end
  end


  def start(module, init_arg, opts \\ []), do: do_start(:nolink, module, init_arg, opts)
  def start_link(module, init_arg, opts \\ []), do: do_start(:link, module, init_arg, opts)

  defp do_start(link, module, init_arg, opts) do
    case Keyword.pop(opts, :name) do
      {nil, opts} ->
        :gen.start(:gen_server, link, module, init_arg, opts)

      {atom, opts} when is_atom(atom) ->
        :gen.start(:gen_server, link, {:local, atom}, module, init_arg, opts)

      {{:global, _term} = tuple, opts} ->
        :gen.start(:gen_server, link, tuple, module, init_arg, opts)

      {{:via, via_module, _term} = tuple, opts} when is_atom(via_module) ->
        :gen.start(:gen_server, link, tuple, module, init_arg, opts)

      {other, _} ->
        raise ArgumentError,
              "expected :name option to be one of the following:\n\n  * nil\n  * atom\n  * {:global, term}\n  * {:via, module, term}\n\nGot: " <>
                inspect(other) <> "\n"
    end
  end

  def call(server, request), do: call(server, request, 5000)

  def call(server, request, timeout)
      when (is_integer(timeout) and timeout >= 0) or timeout == :infinity do
    case if(is_pid(server), do: server, else: whereis(server)) do
      nil ->
        exit({:noproc, {GenServer, :call, [server, request, timeout]}})

      # (its exits stand as far below the head as Elixir's: their stack entries read those lines)
      pid when pid == self() ->
        exit({:calling_self, {GenServer, :call, [server, request, timeout]}})

      pid ->
        # ({name, node} is another node's server: unreachable while this one is not
        # distributed, as gen's do_for_proc says)
        if is_tuple(pid) and not Node.alive?() do
          exit({{:nodedown, elem(pid, 1)}, {GenServer, :call, [server, request, timeout]}})
        end

        ref = Process.monitor(pid)
        send(pid, {:"$gen_call", {self(), [:alias | ref]}, request})
        # Let the server run first: a reply already there is taken without arming the
        # receive's timer (timers cost more than a turn of the run queue here).
        :erlang.yield()

        receive do
          {[:alias | ^ref], reply} ->
            Process.demonitor(ref, [:flush])
            reply

          # The server's node cannot be reached or went away: gen's {nodedown, Node}.
          {:DOWN, ^ref, _, _, :noconnection} ->
            node = if is_pid(pid), do: node(pid), else: elem(pid, 1)
            exit({{:nodedown, node}, {GenServer, :call, [server, request, timeout]}})

          {:DOWN, ^ref, _, _, reason} ->
            exit({reason, {GenServer, :call, [server, request, timeout]}})
        after
          timeout ->
            Process.demonitor(ref, [:flush])
            :beamsh_otp.__kill_alias__(ref)
            exit({:timeout, {GenServer, :call, [server, request, timeout]}})
        end
    end
  end

  def cast(server, request)

  def cast({:global, name}, request) do
    case :global.whereis_name(name) do
      pid when is_pid(pid) -> send(pid, {:"$gen_cast", request})
      _ -> :ok
    end

    :ok
  end

  def cast({:via, mod, name}, request) do
    try do
      mod.send(name, {:"$gen_cast", request})
    catch
      _, _ -> :ok
    end

    :ok
  end

  def cast({name, node}, request) when is_atom(name) and is_atom(node) do
    cast(name, request)
  end

  def cast(dest, request) when is_atom(dest) or is_pid(dest) do
    case dest do
      pid when is_pid(pid) ->
        send(pid, {:"$gen_cast", request})

      name ->
        case Process.whereis(name) do
          nil -> :ok
          pid -> send(pid, {:"$gen_cast", request})
        end
    end

    :ok
  end

  def abcast(nodes \\ [node() | Node.list()], name, request) when is_list(nodes) and is_atom(name) do
    :gen_server.abcast(nodes, name, request)
  end

  def reply({pid, tag}, reply) when is_pid(pid) do
    :beamsh_otp.__reply__(pid, tag, reply)
  end

  def reply(client, reply) do
    :gen.reply(client, reply)
  end

  def stop(server, reason \\ :normal, timeout \\ :infinity) do
    case whereis(server) do
      nil ->
        exit({:noproc, {GenServer, :stop, [server, reason, timeout]}})

      pid when pid == self() ->
        exit({:calling_self, {GenServer, :stop, [server, reason, timeout]}})

      pid ->
        case :gen.__stop__(pid, reason, timeout) do
          :ok -> :ok
          {:exit, r} -> exit({r, {GenServer, :stop, [server, reason, timeout]}})
        end
    end
  end

  def whereis(server)
  def whereis(pid) when is_pid(pid), do: pid

  def whereis(name) when is_atom(name) do
    Process.whereis(name)
  end

  def whereis({:global, name}) do
    case :global.whereis_name(name) do
      pid when is_pid(pid) -> pid
      :undefined -> nil
    end
  end

  def whereis({:via, mod, name}) do
    case apply(mod, :whereis_name, [name]) do
      pid when is_pid(pid) -> pid
      :undefined -> nil
    end
  end

  def whereis({name, local}) when is_atom(name) and local == node() do
    Process.whereis(name)
  end

  def whereis({name, node} = server) when is_atom(name) and is_atom(node) do
    server
  end

  def multi_call(nodes \\ [node() | Node.list()], name, request, timeout \\ :infinity) do
    :gen_server.multi_call(nodes, name, request, timeout)
  end
end

defmodule :beamsh_otp_stack do
  @moduledoc false
  # Stacktraces of crashes in OTP processes read like OTP's: the frames of this library (the
  # prelude) are replaced by the frames gen_server, Agent.Server and Task.Supervised have on
  # BEAM (iex shows them inside exit reasons, where they are compared).

  @lib [:gen_server, :gen, GenServer, Agent.Server, Agent, Task, Task.Supervised, Task.Supervisor, :supervisor,
        :proc_lib, :beamsh_otp, :beamsh_otp_stack, DynamicSupervisor, Supervisor, Registry, Registry.Partition, Registry.Supervisor,
        GenStage, GenStage.Buffer, GenStage.DemandDispatcher, GenStage.BroadcastDispatcher,
        GenStage.PartitionDispatcher, GenStage.Stream, GenStage.Streamer, ConsumerSupervisor, :gen_event]

  # BEAM keeps this many entries (the default backtrace_depth).
  @depth 8

  def canonical(stack, where) when is_list(stack) do
    case Enum.split_while(stack, fn entry -> not lib?(entry) end) do
      # raised by a default `use GenServer` callback (:erlang.raise/3 with Elixir's frame)
      {[{_, _, _, [{:file, 'lib/gen_server.ex'} | _]} = entry | _], _} -> Enum.take([entry | tail(where)], @depth)
      # The trace never reaches this library: given as is to :erlang.raise/3, or cut short.
      {user, []} -> user
      {_, _} ->
        # The user's frames, and under them the frames of Elixir's API the callback called
        # (Supervisor.init/2 in a supervisor's init/1), which the BEAM shows as well.
        {user, rest} = Enum.split_while(stack, fn entry -> not lib?(entry) or api?(entry) end)
        Enum.take(Enum.map(user, &template_entry/1) ++ Enum.flat_map(rest, &library_frames/1) ++ tail(where), @depth)
    end
  end

  # Elixir's API modules, called from a callback, whose frames stand where Elixir has them
  # (lib/supervisor.ex...): not those the tails below put back themselves.
  @api [Supervisor, Registry, Agent, Task, Task.Supervisor]

  defp api?({mod, _, _, loc}) when mod in @api and is_list(loc) do
    case Keyword.get(loc, :file) do
      'lib/using/' ++ _ -> false
      'lib/' ++ _ -> true
      _ -> false
    end
  end

  defp api?(_), do: false

  # Library code written in Elixir whose own frames show on the BEAM (GenStage's are in the
  # hex package's files): each of our frames becomes the frames the BEAM has there, or none.
  defp library_frames({mod, _, _, _} = entry) when mod in [GenStage, ConsumerSupervisor, GenStage.Streamer],
    do: GenStage.__frames__(entry)

  defp library_frames(_), do: []

  # Defaults injected by `use GenServer` are reported where Elixir 1.14 defines them.
  defp template_entry({mod, fun, arity, loc} = entry) when is_list(loc) do
    case to_string(Keyword.get(loc, :file, "")) do
      "lib/using/GenServer.ex" ->
        line =
          case fun do
            :handle_call -> 787
            :handle_cast -> 832
            _ -> Keyword.get(loc, :line, 0)
          end

        {mod, fun, arity, [file: 'lib/gen_server.ex', line: line]}

      _ ->
        entry
    end
  end

  defp template_entry(entry), do: entry

  def canonical(stack, _), do: stack

  defp lib?({mod, _, _, _}), do: mod in @lib
  defp lib?(_), do: false

  @proc_lib {:proc_lib, :init_p_do_apply, 3, [file: 'proc_lib.erl', line: 240]}

  defp tail({:call, mod, req}) do
    agent(mod, :handle_call, 3, agent_line(req)) ++
      [
        {:gen_server, :try_handle_call, 4, [file: 'gen_server.erl', line: 1149]},
        {:gen_server, :handle_msg, 6, [file: 'gen_server.erl', line: 1178]},
        @proc_lib
      ]
  end

  defp tail({:dispatch, mod, fun, arity}) do
    agent(mod, fun, arity, 27) ++
      [
        {:gen_server, :try_dispatch, 4, [file: 'gen_server.erl', line: 1123]},
        {:gen_server, :handle_msg, 6, [file: 'gen_server.erl', line: 1200]},
        @proc_lib
      ]
  end

  defp tail({:init, mod}) do
    callback(mod, :init, 1, 8) ++
      [
        {:gen_server, :init_it, 2, [file: 'gen_server.erl', line: 851]},
        {:gen_server, :init_it, 6, [file: 'gen_server.erl', line: 814]},
        @proc_lib
      ]
  end

  defp tail({:terminate, _mod}) do
    [
      {:gen_server, :try_terminate, 3, [file: 'gen_server.erl', line: 1347]},
      {:gen_server, :terminate, 10, [file: 'gen_server.erl', line: 1527]},
      @proc_lib
    ]
  end

  defp tail(:task_reply) do
    [
      {Task.Supervised, :invoke_mfa, 2, [file: 'lib/task/supervised.ex', line: 89]},
      {Task.Supervised, :reply, 4, [file: 'lib/task/supervised.ex', line: 34]},
      @proc_lib
    ]
  end

  defp tail(:task) do
    [{Task.Supervised, :invoke_mfa, 2, [file: 'lib/task/supervised.ex', line: 89]}, @proc_lib]
  end

  # A child's start function, called by :supervisor (init, start_child, restart_child).
  defp tail({:supervisor, where}) when where in [:init, :start_child, :restart_child] do
    [
      {:supervisor, :do_start_child_i, 3, [file: 'supervisor.erl', line: 414]},
      {:supervisor, :do_start_child, 2, [file: 'supervisor.erl', line: 400]}
    ] ++ supervisor_caller(where)
  end

  defp tail({DynamicSupervisor, :start_child}) do
    [
      {DynamicSupervisor, :start_child, 3, [file: 'lib/dynamic_supervisor.ex', line: 745]},
      {DynamicSupervisor, :handle_start_child, 2, [file: 'lib/dynamic_supervisor.ex', line: 731]},
      {:gen_server, :try_handle_call, 4, [file: 'gen_server.erl', line: 1149]},
      {:gen_server, :handle_msg, 6, [file: 'gen_server.erl', line: 1178]},
      @proc_lib
    ]
  end

  # The frames the caller knows (:gen_event passes its own).
  defp tail({:frames, frames}), do: frames

  defp tail(_), do: []

  defp supervisor_caller(:init) do
    [
      {:supervisor, :"-start_children/2-fun-0-", 3, [file: 'supervisor.erl', line: 384]},
      {:supervisor, :children_map, 4, [file: 'supervisor.erl', line: 1250]},
      {:supervisor, :init_children, 2, [file: 'supervisor.erl', line: 350]},
      {:gen_server, :init_it, 2, [file: 'gen_server.erl', line: 851]},
      {:gen_server, :init_it, 6, [file: 'gen_server.erl', line: 814]},
      @proc_lib
    ]
  end

  defp supervisor_caller(:start_child) do
    [
      {:supervisor, :handle_start_child, 2, [file: 'supervisor.erl', line: 706]},
      {:supervisor, :handle_call, 3, [file: 'supervisor.erl', line: 455]}
      | gen_server_call()
    ]
  end

  defp supervisor_caller(:restart_child), do: [{:supervisor, :handle_call, 3, [file: 'supervisor.erl', line: 482]} | gen_server_call()]

  defp gen_server_call do
    [
      {:gen_server, :try_handle_call, 4, [file: 'gen_server.erl', line: 1149]},
      {:gen_server, :handle_msg, 6, [file: 'gen_server.erl', line: 1178]},
      @proc_lib
    ]
  end

  defp agent(Agent.Server, fun, arity, line), do: [{Agent.Server, fun, arity, [file: 'lib/agent/server.ex', line: line]}]
  defp agent(_, _, _, _), do: []

  # The frame of a callback module of OTP's own around the user's callback: supervisor:init/1
  # calls Mod:init/1 (a supervisor's child specs are read there).
  defp callback(:supervisor, :init, 1, _), do: [{:supervisor, :init, 1, [file: 'supervisor.erl', line: 330]}]
  defp callback(mod, fun, arity, line), do: agent(mod, fun, arity, line)

  defp agent_line({:get, _}), do: 12
  defp agent_line({:get_and_update, _}), do: 16
  defp agent_line({:update, _}), do: 23
  defp agent_line(_), do: 12
end

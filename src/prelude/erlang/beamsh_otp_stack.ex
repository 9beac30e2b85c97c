# Logger with iex 1.14's default console format ("\n12:00:00.000 [error] message\n"), and
# the report formatting shared by GenServer, Task and Supervisor (Logger.Translator's).
# The writing itself is native (:beamsh_otp.__log__/2 in src/stdlib/ets.ts).
defmodule Logger do
  @moduledoc false

  def error(msg, metadata \\ []), do: bare_log(:error, msg, metadata)
  def warning(msg, metadata \\ []), do: bare_log(:warning, msg, metadata)
  def warn(msg, metadata \\ []), do: bare_log(:warning, msg, metadata)
  def info(msg, metadata \\ []), do: bare_log(:info, msg, metadata)
  def debug(msg, metadata \\ []), do: bare_log(:debug, msg, metadata)
  def notice(msg, metadata \\ []), do: bare_log(:notice, msg, metadata)
  def critical(msg, metadata \\ []), do: bare_log(:critical, msg, metadata)
  def alert(msg, metadata \\ []), do: bare_log(:alert, msg, metadata)
  def emergency(msg, metadata \\ []), do: bare_log(:emergency, msg, metadata)

  def log(level, msg, metadata \\ []), do: bare_log(level, msg, metadata)

  def bare_log(level, msg, metadata \\ []) do
    _ = metadata

    if :beamsh_otp.__log_enabled__(level) do
      text =
        case msg do
          f when is_function(f, 0) ->
            case f.() do
              {m, _md} -> m
              m -> m
            end

          m ->
            m
        end

      :beamsh_otp.__log__(level, IO.chardata_to_string(to_chardata(text)))
    end

    :ok
  end

  defp to_chardata(t) when is_binary(t) or is_list(t), do: t
  defp to_chardata(t), do: inspect(t)

  def level(), do: :beamsh_otp.__log_level__()

  def configure(opts) do
    case Keyword.fetch(opts, :level) do
      {:ok, l} -> :beamsh_otp.__set_log_level__(l)
      :error -> :ok
    end

    :ok
  end

  def compare_levels(a, b) do
    ra = :beamsh_otp.__level_rank__(a)
    rb = :beamsh_otp.__level_rank__(b)

    cond do
      ra == rb -> :eq
      ra > rb -> :gt
      true -> :lt
    end
  end

  def enable(_pid), do: :ok
  def disable(_pid), do: :ok
  def flush(), do: :ok
  def metadata(), do: Process.get(:"$logger_metadata", [])

  def metadata(kw) do
    Process.put(:"$logger_metadata", Keyword.merge(metadata(), kw))
    :ok
  end

  def reset_metadata(kw \\ []) do
    Process.put(:"$logger_metadata", kw)
    :ok
  end

  def add_backend(_b, _o \\ []), do: {:ok, self()}
  def remove_backend(_b, _o \\ []), do: :ok
  def configure_backend(_b, _o), do: :ok
end

defmodule :logger do
  @moduledoc false
  def error(msg), do: Logger.error(fmt(msg))
  def error(msg, _md), do: Logger.error(fmt(msg))
  def error(f, a, _md), do: Logger.error(fmt({f, a}))
  def warning(msg), do: Logger.warning(fmt(msg))
  def warning(msg, _md), do: Logger.warning(fmt(msg))
  def info(msg), do: Logger.info(fmt(msg))
  def info(msg, _md), do: Logger.info(fmt(msg))
  def debug(msg), do: Logger.debug(fmt(msg))
  def debug(msg, _md), do: Logger.debug(fmt(msg))
  def notice(msg), do: Logger.notice(fmt(msg))
  def notice(msg, _md), do: Logger.notice(fmt(msg))

  defp fmt({f, a}) when is_list(a), do: :io_lib.format(f, a) |> IO.chardata_to_string()
  defp fmt(s) when is_binary(s), do: s
  defp fmt(s) when is_list(s), do: IO.chardata_to_string(s)
  defp fmt(other), do: inspect(other)
end

defmodule :beamsh_otp do
  @moduledoc false

  def log(level, text), do: :beamsh_otp.__log__(level, text)

  # Logger.Translator's format_reason/1 for a {reason, stacktrace} exit.
  def format_reason({maybe_exception, [_ | _] = stack}) do
    st = format_stacktrace(stack)

    case Exception.normalize(:error, maybe_exception, stack) do
      %ErlangError{original: ^maybe_exception} ->
        format_stop(maybe_exception) <> st

      exception ->
        "\n" <> Exception.format_banner(:error, exception, stack) <> st
    end
  end

  def format_reason(reason), do: format_stop(reason)

  def format_stop(reason), do: "\n** (stop) " <> Exception.format_exit(reason)

  def format_stacktrace(stack) do
    case stack do
      [] -> ""
      st -> "\n" <> String.trim_trailing(Exception.format_stacktrace(st))
    end
  end

  # Frames of this library (prelude) are not shown: iex shows OTP's own frames there.
  defp internal_entry?({mod, _, _, _}) do
    mod in [:gen_server, :gen, GenServer, Agent.Server, Agent, Task, Task.Supervised, Task.Supervisor, :supervisor, :proc_lib, :beamsh_otp]
  end

  defp internal_entry?(_), do: false
end

defmodule :beamsh_otp_stack do
  @moduledoc false
  # Stacktraces of crashes in OTP processes read like OTP's: the frames of this library (the
  # prelude) are replaced by the frames gen_server, Agent.Server and Task.Supervised have on
  # BEAM (iex shows them inside exit reasons, where they are compared).

  @lib [:gen_server, :gen, GenServer, Agent.Server, Agent, Task, Task.Supervised, Task.Supervisor, :supervisor,
        :proc_lib, :beamsh_otp, :beamsh_otp_stack, DynamicSupervisor, Supervisor, Registry, Registry.Partition]

  # BEAM keeps this many entries (the default backtrace_depth).
  @depth 8

  def canonical(stack, where) when is_list(stack) do
    case Enum.split_while(stack, fn entry -> not lib?(entry) end) do
      # raised by a default `use GenServer` callback (:erlang.raise/3 with Elixir's frame)
      {[{_, _, _, [{:file, 'lib/gen_server.ex'} | _]} = entry | _], _} -> Enum.take([entry | tail(where)], @depth)
      # The trace never reaches this library: given as is to :erlang.raise/3, or cut short.
      {user, []} -> user
      {user, _} -> Enum.take(Enum.map(user, &template_entry/1) ++ tail(where), @depth)
    end
  end

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
    agent(mod, :init, 1, 8) ++
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

  defp agent_line({:get, _}), do: 12
  defp agent_line({:get_and_update, _}), do: 16
  defp agent_line({:update, _}), do: 23
  defp agent_line(_), do: 12
end

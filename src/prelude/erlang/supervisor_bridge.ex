# :supervisor_bridge, OTP's behaviour that makes a process not started as an OTP child look
# like a supervisor to its own supervisor: a gen_server that runs Mod.init/1 (which starts
# the process and gives {:ok, pid, state}), links to that process, ends with it (with its
# reason), and calls Mod.terminate/2 when ended otherwise. It makes SASL's progress report
# when started and a supervisor report when the process ended abnormally.
defmodule :supervisor_bridge do
  @moduledoc false

  # behaviour_info/1 as erlc makes it of the module's -callback and -optional_callbacks
  # attributes, in their order (another argument fails in the function it inlines)
  def behaviour_info(:callbacks), do: [init: 1, terminate: 2]
  def behaviour_info(:optional_callbacks), do: []
  def behaviour_info(other), do: :erlang.raise(:error, :function_clause, [{:supervisor_bridge, :"-inlined-behaviour_info/1-", [other], []}])

  def start_link(mod, args), do: :gen_server.start_link(:supervisor_bridge, [mod, args, :self], [])
  def start_link(name, mod, args), do: :gen_server.start_link(name, :supervisor_bridge, [mod, args, name], [])

  # state: {:state, mod, pid, child_state, name}, as OTP's #state{} record

  def init([mod, args, name]) do
    Process.flag(:trap_exit, true)
    name = if name == :self, do: {self(), mod}, else: name

    case mod.init(args) do
      {:ok, pid, child_state} when is_pid(pid) ->
        Process.link(pid)
        report(:info, {:supervisor, :progress}, supervisor: name, started: [pid: pid, mfa: {mod, :init, [args]}])
        {:ok, {:state, mod, pid, child_state, name}}

      :ignore ->
        :ignore

      {:error, reason} ->
        {:stop, reason}
    end
  end

  def handle_call(:which_children, _from, state), do: {:reply, [], state}
  def handle_call(_request, _from, state), do: {:reply, {:error, :badcall}, state}

  def handle_cast(_msg, state), do: {:noreply, state}

  def handle_info({:EXIT, pid, reason}, {:state, mod, pid, _, name} = state) do
    case reason do
      :normal -> :ok
      :shutdown -> :ok
      {:shutdown, _} -> :ok
      _ -> report(:error, {:supervisor, :error}, supervisor: name, errorContext: :child_terminated, reason: reason, offender: [pid: pid, mod: mod])
    end

    {:stop, reason, put_elem(state, 2, :undefined)}
  end

  def handle_info(_msg, state), do: {:noreply, state}

  def terminate(_reason, {:state, _, :undefined, _, _}), do: :ok
  def terminate(reason, {:state, mod, _pid, child_state, _}), do: mod.terminate(reason, child_state)

  def code_change(_old, state, _extra), do: {:ok, state}

  # (Logger's handler, the only one, shows SASL's reports only with :handle_sasl_reports)
  defp report(level, label, report) do
    if Logger.App.sasl_reports?() do
      {title, tag, type} =
        if level == :info,
          do: {'PROGRESS REPORT', :info_report, :progress},
          else: {'SUPERVISOR REPORT', :error_report, :supervisor_report}

      :logger.log(level, %{label: label, report: report}, %{
        domain: [:otp, :sasl],
        logger_formatter: %{title: title},
        error_logger: %{tag: tag, type: type}
      })
    end

    :ok
  end
end

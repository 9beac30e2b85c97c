# Stands in for Elixir's lib/logger/test/test_helper.exs (APP=logger; run.mjs puts
# selftest_results.exs before it). The Logger tests expect the console backend without
# colors, and Logger.Case (log capture through :user, waiting for handlers) and
# Logger.TestBackend (a :gen_event backend forwarding Logger's events to a test process).

Logger.configure_backend(:console, colors: [enabled: false])
ExUnit.start(formatters: [ExUnit.CLIFormatter, SelftestResults])

defmodule Logger.Case do
  use ExUnit.CaseTemplate
  import ExUnit.CaptureIO

  using _ do
    quote do
      import Logger.Case
    end
  end

  # A regex matching a console line: the time, then the message.
  def msg(text), do: ~r/\d\d:\d\d:\d\d\.\d\d\d #{Regex.escape(text)}/

  # Polls until `handler` is installed in the :gen_event `manager`.
  def wait_for_handler(manager, handler) do
    if handler in :gen_event.which_handlers(manager) do
      :ok
    else
      Process.sleep(10)
      wait_for_handler(manager, handler)
    end
  end

  # Polls until the Logger event manager answers.
  def wait_for_logger() do
    :gen_event.which_handlers(Logger)
    :ok
  catch
    :exit, _ ->
      Process.sleep(10)
      wait_for_logger()
  end

  # What the console backend printed (to :user) while fun ran, at Logger level `level`.
  def capture_log(level \\ :debug, fun) do
    Logger.configure(level: level)

    try do
      capture_io(:user, fn ->
        fun.()
        Logger.flush()
      end)
    after
      Logger.configure(level: :debug)
    end
  end
end

defmodule Logger.TestBackend do
  @moduledoc false
  # A Logger backend that sends each Logger event to the pid given as :callback_pid when it
  # was configured (Logger.configure_backend(Logger.TestBackend, callback_pid: pid)).
  @behaviour :gen_event

  def init(_args), do: {:ok, %{}}

  def handle_call({:configure, opts}, state),
    do: {:ok, :ok, Map.put(state, :callback_pid, Keyword.get(opts, :callback_pid))}

  def handle_event({_level, _gl, {Logger, _msg, _ts, _md}} = event, %{callback_pid: pid} = state) do
    send(pid, event)
    {:ok, state}
  end

  def handle_event(_event, state), do: {:ok, state}
  def handle_info(_msg, state), do: {:ok, state}
  def code_change(_old, state, _extra), do: {:ok, state}
  def terminate(_reason, _state), do: :ok
end

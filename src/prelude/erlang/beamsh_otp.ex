# :beamsh_otp, beamsh's own helpers for the OTP library: logging and report formatting.
defmodule :beamsh_otp do
  @moduledoc false

  def log(level, text), do: log(:logger, level, text)

  # A log event written by the calling process. The first event of each kind takes a few
  # milliseconds on the BEAM (Elixir's Logger loads code for it, see src/runtime/logger.ts):
  # the caller is busy that long before the event appears.
  def log(kind, level, text) do
    warm_up(kind)
    :beamsh_otp.__log__(level, text)
  end

  # An event Logger let through already (its module's level may be below the primary one).
  def log_allowed(level, text) do
    warm_up(:logger)
    :beamsh_otp.__log_allowed__(level, text)
  end

  # An event Logger's console formatted itself (configure_backend(:console, format: ...)).
  def log_text(level, text) do
    warm_up(:logger)
    :beamsh_otp.__log_text__(level, text)
  end

  # A crash report a process writes on its way out (gen_server, Task).
  def report(kind, level, text) do
    warm_up(kind)
    :beamsh_otp.__log_report__(level, text)
  end

  # A report (OTP's, a map with its :label) a process logs on its way out (a gen_server, a
  # :gen_event handler, a Task): after the events still on their way, through :logger to
  # Logger's handler, which translates it.
  def report(kind, level, report, metadata) do
    warm_up(kind)
    :beamsh_otp.__log_flush__()
    :logger.log(level, report, metadata)
  end

  defp warm_up(kind) do
    case :beamsh_otp.__log_wait__(kind) do
      nil ->
        :ok

      token ->
        receive do
          {:"$logger_warm", ^token} -> :ok
        end
    end
  end

  # Logger.Translator's format_reason/1 for a {reason, stacktrace} exit.
  def format_reason({maybe_exception, [_ | _] = stack} = reason) do
    case stacktrace_text(stack) do
      :error ->
        format_stop(reason)

      st ->
        case Exception.normalize(:error, maybe_exception, stack) do
          %ErlangError{original: ^maybe_exception} ->
            format_stop(maybe_exception) <> st

          exception ->
            "\n" <> Exception.format_banner(:error, exception, stack) <> st
        end
    end
  end

  def format_reason(reason), do: format_stop(reason)

  def format_stop(reason), do: "\n** (stop) " <> Exception.format_exit(reason)

  # A list that is not a stacktrace makes the reason an ordinary exit reason.
  defp stacktrace_text(stack) do
    try do
      format_stacktrace(stack)
    rescue
      _ -> :error
    end
  end

  def format_stacktrace(stack) do
    case stack do
      [] -> ""
      st -> "\n" <> String.trim_trailing(Exception.format_stacktrace(st))
    end
  end
end

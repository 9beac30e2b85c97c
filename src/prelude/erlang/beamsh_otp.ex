# :beamsh_otp, beamsh's own helpers for the OTP library: logging and report formatting.
defmodule :beamsh_otp do
  @moduledoc false

  def log(level, text), do: :beamsh_otp.__log__(level, text)

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

  # Frames of this library (prelude) are not shown: iex shows OTP's own frames there.
  defp internal_entry?({mod, _, _, _}) do
    mod in [:gen_server, :gen, GenServer, Agent.Server, Agent, Task, Task.Supervised, Task.Supervisor, :supervisor, :proc_lib, :beamsh_otp]
  end

  defp internal_entry?(_), do: false
end

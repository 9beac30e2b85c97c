# Erlang's :error_logger, as Elixir 1.14's Logger prints what it receives: format strings
# with ~p/~P/~w/~W rendered by inspect (pretty, 80 columns for ~p), reports as indented
# key: value lines, info_* at the notice level, and SASL reports (supervisor_report,
# crash_report, progress) not printed (iex does not handle SASL reports).
defmodule :error_logger do
  @moduledoc false

  def error_msg(format), do: __log__(:error, format, [])
  def error_msg(format, args), do: __log__(:error, format, args)
  def format(format, args), do: __log__(:error, format, args)
  def warning_msg(format), do: __log__(:warning, format, [])
  def warning_msg(format, args), do: __log__(:warning, format, args)
  def info_msg(format), do: __log__(:notice, format, [])
  def info_msg(format, args), do: __log__(:notice, format, args)

  def error_report(report), do: report(:error, :std_error, report)
  def error_report(type, report), do: report(:error, type, report)
  def warning_report(report), do: report(:warning, :std_warning, report)
  def warning_report(type, report), do: report(:warning, type, report)
  def info_report(report), do: report(:notice, :std_info, report)
  def info_report(type, report), do: report(:notice, type, report)

  def warning_map(), do: :warning

  @doc false
  def __log__(level, format, args) do
    if :beamsh_otp.__log_enabled__(level), do: :beamsh_otp.log(:error_logger, level, :beamsh_format.format(format, args))
    :ok
  end

  defp report(_level, type, _report) when type in [:supervisor_report, :crash_report, :progress], do: :ok

  defp report(level, _type, report) do
    if :beamsh_otp.__log_enabled__(level), do: :beamsh_otp.log(:error_logger, level, report_text(report))
    :ok
  end

  defp report_text(report) when is_list(report) and report != [] do
    if Enum.all?(report, &match?({_, _}, &1)) do
      Enum.map_join(report, "\n", fn {k, v} -> "    " <> inspect(k) <> ": " <> inspect(v) end)
    else
      inspect(report)
    end
  end

  defp report_text(report), do: inspect(report)
end

# Erlang's :error_logger API, as OTP 21+ has it: each call logs through :logger a report
# labelled {:error_logger, tag} (a format and its arguments for *_msg, a report for
# *_report) with the error_logger metadata and report_to_format/1 as its report callback, so
# Logger's translators see them first (a format as {:format, {format, args}}, a report as
# {{:error_logger, tag}, report}) and what they leave is made text by the callback: a format
# filled in as Logger fills Erlang formats (one whose arguments do not fit prints as
# "ERROR: format - args"), a map report inspected, a string report as the string, a keyword
# report as "    key: value" lines. info_* log at the notice level. A report of a type other
# than the standard ones gets that type as its domain ([:supervisor_report] reports are
# shown only with :handle_sasl_reports).
defmodule :error_logger do
  @moduledoc false

  def error_msg(format), do: error_msg(format, [])
  def error_msg(format, args), do: log_msg(:error, :error_msg, format, args)
  def format(format, args), do: error_msg(format, args)
  def warning_msg(format), do: warning_msg(format, [])
  def warning_msg(format, args), do: log_msg(:warning, :warning_msg, format, args)
  def info_msg(format), do: info_msg(format, [])
  def info_msg(format, args), do: log_msg(:notice, :info_msg, format, args)

  def error_report(report), do: error_report(:std_error, report)
  def error_report(type, report), do: log_report(:error, :error_report, type, report)
  def warning_report(report), do: warning_report(:std_warning, report)
  def warning_report(type, report), do: log_report(:warning, :warning_report, type, report)
  def info_report(report), do: info_report(:std_info, report)
  def info_report(type, report), do: log_report(:notice, :info_report, type, report)

  def warning_map(), do: :warning

  @doc false
  # (GenStage's and ConsumerSupervisor's messages: *_msg by level)
  def __log__(:error, format, args), do: error_msg(format, args)
  def __log__(:warning, format, args), do: warning_msg(format, args)
  def __log__(_level, format, args), do: info_msg(format, args)

  defp log_msg(level, tag, format, args) do
    :logger.log(level, %{label: {:error_logger, tag}, format: format, args: args}, %{
      error_logger: %{tag: tag},
      report_cb: &:error_logger.report_to_format/1
    })
  end

  defp log_report(level, tag, type, report) do
    meta = %{error_logger: %{tag: tag, type: type}, report_cb: &:error_logger.report_to_format/1}
    standard = {tag, type} in [{:error_report, :std_error}, {:info_report, :std_info}, {:warning_report, :std_warning}]
    meta = if standard, do: meta, else: Map.put(meta, :domain, [type])
    :logger.log(level, %{label: {:error_logger, tag}, report: report}, meta)
  end

  @doc false
  def report_to_format(%{label: {:error_logger, _}, report: report}) when is_map(report), do: {'~tp\n', [report]}

  def report_to_format(%{label: {:error_logger, _}, format: format, args: args}) do
    try do
      :io_lib.scan_format(format, args)
      {format, args}
    catch
      _, _ -> {'ERROR: ~tp - ~tp', [format, args]}
    end
  end

  def report_to_format(report), do: :logger.format_otp_report(report)
end

# :logger, the Erlang logging API, written to Logger.
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

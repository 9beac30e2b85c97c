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

      :beamsh_otp.log(:logger, level, IO.chardata_to_string(to_chardata(text)))
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

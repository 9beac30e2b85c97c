# logger_proxy, the process the emulator sends its own log events to (a process that died of
# an exception: "Error in process ~p with exit value:~n~p~n"); it hands each to :logger, as
# OTP's logger_proxy does. The runtime sends them here only when Logger is configured beyond
# its defaults (see routeCrash in src/stdlib/index.ts); otherwise it writes the report itself.
defmodule :logger_proxy do
  @moduledoc false

  def __loop__() do
    receive do
      {:log, level, format, args, meta} ->
        try do
          :logger.log(level, format, args, meta)
        catch
          _, _ -> :ok
        end

      _ ->
        :ok
    end

    __loop__()
  end
end

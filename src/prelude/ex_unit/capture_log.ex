# ExUnit.CaptureLog: the log messages (as the console writes them) emitted while a
# function runs, at or above the given level.
defmodule ExUnit.CaptureLog do
  @moduledoc false

  def capture_log(options \\ [], fun) when is_list(options) and is_function(fun, 0) do
    {_result, log} = with_log(options, fun)
    log
  end

  def with_log(options \\ [], fun) when is_list(options) and is_function(fun, 0) do
    level = Keyword.get(options, :level, :all)
    ref = __MODULE__.__start__(level)

    result =
      try do
        fun.()
      after
        Process.put({__MODULE__, ref}, __MODULE__.__stop__(ref))
      end

    {result, Process.delete({__MODULE__, ref})}
  end
end

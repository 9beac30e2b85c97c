# :logger_config, where OTP's logger decides whether a level passes: the effective level (a
# module's own, else the primary one) as its integer, compared with the event's.
defmodule :logger_config do
  @moduledoc false

  def allow(level, module) do
    effective =
      case :logger.get_module_level(module) do
        [{_, own}] -> own
        [] -> :beamsh_otp.__log_level__()
      end

    less_or_equal_level(level, level_to_int(effective))
  end

  def level_to_int(:none), do: -1
  def level_to_int(:emergency), do: 0
  def level_to_int(:alert), do: 1
  def level_to_int(:critical), do: 2
  def level_to_int(:error), do: 3
  def level_to_int(:warning), do: 4
  def level_to_int(:notice), do: 5
  def level_to_int(:info), do: 6
  def level_to_int(:debug), do: 7
  def level_to_int(:all), do: 10

  def less_or_equal_level(:emergency, int), do: 0 <= int
  def less_or_equal_level(:alert, int), do: 1 <= int
  def less_or_equal_level(:critical, int), do: 2 <= int
  def less_or_equal_level(:error, int), do: 3 <= int
  def less_or_equal_level(:warning, int), do: 4 <= int
  def less_or_equal_level(:notice, int), do: 5 <= int
  def less_or_equal_level(:info, int), do: 6 <= int
  def less_or_equal_level(:debug, int), do: 7 <= int
end

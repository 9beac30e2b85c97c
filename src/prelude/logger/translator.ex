# Logger.Translator: the translator Logger's :translators start with. In Elixir it turns
# OTP's reports (crash reports of processes, gen_servers, tasks, supervisors' reports) into
# Elixir's text; here the runtime writes those reports itself in Elixir's text
# (:beamsh_otp, src/stdlib/ets.ts), so they never reach the translators, and every event
# that does reach them (a report or format of the program's own) is passed on (:none) to
# the next translator or to Logger's own formatting.
defmodule Logger.Translator do
  @moduledoc false

  def translate(_min_level, _level, kind, _message) when kind in [:format, :report], do: :none
end

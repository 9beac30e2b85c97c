# IEx.Helpers under a script: its functions exist (import IEx.Helpers compiles) and what
# they print goes through the caller's group leader, so capture_io/1 takes it.
import IEx.Helpers
IO.inspect(pid("0.5.6"))
IO.inspect(ref(0, 1, 2, 3))
send(self(), {:hello, 1})
IO.inspect(ExUnit.CaptureIO.capture_io(fn -> flush() end))
IO.inspect(ExUnit.CaptureIO.capture_io(fn -> i(:an_atom) end))
IO.inspect(ExUnit.CaptureIO.capture_io(fn -> exports(Agent) end))
IO.inspect(length(IEx.Helpers.__info__(:functions)))
IO.inspect(function_exported?(IEx.Helpers, :observer, 0))
try do
  pid(0, 1, -1)
rescue
  e -> IO.inspect(e.__struct__)
end

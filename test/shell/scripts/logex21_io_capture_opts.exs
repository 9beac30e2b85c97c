# :io's option and geometry requests to standard_io go to the group leader when it is an I/O
# server (ExUnit.CaptureIO's StringIO), which answers them as StringIO does; without one
# they are answered as for a pipe.
ExUnit.start(autorun: false)
import ExUnit.CaptureIO
IO.inspect(:io.getopts())
IO.inspect(:io.setopts(binary: true))
IO.inspect(:io.columns())
capture_io(fn ->
  send(self(), {:setopts, :io.setopts({:encoding, :latin1}), :io.setopts(encoding: :unicode), :io.setopts([:binary])})
  send(self(), {:getopts, :io.getopts()})
  send(self(), {:geometry, :io.columns(), :io.rows()})
end)
for _ <- 1..3, do: receive(do: (msg -> IO.inspect(msg)))

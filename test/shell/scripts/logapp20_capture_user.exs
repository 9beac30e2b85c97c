# capture_io(:user, fun) takes what is written to the :user device: IO and :io calls naming
# it, and Logger's console (which writes there), until the capture ends.
require Logger
ExUnit.start(autorun: false)
import ExUnit.CaptureIO

Logger.configure_backend(:console, format: "[$level] $message\n")

out =
  capture_io(:user, fn ->
    Logger.info("hello")
    Logger.flush()
    IO.puts(:user, "direct")
    IO.write(:user, ["io", ?d, "ata\n"])
    :io.format(:user, "fmt ~p~n", [:x])
  end)

IO.inspect(out)

nested =
  capture_io(:user, fn ->
    IO.puts(:user, "outer")
    inner = capture_io(:user, fn -> IO.puts(:user, "inner") end)
    IO.puts(:user, "got #{inspect(inner)}")
  end)

IO.inspect(nested)
IO.puts(:user, "after the capture")
:io.format(:user, "and ~s~n", ["io:format"])
Logger.warning("logged")
Logger.flush()

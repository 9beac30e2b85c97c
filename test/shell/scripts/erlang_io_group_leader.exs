# :io's output functions write to the group leader, so ExUnit.CaptureIO captures them
ExUnit.start(autorun: false)
import ExUnit.CaptureIO
IO.inspect capture_io(fn -> :io.put_chars("a") end)
IO.inspect capture_io(fn -> :io.format("hi ~p~n", [1]) end)
IO.inspect capture_io(fn -> :io.format(:standard_io, "~s", ["sio"]) end)
IO.inspect capture_io(fn -> :io.put_chars(:standard_io, "b") end)
IO.inspect capture_io(fn -> :io.nl() end)
IO.inspect capture_io(fn -> :io.write(:x) end)
IO.inspect capture_io(fn -> :io.fwrite("z") end)
IO.inspect capture_io(:stderr, fn -> :io.put_chars(:standard_error, "e") end)
IO.inspect capture_io(:stderr, fn -> :io.format(:standard_error, "f~n", []) end)
:io.format("after ~p~n", [:capture])

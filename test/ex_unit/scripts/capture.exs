# exit status: 2
ExUnit.start(seed: 0, trace: true)

defmodule CaptureTest do
  use ExUnit.Case
  import ExUnit.CaptureIO
  import ExUnit.CaptureLog
  require Logger

  test "capture_io takes standard output" do
    assert capture_io(fn -> IO.puts("hi"); IO.write("x") end) == "hi\nx"
  end

  test "with input and a prompt" do
    assert capture_io("input\n", fn -> IO.gets("> ") |> IO.inspect() end) == "> \"input\\n\"\n"
    assert capture_io([input: "y", capture_prompt: false], fn -> IO.write(IO.gets("> ")) end) == "y"
  end

  test "processes spawned inside are captured too" do
    out =
      capture_io(fn ->
        task = Task.async(fn -> IO.puts("from a task") end)
        Task.await(task)
      end)

    assert out == "from a task\n"
  end

  test "standard error" do
    assert capture_io(:stderr, fn -> IO.puts(:stderr, "err") end) == "err\n"
  end

  test "with_io" do
    assert with_io(fn -> IO.puts("a"); 42 end) == {42, "a\n"}
  end

  test "capture_log" do
    log = capture_log(fn -> Logger.error("boom") end)
    assert log =~ "[error] boom"
    assert capture_log([level: :error], fn -> Logger.warning("quiet") end) == ""
    {value, log} = with_log(fn -> Logger.warning("w"); :r end)
    assert value == :r and log =~ "[warning] w"
  end

  test "a failing capture" do
    assert capture_io(fn -> IO.puts("a") end) == "b\n"
  end
end

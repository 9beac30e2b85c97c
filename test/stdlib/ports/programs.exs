# Ports to programs: opening, writing, reading, closing, exit statuses and signals.
next = fn -> receive do m -> m after 2000 -> :timeout end end

port = Port.open({:spawn, "echo hello"}, [:binary])
IO.inspect(port)
IO.inspect(next.())

cat = Port.open({:spawn, "cat"}, [:binary])
IO.inspect(Port.command(cat, ["ab", ?c, "\n"]))
IO.inspect(next.())
IO.inspect(Port.info(cat, :name))
IO.inspect(Port.info(cat, :connected) == {:connected, self()})
IO.inspect(Port.info(cat, :links) == {:links, [self()]})
IO.inspect(Port.info(cat, :input))
IO.inspect(Port.info(cat, :output))
IO.inspect(is_integer(elem(Port.info(cat, :os_pid), 1)))
IO.inspect(Port.close(cat))
IO.inspect(Port.info(cat))
IO.inspect(Port.info(cat, :name))

status = Port.open({:spawn, "echo hi; exit 3"}, [:exit_status])
IO.inspect(next.())
IO.inspect(next.())

sh = Port.open({:spawn_executable, "/bin/sh"}, [:binary, :stderr_to_stdout, :exit_status, args: ["-c", "echo err 1>&2; exit 4"]])
IO.inspect(next.())
IO.inspect(next.())

lines = Port.open({:spawn, "printf 'a\\nbb\\nccc'"}, [:binary, {:line, 2}])
for _ <- 1..4, do: IO.inspect(next.())

exe = Port.open({:spawn_executable, "/bin/echo"}, [:binary, args: ["a", "b"], line: 80])
IO.inspect(next.())

packets = Port.open({:spawn, "cat"}, [:binary, {:packet, 2}])
send(packets, {self(), {:command, <<1, 2, 3>>}})
IO.inspect(next.())
send(packets, {self(), :close})
IO.inspect(next.())

cwd = Port.open({:spawn, "pwd"}, cd: "/", env: [{'FOO', 'bar'}])
IO.inspect(next.())
env = Port.open({:spawn_executable, "/bin/sh"}, args: ["-c", "echo $FOO"], env: [{'FOO', 'bar'}])
IO.inspect(next.())

eof = Port.open({:spawn, "echo x"}, [:binary, :eof])
IO.inspect(next.())
IO.inspect(next.())
IO.inspect(Port.close(eof))

Process.flag(:trap_exit, true)
trapped = Port.open({:spawn, "true"}, [])
IO.inspect(next.())
closed = Port.open({:spawn, "cat"}, [])
Port.close(closed)
IO.inspect(next.())

watched = Port.open({:spawn, "cat"}, [])
ref = Port.monitor(watched)
Port.close(watched)
IO.inspect(next.())
{:DOWN, ^ref, :port, ^watched, :normal} = next.()
ref = Port.monitor(watched)
{:DOWN, ^ref, :port, ^watched, :noproc} = next.()
IO.inspect(Port.demonitor(ref))

for f <- [
      fn -> Port.open({:spawn, "cat"}, [:bogus]) end,
      fn -> Port.open({:spawn, 1}, []) end,
      fn -> Port.command(closed, "x") end,
      fn -> Port.close(closed) end,
      fn -> Port.info(self()) end,
      fn -> Port.info(Port.open({:spawn, "cat"}, []), :bogus) end,
      fn -> Port.command(Port.open({:spawn, "cat"}, []), 1) end
    ] do
  try do
    IO.inspect(f.())
  rescue
    e -> IO.inspect(e)
  end
end

# a command sent by a process the port is not connected to: the port ends with :badsig
intruder = Port.open({:spawn, "cat"}, [])
pid = spawn(fn -> send(intruder, {self(), {:command, 'no'}}) end)
IO.inspect(next.() == {:EXIT, intruder, :badsig})
_ = {port, status, sh, lines, exe, cwd, env, trapped, pid}

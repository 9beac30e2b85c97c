# The echo server of the Elixir guide's chapter "Task and gen_tcp", as the chapter leaves it
# (supervised acceptor, one task per client), started on PORT. The test runner talks to it
# from outside with Node's net module, two clients at once, and then ends the script.
defmodule KVServer do
  require Logger

  def accept(port) do
    {:ok, socket} = :gen_tcp.listen(port,
                      [:binary, packet: :line, active: false, reuseaddr: true])
    Logger.info "Accepting connections on port #{port}"
    loop_acceptor(socket)
  end

  defp loop_acceptor(socket) do
    {:ok, client} = :gen_tcp.accept(socket)
    {:ok, pid} = Task.Supervisor.start_child(KVServer.TaskSupervisor, fn -> serve(client) end)
    :ok = :gen_tcp.controlling_process(client, pid)
    loop_acceptor(socket)
  end

  defp serve(socket) do
    socket
    |> read_line()
    |> write_line(socket)

    serve(socket)
  end

  defp read_line(socket) do
    {:ok, data} = :gen_tcp.recv(socket, 0)
    data
  end

  defp write_line(line, socket) do
    :gen_tcp.send(socket, line)
  end
end
port = String.to_integer(System.get_env("PORT") || "4040")
children = [
  {Task.Supervisor, name: KVServer.TaskSupervisor},
  Supervisor.child_spec({Task, fn -> KVServer.accept(port) end}, restart: :permanent)
]
{:ok, _} = Supervisor.start_link(children, strategy: :one_for_one, name: KVServer.Supervisor)
# the runner's clients come and go; "stop" on standard input ends the script
IO.gets("")
IO.inspect(Supervisor.count_children(KVServer.TaskSupervisor))

# The KV server of the Elixir guide ("Mix and OTP": Agent, ETS, Task and gen_tcp, Doctests,
# patterns and with), its code as the chapters give it, started as its application starts it,
# and driven by a client in the same script as the chapter's integration test drives it.
# The port is PORT (the test runner picks a free one).
defmodule KV.Bucket do
  use Agent, restart: :temporary

  def start_link(_opts) do
    Agent.start_link(fn -> %{} end)
  end

  def get(bucket, key) do
    Agent.get(bucket, &Map.get(&1, key))
  end

  def put(bucket, key, value) do
    Agent.update(bucket, &Map.put(&1, key, value))
  end

  def delete(bucket, key) do
    Agent.get_and_update(bucket, &Map.pop(&1, key))
  end
end

defmodule KV.Registry do
  use GenServer

  def start_link(opts) do
    server = Keyword.fetch!(opts, :name)
    GenServer.start_link(__MODULE__, server, opts)
  end

  def lookup(server, name) do
    case :ets.lookup(server, name) do
      [{^name, pid}] -> {:ok, pid}
      [] -> :error
    end
  end

  def create(server, name) do
    GenServer.call(server, {:create, name})
  end

  @impl true
  def init(table) do
    names = :ets.new(table, [:named_table, read_concurrency: true])
    refs  = %{}
    {:ok, {names, refs}}
  end

  @impl true
  def handle_call({:create, name}, _from, {names, refs}) do
    case lookup(names, name) do
      {:ok, pid} ->
        {:reply, pid, {names, refs}}
      :error ->
        {:ok, pid} = DynamicSupervisor.start_child(KV.BucketSupervisor, KV.Bucket)
        ref = Process.monitor(pid)
        refs = Map.put(refs, ref, name)
        :ets.insert(names, {name, pid})
        {:reply, pid, {names, refs}}
    end
  end

  @impl true
  def handle_info({:DOWN, ref, :process, _pid, _reason}, {names, refs}) do
    {name, refs} = Map.pop(refs, ref)
    :ets.delete(names, name)
    {:noreply, {names, refs}}
  end

  @impl true
  def handle_info(_msg, state) do
    {:noreply, state}
  end
end

defmodule KVServer.Command do
  def parse(line) do
    case String.split(line) do
      ["CREATE", bucket] -> {:ok, {:create, bucket}}
      ["GET", bucket, key] -> {:ok, {:get, bucket, key}}
      ["PUT", bucket, key, value] -> {:ok, {:put, bucket, key, value}}
      ["DELETE", bucket, key] -> {:ok, {:delete, bucket, key}}
      _ -> {:error, :unknown_command}
    end
  end

  def run(command)

  def run({:create, bucket}) do
    KV.Registry.create(KV.Registry, bucket)
    {:ok, "OK\r\n"}
  end

  def run({:get, bucket, key}) do
    lookup(bucket, fn pid ->
      value = KV.Bucket.get(pid, key)
      {:ok, "#{value}\r\nOK\r\n"}
    end)
  end

  def run({:put, bucket, key, value}) do
    lookup(bucket, fn pid ->
      KV.Bucket.put(pid, key, value)
      {:ok, "OK\r\n"}
    end)
  end

  def run({:delete, bucket, key}) do
    lookup(bucket, fn pid ->
      KV.Bucket.delete(pid, key)
      {:ok, "OK\r\n"}
    end)
  end

  defp lookup(bucket, callback) do
    case KV.Registry.lookup(KV.Registry, bucket) do
      {:ok, pid} -> callback.(pid)
      :error -> {:error, :not_found}
    end
  end
end

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
    msg =
      with {:ok, data} <- read_line(socket),
           {:ok, command} <- KVServer.Command.parse(data),
           do: KVServer.Command.run(command)

    write_line(socket, msg)
    serve(socket)
  end

  defp read_line(socket) do
    :gen_tcp.recv(socket, 0)
  end

  defp write_line(socket, {:ok, text}) do
    :gen_tcp.send(socket, text)
  end

  defp write_line(socket, {:error, :unknown_command}) do
    :gen_tcp.send(socket, "UNKNOWN COMMAND\r\n")
  end

  defp write_line(_socket, {:error, :closed}) do
    exit(:shutdown)
  end

  defp write_line(socket, {:error, :not_found}) do
    :gen_tcp.send(socket, "NOT FOUND\r\n")
  end

  defp write_line(socket, {:error, error}) do
    :gen_tcp.send(socket, "ERROR\r\n")
    exit(error)
  end
end

# the applications' supervision trees, :kv's then :kv_server's
{:ok, _} =
  Supervisor.start_link(
    [{DynamicSupervisor, name: KV.BucketSupervisor, strategy: :one_for_one}, {KV.Registry, name: KV.Registry}],
    strategy: :one_for_all
  )

port = String.to_integer(System.get_env("PORT") || "4040")

{:ok, _} =
  Supervisor.start_link(
    [
      {Task.Supervisor, name: KVServer.TaskSupervisor},
      Supervisor.child_spec({Task, fn -> KVServer.accept(port) end}, restart: :permanent)
    ],
    strategy: :one_for_one, name: KVServer.Supervisor
  )

defmodule Client do
  def connect(port, tries \\ 50) do
    case :gen_tcp.connect('localhost', port, [:binary, packet: :line, active: false]) do
      {:ok, socket} -> socket
      {:error, :econnrefused} when tries > 0 -> Process.sleep(20); connect(port, tries - 1)
    end
  end

  def send_and_recv(socket, command) do
    :ok = :gen_tcp.send(socket, command)
    {:ok, data} = :gen_tcp.recv(socket, 0, 1000)
    data
  end
end

socket = Client.connect(port)
for command <- ["UNKNOWN shopping\r\n", "GET shopping eggs\r\n", "CREATE shopping\r\n", "PUT shopping eggs 3\r\n", "GET shopping eggs\r\n", "", "DELETE shopping eggs\r\n", "GET shopping eggs\r\n", ""] do
  IO.inspect({command, Client.send_and_recv(socket, command)})
end

# a second client at the same time, then the first leaves: the server goes on
other = Client.connect(port)
IO.inspect(Client.send_and_recv(other, "PUT shopping milk 1\r\n"))
:ok = :gen_tcp.close(socket)
IO.inspect(Client.send_and_recv(other, "GET shopping milk\r\n"))
IO.inspect(:gen_tcp.recv(other, 0, 1000))
IO.inspect(:gen_tcp.recv(other, 0, 50))
Process.sleep(50)
IO.inspect(Supervisor.count_children(KVServer.TaskSupervisor))
:ok = :gen_tcp.shutdown(other, :write)
IO.inspect(:gen_tcp.recv(other, 0, 1000))
Process.sleep(50)
IO.inspect(Supervisor.count_children(KVServer.TaskSupervisor))

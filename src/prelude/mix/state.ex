# Mix's state: an ETS table named Mix.State (env, target, shell, debug...) owned by a server
# started with Mix. Until then the table does not exist and reading it raises as in iex.
defmodule Mix.State do
  @moduledoc false
  @behaviour GenServer

  def start_link(_opts), do: GenServer.start_link(__MODULE__, :ok, name: __MODULE__)

  def lock(key, fun) do
    try do
      GenServer.call(__MODULE__, {:lock, key}, :infinity)
      fun.()
    after
      GenServer.call(__MODULE__, {:unlock, key}, :infinity)
    end
  end

  def fetch(key) do
    case :ets.lookup(__MODULE__, key) do
      [{^key, value}] -> {:ok, value}
      [] -> :error
    end
  end

  def get(key, default \\ nil) do
    case :ets.lookup(__MODULE__, key) do
      [{^key, value}] -> value
      [] -> default
    end
  end

  def put(key, value) do
    :ets.insert(__MODULE__, {key, value})
    :ok
  end

  def update(key, fun) do
    :ets.insert(__MODULE__, {key, fun.(:ets.lookup_element(__MODULE__, key, 2))})
    :ok
  end

  @impl true
  def init(:ok) do
    table = :ets.new(__MODULE__, [:public, :set, :named_table, read_concurrency: true])

    env =
      case System.get_env("MIX_ENV") do
        nil -> :dev
        "" -> :dev
        name -> String.to_atom(name)
      end

    target =
      case System.get_env("MIX_TARGET") do
        nil -> :host
        "" -> :host
        name -> String.to_atom(name)
      end

    :ets.insert(table, env: env, target: target, shell: Mix.Shell.IO, debug: System.get_env("MIX_DEBUG") == "1")
    {:ok, %{locks: %{}}}
  end

  @impl true
  def handle_call({:lock, key}, {pid, _} = from, state) do
    case state.locks do
      %{^key => {_owner, waiting}} ->
        {:noreply, put_in(state.locks[key], {elem(state.locks[key], 0), waiting ++ [from]})}

      _ ->
        {:reply, :ok, put_in(state.locks[key], {pid, []})}
    end
  end

  def handle_call({:unlock, key}, _from, state) do
    case state.locks do
      %{^key => {_owner, [{pid, _} = next | rest]}} ->
        GenServer.reply(next, :ok)
        {:reply, :ok, put_in(state.locks[key], {pid, rest})}

      _ ->
        {:reply, :ok, %{state | locks: Map.delete(state.locks, key)}}
    end
  end
end

# Injected by `use GenServer, opts` (Elixir 1.14's GenServer.__using__/1 defaults).
@behaviour GenServer

def child_spec(init_arg) do
  default = %{id: __MODULE__, start: {__MODULE__, :start_link, [init_arg]}}
  Supervisor.child_spec(default, @__using__)
end

def handle_call(msg, _from, state) do
  proc =
    case Process.info(self(), :registered_name) do
      {_, []} -> self()
      {_, name} -> name
    end

  case :erlang.phash2(1, 1) do
    0 ->
      :erlang.raise(
        :error,
        RuntimeError.exception("attempted to call GenServer #{inspect(proc)} but no handle_call/3 clause was provided"),
        [{__MODULE__, :handle_call, 3, [file: 'lib/gen_server.ex', line: 787, error_info: %{module: Exception}]}]
      )

    1 -> {:stop, {:bad_call, msg}, state}
  end
end

def handle_info(msg, state) do
  proc =
    case Process.info(self(), :registered_name) do
      {_, []} -> self()
      {_, name} -> name
    end

  :beamsh_otp.log(:error, "#{inspect(__MODULE__)} #{inspect(proc)} received unexpected message in handle_info/2: #{inspect(msg)}\n")
  {:noreply, state}
end

def handle_cast(msg, state) do
  proc =
    case Process.info(self(), :registered_name) do
      {_, []} -> self()
      {_, name} -> name
    end

  case :erlang.phash2(1, 1) do
    0 ->
      :erlang.raise(
        :error,
        RuntimeError.exception("attempted to cast GenServer #{inspect(proc)} but no handle_cast/2 clause was provided"),
        [{__MODULE__, :handle_cast, 2, [file: 'lib/gen_server.ex', line: 832, error_info: %{module: Exception}]}]
      )

    1 -> {:stop, {:bad_cast, msg}, state}
  end
end

def terminate(_reason, _state), do: :ok

def code_change(_old, state, _extra), do: {:ok, state}

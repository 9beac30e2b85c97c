# ExUnit.CaptureServer: the process, started with ExUnit, through which ExUnit.CaptureIO
# captures a named device (every process writing to it is captured, not only the caller).
# The device's name is given for the while to a StringIO; several captures of one device
# share it, each reading what was written since it began. beamsh's standard error is no
# process: its writes are redirected to the StringIO by the runtime (__take_stderr__).
defmodule ExUnit.CaptureServer do
  @moduledoc false
  @behaviour GenServer

  def start_link(_opts \\ []) do
    GenServer.start_link(__MODULE__, :ok, name: __MODULE__)
  end

  def device_capture_on(name, encoding, input) do
    GenServer.call(__MODULE__, {:device_capture_on, name, encoding, input}, :infinity)
  end

  def device_output(name, ref) do
    GenServer.call(__MODULE__, {:device_output, name, ref}, :infinity)
  end

  def device_capture_off(ref) do
    GenServer.call(__MODULE__, {:device_capture_off, ref}, :infinity)
  end

  @impl GenServer
  def init(:ok) do
    # devices: name => %{pid: string_io, original: pid | :stderr, encoding: e, refs: %{ref => start}}
    # refs: ref => name
    {:ok, %{devices: %{}, refs: %{}}}
  end

  @impl GenServer
  def handle_call({:device_capture_on, name, encoding, input}, {caller, _}, state) do
    case Map.fetch(state.devices, name) do
      {:ok, device} -> share(name, device, encoding, input, caller, state)
      :error -> take(name, encoding, input, caller, state)
    end
  end

  def handle_call({:device_output, name, ref}, _from, state) do
    device = Map.fetch!(state.devices, name)
    {_input, output} = StringIO.contents(device.pid)
    start = Map.fetch!(device.refs, ref)
    {:reply, binary_part(output, start, byte_size(output) - start), state}
  end

  def handle_call({:device_capture_off, ref}, _from, state) do
    Process.demonitor(ref, [:flush])
    {:reply, :ok, release(ref, state)}
  end

  @impl GenServer
  def handle_info({:DOWN, ref, _, _, _}, state), do: {:noreply, release(ref, state)}
  def handle_info(_msg, state), do: {:noreply, state}

  # A device already captured: another capture reads from the same StringIO, from where its
  # output stands now; it may neither give input nor ask for another encoding.
  defp share(name, device, encoding, input, caller, state) do
    cond do
      input != "" ->
        {:reply, {:error, :input_on_already_captured_device}, state}

      device.encoding != encoding ->
        {:reply, {:error, {:changed_encoding, device.encoding}}, state}

      true ->
        ref = Process.monitor(caller)
        {_input, output} = StringIO.contents(device.pid)
        device = %{device | refs: Map.put(device.refs, ref, byte_size(output))}
        {:reply, {:ok, ref}, %{state | devices: Map.put(state.devices, name, device), refs: Map.put(state.refs, ref, name)}}
    end
  end

  defp take(name, encoding, input, caller, state) do
    # (:user is the runtime's own output while no process is registered under that name)
    original =
      case name do
        :standard_error -> :stderr
        :user -> Process.whereis(:user) || :user
        _ -> Process.whereis(name)
      end

    if original == nil do
      {:reply, {:error, :no_device}, state}
    else
      {:ok, string_io} = StringIO.open(input, encoding: encoding)

      if original == :stderr do
        ExUnit.CaptureIO.__take_stderr__(string_io)
      else
        if is_pid(original), do: Process.unregister(name)
        Process.register(string_io, name)
      end

      ref = Process.monitor(caller)
      device = %{pid: string_io, original: original, encoding: encoding, refs: %{ref => 0}}
      {:reply, {:ok, ref}, %{state | devices: Map.put(state.devices, name, device), refs: Map.put(state.refs, ref, name)}}
    end
  end

  # The last capture of a device gives its name back to the process that had it.
  defp release(ref, state) do
    case Map.pop(state.refs, ref) do
      {nil, _} ->
        state

      {name, refs} ->
        device = Map.fetch!(state.devices, name)
        left = Map.delete(device.refs, ref)

        if map_size(left) == 0 do
          give_back(name, device)
          %{state | devices: Map.delete(state.devices, name), refs: refs}
        else
          %{state | devices: Map.put(state.devices, name, %{device | refs: left}), refs: refs}
        end
    end
  end

  defp give_back(name, %{pid: string_io, original: original}) do
    if original == :stderr do
      ExUnit.CaptureIO.__release_stderr__(string_io)
    else
      try do
        Process.unregister(name)
      rescue
        ArgumentError -> :ok
      end

      if is_pid(original) and Process.alive?(original), do: Process.register(original, name)
    end

    StringIO.close(string_io)
  end
end

# StringIO: an IO device that is a process holding a string (see io.ex for the protocol).
defmodule StringIO do
  def open(string, options \\ []) when is_binary(string) do
    capture = Keyword.get(options, :capture_prompt, false)
    pid = spawn(fn -> loop(%{input: string, output: "", capture_prompt: capture}) end)
    {:ok, pid}
  end

  def contents(pid), do: call(pid, :contents)
  def flush(pid), do: call(pid, :flush)
  def close(pid), do: call(pid, :close)

  defp call(pid, request) do
    ref = Process.monitor(pid)
    send(pid, {:string_io, self(), ref, request})

    receive do
      {:string_io_reply, ^ref, reply} ->
        Process.demonitor(ref, [:flush])
        reply

      {:DOWN, ^ref, _, _, reason} ->
        exit({reason, {StringIO, request, [pid]}})
    end
  end

  defp loop(state) do
    receive do
      {:io_request, from, ref, request} ->
        {reply, state} = io(request, state)
        send(from, {:io_reply, ref, reply})
        loop(state)

      {:string_io, from, ref, :contents} ->
        send(from, {:string_io_reply, ref, {state.input, state.output}})
        loop(state)

      {:string_io, from, ref, :flush} ->
        send(from, {:string_io_reply, ref, state.output})
        loop(%{state | output: ""})

      {:string_io, from, ref, :close} ->
        send(from, {:string_io_reply, ref, {:ok, {state.input, state.output}}})
    end
  end

  defp io({:put_chars, _encoding, chars}, state),
    do: {:ok, %{state | output: state.output <> IO.chardata_to_string(chars)}}

  defp io({:put_chars, chars}, state), do: io({:put_chars, :unicode, chars}, state)

  defp io({:get_chars, _encoding, prompt, count}, state) do
    state = prompt(state, prompt)

    case state.input do
      "" ->
        {:eof, state}

      input ->
        {chars, rest} = String.split_at(input, count)
        {chars, %{state | input: rest}}
    end
  end

  defp io({:get_line, _encoding, prompt}, state) do
    state = prompt(state, prompt)

    case state.input do
      "" ->
        {:eof, state}

      input ->
        case :binary.split(input, "\n") do
          [line, rest] -> {line <> "\n", %{state | input: rest}}
          [line] -> {line, %{state | input: ""}}
        end
    end
  end

  defp io({:get_until, _encoding, prompt, :eof}, state) do
    state = prompt(state, prompt)

    case state.input do
      "" -> {:eof, state}
      input -> {input, %{state | input: ""}}
    end
  end

  defp io(_other, state), do: {{:error, :request}, state}

  defp prompt(%{capture_prompt: true} = state, prompt),
    do: %{state | output: state.output <> IO.chardata_to_string(prompt)}

  defp prompt(state, _prompt), do: state
end

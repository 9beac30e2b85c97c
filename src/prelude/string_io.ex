# StringIO: an IO device that is a GenServer holding a string, as in Elixir 1.14. IO functions
# reach it through the Erlang I/O protocol ({:io_request, from, reply_as, request}, see
# io.ex); contents/flush/close are GenServer calls.
defmodule StringIO do
  @behaviour GenServer
  def open(string, options, function)
      when is_binary(string) and is_list(options) and is_function(function, 1) do
    {:ok, pid} = GenServer.start_link(StringIO, {string, options}, [])

    try do
      {:ok, function.(pid)}
    after
      {:ok, {_input, _output}} = close(pid)
    end
  end

  def open(string, options_or_function \\ [])

  def open(string, options_or_function) when is_binary(string) and is_list(options_or_function) do
    GenServer.start_link(StringIO, {string, options_or_function}, [])
  end

  def open(string, options_or_function)
      when is_binary(string) and is_function(options_or_function, 1) do
    open(string, [], options_or_function)
  end

  def contents(pid) when is_pid(pid), do: GenServer.call(pid, :contents)
  def flush(pid) when is_pid(pid), do: GenServer.call(pid, :flush)
  def close(pid) when is_pid(pid), do: GenServer.call(pid, :close)

  ## GenServer callbacks

  def init({string, options}) do
    capture_prompt = options[:capture_prompt] || false
    encoding = options[:encoding] || :unicode
    {:ok, %{encoding: encoding, input: string, output: "", capture_prompt: capture_prompt}}
  end

  def handle_info({:io_request, from, reply_as, request}, state) do
    {reply, state} = io_request(request, state)
    send(from, {:io_reply, reply_as, reply})
    {:noreply, state}
  end

  def handle_info(_message, state), do: {:noreply, state}

  def handle_call(:contents, _from, %{input: input, output: output} = state) do
    {:reply, {input, output}, state}
  end

  def handle_call(:flush, _from, %{output: output} = state) do
    {:reply, output, %{state | output: ""}}
  end

  def handle_call(:close, _from, %{input: input, output: output} = state) do
    {:stop, :normal, {:ok, {input, output}}, state}
  end

  ## I/O requests (the encoding-less forms are latin1)

  defp io_request({:put_chars, chars} = req, state), do: put_chars(:latin1, chars, req, state)

  defp io_request({:put_chars, mod, fun, args} = req, state),
    do: put_chars(:latin1, apply(mod, fun, args), req, state)

  defp io_request({:put_chars, encoding, chars} = req, state), do: put_chars(encoding, chars, req, state)

  defp io_request({:put_chars, encoding, mod, fun, args} = req, state),
    do: put_chars(encoding, apply(mod, fun, args), req, state)

  defp io_request({:get_chars, prompt, count}, state) when count >= 0,
    do: io_request({:get_chars, :latin1, prompt, count}, state)

  defp io_request({:get_chars, encoding, prompt, count}, state) when count >= 0 do
    case take_chars(state.input, encoding, count) do
      {:error, _} = error -> {error, state}
      {result, rest} -> {result, after_read(state, rest, prompt, 1)}
    end
  end

  defp io_request({:get_line, prompt}, state), do: io_request({:get_line, :latin1, prompt}, state)

  defp io_request({:get_line, encoding, prompt}, state), do: get_line(encoding, prompt, state)

  # beamsh's IO.read(device, :eof) asks for everything left
  defp io_request({:get_until, _encoding, prompt, :eof}, state) do
    case state.input do
      "" -> {:eof, after_read(state, "", prompt, 1)}
      input -> {input, after_read(state, "", prompt, 1)}
    end
  end

  defp io_request({:get_until, prompt, mod, fun, args}, state),
    do: io_request({:get_until, :latin1, prompt, mod, fun, args}, state)

  defp io_request({:get_until, encoding, prompt, mod, fun, args}, state) do
    case get_until(state.input, encoding, mod, fun, args, [], 0) do
      {result, rest, count} ->
        rest = if rest == :eof, do: "", else: to_binary(rest, encoding)
        result = if is_list(result), do: to_binary(result, encoding), else: result
        {result, after_read(state, rest, prompt, count)}

      :error ->
        {:error, state}
    end
  end

  defp io_request({:get_password, encoding}, state), do: get_line(encoding, "", state)

  defp io_request({:setopts, [encoding: encoding]}, state) when encoding in [:latin1, :unicode],
    do: {:ok, %{state | encoding: encoding}}

  defp io_request({:setopts, _opts}, state), do: {{:error, :enotsup}, state}
  defp io_request(:getopts, state), do: {[binary: true, encoding: state.encoding], state}
  defp io_request({:get_geometry, _}, state), do: {{:error, :enotsup}, state}
  defp io_request({:requests, reqs}, state), do: requests(reqs, {:ok, state})
  defp io_request(_, state), do: {{:error, :request}, state}

  defp requests([req | rest], {:ok, state}), do: requests(rest, io_request(req, state))
  defp requests(_, result), do: result

  # chardata in the request's encoding, stored in the device's: characters it cannot hold
  # (or invalid UTF-8) are refused with :no_translation
  defp put_chars(encoding, chars, req, state) do
    case :unicode.characters_to_binary(chars, encoding, state.encoding) do
      string when is_binary(string) -> {:ok, %{state | output: state.output <> string}}
      {_, _, _} -> {{:error, {:no_translation, encoding, state.encoding}}, state}
    end
  rescue
    ArgumentError -> {{:error, req}, state}
  end

  defp take_chars("", _encoding, _count), do: {:eof, ""}
  defp take_chars(input, :latin1, count) when byte_size(input) < count, do: {input, ""}

  defp take_chars(input, :latin1, count) do
    <<chars::binary-size(count), rest::binary>> = input
    {chars, rest}
  end

  defp take_chars(input, :unicode, count) do
    case utf8_bytes(input, count, 0) do
      {:ok, size} ->
        <<chars::binary-size(size), rest::binary>> = input
        {chars, rest}

      error ->
        error
    end
  end

  defp utf8_bytes(_, 0, acc), do: {:ok, acc}
  defp utf8_bytes(<<c::utf8, t::binary>>, count, acc), do: utf8_bytes(t, count - 1, acc + byte_size(<<c::utf8>>))
  defp utf8_bytes(<<_, _::binary>>, _count, _acc), do: {:error, :invalid_unicode}
  defp utf8_bytes(<<>>, _count, acc), do: {:ok, acc}

  defp get_line(encoding, prompt, %{input: input} = state) do
    case line_end(input, encoding, 0) do
      {:split, 0} ->
        {:eof, after_read(state, "", prompt, 1)}

      {:split, count} ->
        {line, rest} = :erlang.split_binary(input, count)
        {line, after_read(state, rest, prompt, 1)}

      {:crlf, count} ->
        {line, rest} = :erlang.split_binary(input, count)
        {binary_part(line, 0, byte_size(line) - 2) <> "\n", after_read(state, rest, prompt, 1)}

      :error ->
        {{:error, :collect_line}, state}
    end
  end

  # bytes up to and including the end of the line ("\r\n" is read as "\n")
  defp line_end("", _, count), do: {:split, count}
  defp line_end(<<"\r\n", _::binary>>, _, count), do: {:crlf, count + 2}
  defp line_end(<<"\n", _::binary>>, _, count), do: {:split, count + 1}
  defp line_end(<<c::utf8, t::binary>>, :unicode, count), do: line_end(t, :unicode, count + byte_size(<<c::utf8>>))
  defp line_end(<<_, t::binary>>, :latin1, count), do: line_end(t, :latin1, count + 1)
  defp line_end(_, _, _), do: :error

  defp get_until("", _encoding, mod, fun, args, continuation, count) do
    case apply(mod, fun, [continuation, :eof | args]) do
      {:done, result, rest} -> {result, rest, count + 1}
      {:more, next} -> get_until("", nil, mod, fun, args, next, count + 1)
    end
  end

  defp get_until(chars, encoding, mod, fun, args, continuation, count) do
    case line_end(chars, encoding, 0) do
      {kind, size} when kind in [:split, :crlf] ->
        {line, rest} = :erlang.split_binary(chars, size)

        case apply(mod, fun, [continuation, to_list(line, encoding) | args]) do
          {:done, result, :eof} -> {result, rest, count + 1}
          {:done, result, extra} -> {result, extra ++ to_list(rest, encoding), count + 1}
          {:more, next} -> get_until(rest, encoding, mod, fun, args, next, count + 1)
        end

      :error ->
        :error
    end
  end

  defp to_list(data, :unicode), do: String.to_charlist(data)
  defp to_list(data, :latin1), do: :erlang.binary_to_list(data)
  defp to_binary(data, _) when is_binary(data), do: data
  defp to_binary(data, :unicode), do: List.to_string(data)
  defp to_binary(data, :latin1), do: :erlang.list_to_binary(data)

  defp after_read(%{capture_prompt: false} = state, rest, _prompt, _count), do: %{state | input: rest}

  defp after_read(%{capture_prompt: true, output: output} = state, rest, prompt, count) do
    prompts = :binary.copy(IO.chardata_to_string(prompt), count)
    %{state | input: rest, output: output <> prompts}
  end
end

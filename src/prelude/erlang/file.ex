# :file.open/2 and the calls on what it returns: an I/O device process (as OTP's
# file_io_server: not linked to the opener but watching it, gone when it is) that owns a raw
# handle of :beamsh_file and answers the I/O protocol, so IO.read/binread/write/binwrite
# work on it; :file.close/1, read/2, read_line/1 and write/2 on such a device. Like OTP's, a
# device whose read or write failed answers with the error and ends (later requests find it
# terminated); :file.position/2 moves it. The rest of :file is native (stdlib/file.ts).
defmodule :file do
  def open(name, modes) when is_list(modes) do
    binary = :binary in modes
    encoding = encoding(modes)

    raw_modes =
      for m <- modes, m in [:read, :write, :append, :exclusive], do: m

    case :beamsh_file.open(name, raw_modes) do
      {:ok, fd} ->
        owner = self()

        {:ok,
         spawn(fn ->
           watch = Process.monitor(owner)
           device(%{fd: fd, binary: binary, encoding: encoding, owner: owner, watch: watch})
         end)}

      error ->
        error
    end
  end

  def open(_name, _modes), do: {:error, :badarg}

  defp encoding(modes) do
    case :lists.keyfind(:encoding, 1, modes) do
      {:encoding, :utf8} -> :unicode
      {:encoding, enc} -> enc
      false -> :latin1
    end
  end

  def close(device) when is_pid(device), do: file_request(device, :close)
  def close(_), do: {:error, :einval}

  def position(device, location) when is_pid(device), do: file_request(device, {:position, location})
  def position(_device, _location), do: {:error, :badarg}

  def read(device, count) when is_pid(device) do
    case IO.binread(device, count) do
      data when is_binary(data) or is_list(data) -> {:ok, data}
      other -> other
    end
  end

  def read_line(device) when is_pid(device) do
    case IO.binread(device, :line) do
      data when is_binary(data) or is_list(data) -> {:ok, data}
      other -> other
    end
  end

  def write(device, data) when is_pid(device) do
    case :erlang.iolist_to_binary(data) do
      bytes -> IO.__request__(device, {:put_chars, :latin1, bytes})
    end
  rescue
    ArgumentError -> {:error, :badarg}
  end

  defp file_request(device, request) do
    ref = Process.monitor(device)
    send(device, {:file_request, self(), ref, request})

    receive do
      {:file_reply, ^ref, reply} ->
        Process.demonitor(ref, [:flush])
        reply

      {:DOWN, ^ref, _, _, _} ->
        {:error, :terminated}
    end
  end

  defp device(state) do
    receive do
      {:io_request, from, reply_as, request} ->
        {reply, state} = io(request, state)

        case reply do
          # (OTP's server ends without answering a line or everything it failed to read)
          {:error, reason} when elem(request, 0) in [:get_line, :get_until] ->
            stop(state, reason)

          {:error, reason} when elem(request, 0) in [:put_chars, :get_chars] ->
            send(from, {:io_reply, reply_as, reply})
            stop(state, stop_reason(reason))

          _ ->
            send(from, {:io_reply, reply_as, reply})
            device(state)
        end

      {:file_request, from, ref, :close} ->
        send(from, {:file_reply, ref, :beamsh_file.close(state.fd)})

      {:file_request, from, ref, {:position, location}} ->
        send(from, {:file_reply, ref, :beamsh_file.position(state.fd, location)})
        device(state)

      {:DOWN, ref, _, _, reason} when ref == state.watch ->
        stop(state, reason)
    end
  end

  defp stop_reason({:no_translation, _, _}), do: :no_translation
  defp stop_reason(reason), do: reason

  defp stop(state, reason) do
    :beamsh_file.close(state.fd)
    exit(reason)
  end

  defp io({:put_chars, chars}, state), do: io({:put_chars, :latin1, chars}, state)

  defp io({:put_chars, enc, chars}, state) do
    bytes =
      case {enc, state.encoding} do
        {:unicode, :unicode} -> :unicode.characters_to_binary(chars)
        {:unicode, :latin1} -> :unicode.characters_to_binary(chars, :unicode, :latin1)
        {:latin1, :unicode} -> :unicode.characters_to_binary(chars, :latin1, :unicode)
        {:latin1, :latin1} -> :erlang.iolist_to_binary(chars)
      end

    if is_binary(bytes), do: {:beamsh_file.write(state.fd, bytes), state}, else: {{:error, {:no_translation, enc, state.encoding}}, state}
  end

  defp io({:put_chars, enc, mod, fun, args}, state), do: io({:put_chars, enc, apply(mod, fun, args)}, state)
  defp io({:get_line, _prompt}, state), do: io({:get_line, :latin1, ""}, state)
  defp io({:get_line, enc, _prompt}, state), do: {out(:beamsh_file.read_line(state.fd), enc, state), state}
  defp io({:get_chars, _prompt, n}, state), do: io({:get_chars, :latin1, "", n}, state)

  defp io({:get_chars, enc, _prompt, n}, state) do
    {out(read_chars(state.fd, n, enc, state.encoding), enc, state), state}
  end

  defp io({:get_until, enc, _prompt, :eof}, state), do: {out(read_all(state.fd, []), enc, state), state}
  defp io({:setopts, _}, state), do: {:ok, state}
  defp io(:getopts, state), do: {[binary: state.binary, encoding: state.encoding], state}
  defp io({:requests, reqs}, state), do: requests(reqs, {:ok, state})
  defp io(_, state), do: {{:error, :request}, state}

  defp requests([r | rest], {:ok, state}), do: requests(rest, io(r, state))
  defp requests(_, result), do: result

  # n characters of a UTF-8 file are read a byte at a time past the first n bytes.
  defp read_chars(fd, n, :unicode, :unicode) do
    case :beamsh_file.read(fd, n) do
      {:ok, data} -> complete(fd, data, n)
      other -> other
    end
  end

  defp read_chars(fd, n, _, _), do: :beamsh_file.read(fd, n)

  defp complete(fd, data, n) do
    if not incomplete?(data) and length(:unicode.characters_to_list(data)) >= n do
      {:ok, data}
    else
      case :beamsh_file.read(fd, 1) do
        {:ok, more} -> complete(fd, data <> more, n)
        _ -> {:ok, data}
      end
    end
  end

  defp incomplete?(data), do: not is_binary(:unicode.characters_to_binary(data))

  defp read_all(fd, acc) do
    case :beamsh_file.read(fd, 65536) do
      {:ok, data} -> read_all(fd, [acc | data])
      :eof when acc == [] -> :eof
      :eof -> {:ok, IO.iodata_to_binary(acc)}
      other -> other
    end
  end

  defp out({:ok, data}, enc, state) do
    data = if enc == :unicode and state.encoding == :latin1, do: :unicode.characters_to_binary(data, :latin1, :unicode), else: data
    cond do
      state.binary -> data
      enc == :unicode -> :unicode.characters_to_list(data)
      true -> :erlang.binary_to_list(data)
    end
  end

  defp out(other, _enc, _state), do: other
end

# The Erlang I/O protocol for devices that are processes (StringIO, or any pid): IO functions
# send {:io_request, from, ref, request} and wait for {:io_reply, ref, reply}.
defmodule IO do
  def gets(device, prompt) when is_pid(device), do: io_request(device, {:get_line, :unicode, prompt})
  def getn(device, prompt, count) when is_pid(device), do: io_request(device, {:get_chars, :unicode, prompt, count})
  def read(device, :eof) when is_pid(device), do: io_request(device, {:get_until, :unicode, "", :eof})
  def read(device, :line) when is_pid(device), do: io_request(device, {:get_line, :unicode, ""})
  def read(device, :all) when is_pid(device), do: read(device, :eof)
  def read(device, count) when is_pid(device) and is_integer(count), do: getn(device, "", count)
  def binread(device, what) when is_pid(device), do: read(device, what)

  # IO.warn/1,2: "warning: " and the message on stderr, then the stacktrace (the caller's,
  # for warn/1) two spaces in, and a blank line.
  def warn(message) do
    {:current_stacktrace, stacktrace} = Process.info(self(), :current_stacktrace)
    warn(message, Enum.drop(stacktrace, 2))
  end

  def warn(message, []) do
    IO.write(:stderr, ["warning: ", IO.chardata_to_string(message), "\n\n"])
  end

  def warn(message, [{_, _} | _]), do: warn(message, [])

  def warn(message, [{_, _, _, _} | _] = stacktrace) do
    trace = Enum.map_join(stacktrace, "\n  ", &Exception.format_stacktrace_entry(&1))
    IO.write(:stderr, ["warning: ", IO.chardata_to_string(message), "\n  ", trace, "\n\n"])
  end

  def __inspect_to__(device, text, item) do
    __put_chars__(device, text)
    item
  end

  def __put_bytes__(device, iodata) do
    case io_request(device, {:put_chars, :latin1, iodata}) do
      :ok -> :ok
      {:error, reason} -> :erlang.error(reason)
    end
  end

  def __put_chars__(device, chars) do
    case io_request(device, {:put_chars, :unicode, chars}) do
      :ok -> :ok
      {:error, reason} -> :erlang.error(reason)
    end
  end

  defp io_request(pid, request) do
    ref = Process.monitor(pid)
    send(pid, {:io_request, self(), ref, request})

    receive do
      {:io_reply, ^ref, reply} ->
        Process.demonitor(ref, [:flush])
        reply

      {:DOWN, ^ref, _, _, _} ->
        {:error, :terminated}
    end
  end
end

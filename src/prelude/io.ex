# The Erlang I/O protocol for devices that are processes (StringIO, or any pid): IO functions
# send {:io_request, from, ref, request} and wait for {:io_reply, ref, reply}.
defmodule IO do
  # Reading, as Elixir's IO defines it: a device is :stdio (standard input, read through the
  # runtime's stdin device), a pid speaking the I/O protocol, or a registered name.
  def read(device \\ :stdio, line_or_chars)

  # (at the end of the data already: "" or '' as the device gives lists or binaries)
  def read(device, :all) do
    with :eof <- read(device, :eof) do
      with [_ | _] = opts <- :io.getopts(device),
           false <- Keyword.get(opts, :binary, true) do
        ''
      else
        _ -> ""
      end
    end
  end

  def read(device, :eof), do: getn(device, "", :eof)
  def read(device, :line), do: request(map_dev(device), {:get_line, :unicode, ""})

  def read(device, count) when is_integer(count) and count >= 0,
    do: request(map_dev(device), {:get_chars, :unicode, "", count})

  def binread(device \\ :stdio, line_or_chars)

  def binread(device, :all) do
    with :eof <- binread(device, :eof), do: ""
  end

  def binread(device, :eof), do: request(map_dev(device), {:get_until, :latin1, "", :eof})
  def binread(device, :line), do: request(map_dev(device), {:get_line, :latin1, ""})

  def binread(device, count) when is_integer(count) and count >= 0,
    do: request(map_dev(device), {:get_chars, :latin1, "", count})

  def getn(prompt), do: getn(prompt, 1)
  def getn(prompt, :eof), do: getn(:stdio, prompt, :eof)
  def getn(prompt, count) when is_integer(count) and count > 0, do: getn(:stdio, prompt, count)
  def getn(device, prompt) when not is_integer(prompt), do: getn(device, prompt, 1)

  def getn(device, prompt, :eof), do: getn_eof(map_dev(device), to_chardata(prompt), [])

  def getn(device, prompt, count) when is_integer(count) and count > 0,
    do: request(map_dev(device), {:get_chars, :unicode, to_chardata(prompt), count})

  defp getn_eof(device, prompt, acc) do
    case request(device, {:get_line, :unicode, prompt}) do
      line when is_binary(line) or is_list(line) -> getn_eof(device, "", [line | acc])
      :eof -> wrap_eof(:lists.reverse(acc))
      other -> other
    end
  end

  defp wrap_eof([h | _] = acc) when is_binary(h), do: IO.iodata_to_binary(acc)
  defp wrap_eof([h | _] = acc) when is_list(h), do: :lists.flatten(acc)
  defp wrap_eof([]), do: :eof

  def gets(device \\ :stdio, prompt),
    do: request(map_dev(device), {:get_line, :unicode, to_chardata(prompt)})

  # Streams over a device: IO.Stream reads it line by line (or N characters/bytes at a time)
  # when enumerated and writes what it collects.
  def stream, do: stream(:stdio, :line)

  def stream(device \\ :stdio, line_or_codepoints)
      when line_or_codepoints == :line
      when is_integer(line_or_codepoints) and line_or_codepoints > 0 do
    IO.Stream.__build__(map_dev(device), false, line_or_codepoints)
  end

  def binstream, do: binstream(:stdio, :line)

  def binstream(device \\ :stdio, line_or_bytes)
      when line_or_bytes == :line
      when is_integer(line_or_bytes) and line_or_bytes > 0 do
    IO.Stream.__build__(map_dev(device), true, line_or_bytes)
  end

  @doc false
  def each_stream(device, line_or_codepoints) do
    case read(device, line_or_codepoints) do
      :eof -> {:halt, device}
      {:error, reason} -> raise IO.StreamError, reason: reason
      data -> {[data], device}
    end
  end

  @doc false
  def each_binstream(device, line_or_chars) do
    case binread(device, line_or_chars) do
      :eof -> {:halt, device}
      {:error, reason} -> raise IO.StreamError, reason: reason
      data -> {[data], device}
    end
  end

  defp map_dev(:stdio), do: :standard_io
  defp map_dev(:stderr), do: :standard_error
  defp map_dev(other) when is_atom(other) or is_pid(other), do: other

  defp to_chardata(list) when is_list(list), do: list
  defp to_chardata(other), do: to_string(other)

  # One I/O request to a device: standard input is served by the runtime; standard error
  # cannot be read; a name stands for the process registered under it.
  defp request(:standard_io, request) do
    ref = make_ref()
    IO.__stdio_request__(ref, request)

    receive do
      {:io_reply, ^ref, reply} -> reply
    end
  end

  defp request(:standard_error, request), do: {:error, {:request, stdio_form(request)}}
  defp request(pid, request) when is_pid(pid), do: io_request(pid, request)

  defp request(name, request) when is_atom(name) do
    case Process.whereis(name) do
      nil -> {:error, :arguments}
      pid -> io_request(pid, request)
    end
  end

  # How standard_error echoes a request it cannot serve (prompts as charlists).
  defp stdio_form({:get_line, enc, prompt}), do: {:get_line, enc, IO.chardata_to_string(prompt) |> String.to_charlist()}
  defp stdio_form(other), do: other

  # IO.warn_once/3 (Elixir's own deprecation warnings): warns once per key and calling
  # function (the first entry left after dropping that many from the current stacktrace).
  @doc false
  def warn_once(key, message, stacktrace_drop_levels) do
    {:current_stacktrace, stacktrace} = Process.info(self(), :current_stacktrace)
    stacktrace = Enum.drop(stacktrace, stacktrace_drop_levels)

    seen =
      case stacktrace do
        [{mod, fun, args_or_arity, _} | _] ->
          arity = if is_list(args_or_arity), do: length(args_or_arity), else: args_or_arity
          id = {IO, :warn_once, key, mod, fun, arity}
          seen = :persistent_term.get(id, false)
          seen || :persistent_term.put(id, true)
          seen

        _ ->
          false
      end

    if seen, do: :ok, else: warn(message, stacktrace)
  end

  # The deprecated :char_lists inspect option's warnings, found by Kernel.inspect/2 or
  # IO.inspect/3 (`entry`, its own stack entry) inspecting: each as IO.warn/1 gives it in
  # Inspect.List.inspect/2, with the library's entries it was found under and the caller's
  # stack (at most 6 entries, BEAM's backtrace depth less IO.warn's two). Then the inspecting
  # function goes on: `fun` applied to `args`.
  @doc false
  def __warn_inspect__(warnings, entry, fun, args) do
    {:current_stacktrace, [_info, _self | caller]} = Process.info(self(), :current_stacktrace)
    Enum.each(warnings, fn {message, entries} -> warn(message, Enum.take(entries ++ [entry | caller], 6)) end)
    apply(fun, args)
  end

  # IO.warn/1,2: "warning: " and the message on stderr, then the stacktrace (the caller's,
  # for warn/1) two spaces in, and a blank line.
  def warn(message) do
    {:current_stacktrace, stacktrace} = Process.info(self(), :current_stacktrace)
    warn(message, Enum.drop(stacktrace, 2))
  end

  def warn(message, %{__struct__: Macro.Env} = env), do: warn(message, Macro.Env.stacktrace(env))

  def warn(message, []) do
    IO.write(:stderr, ["warning: ", to_chardata(message), "\n\n"])
  end

  # Options: the one entry :file (with :line, :module, :function) stands for, as a
  # compilation environment there gives it; without :file, no entry.
  def warn(message, [{_, _} | _] = options) do
    if file = options[:file] do
      env = %{__ENV__ | module: options[:module], function: options[:function], line: options[:line], file: file}
      warn(message, Macro.Env.stacktrace(env))
    else
      warn(message, [])
    end
  end

  def warn(message, [{_, _, _, _} | _] = stacktrace) do
    trace = Enum.map_join(stacktrace, "\n  ", &Exception.format_stacktrace_entry(&1))
    IO.write(:stderr, ["warning: ", to_chardata(message), "\n  ", trace, "\n\n"])
  end

  # Output to a process device, as OTP's io module makes it (the natives for IO.puts/write,
  # IO.inspect and :io's output functions come here for a pid): the reply, or the error io
  # raises — see :beamsh_io.output_error/6 — with `fun` and `args` as the :io call that
  # stands for the request in the stack trace. `skip` is how many of this module's frames
  # are above the caller's; `via` an Elixir function whose entry shows below io's (:inspect).
  @doc false
  def __output__(device, request, fun, args, skip, via) do
    case io_request(device, request, :io_error) do
      {:io_error, reason} -> :beamsh_io.output_error(:io, reason, fun, args, skip, via)
      {:error, reason} -> :beamsh_io.output_error(:device, reason, fun, args, skip, via)
      reply -> reply
    end
  end

  @doc false
  def __inspect_to__(device, shown, text, item) do
    __output__(device, {:put_chars, :unicode, text}, :put_chars, [shown, text], 2, :inspect)
    item
  end

  # One I/O request to a device (a pid or a registered name), answered as io:request/2 does
  # (what IO.binwrite/2 and :file.write/2 get back): the device's reply, or {:error, reason}.
  @doc false
  def __request__(device, request), do: request(device, request)

  # The I/O protocol's request to a process, as OTP's io module makes it: the device's reply,
  # or {tag, reason} for io's own errors — the device is the caller itself (calling_self) or
  # goes down before it answers (terminated).
  defp io_request(pid, request, tag \\ :error)
  defp io_request(pid, _request, tag) when pid == self(), do: {tag, :calling_self}

  defp io_request(pid, request, tag) do
    ref = Process.monitor(pid)
    send(pid, {:io_request, self(), ref, request})

    receive do
      {:io_reply, ^ref, reply} ->
        Process.demonitor(ref, [:flush])
        reply

      {:DOWN, ^ref, _, _, _} ->
        {tag, :terminated}
    end
  end
end

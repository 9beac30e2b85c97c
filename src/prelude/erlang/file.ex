# :file.open/2 and the calls on what it returns: an I/O device process (as OTP's
# file_io_server: not linked to the opener but watching it, gone when it is) that owns a raw
# handle of :beamsh_file and answers the I/O protocol, so IO.read/binread/write/binwrite
# work on it; :file.close/1, read/2, read_line/1 and write/2 on such a device. Like OTP's, a
# device whose read or write failed answers with the error and ends (later requests find it
# terminated); :file.position/2 moves it. The rest of :file is native (stdlib/file.ts).
defmodule :file do
  # An error reason in words: a {line, module, reason} as its module words it (file's own
  # from consult/eval scripts), the few of file's own, else erl_posix_msg's message.
  def format_error({_line, :file, :undefined_script}), do: 'no value returned from script'

  def format_error({line, :file, {class, reason, stacktrace}}),
    do: :io_lib.format('~w: evaluation failed with reason ~w:~w and stacktrace ~w', [line, class, reason, stacktrace])

  def format_error({line, :file, {reason, stacktrace}}),
    do: :io_lib.format('~w: evaluation failed with reason ~w and stacktrace ~w', [line, reason, stacktrace])

  def format_error({line, mod, reason}), do: :io_lib.format('~w: ~ts', [line, mod.format_error(reason)])
  def format_error(:badarg), do: 'bad argument'
  def format_error(:system_limit), do: 'a system limit was hit, probably not enough ports'
  def format_error(:terminated), do: 'the file server process is terminated'
  def format_error(error_id), do: :erl_posix_msg.message(error_id)

  def open(name, modes) when is_list(modes) do
    binary = :binary in modes
    encoding = encoding(modes)

    raw_modes =
      for m <- modes, m in [:read, :write, :append, :exclusive], do: m

    case :beamsh_file.open(name, raw_modes) do
      {:ok, fd} ->
        owner = self()
        ready = make_ref()

        # (the device knows its name, for pid2name/1, before open/2 returns it)
        pid =
          spawn(fn ->
            Process.put(:"$beamsh_file_name", name)
            watch = Process.monitor(owner)
            send(owner, {ready, self()})
            device(%{fd: fd, binary: binary, encoding: encoding, owner: owner, watch: watch})
          end)

        receive do
          {^ready, ^pid} -> {:ok, pid}
        end

      error ->
        error
    end
  end

  def open(_name, _modes), do: {:error, :badarg}

  defp encoding(modes) do
    case :lists.keyfind(:encoding, 1, modes) do
      {:encoding, enc} when enc in [:utf8, :unicode] -> :unicode
      {:encoding, :utf16} -> {:utf16, :big}
      {:encoding, :utf32} -> {:utf32, :big}
      {:encoding, enc} -> enc
      false -> :latin1
    end
  end

  # (a device already gone is closed: OTP's file:close/1 answers ok for it)
  def close(device) when is_pid(device) do
    case file_request(device, :close) do
      {:error, :terminated} -> :ok
      other -> other
    end
  end

  def close(_), do: {:error, :einval}

  def pread(file, l) when is_pid(file) and is_list(l), do: pread_int(file, l, [])
  def pread(_, _), do: {:error, :badarg}

  def pread(file, at, sz) when is_pid(file) and is_integer(sz) and sz >= 0, do: file_request(file, {:pread, at, sz})
  def pread(_, _, _), do: {:error, :badarg}

  defp pread_int(_file, [], r), do: {:ok, :lists.reverse(r)}

  defp pread_int(file, [{at, sz} | t], r) when is_integer(sz) and sz >= 0 do
    case pread(file, at, sz) do
      {:ok, data} -> pread_int(file, t, [data | r])
      :eof -> pread_int(file, t, [:eof | r])
      {:error, _} = error -> error
    end
  end

  defp pread_int(_, _, _), do: {:error, :badarg}

  def pwrite(file, l) when is_pid(file) and is_list(l), do: pwrite_int(file, l, 0)
  def pwrite(_, _), do: {:error, :badarg}

  def pwrite(file, at, bytes) when is_pid(file), do: file_request(file, {:pwrite, at, bytes})
  def pwrite(_, _, _), do: {:error, :badarg}

  defp pwrite_int(_file, [], _r), do: :ok

  defp pwrite_int(file, [{at, bytes} | t], r) do
    case pwrite(file, at, bytes) do
      :ok -> pwrite_int(file, t, r + 1)
      {:error, reason} -> {:error, {r, reason}}
    end
  end

  defp pwrite_int(_, _, _), do: {:error, :badarg}

  def sync(file) when is_pid(file), do: file_request(file, :sync)
  def sync(_), do: {:error, :badarg}

  def datasync(file) when is_pid(file), do: file_request(file, :datasync)
  def datasync(_), do: {:error, :badarg}

  def truncate(file) when is_pid(file), do: file_request(file, :truncate)
  def truncate(_), do: {:error, :badarg}

  def advise(file, offset, length, advise) when is_pid(file), do: file_request(file, {:advise, offset, length, advise})
  def advise(_, _, _, _), do: {:error, :badarg}

  def allocate(file, offset, length) when is_pid(file), do: file_request(file, {:allocate, offset, length})

  # (copies through read/2 and write/2, 64 KiB at a time; an atom length is infinity)
  def copy_opened(source, dest, length) when (is_integer(length) and length >= 0) or is_atom(length),
    do: copy_opened_int(source, dest, length)

  def copy_opened(_, _, _), do: {:error, :badarg}

  defp copy_opened_int(source, dest, length) when is_pid(source) and is_pid(dest),
    do: copy_opened_int(source, dest, length, 0)

  defp copy_opened_int(_, _, _), do: {:error, :badarg}

  defp copy_opened_int(_, _, length, copied) when length <= 0, do: {:ok, copied}

  defp copy_opened_int(source, dest, length, copied) do
    n = if length > 65536, do: 65536, else: length

    case read(source, n) do
      {:ok, data} ->
        m = if is_binary(data), do: byte_size(data), else: length(data)

        case write(dest, data) do
          :ok ->
            if m < n do
              {:ok, copied + m}
            else
              copy_opened_int(source, dest, if(is_atom(length), do: length, else: length - m), copied + m)
            end

          {:error, _} = error ->
            error
        end

      :eof ->
        {:ok, copied}

      {:error, _} = error ->
        error
    end
  end

  # the name a device was opened with, as it was given
  def pid2name(pid) when is_pid(pid) do
    case Process.info(pid, :dictionary) do
      {:dictionary, dict} ->
        case :lists.keyfind(:"$beamsh_file_name", 1, dict) do
          {_, name} -> {:ok, name}
          false -> :undefined
        end

      _ ->
        :undefined
    end
  end

  # (Unix has no drives: a drive letter is not supported, any other name is invalid)
  def get_cwd(drive) do
    case file_name(drive) do
      {:error, _} = error -> error
      [letter, ?: | _] when letter in ?a..?z or letter in ?A..?Z -> {:error, :enotsup}
      name when is_list(name) and name != [] -> {:error, :einval}
      _ -> {:error, :badarg}
    end
  end

  def delete(name, opts) when is_list(opts) do
    case file_name(name) do
      {:error, _} = error -> error
      file_name -> :file.delete(file_name)
    end
  end

  def altname(name) do
    case file_name(name) do
      {:error, _} = error -> error
      _ -> {:error, :enotsup}
    end
  end

  def raw_read_file_info(name), do: :file.read_file_info(name, [:raw])

  def raw_write_file_info(name, info) when is_tuple(info) and tuple_size(info) == 14 and elem(info, 0) == :file_info,
    do: :file.write_file_info(name, info, [:raw])

  # file:file_name/1: a name flattened (atoms and deep lists) or kept a binary; else badarg
  defp file_name(n) when is_binary(n), do: n

  defp file_name(n) do
    try do
      file_name_1(n)
    catch
      :error, _ -> {:error, :badarg}
    end
  end

  defp file_name_1([c | t]) when is_integer(c) and c > 0, do: [c | file_name_1(t)]
  defp file_name_1([h | t]), do: file_name_1(h) ++ file_name_1(t)
  defp file_name_1([]), do: []
  defp file_name_1(n) when is_atom(n), do: :erlang.atom_to_list(n)

  def path_open(path_list, name, mode) do
    case file_name(name) do
      {:error, _} = error ->
        error

      file_name ->
        case :filename.pathtype(file_name) do
          :relative ->
            path_open_first(path_list, file_name, mode, :enoent)

          _ ->
            case open(name, mode) do
              {:ok, fd} -> {:ok, fd, name}
              error -> error
            end
        end
    end
  end

  defp path_open_first([path | rest], name, mode, last_error) do
    case file_name(path) do
      {:error, _} = error ->
        error

      file_path ->
        file_name = :filename.join(file_path, name)

        case open(file_name, mode) do
          {:ok, fd} -> {:ok, fd, file_name}
          {:error, reason} when reason in [:enoent, :enotdir] -> path_open_first(rest, name, mode, last_error)
          error -> error
        end
    end
  end

  defp path_open_first([], _name, _mode, last_error), do: {:error, last_error}

  # Files of Erlang expressions, each sequence ended by a full stop, evaluated in turn with
  # :erl_eval as OTP's eval_stream does: eval answers :ok, script the last value; the first
  # error (a syntax error, or {line, :file, {class, reason, stacktrace}}) is returned.
  def eval(file), do: eval(file, :erl_eval.new_bindings())

  def eval(file, bs) do
    case open(file, [:read]) do
      {:ok, fd} ->
        r = eval_stream(fd, :ignore, bs)
        close(fd)
        r

      error ->
        error
    end
  end

  def path_eval(path, file), do: path_eval(path, file, :erl_eval.new_bindings())

  def path_eval(path, file, bs) do
    case path_open(path, file, [:read]) do
      {:ok, fd, full} ->
        r = eval_stream(fd, :ignore, bs)
        close(fd)
        if r == :ok, do: {:ok, full}, else: r

      error ->
        error
    end
  end

  def script(file), do: script(file, :erl_eval.new_bindings())

  def script(file, bs) do
    case open(file, [:read]) do
      {:ok, fd} ->
        r = eval_stream(fd, :return, bs)
        close(fd)
        r

      error ->
        error
    end
  end

  def path_script(path, file), do: path_script(path, file, :erl_eval.new_bindings())

  def path_script(path, file, bs) do
    case path_open(path, file, [:read]) do
      {:ok, fd, full} ->
        r = eval_stream(fd, :return, bs)
        close(fd)

        case r do
          {:ok, value} -> {:ok, value, full}
          other -> other
        end

      error ->
        error
    end
  end

  defp eval_stream(fd, h, bs), do: eval_stream(fd, h, 1, :undefined, [], bs)

  defp eval_stream(fd, h, line, last, e, bs), do: eval_stream2(:io.parse_erl_exprs(fd, '', line), fd, h, last, e, bs)

  defp eval_stream2({:ok, form, end_line}, fd, h, last, e, bs0) do
    try do
      :erl_eval.exprs(form, bs0)
    catch
      class, reason -> eval_stream(fd, h, end_line, last, [{end_line, :file, {class, reason, __STACKTRACE__}} | e], bs0)
    else
      {:value, v, bs} -> eval_stream(fd, h, end_line, {v}, e, bs)
    end
  end

  defp eval_stream2({:error, what, end_line}, fd, h, last, e, bs), do: eval_stream(fd, h, end_line, last, [what | e], bs)

  defp eval_stream2({:eof, end_line}, _fd, h, last, e, _bs) do
    case {h, last, e} do
      {:return, {val}, []} -> {:ok, val}
      {:return, :undefined, e} -> {:error, hd(:lists.reverse(e, [{end_line, :file, :undefined_script}]))}
      {:ignore, _, []} -> :ok
      {_, _, [_ | _] = e} -> {:error, hd(:lists.reverse(e))}
    end
  end

  def path_consult(path, file) do
    case path_open(path, file, [:read]) do
      {:ok, fd, full} ->
        close(fd)

        case :file.consult(full) do
          {:ok, list} -> {:ok, list, full}
          error -> error
        end

      error ->
        error
    end
  end

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
          # (OTP's server ends without answering a line or everything it failed to read, but
          # answers what it could not translate)
          {:error, reason} when elem(request, 0) in [:get_line, :get_until] and not (is_tuple(reason) and elem(reason, 0) == :no_translation) ->
            stop(state, reason)

          {:error, reason} when elem(request, 0) in [:put_chars, :get_chars, :get_line, :get_until] ->
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

      {:file_request, from, ref, request} ->
        # (file_io_server's answers: some failures end the device after the reply)
        case file_io(request, state) do
          {:reply, reply} ->
            send(from, {:file_reply, ref, reply})
            device(state)

          {:stop, reason, reply} ->
            send(from, {:file_reply, ref, reply})
            stop(state, reason)
        end

      {:DOWN, ref, _, _, reason} when ref == state.watch ->
        stop(state, reason)
    end
  end

  # pread and pwrite move the position first (at :cur they read or write where it stands)
  defp file_io({:pread, at, sz}, state) do
    case at in [:cur, {:cur, 0}] or at_position(state, at) do
      {:error, _} = error ->
        {:reply, error}

      _ ->
        case :beamsh_file.read(state.fd, sz) do
          {:ok, bytes} -> {:reply, {:ok, if(state.binary, do: bytes, else: :erlang.binary_to_list(bytes))}}
          :eof -> {:reply, :eof}
          {:error, reason} = error -> {:stop, reason, error}
        end
    end
  end

  defp file_io({:pwrite, at, data}, state) do
    case at in [:cur, {:cur, 0}] or at_position(state, at) do
      {:error, _} = error ->
        {:reply, error}

      _ ->
        reply =
          try do
            :erlang.iolist_to_binary(data)
          rescue
            ArgumentError -> {:error, :badarg}
          else
            bytes -> :beamsh_file.write(state.fd, bytes)
          end

        case reply do
          :ok -> {:reply, :ok}
          {:error, reason} -> {:stop, reason, reply}
        end
    end
  end

  defp file_io({:allocate, offset, length}, state), do: {:reply, :beamsh_file.allocate(state.fd, offset, length)}

  defp file_io(request, state) when request in [:sync, :datasync, :truncate] or elem(request, 0) == :advise do
    reply =
      case request do
        {:advise, offset, length, advice} -> :beamsh_file.advise(state.fd, offset, length, advice)
        _ -> apply(:beamsh_file, request, [state.fd])
      end

    case reply do
      {:error, reason} -> {:stop, reason, reply}
      _ -> {:reply, reply}
    end
  end

  defp file_io(unknown, _state), do: {:reply, {:error, {:request, unknown}}}

  defp at_position(state, at) do
    case :beamsh_file.position(state.fd, at) do
      {:ok, _} -> :ok
      error -> error
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
        {_, file_enc} -> :unicode.characters_to_binary(chars, enc, file_enc)
      end

    if is_binary(bytes), do: {:beamsh_file.write(state.fd, bytes), state}, else: {{:error, {:no_translation, enc, state.encoding}}, state}
  end

  defp io({:put_chars, enc, mod, fun, args}, state), do: io({:put_chars, enc, apply(mod, fun, args)}, state)
  defp io({:get_line, _prompt}, state), do: io({:get_line, :latin1, ""}, state)
  defp io({:get_line, enc, _prompt}, state) when state.encoding in [:latin1, :unicode],
    do: {out(:beamsh_file.read_line(state.fd), enc, state), state}

  defp io({:get_line, enc, _prompt}, state), do: {decoded(read_line(state.fd, state.encoding, []), enc, state), state}
  defp io({:get_chars, _prompt, n}, state), do: io({:get_chars, :latin1, "", n}, state)

  defp io({:get_chars, enc, _prompt, n}, state) when state.encoding not in [:latin1, :unicode],
    do: {decoded(read_n_chars(state.fd, state.encoding, n, []), enc, state), state}

  defp io({:get_chars, enc, _prompt, n}, state) do
    {out(read_chars(state.fd, n, enc, state.encoding), enc, state), state}
  end

  defp io({:get_until, enc, _prompt, :eof}, state) when state.encoding in [:latin1, :unicode],
    do: {out(read_all(state.fd, []), enc, state), state}

  defp io({:get_until, enc, _prompt, :eof}, state) do
    case read_all(state.fd, []) do
      {:ok, data} -> {decoded(convert(data, state.encoding), enc, state), state}
      other -> {other, state}
    end
  end
  # get_until with a scanner (io:read, io:parse_erl_exprs...): lines are handed to
  # mod:fun until it is done; what it leaves of the last line is read again next time.
  defp io({:get_until, prompt, mod, fun, args}, state), do: io({:get_until, :latin1, prompt, mod, fun, args}, state)
  defp io({:get_until, _enc, _prompt, mod, fun, args}, state), do: {get_until(state, mod, fun, args, []), state}
  defp io({:setopts, _}, state), do: {:ok, state}
  defp io(:getopts, state), do: {[binary: state.binary, encoding: state.encoding], state}
  defp io({:requests, reqs}, state), do: requests(reqs, {:ok, state})
  defp io(_, state), do: {{:error, :request}, state}

  defp get_until(state, mod, fun, args, cont) do
    chars =
      case (if state.encoding in [:latin1, :unicode], do: :beamsh_file.read_line(state.fd), else: read_line(state.fd, state.encoding, [])) do
        {:ok, data} when state.encoding == :latin1 -> :erlang.binary_to_list(data)
        {:ok, data} -> :unicode.characters_to_list(data, state.encoding)
        :eof -> :eof
        other -> other
      end

    case chars do
      {:error, _} = error ->
        error

      _ ->
        case apply(mod, fun, [cont, chars | args]) do
          {:done, result, rest} ->
            unread(state, rest)
            result

          {:more, cont} when chars == :eof ->
            {:error, {mod, fun, cont}}

          {:more, cont} ->
            get_until(state, mod, fun, args, cont)
        end
    end
  end

  defp unread(_state, rest) when not is_list(rest) or rest == [], do: :ok

  defp unread(state, rest) do
    bytes =
      case state.encoding do
        :latin1 -> length(rest)
        enc -> byte_size(:unicode.characters_to_binary(rest, :unicode, enc))
      end

    :beamsh_file.position(state.fd, {:cur, -bytes})
    :ok
  end

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

  # A file in UTF-16 or UTF-32 is read a character at a time (a surrogate pair is one) and
  # converted to Unicode; what is read is then given as the request asked (latin1 only when
  # every character fits).
  defp read_char(fd, enc) do
    unit = if match?({:utf16, _}, enc), do: 2, else: 4

    case :beamsh_file.read(fd, unit) do
      {:ok, <<hi, _>> = bytes} when unit == 2 and hi in 0xD8..0xDB and enc == {:utf16, :big} -> pair(fd, bytes, enc)
      {:ok, <<_, hi>> = bytes} when unit == 2 and hi in 0xD8..0xDB and enc == {:utf16, :little} -> pair(fd, bytes, enc)
      {:ok, bytes} when byte_size(bytes) == unit -> convert(bytes, enc)
      {:ok, _partial} -> {:error, :collect_line}
      other -> other
    end
  end

  defp pair(fd, first, enc) do
    case :beamsh_file.read(fd, 2) do
      {:ok, <<_, _>> = second} -> convert(first <> second, enc)
      {:ok, _} -> {:error, :collect_line}
      other -> other
    end
  end

  defp convert(bytes, enc) do
    case :unicode.characters_to_binary(bytes, enc, :unicode) do
      data when is_binary(data) -> {:ok, data}
      _ -> {:error, :collect_line}
    end
  end

  defp read_line(fd, enc, acc) do
    case read_char(fd, enc) do
      {:ok, "\n"} -> {:ok, IO.iodata_to_binary([acc, "\n"])}
      {:ok, char} -> read_line(fd, enc, [acc, char])
      :eof when acc == [] -> :eof
      :eof -> {:ok, IO.iodata_to_binary(acc)}
      other -> other
    end
  end

  defp read_n_chars(_fd, _enc, 0, acc), do: {:ok, IO.iodata_to_binary(acc)}

  defp read_n_chars(fd, enc, n, acc) do
    case read_char(fd, enc) do
      {:ok, char} -> read_n_chars(fd, enc, n - 1, [acc, char])
      :eof when acc == [] -> :eof
      :eof -> {:ok, IO.iodata_to_binary(acc)}
      other -> other
    end
  end

  defp decoded({:ok, data}, :unicode, state), do: if(state.binary, do: data, else: :unicode.characters_to_list(data))

  defp decoded({:ok, data}, :latin1, state) do
    case :unicode.characters_to_binary(data, :unicode, :latin1) do
      bytes when is_binary(bytes) -> if state.binary, do: bytes, else: :erlang.binary_to_list(bytes)
      _ -> {:error, {:no_translation, state.encoding, :latin1}}
    end
  end

  defp decoded(other, _enc, _state), do: other

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

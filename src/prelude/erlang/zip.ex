# Erlang's :zip: archives made and read whole in memory or on disk, with OTP 25's layout
# (version 2.0 headers, a file under 10 bytes and the already-compressed suffixes stored,
# others raw deflate fed 8 KiB at a time with a full flush between, DOS times whose seconds
# keep their low 5 bits, names with a byte above 127 written as UTF-8 with flag bit 11, no
# extra fields). Records are tuples: #zip_comment{comment}, #zip_file{name, info, comment,
# offset, comp_size}, and #file_info{} with its 13 fields. Errors come back as
# {:error, reason}, as zip.erl's catch turns its throws into them.
defmodule :zip do
  import Bitwise

  @stored 0
  @deflated 8
  @gp_utf8 0x800
  @local_magic 0x04034B50
  @central_magic 0x02014B50
  @eocd_magic 0x06054B50
  @block 8192
  @default_uncompress ['.Z', '.zip', '.zoo', '.arc', '.lzh', '.arj']

  def zip(name, files), do: zip(name, files, [])
  def zip(name, files, options), do: catching(fn -> do_zip(name, files, options) end)
  def create(name, files), do: zip(name, files, [])
  def create(name, files, options), do: zip(name, files, options)

  def unzip(archive), do: unzip(archive, [])
  def unzip(archive, options), do: catching(fn -> do_unzip(archive, options) end)
  def extract(archive), do: unzip(archive, [])
  def extract(archive, options), do: unzip(archive, options)

  def list_dir(archive), do: list_dir(archive, [])
  def list_dir(archive, options), do: catching(fn -> do_list_dir(archive, options) end)
  def table(archive), do: list_dir(archive, [])
  def table(archive, options), do: list_dir(archive, options)

  def t(archive) do
    case catching(fn -> {:ok, print_listing(archive, :short)} end) do
      {:ok, :ok} -> :ok
      error -> error
    end
  end

  def tt(archive) do
    case catching(fn -> {:ok, print_listing(archive, :long)} end) do
      {:ok, :ok} -> :ok
      error -> error
    end
  end

  def foldl(fun, acc, archive) when is_function(fun, 4) do
    bytes =
      case archive do
        {_name, bin} when is_binary(bin) -> {:ok, bin}
        name when is_list(name) or is_binary(name) -> :file.read_file(name)
        _ -> {:error, :einval}
      end

    with {:ok, bin} <- bytes do
      try do
        {_comment, entries} = central_dir(bin)

        acc =
          Enum.reduce(entries, acc, fn {zf, _crc, raw_name} = entry, acc ->
            # the name as the archive's bytes (foldl does not decode UTF-8 names)
            {:zip_file, _name, info, _, _, _} = zf
            name = :binary.bin_to_list(raw_name)
            get_bin = fn -> elem(entry_data(bin, entry), 0) end
            fun.(name, fn -> info end, get_bin, acc)
          end)

        {:ok, acc}
      catch
        :throw, :bad_eocd -> {:error, 'Not an archive file'}
        :throw, reason -> {:error, reason}
      end
    end
  end

  def foldl(_fun, _acc, _archive), do: {:error, :einval}

  defp catching(fun) do
    try do
      fun.()
    catch
      :throw, reason -> {:error, reason}
    end
  end

  # ---- creating ----------------------------------------------------------------------

  defp do_zip(name, files, options) do
    opts = zip_options(options, %{memory: false, cwd: '', comment: '', compress: :all, uncompress: @default_uncompress, verbose: false})
    unless is_list(files), do: throw(:einval)
    {comment, _} = encode_string(opts.comment)
    {body, headers, pos} = put_files(files, opts, [], [], 0)
    central = Enum.map(headers, &central_header/1)
    central_size = IO.iodata_length(central)

    eocd = [
      <<@eocd_magic::32-little, 0::16-little, 0::16-little, length(headers)::16-little, length(headers)::16-little,
        central_size::32-little, pos::32-little, length(comment)::16-little>>,
      comment
    ]

    archive = IO.iodata_to_binary([Enum.reverse(body), central, eocd])

    if opts.memory do
      {:ok, {name, archive}}
    else
      ensure_dir(name)

      case :file.write_file(name, archive) do
        :ok -> {:ok, name}
        {:error, reason} -> throw(reason)
      end
    end
  end

  defp zip_options([], opts), do: opts
  defp zip_options([:memory | rest], opts), do: zip_options(rest, %{opts | memory: true})
  defp zip_options([:cooked | rest], opts), do: zip_options(rest, opts)
  defp zip_options([:verbose | rest], opts), do: zip_options(rest, %{opts | verbose: true})
  defp zip_options([{:cwd, cwd} | rest], opts), do: zip_options(rest, %{opts | cwd: cwd})
  defp zip_options([{:comment, c} | rest], opts), do: zip_options(rest, %{opts | comment: c})

  defp zip_options([{which, spec} = option | rest], opts) when which in [:compress, :uncompress] do
    current = Map.fetch!(opts, which)

    value =
      case spec do
        :all -> :all
        suffixes when is_list(suffixes) -> :lists.usort(suffixes)
        {:add, suffixes} when is_list(suffixes) -> :lists.usort(list_or_empty(current) ++ suffixes)
        {:del, suffixes} when is_list(suffixes) -> :lists.usort(list_or_empty(current) -- suffixes)
        _ -> throw({:bad_option, option})
      end

    zip_options(rest, Map.put(opts, which, value))
  end

  defp zip_options([unknown | _], _opts), do: throw({:bad_option, unknown})

  defp list_or_empty(:all), do: []
  defp list_or_empty(list), do: list

  defp put_files([], _opts, body, headers, pos), do: {body, Enum.reverse(headers), pos}

  defp put_files([file | rest], opts, body, headers, pos) do
    {info, data, path} = file_input(file, opts)
    {:file_info, size, type, _, _, mtime, _, _, _, _, _, _, _, _} = info
    size = if type == :directory, do: 0, else: size
    name0 = entry_name(file, type)
    {name, flag} = encode_string(name0)
    method = comp_method(name, size, opts, type)
    {compressed, crc} = compress(method, type, data)
    {date, time} = dos_date_time(mtime)

    header = %{
      flag: flag, method: method, time: time, date: date, crc: crc, comp_size: IO.iodata_length(compressed),
      size: size, name: name, offset: pos, type: type
    }

    if opts.verbose, do: :io.format('adding: ~ts\n', [:io_lib.write_string(name0)])

    local = [
      <<@local_magic::32-little, 20::16-little, flag::16-little, method::16-little, time::16-little, date::16-little,
        crc::32-little, header.comp_size::32-little, size::32-little, length(name)::16-little, 0::16-little>>,
      name,
      compressed
    ]

    pos = pos + 30 + length(name) + header.comp_size
    body = [local | body]

    case type do
      :directory ->
        children =
          case :file.list_dir(path) do
            # zip.erl adds a directory's files in the reverse of list_dir's order
            {:ok, names} -> Enum.map(Enum.reverse(names), &:filename.join([file_name_of(file), &1]))
            {:error, reason} -> throw(reason)
          end

        {body, sub_headers, pos} = put_files(children, opts, body, [], pos)
        put_files(rest, opts, body, Enum.reverse(sub_headers) ++ [header | headers], pos)

      _ ->
        put_files(rest, opts, body, [header | headers], pos)
    end
  end

  defp file_name_of({name, _}), do: name
  defp file_name_of({name, _, _}), do: name
  defp file_name_of(name), do: name

  # what to store for one entry of the file list: {file_info, bytes, path on disk}
  defp file_input({name, bin, {:file_info, _, _, _, _, _, _, _, _, _, _, _, _, _} = info}, _opts) when is_list(name) and is_binary(bin),
    do: {info, bin, nil}

  defp file_input({name, {:file_info, _, _, _, _, _, _, _, _, _, _, _, _, _} = info, bin}, _opts) when is_list(name) and is_binary(bin),
    do: {info, bin, nil}

  defp file_input({name, bin}, _opts) when is_list(name) and is_binary(bin) do
    now = :calendar.local_time()
    {{:file_info, byte_size(bin), :regular, :read_write, now, now, now, 0, 1, 0, 0, 0, 0, 0}, bin, nil}
  end

  defp file_input(name, opts) when is_list(name) do
    path = if opts.cwd == '', do: name, else: :filename.join(opts.cwd, name)

    case :file.read_file_info(path) do
      {:ok, {:file_info, _, :directory, _, _, _, _, _, _, _, _, _, _, _} = info} ->
        {info, "", path}

      {:ok, info} ->
        case :file.read_file(path) do
          {:ok, bin} -> {info, bin, path}
          {:error, reason} -> throw(reason)
        end

      {:error, reason} ->
        throw(reason)
    end
  end

  defp file_input(_file, _opts), do: throw(:einval)

  defp entry_name(file, :directory) do
    name = file_name_of(file)
    if List.last(name) == ?/, do: sanitize(name), else: sanitize(name ++ '/')
  end

  defp entry_name(file, _type), do: sanitize(file_name_of(file))

  defp sanitize(name) do
    case :filename.pathtype(name) do
      :relative ->
        name

      _ ->
        relative = :filename.join(tl(:filename.split(name)))
        :error_logger.format('Illegal absolute path: ~ts, converting to ~ts~n', [name, relative])
        relative
    end
  end

  defp encode_string(string) do
    if Enum.any?(string, &(&1 > 127)) do
      case :unicode.characters_to_binary(string) do
        bin when is_binary(bin) -> {:binary.bin_to_list(bin), @gp_utf8}
        _ -> throw({:bad_unicode, string})
      end
    else
      {string, 0}
    end
  end

  defp comp_method(_name, size, _opts, _type) when size < 10, do: @stored
  defp comp_method(_name, _size, _opts, :directory), do: @stored

  defp comp_method(name, _size, opts, _type) do
    ext = :filename.extension(name)
    test = fun_in(ext)
    if test.(opts.compress) and not test.(opts.uncompress), do: @deflated, else: @stored
  end

  defp fun_in(ext), do: fn which -> which == :all or :lists.member(ext, which) end

  defp compress(_method, :directory, _data), do: {"", 0}
  defp compress(_method, _type, ""), do: {"", 0}
  defp compress(@stored, _type, data), do: {data, :erlang.crc32(data)}

  defp compress(@deflated, _type, data) do
    z = :zlib.open()
    :ok = :zlib.deflateInit(z, :default, :deflated, -15, 8, :default)
    out = deflate_blocks(z, data, [])
    :zlib.deflateEnd(z)
    :zlib.close(z)
    {IO.iodata_to_binary(out), :erlang.crc32(data)}
  end

  defp deflate_blocks(z, data, acc) when byte_size(data) <= @block,
    do: Enum.reverse([:zlib.deflate(z, data, :finish) | acc])

  defp deflate_blocks(z, <<block::binary-size(@block), rest::binary>>, acc),
    do: deflate_blocks(z, rest, [:zlib.deflate(z, block, :full) | acc])

  # the seconds go in 5 bits as they are (not halved), as zip.erl writes them
  defp dos_date_time({{year, month, day}, {hour, min, sec}}) do
    <<time::16>> = <<hour::5, min::6, sec::5>>
    <<date::16>> = <<year - 1980::7, month::4, day::5>>
    {date, time}
  end

  defp dos_datetime(date, time) do
    <<hour::5, min::6, sec::5>> = <<time::16>>
    <<year::7, month::4, day::5>> = <<date::16>>
    {{year + 1980, month, day}, {hour, min, sec}}
  end

  defp central_header(h) do
    attrs = if h.type == :directory, do: 0o744 <<< 16, else: 0o644 <<< 16

    [
      <<@central_magic::32-little, 20 ||| 3 <<< 8::16-little, 20::16-little, h.flag::16-little, h.method::16-little,
        h.time::16-little, h.date::16-little, h.crc::32-little, h.comp_size::32-little, h.size::32-little,
        length(h.name)::16-little, 0::16-little, 0::16-little, 0::16-little, 0::16-little, attrs::32-little,
        h.offset::32-little>>,
      h.name
    ]
  end

  # ---- reading -----------------------------------------------------------------------

  defp read_archive(archive) when is_binary(archive), do: archive

  defp read_archive(archive) when is_list(archive) do
    case :file.read_file(archive) do
      {:ok, bin} -> bin
      {:error, reason} -> throw(reason)
    end
  end

  defp read_archive(_), do: throw(:einval)

  # {comment, [{zip_file, crc, name's bytes}]} from the end of central directory record and the directory
  defp central_dir(bin) do
    {count, offset, comment} = find_eocd(bin)
    {comment, read_entries(bin, offset, count, [])}
  end

  # the last end-of-central-directory signature with a whole record after it
  defp find_eocd(bin) do
    size = byte_size(bin)

    at =
      :binary.matches(bin, <<@eocd_magic::32-little>>)
      |> Enum.filter(fn {pos, _} -> pos + 22 <= size end)
      |> List.last()

    case at do
      nil ->
        throw(:bad_eocd)

      {at, _} ->
        <<_::binary-size(at), _magic::32, _disk::16, _start::16, _on_disk::16-little, count::16-little,
          _size::32-little, offset::32-little, comment_len::16-little, rest::binary>> = bin

        comment_len = min(comment_len, byte_size(rest))
        <<comment::binary-size(comment_len), _::binary>> = rest
        {count, offset, to_chars(comment)}
    end
  end

  defp read_entries(_bin, _at, 0, acc), do: Enum.reverse(acc)

  defp read_entries(bin, at, n, acc) do
    case bin do
      <<_::binary-size(at), @central_magic::32-little, _made::16, _needed::16, flag::16-little, _method::16-little,
        time::16-little, date::16-little, crc::32-little, comp_size::32-little, size::32-little, name_len::16-little,
        extra_len::16-little, comment_len::16-little, _disk::16, _int::16, _ext::32, offset::32-little, rest::binary>> ->
        case rest do
          <<bname::binary-size(name_len), _extra::binary-size(extra_len), bcomment::binary-size(comment_len), _::binary>> ->
            name = name_chars(bname, flag)
            t = dos_datetime(date, time)
            type = if List.last(name) == ?/, do: :directory, else: :regular
            info = {:file_info, size, type, :read_write, t, t, t, 0o066, 1, 0, 0, 0, 0, 0}
            zf = {:zip_file, name, info, to_chars(bcomment), offset, comp_size}
            read_entries(bin, at + 46 + name_len + extra_len + comment_len, n - 1, [{zf, crc, bname} | acc])

          _ ->
            throw(:bad_central_directory)
        end

      _ ->
        throw(:bad_central_directory)
    end
  end

  defp name_chars(bin, flag) when (flag &&& @gp_utf8) != 0, do: :unicode.characters_to_list(bin)
  defp name_chars(bin, _flag), do: :binary.bin_to_list(bin)

  defp to_chars(bin) do
    case :unicode.characters_to_binary(bin) do
      ^bin -> :unicode.characters_to_list(bin)
      _ -> :binary.bin_to_list(bin)
    end
  end

  # an entry's bytes, checked against the directory's CRC
  defp entry_data(bin, {{:zip_file, _name, _info, _comment, offset, dir_comp_size}, dir_crc, _raw_name}) do
    case bin do
      <<_::binary-size(offset), @local_magic::32-little, _needed::16, flag::16-little, method::16-little, _time::16,
        _date::16, crc::32-little, comp_size::32-little, _size::32-little, name_len::16-little, extra_len::16-little,
        rest::binary>> ->
        {comp_size, crc} = if (flag &&& 8) == 8, do: {dir_comp_size, dir_crc}, else: {comp_size, crc}

        data =
          case rest do
            <<bname::binary-size(name_len), _extra::binary-size(extra_len), data::binary-size(comp_size), _::binary>> ->
              _ = bname
              data

            _ ->
              throw(:bad_file_header)
          end

        out =
          case method do
            @stored ->
              data

            @deflated ->
              z = :zlib.open()
              :ok = :zlib.inflateInit(z, -15)
              out = IO.iodata_to_binary(:zlib.inflate(z, data))
              :zlib.close(z)
              out

            _ ->
              throw(:bad_file_header)
          end

        {out, crc}

      _ ->
        throw(:bad_local_file_header)
    end
  end

  defp do_unzip(archive, options) do
    opts = unzip_options(options, %{memory: false, cwd: '', verbose: false, filters: []})
    bin = read_archive(archive)
    {_comment, entries} = central_dir(bin)

    files =
      Enum.flat_map(entries, fn {{:zip_file, name0, _, _, _, _} = zf, _, _} = entry ->
        name = sanitize(name0)

        {ok, target} =
          case check_level(:filename.split(name), 0) do
            {last, level} when level < 0 ->
              cwd_text = if opts.cwd == '', do: './', else: opts.cwd
              :error_logger.format('Illegal path: ~ts, extracting in ~ts~n', [add_cwd(opts.cwd, name), cwd_text])
              target = add_cwd(opts.cwd, last)
              {Enum.all?(opts.filters, & &1.(zf)) and Enum.all?(opts.filters, & &1.(put_elem(zf, 1, target))), target}

            _ ->
              {Enum.all?(opts.filters, & &1.(zf)), add_cwd(opts.cwd, name)}
          end

        cond do
          not ok ->
            []

          List.last(name) == ?/ ->
            unless opts.memory, do: ensure_dir(target)
            []

          true ->
            {data, crc} = entry_data(bin, entry)
            if :erlang.crc32(data) != crc, do: throw({:bad_crc, name})
            if opts.verbose, do: :io.format('extracting: ~ts\n', [:io_lib.write_string(name)])

            if opts.memory do
              [{target, data}]
            else
              ensure_dir(target)

              case :file.write_file(target, data) do
                :ok -> [target]
                {:error, reason} -> throw(reason)
              end
            end
        end
      end)

    {:ok, files}
  end

  defp unzip_options([], opts), do: opts
  defp unzip_options([:memory | rest], opts), do: unzip_options(rest, %{opts | memory: true})
  defp unzip_options([:cooked | rest], opts), do: unzip_options(rest, opts)
  defp unzip_options([:verbose | rest], opts), do: unzip_options(rest, %{opts | verbose: true})
  defp unzip_options([{:cwd, cwd} | rest], opts), do: unzip_options(rest, %{opts | cwd: cwd})

  defp unzip_options([{:file_filter, fun} | rest], opts),
    do: unzip_options(rest, %{opts | filters: opts.filters ++ [fun]})

  defp unzip_options([{:file_list, list} | rest], opts),
    do: unzip_options(rest, %{opts | filters: opts.filters ++ [fn zf -> :lists.member(elem(zf, 1), list) end]})

  defp unzip_options([:keep_old_files | rest], opts) do
    keep = fn zf ->
      name = elem(zf, 1)
      not (File.regular?(List.to_string(name)) or File.dir?(List.to_string(name)))
    end

    unzip_options(rest, %{opts | filters: opts.filters ++ [keep]})
  end

  defp unzip_options([unknown | _], _opts), do: throw({:bad_option, unknown})

  defp check_level([last], level), do: {last, level}
  defp check_level(['.' | parts], level), do: check_level(parts, level)
  defp check_level(['..' | parts], level), do: check_level(parts, level - 1)
  defp check_level([_ | parts], level), do: check_level(parts, level + 1)

  defp add_cwd('', name), do: name
  defp add_cwd(cwd, name), do: :filename.join(cwd, name)

  defp ensure_dir(name) do
    dir = :filename.dirname(name)

    case File.mkdir_p(IO.chardata_to_string(dir)) do
      :ok -> :ok
      {:error, reason} -> throw(reason)
    end
  end

  defp do_list_dir(archive, options) do
    names_only =
      Enum.reduce(options, false, fn
        :cooked, acc -> acc
        :names_only, _ -> true
        unknown, _ -> throw({:bad_option, unknown})
      end)

    {comment, entries} = central_dir(read_archive(archive))

    if names_only do
      {:ok, Enum.map(entries, fn {zf, _, _} -> elem(zf, 1) end)}
    else
      {:ok, [{:zip_comment, comment} | Enum.map(entries, fn {zf, _, _} -> zf end)]}
    end
  end

  defp print_listing(archive, how) do
    {comment, entries} = central_dir(read_archive(archive))
    if comment != '', do: :io.format('Archive comment: ~ts\n', [comment])

    Enum.each(entries, fn {{:zip_file, name, info, file_comment, _, comp_size}, _, _} ->
      case how do
        :short ->
          :io.format('~ts\n', [name])

        :long ->
          {:file_info, size, _, _, _, mtime, _, _, _, _, _, _, _, _} = info
          percent = if size == 0, do: 100, else: round(comp_size * 100 / size)
          :io.format('~8w ~s ~8w ~2w% ~ts ~ts\n', [comp_size, time_text(mtime), size, percent, name, file_comment])
      end
    end)

    :ok
  end

  defp time_text({{y, mon, day}, {h, min, _}}) do
    months = {'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'}
    :io_lib.format('~s ~2w ~s:~s ~w', [elem(months, mon - 1), day, two(h), two(min), y])
  end

  defp two(n), do: tl(Integer.to_charlist(n + 100))
end

# File.Stream: File.stream!/3's lazy view of a file, read by lines or by chunks of bytes when
# enumerated (the file is opened then, and closed when the enumeration stops), and a
# Collectable that writes what is put into it.
defmodule File.Stream do
  defstruct path: nil, modes: [], line_or_bytes: :line, raw: true

  # Without an encoding the file is read raw, ahead in 64 KiB blocks unless the modes say
  # otherwise ({:read_ahead, false} turns it off).
  def __build__(path, modes, line_or_bytes) do
    raw = :lists.keyfind(:encoding, 1, modes) == false

    modes =
      cond do
        not raw -> modes
        :lists.keyfind(:read_ahead, 1, modes) == {:read_ahead, false} -> [:raw | :lists.keydelete(:read_ahead, 1, modes)]
        :lists.keymember(:read_ahead, 1, modes) -> [:raw | modes]
        true -> [:raw, :read_ahead | modes]
      end

    %File.Stream{path: path, modes: modes, line_or_bytes: line_or_bytes, raw: raw}
  end
end

defimpl Enumerable, for: File.Stream do
  @read_ahead_size 65536

  # A raw stream reads a :beamsh_file handle in the enumerating process (as OTP's raw files);
  # one with an encoding reads characters from a :file device. :trim_bom skips a byte order
  # mark at the start.
  def reduce(%File.Stream{path: path, modes: modes, line_or_bytes: line_or_bytes, raw: raw}, acc, fun) do
    start_fun = fn ->
      case open(path, modes, raw) do
        {:ok, device} ->
          if :trim_bom in modes, do: trim_bom(device, raw) |> elem(0), else: device

        {:error, reason} ->
          raise File.Error, reason: reason, action: "stream", path: path
      end
    end

    next_fun =
      case raw do
        true -> &each_raw(&1, line_or_bytes)
        false -> &IO.each_stream(&1, line_or_bytes)
      end

    close_fun = if raw, do: &:beamsh_file.close/1, else: &:file.close/1
    Stream.resource(start_fun, next_fun, close_fun).(acc, fun)
  end

  def count(%File.Stream{path: path, modes: modes, line_or_bytes: :line, raw: raw}) do
    pattern = :binary.compile_pattern("\n")

    case open(path, modes, raw) do
      {:ok, device} ->
        try do
          if :trim_bom in modes, do: trim_bom(device, raw)
          {:ok, count_lines(device, path, pattern, raw, 0)}
        after
          close(device, raw)
        end

      {:error, reason} ->
        raise File.Error, reason: reason, action: "stream", path: path
    end
  end

  def count(%File.Stream{path: path, line_or_bytes: bytes, raw: true, modes: modes}) do
    case File.stat(path) do
      {:ok, %{size: 0}} ->
        {:error, __MODULE__}

      {:ok, %{size: size}} ->
        remainder = if rem(size, bytes) == 0, do: 0, else: 1
        {:ok, div(size, bytes) + remainder - count_raw_bom(path, modes)}

      {:error, reason} ->
        raise File.Error, reason: reason, action: "stream", path: path
    end
  end

  def count(_stream), do: {:error, __MODULE__}

  def member?(_stream, _term), do: {:error, __MODULE__}
  def slice(_stream), do: {:error, __MODULE__}

  defp open(path, _modes, true), do: :beamsh_file.open(path, [:read])
  defp open(path, modes, false), do: :file.open(path, read_modes(modes))

  defp close(device, true), do: :beamsh_file.close(device)
  defp close(device, false), do: :file.close(device)

  defp each_raw(fd, line_or_bytes) do
    result = if line_or_bytes == :line, do: :beamsh_file.read_line(fd), else: :beamsh_file.read(fd, line_or_bytes)

    case result do
      {:ok, data} -> {[data], fd}
      :eof -> {:halt, fd}
      {:error, reason} -> raise IO.StreamError, reason: reason
    end
  end

  defp count_raw_bom(path, modes) do
    if :trim_bom in modes do
      {:ok, fd} = open(path, modes, true)

      try do
        trim_bom(fd, true) |> elem(1)
      after
        :beamsh_file.close(fd)
      end
    else
      0
    end
  end

  defp trim_bom(fd, true) do
    head =
      case :beamsh_file.read(fd, 4) do
        {:ok, data} -> data
        _ -> ""
      end

    {:ok, new_pos} = :beamsh_file.position(fd, bom_length(head))
    {fd, new_pos}
  end

  defp trim_bom(device, false) do
    case bom_length(IO.read(device, 1)) do
      0 ->
        {:ok, _} = :file.position(device, 0)
        {device, 0}

      _ ->
        {device, 1}
    end
  end

  defp bom_length(<<239, 187, 191, _rest::binary>>), do: 3
  defp bom_length(<<254, 255, _rest::binary>>), do: 2
  defp bom_length(<<255, 254, _rest::binary>>), do: 2
  defp bom_length(<<0, 0, 254, 255, _rest::binary>>), do: 4
  defp bom_length(<<254, 255, 0, 0, _rest::binary>>), do: 4
  defp bom_length(_binary), do: 0

  defp read_modes(modes) do
    for mode <- modes, mode not in [:write, :append, :trim_bom], do: mode
  end

  defp count_lines(device, path, pattern, raw, count) do
    data =
      case raw do
        true ->
          case :beamsh_file.read(device, @read_ahead_size) do
            {:ok, data} -> data
            other -> other
          end

        false ->
          IO.read(device, @read_ahead_size)
      end

    case data do
      data when is_binary(data) -> count_lines(device, path, pattern, raw, count + length(:binary.matches(data, pattern)))
      :eof -> count
      {:error, reason} -> raise File.Error, reason: reason, action: "stream", path: path
    end
  end
end

defimpl Collectable, for: File.Stream do
  def into(%File.Stream{path: path, modes: modes} = stream) do
    mode = if :append in modes, do: [:append], else: [:write]

    case :beamsh_file.open(path, mode) do
      {:ok, fd} ->
        {stream,
         fn
           stream, {:cont, x} ->
             :ok = :beamsh_file.write(fd, x)
             stream

           stream, :done ->
             :beamsh_file.close(fd)
             stream

           _, :halt ->
             :beamsh_file.close(fd)
         end}

      {:error, reason} ->
        raise File.Error, reason: reason, action: "stream", path: path
    end
  end
end

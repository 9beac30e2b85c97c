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
  def reduce(%File.Stream{path: path, line_or_bytes: line_or_bytes}, acc, fun) do
    start = fn ->
      case :beamsh_file.open(path, [:read]) do
        {:ok, fd} -> fd
        {:error, reason} -> raise File.Error, reason: reason, action: "stream", path: path
      end
    end

    next = fn fd ->
      result = if line_or_bytes == :line, do: :beamsh_file.read_line(fd), else: :beamsh_file.read(fd, line_or_bytes)

      case result do
        {:ok, data} -> {[data], fd}
        :eof -> {:halt, fd}
        {:error, reason} -> raise File.Error, reason: reason, action: "stream", path: path
      end
    end

    Stream.resource(start, next, &:beamsh_file.close/1).(acc, fun)
  end

  # (Elixir counts the newlines, so a last line without one is not counted.)
  def count(%File.Stream{path: path, line_or_bytes: :line}) do
    case File.read(path) do
      {:ok, data} -> {:ok, length(:binary.matches(data, "\n"))}
      {:error, reason} -> raise File.Error, reason: reason, action: "stream", path: path
    end
  end

  def count(%File.Stream{path: path, line_or_bytes: bytes, raw: true}) do
    case File.stat(path) do
      {:ok, %{size: 0}} -> {:error, __MODULE__}
      {:ok, %{size: size}} -> {:ok, div(size, bytes) + if(rem(size, bytes) == 0, do: 0, else: 1)}
      {:error, reason} -> raise File.Error, reason: reason, action: "stream", path: path
    end
  end

  def count(_stream), do: {:error, __MODULE__}

  def member?(_stream, _term), do: {:error, __MODULE__}
  def slice(_stream), do: {:error, __MODULE__}
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

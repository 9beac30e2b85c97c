# IO.Stream: what IO.stream/2 and IO.binstream/2 return. Enumerating it reads the device
# (each time anew: a device has side effects); collecting into it writes to the device.
defmodule IO.StreamError do
  defexception [:reason, :message]

  def exception(opts) do
    reason = opts[:reason]
    formatted = IO.iodata_to_binary(:file.format_error(reason))
    %IO.StreamError{message: "error during streaming: #{formatted}", reason: reason}
  end
end

defmodule IO.Stream do
  @moduledoc false
  defstruct device: nil, raw: true, line_or_bytes: :line

  @doc false
  def __build__(device, raw, line_or_bytes) do
    %IO.Stream{device: device, raw: raw, line_or_bytes: line_or_bytes}
  end

  defimpl Collectable do
    def into(%{device: device, raw: raw} = stream) do
      {:ok, into(stream, device, raw)}
    end

    defp into(stream, device, raw) do
      fn
        :ok, {:cont, x} ->
          if raw, do: IO.binwrite(device, x), else: IO.write(device, x)

        :ok, _ ->
          stream
      end
    end
  end

  defimpl Enumerable do
    def reduce(%{device: device, raw: raw, line_or_bytes: line_or_bytes}, acc, fun) do
      next_fun =
        if raw,
          do: &IO.each_binstream(&1, line_or_bytes),
          else: &IO.each_stream(&1, line_or_bytes)

      Stream.resource(fn -> device end, next_fun, & &1).(acc, fun)
    end

    def count(_stream), do: {:error, __MODULE__}
    def member?(_stream, _term), do: {:error, __MODULE__}
    def slice(_stream), do: {:error, __MODULE__}
  end
end

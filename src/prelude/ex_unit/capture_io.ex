# ExUnit.CaptureIO: what a function writes to standard output (through its group leader,
# a StringIO for the while; processes it spawns inherit it) or standard error (taken for
# the while from every process), with optional input for it to read.
defmodule ExUnit.CaptureIO do
  @moduledoc false

  def capture_io(fun) when is_function(fun, 0), do: capture_io(:stdio, [], fun)

  def capture_io(device, fun) when is_atom(device) and is_function(fun, 0), do: capture_io(device, [], fun)

  def capture_io(input, fun) when is_binary(input) and is_function(fun, 0),
    do: capture_io(:stdio, [input: input], fun)

  def capture_io(options, fun) when is_list(options) and is_function(fun, 0),
    do: capture_io(:stdio, options, fun)

  def capture_io(device, input, fun) when is_binary(input) and is_function(fun, 0),
    do: capture_io(device, [input: input], fun)

  def capture_io(device, options, fun) when is_list(options) and is_function(fun, 0) do
    {_result, capture} = with_io(device, options, fun)
    capture
  end

  def with_io(fun) when is_function(fun, 0), do: with_io(:stdio, [], fun)

  def with_io(device, fun) when is_atom(device) and is_function(fun, 0), do: with_io(device, [], fun)

  def with_io(input, fun) when is_binary(input) and is_function(fun, 0),
    do: with_io(:stdio, [input: input], fun)

  def with_io(options, fun) when is_list(options) and is_function(fun, 0), do: with_io(:stdio, options, fun)

  def with_io(device, input, fun) when is_binary(input) and is_function(fun, 0),
    do: with_io(device, [input: input], fun)

  def with_io(device, options, fun) when is_list(options) and is_function(fun, 0) do
    input = Keyword.get(options, :input, "")
    encoding = Keyword.get(options, :encoding, :unicode)

    case device do
      stdio when stdio in [:stdio, :standard_io] ->
        prompt = Keyword.get(options, :capture_prompt, true)
        {:ok, string_io} = StringIO.open(input, capture_prompt: prompt, encoding: encoding)
        original = Process.group_leader()
        Process.group_leader(self(), string_io)

        try do
          fun.()
        after
          Process.group_leader(self(), original)
        else
          result ->
            {:ok, {_input, output}} = StringIO.close(string_io)
            {result, output}
        end

      stderr when stderr in [:stderr, :standard_error] ->
        if Keyword.has_key?(options, :capture_prompt) do
          raise ArgumentError,
                "options :capture_prompt is only supported when capturing output from :stdio"
        end

        # Other devices are captured by ExUnit's capture server, there only once ExUnit
        # is started (in a bare iex the call exits: no process).
        if Process.whereis(ExUnit.Server) == nil do
          GenServer.call(ExUnit.CaptureServer, {:device_capture_on, :standard_error, encoding, input}, :infinity)
        end

        {:ok, string_io} = StringIO.open(input, encoding: encoding)
        __MODULE__.__take_stderr__(string_io)

        try do
          fun.()
        after
          __MODULE__.__release_stderr__(string_io)
        else
          result ->
            {:ok, {_input, output}} = StringIO.close(string_io)
            {result, output}
        end

      name when is_atom(name) ->
        case Process.whereis(name) do
          nil -> raise "could not find IO device registered at #{inspect(name)}"
          _ -> raise ArgumentError, "beamsh captures only :stdio and :stderr, got: #{inspect(name)}"
        end
    end
  end
end

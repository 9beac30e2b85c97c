# ExUnit.CaptureIO: what a function writes to standard output (through its group leader,
# a StringIO for the while; processes it spawns inherit it) or to another device (standard
# error, or any registered device: taken for the while through ExUnit.CaptureServer, which
# runs once ExUnit is started), with optional input for it to read.
#
# The functions stand on the lines of Elixir 1.14's lib/ex_unit/capture_io.ex, and call one
# another as those do: a stack trace through a capture reads the same entries.
defmodule ExUnit.CaptureIO do
  @moduledoc false































































































  def capture_io(fun) when is_function(fun, 0) do
    {_result, capture} = with_io(fun)
    capture
  end







  def capture_io(device_input_or_options, fun)

  def capture_io(device, fun) when is_atom(device) and is_function(fun, 0) do
    {_result, capture} = with_io(device, fun)
    capture
  end

  def capture_io(input, fun) when is_binary(input) and is_function(fun, 0) do
    {_result, capture} = with_io(input, fun)
    capture
  end

  def capture_io(options, fun) when is_list(options) and is_function(fun, 0) do
    {_result, capture} = with_io(options, fun)
    capture
  end







  def capture_io(device, input_or_options, fun)

  def capture_io(device, input, fun)
      when is_atom(device) and is_binary(input) and is_function(fun, 0) do
    {_result, capture} = with_io(device, input, fun)
    capture
  end

  def capture_io(device, options, fun)
      when is_atom(device) and is_list(options) and is_function(fun, 0) do
    {_result, capture} = with_io(device, options, fun)
    capture
  end




















  def with_io(fun) when is_function(fun, 0) do
    with_io(:stdio, [], fun)
  end








  def with_io(device_input_or_options, fun)

  def with_io(device, fun) when is_atom(device) and is_function(fun, 0) do
    with_io(device, [], fun)
  end

  def with_io(input, fun) when is_binary(input) and is_function(fun, 0) do
    with_io(:stdio, [input: input], fun)
  end

  def with_io(options, fun) when is_list(options) and is_function(fun, 0) do
    with_io(:stdio, options, fun)
  end








  def with_io(device, input_or_options, fun)

  def with_io(device, input, fun)
      when is_atom(device) and is_binary(input) and is_function(fun, 0) do
    with_io(device, [input: input], fun)
  end

  def with_io(device, options, fun)
      when is_atom(device) and is_list(options) and is_function(fun, 0) do
    do_with_io(device_name(device), options, fun)
  end

  defp device_name(:stdio), do: :standard_io
  defp device_name(:stderr), do: :standard_error
  defp device_name(name), do: name

  defp do_with_io(:standard_io, options, fun) do
    encoding = Keyword.get(options, :encoding, :unicode)
    prompts = Keyword.get(options, :capture_prompt, true)

    {:ok, string_io} =
      StringIO.open(Keyword.get(options, :input, ""), capture_prompt: prompts, encoding: encoding)
    leader = Process.group_leader()

    try do
      Process.group_leader(self(), string_io)
      do_capture_gl(string_io, fun)
    after
      Process.group_leader(self(), leader)
    end
  end

  defp do_with_io(device, options, fun) do
    encoding = Keyword.get(options, :encoding, :unicode)
    input = Keyword.get(options, :input, "")

    case ExUnit.CaptureServer.device_capture_on(device, encoding, input) do
      {:ok, ref} ->
        try do
          result = fun.()
          {result, ExUnit.CaptureServer.device_output(device, ref)}
        after
          ExUnit.CaptureServer.device_capture_off(ref)
        end

      {:error, :no_device} ->
        raise "could not find IO device registered at #{inspect(device)}"

      {:error, {:changed_encoding, current_encoding}} ->
        raise ArgumentError,
              "attempted to change the encoding for a currently captured device #{inspect(device)}.\n\n" <>
                "Currently set as: #{inspect(current_encoding)}\nGiven: #{inspect(encoding)}\n\n" <>
                "If you need to use multiple encodings on a captured device, you cannot " <>
                "run your test asynchronously\n"


      # (another capture of the device is going on, and only the first one gives the
      # device's input: an asynchronous test cannot count on being the first)

      {:error, :input_on_already_captured_device} ->
        raise ArgumentError,
              "attempted multiple captures on device #{inspect(device)} with input. " <>
                "If you need to give an input to a captured device, you cannot run your test asynchronously"
    end
  end

  defp do_capture_gl(string_io, fun) do
    try do
      fun.()
    catch
      kind, reason ->
        _ = StringIO.close(string_io)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      result ->
        {:ok, {_input, output}} = StringIO.close(string_io)
        {result, output}
    end
  end
end

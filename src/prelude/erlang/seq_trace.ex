# :seq_trace, sequential tracing (OTP 25's kernel): a token set on a process travels with the
# messages it sends, and every send, receive and print of a token with those flags tells the
# system tracer ({:seq_trace, label, info}). The token and its messages are kept by
# stdlib/trace.ts.
defmodule :seq_trace do
  @moduledoc false

  import Bitwise

  def set_token([]), do: :erlang.seq_trace(:sequential_trace_token, [])

  def set_token({flags, label, serial, _from, lastcnt}) do
    Enum.each(
      [label: label, serial: {lastcnt, serial}] ++ decode_flags(flags),
      fn {type, val} -> :erlang.seq_trace(type, val) end
    )
  end

  def set_token(type, val), do: :erlang.seq_trace(type, val)

  def get_token, do: elem(Process.info(self(), :sequential_trace_token), 1)

  def get_token(type), do: :erlang.seq_trace_info(type)

  def print(term) do
    :erlang.seq_trace_print(term)
    :ok
  end

  def print(label, term) when is_atom(label), do: :erlang.error(:badarg, [label, term])

  def print(label, term) do
    :erlang.seq_trace_print(label, term)
    :ok
  end

  def reset_trace, do: :beamsh_trace.reset_seq_trace()

  def set_system_tracer(tracer), do: :beamsh_trace.set_seq_tracer(tracer)

  def get_system_tracer, do: :beamsh_trace.seq_tracer()

  defp decode_flags(flags) do
    [
      print: (flags &&& 4) > 0,
      send: (flags &&& 1) > 0,
      receive: (flags &&& 2) > 0,
      timestamp: (flags &&& 8) > 0,
      strict_monotonic_timestamp: (flags &&& 16) > 0,
      monotonic_timestamp: (flags &&& 32) > 0
    ]
  end
end

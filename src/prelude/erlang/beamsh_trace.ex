# The return side of call tracing (stdlib/trace.ts): a traced call whose trace pattern asks
# for return_trace or exception_trace, or a process traced with :return_to, runs the
# function here, which tells the tracer how it returned.
defmodule :beamsh_trace do
  @moduledoc false

  # mode: 0 nothing but return_to, 1 return_trace, 2 exception_trace (which implies return_trace)
  def call(fun, args, mfa, mode, caller) do
    value =
      try do
        apply(fun, args)
      catch
        kind, reason ->
          :beamsh_trace.exception(mfa, kind, reason, mode)
          :erlang.raise(kind, reason, __STACKTRACE__)
      end

    :beamsh_trace.returned(mfa, value, mode, caller)
    value
  end

  # erlang:process_display/2's text: the emulator prints it past any group leader.
  def display(text) do
    IO.write(:standard_error, text)
    true
  end
end

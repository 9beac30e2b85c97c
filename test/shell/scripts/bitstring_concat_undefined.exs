# An undefined name in the value of a segment <> builds: elixir_bitstring's
# entries sit under the macro's in the trace.
IO.puts("before")
greeting = "hello "
IO.inspect(greeting <> name)

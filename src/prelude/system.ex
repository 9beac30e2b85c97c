# System's functions that Elixir 1.14 deprecated but still runs (the rest are natives).
defmodule System do
  def get_pid, do: IO.iodata_to_binary(:os.getpid())

  def stacktrace, do: []
end

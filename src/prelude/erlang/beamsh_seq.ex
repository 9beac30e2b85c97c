# seq/1,2 (an IEx helper): runs a function while recording what happens between the shell
# and the processes it spawns, links, monitors or messages, waits until those processes have
# nothing left to run, and prints the message sequence diagram. The recording natives
# (start/1, busy/1, stop/2) are installed by the shell with its helpers.
defmodule :beamsh_seq do
  @moduledoc false

  def run(fun, opts) do
    recording = :beamsh_seq.start(opts)

    try do
      fun.()
    after
      settle(recording, 1000)
      IO.write(:beamsh_seq.stop(recording, Keyword.get(opts, :width, 80)))
    end
  end

  # Lets the processes of the diagram run until none is runnable (a bounded number of turns).
  defp settle(_recording, 0), do: :ok

  defp settle(recording, turns) do
    if :beamsh_seq.busy(recording) do
      :erlang.yield()
      settle(recording, turns - 1)
    else
      :ok
    end
  end
end

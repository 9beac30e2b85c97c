defmodule :beamsh_control do
  @moduledoc false
  # The asking side of :beamsh.step/0,1 (runtime/pause.ts): the scheduler runs the step
  # once the asker waits here, and answers {tag, reports}.

  def await(tag) do
    receive do
      {^tag, reports} -> reports
    end
  end
end

# The callback module of ConsumerSupervisor.start_link/2: its init/1 returns what it is given.
defmodule ConsumerSupervisor.Default do
  @moduledoc false
  def init(args), do: args
end

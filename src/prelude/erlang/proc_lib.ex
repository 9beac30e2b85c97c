# :proc_lib, the spawning functions OTP processes start through.
defmodule :proc_lib do
  @moduledoc false
  def spawn(fun), do: Kernel.spawn(fun)
  def spawn(m, f, a), do: Kernel.spawn(m, f, a)
  def spawn_link(fun), do: Kernel.spawn_link(fun)
  def spawn_link(m, f, a), do: Kernel.spawn_link(m, f, a)
  def init_ack(ret), do: init_ack(hd(Process.get(:"$ancestors") || [self()]), ret)
  def init_ack(parent, ret), do: send(parent, {:ack, self(), ret})
  def stop(pid), do: :gen.stop(pid)
  def stop(pid, reason, timeout), do: :gen.stop(pid, reason, timeout)
end

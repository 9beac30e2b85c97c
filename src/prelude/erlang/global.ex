# :global, the global name registry (one node: names live in this runtime).
defmodule :global do
  @moduledoc false
  def register_name(name, pid), do: :beamsh_otp.global_register(name, pid)
  def register_name(name, pid, _resolve), do: :beamsh_otp.global_register(name, pid)
  def unregister_name(name), do: :beamsh_otp.global_unregister(name)
  def whereis_name(name), do: :beamsh_otp.global_whereis(name)
  def registered_names(), do: :beamsh_otp.global_names()

  def send(name, msg) do
    case whereis_name(name) do
      pid when is_pid(pid) ->
        Kernel.send(pid, msg)
        pid

      :undefined ->
        exit({:badarg, {name, msg}})
    end
  end
end

# :proc_lib, the spawning functions OTP processes start through.
defmodule :proc_lib do
  @moduledoc false
  # A process proc_lib starts begins in init_p/3,5 (its initial call, as on the BEAM), which
  # records the spawner and its ancestors ("$ancestors") and what the process really runs
  # ("$initial_call"), then runs it below init_p_do_apply/3's frame.
  def spawn(fun), do: Kernel.spawn(:proc_lib, :init_p, [my_name(), ancestors(), fun])
  def spawn(m, f, a), do: Kernel.spawn(:proc_lib, :init_p, [my_name(), ancestors(), m, f, a])
  def spawn_link(fun), do: Kernel.spawn_link(:proc_lib, :init_p, [my_name(), ancestors(), fun])
  def spawn_link(m, f, a), do: Kernel.spawn_link(:proc_lib, :init_p, [my_name(), ancestors(), m, f, a])

  def init_p(parent, ancestors, fun) when is_function(fun, 0) do
    {:module, m} = Function.info(fun, :module)
    {:name, f} = Function.info(fun, :name)
    {:arity, a} = Function.info(fun, :arity)
    # (in the order the BEAM's dictionary lists them)
    Process.put(:"$initial_call", {m, f, a})
    Process.put(:"$ancestors", [parent | ancestors])
    # (a fun runs below init_p/3's own frame)
    result = fun.()
    result
  end

  def init_p(parent, ancestors, m, f, a) when is_atom(m) and is_atom(f) and is_list(a) do
    Process.put(:"$initial_call", initial_call(m, f, a))
    Process.put(:"$ancestors", [parent | ancestors])
    init_p_do_apply(m, f, a)
  end

  @doc false
  def init_p_do_apply(m, f, a) do
    result = apply(m, f, a)
    result
  end

  # What a gen behaviour's process is said to run: its callback module's init/1 (a
  # supervisor's module for :supervisor), as proc_lib translates it.
  defp initial_call(:gen, :init_it, [:gen_event | _]), do: {:gen_event, :init_it, 6}
  defp initial_call(:gen, :init_it, [_, _, _, _, :supervisor, {_, mod, _} | _]), do: {:supervisor, mod, 1}
  defp initial_call(:gen, :init_it, [_, _, _, _, mod | _]) when is_atom(mod), do: {mod, :init, 1}
  defp initial_call(m, f, a), do: {m, f, length(a)}

  defp my_name do
    case Process.info(self(), :registered_name) do
      {:registered_name, name} when is_atom(name) -> name
      _ -> self()
    end
  end

  defp ancestors do
    case Process.get(:"$ancestors") do
      l when is_list(l) -> l
      _ -> []
    end
  end

  def init_ack(ret), do: init_ack(hd(Process.get(:"$ancestors") || [self()]), ret)
  def init_ack(parent, ret), do: send(parent, {:ack, self(), ret})
  def stop(pid), do: :gen.stop(pid)
  def stop(pid, reason, timeout), do: :gen.stop(pid, reason, timeout)
end

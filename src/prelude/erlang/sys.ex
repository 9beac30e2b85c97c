# :sys, system messages to OTP processes (get_state, replace_state, suspend, ...).
defmodule :sys do
  @moduledoc false

  defp send_system_msg(name, request, fun, args) do
    try do
      :gen.call(name, :system, request, 5000)
    catch
      :exit, reason -> exit({reason, {:sys, fun, args}})
    end
  end

  def get_state(name), do: get_state(name, 5000)

  def get_state(name, timeout) do
    args = if timeout == 5000, do: [name], else: [name, timeout]

    case send_system_msg(name, :get_state, :get_state, args) do
      {:ok, {:ok, state}} -> state
      {:ok, {:error, reason}} -> :erlang.error(reason)
      {:ok, other} -> other
    end
  end

  def replace_state(name, fun), do: replace_state(name, fun, 5000)

  def replace_state(name, fun, timeout) do
    args = if timeout == 5000, do: [name, fun], else: [name, fun, timeout]

    case send_system_msg(name, {:replace_state, fun}, :replace_state, args) do
      {:ok, {:ok, state}} -> state
      {:ok, {:error, reason}} -> :erlang.error(reason)
      {:ok, other} -> other
    end
  end

  def get_status(name), do: get_status(name, 5000)

  def get_status(name, timeout) do
    args = if timeout == 5000, do: [name], else: [name, timeout]
    {:ok, {:ok, status}} = send_system_msg(name, :get_status, :get_status, args)
    status
  end

  def trace(name, flag), do: trace(name, flag, 5000)

  def trace(name, flag, timeout) do
    args = if timeout == 5000, do: [name, flag], else: [name, flag, timeout]
    {:ok, {:ok, r}} = send_system_msg(name, {:debug, {:trace, flag}}, :trace, args)
    r
  end

  def statistics(name, flag), do: statistics(name, flag, 5000)

  def statistics(name, flag, _timeout) do
    {:ok, {:ok, _}} = send_system_msg(name, {:debug, {:statistics, flag}}, :statistics, [name, flag])
    if flag == :get, do: {:ok, []}, else: :ok
  end

  def suspend(name), do: suspend(name, 5000)

  def suspend(name, _timeout) do
    {:ok, {:ok, r}} = send_system_msg(name, :suspend, :suspend, [name])
    r
  end

  def resume(name), do: resume(name, 5000)

  def resume(name, _timeout) do
    {:ok, {:ok, r}} = send_system_msg(name, :resume, :resume, [name])
    r
  end

  def terminate(name, reason), do: terminate(name, reason, :infinity, [name, reason], 338)
  def terminate(name, reason, timeout), do: terminate(name, reason, timeout, [name, reason, timeout], 344)

  # The terminate request is a call to the process: to the caller itself it is the call's
  # calling_self exit (from send_system_msg/2 or /3), not a wait for ever.
  defp terminate(name, reason, timeout, args, line) do
    if GenServer.whereis(name) == self() do
      frame = {:sys, :send_system_msg, length(args), [file: 'sys.erl', line: line]}
      :erlang.raise(:exit, {:calling_self, {:sys, :terminate, args}}, [frame])
    else
      :gen.stop(name, reason, timeout)
    end
  end

  def change_code(name, mod, vsn, extra), do: change_code(name, mod, vsn, extra, 5000)

  def change_code(name, mod, vsn, extra, _timeout) do
    {:ok, {:ok, r}} = send_system_msg(name, {:change_code, mod, vsn, extra}, :change_code, [name, mod, vsn, extra])
    r
  end

  def no_debug(name), do: trace(name, false)
end

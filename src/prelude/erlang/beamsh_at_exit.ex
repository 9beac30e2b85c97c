# What the command line does after a script (as Elixir's Kernel.CLI): runs the funs given
# to System.at_exit/1, newest first, each in its own process and given the status so far;
# a hook that exits with {:shutdown, n} makes n the status, one that fails prints its
# error and makes it 1. Hooks may register more hooks; those run after.
defmodule :beamsh_at_exit do
  @moduledoc false

  def run(status), do: run_hooks({:ok, status}) |> elem(1)

  defp run_hooks(res) do
    case System.__take_at_exit__() do
      [] -> res
      hooks -> hooks |> Enum.reduce(res, &run_hook/2) |> run_hooks()
    end
  end

  defp run_hook(fun, res) do
    parent = self()

    {pid, ref} =
      spawn_monitor(fn ->
        try do
          fun.(elem(res, 1))
        catch
          :exit, {:shutdown, n} when is_integer(n) ->
            send(parent, {self(), {:shutdown, n}})
            exit({:shutdown, n})

          :exit, reason
          when reason == :normal
          when reason == :shutdown
          when tuple_size(reason) == 2 and elem(reason, 0) == :shutdown ->
            send(parent, {self(), {:shutdown, 0}})
            exit(reason)

          kind, reason ->
            IO.write(:stderr, cli_error(kind, reason, __STACKTRACE__))
            send(parent, {self(), {:shutdown, 1}})
            exit(:shutdown)
        else
          _ -> send(parent, {self(), res})
        end
      end)

    receive do
      {^pid, res} ->
        Process.demonitor(ref, [:flush])
        res

      {:DOWN, ^ref, _, _, other} ->
        IO.write(:stderr, cli_error({:EXIT, pid}, other, []))
        {:shutdown, 1}
    end
  end

  # What Kernel.CLI prints of an error: the banner, a newline, then the stacktrace.
  defp cli_error(kind, reason, stacktrace),
    do: [Exception.format_banner(kind, reason, stacktrace), ?\n, Exception.format_stacktrace(stacktrace)]
end

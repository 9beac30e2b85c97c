# :c, the Erlang shell's command module: the commands that make sense without an Erlang
# shell (its uptime, memory and file-system commands, pid/3, and flush of the caller's messages).
defmodule :c do
  @moduledoc false

  def uptime() do
    :io.format('~s~n', [uptime_text(uptime_parts())])
  end

  defp uptime_parts() do
    {up, _} = :erlang.statistics(:wall_clock)
    :calendar.seconds_to_daystime(div(up, 1000))
  end

  # "D days, H hours, M minutes and S seconds", leaving out the leading units that are 0
  defp uptime_text({d, {h, m, s}}) do
    :lists.flatten([
      for(_ <- [d], d > 0, do: :io_lib.format('~p days, ', [d])),
      for(_ <- [h], d + h > 0, do: :io_lib.format('~p hours, ', [h])),
      for(_ <- [m], d + h + m > 0, do: :io_lib.format('~p minutes and ', [m])),
      :io_lib.format('~p seconds', [s])
    ])
  end

  def memory(), do: :erlang.memory()
  def memory(type_spec), do: :erlang.memory(type_spec)

  def pwd() do
    case :file.get_cwd() do
      {:ok, dir} -> :ok = :io.format('~ts\n', [dir])
      {:error, _} -> :ok = :io.format('Cannot determine current directory\n')
    end
  end

  def cd(dir) do
    _ = :file.set_cwd(dir)
    pwd()
  end

  def ls(), do: ls('.')

  def ls(dir) do
    case :file.list_dir(dir) do
      {:ok, entries} -> ls_print(:lists.sort(entries))
      {:error, :enotdir} -> ls_print([dir])
      {:error, error} -> :io.format('~ts\n', [:file.format_error(error)])
    end
  end

  # in columns as wide as the longest name (at most 40) and 5 more, lines under 80
  defp ls_print([]), do: :ok

  defp ls_print(names) do
    width = min(Enum.max(Enum.map(names, &length/1)), 40) + 5
    ls_print(names, width, 0)
  end

  defp ls_print(names, width, len) when width + len >= 80 do
    :io.nl()
    ls_print(names, width, 0)
  end

  defp ls_print([name | rest], width, len) do
    :io.format('~-*ts', [width, name])
    ls_print(rest, width, len + width)
  end

  defp ls_print([], _, _), do: :io.nl()

  # pid(X, Y, Z): the pid <X.Y.Z>, as list_to_pid/1 reads its text
  def pid(x, y, z) do
    :erlang.list_to_pid('<' ++ :erlang.integer_to_list(x) ++ '.' ++ :erlang.integer_to_list(y) ++ '.' ++ :erlang.integer_to_list(z) ++ '>')
  end

  def flush() do
    receive do
      x ->
        :io.format('Shell got ~tp~n', [x])
        flush()
    after
      0 -> :ok
    end
  end
end

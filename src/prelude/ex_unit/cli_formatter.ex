# The default formatter: a dot per passing test (* skipped, ? invalid), each failure as it
# happens, then the times, the counts and the seed. With trace: true, a line per test.
defmodule ExUnit.CLIFormatter do
  @moduledoc false
  @behaviour GenServer

  alias ExUnit.Formatter

  def init(opts) do
    print_filters(Keyword.take(opts, [:include, :exclude]))

    config = %{
      seed: opts[:seed],
      trace: opts[:trace],
      colors: colors(opts),
      width: terminal_width(),
      slowest: opts[:slowest],
      test_counter: %{},
      test_timings: [],
      failure_counter: 0,
      skipped_counter: 0,
      excluded_counter: 0,
      invalid_counter: 0
    }

    {:ok, config}
  end

  def handle_call(_msg, _from, config), do: {:reply, :ok, config}
  def handle_info(_msg, config), do: {:noreply, config}
  def terminate(_reason, _config), do: :ok

  def handle_cast({:suite_finished, times_us}, config) do
    counts = total_count(config)

    if counts > 0 && config.excluded_counter == counts do
      IO.puts(colorize(:yellow, "All tests have been excluded.", config))
    end

    IO.write("\n")
    IO.puts(Formatter.format_times(times_us))
    if config.slowest > 0, do: IO.puts(format_slowest_tests(config, times_us.run))
    print_summary(config)
    {:noreply, config}
  end

  def handle_cast({:test_started, %ExUnit.Test{} = test}, config) do
    if config.trace, do: IO.write("#{trace_test_started(test)} [#{trace_test_line(test)}]")
    {:noreply, config}
  end

  def handle_cast({:test_finished, %ExUnit.Test{state: nil} = test}, config) do
    if config.trace,
      do: IO.puts(colorize(:green, trace_test_result(test), config)),
      else: IO.write(colorize(:green, ".", config))

    {:noreply, count(config, test) |> update_test_timings(test)}
  end

  def handle_cast({:test_finished, %ExUnit.Test{state: {:excluded, _}} = test}, config) do
    if config.trace, do: IO.puts(trace_test_other(test, "excluded"))
    config = count(config, test)
    {:noreply, %{config | excluded_counter: config.excluded_counter + 1}}
  end

  def handle_cast({:test_finished, %ExUnit.Test{state: {:skipped, _}} = test}, config) do
    if config.trace,
      do: IO.puts(colorize(:yellow, trace_test_other(test, "skipped"), config)),
      else: IO.write(colorize(:yellow, "*", config))

    config = count(config, test)
    {:noreply, %{config | skipped_counter: config.skipped_counter + 1}}
  end

  def handle_cast({:test_finished, %ExUnit.Test{state: {:invalid, _}} = test}, config) do
    if config.trace,
      do: IO.puts(colorize(:yellow, trace_test_result(test), config)),
      else: IO.write(colorize(:yellow, "?", config))

    config = count(config, test)
    {:noreply, %{config | invalid_counter: config.invalid_counter + 1}}
  end

  def handle_cast({:test_finished, %ExUnit.Test{state: {:failed, failures}} = test}, config) do
    if config.trace, do: IO.puts(colorize(:red, trace_test_result(test), config))

    formatted =
      Formatter.format_test_failure(test, failures, config.failure_counter + 1, config.width, &formatter(&1, &2, config))

    print_failure(formatted, config)
    print_logs(test.logs)
    config = count(config, test)
    config = %{config | failure_counter: config.failure_counter + 1}
    {:noreply, update_test_timings(config, test)}
  end

  def handle_cast({:module_started, %ExUnit.TestModule{name: name, file: file}}, config) do
    if config.trace, do: IO.puts("\n#{inspect(name)} [#{Path.relative_to_cwd(file)}]")
    {:noreply, config}
  end

  def handle_cast({:module_finished, %ExUnit.TestModule{state: {:failed, failures}} = test_module}, config) do
    passed = Enum.count(test_module.tests, &is_nil(&1.state))
    config = %{config | failure_counter: config.failure_counter + passed}

    formatted =
      Formatter.format_test_all_failure(test_module, failures, config.failure_counter, config.width, &formatter(&1, &2, config))

    print_failure(formatted, config)
    {:noreply, config}
  end

  def handle_cast(:max_failures_reached, config) do
    IO.write(colorize(:red, "--max-failures reached, aborting test suite", config))
    {:noreply, config}
  end

  def handle_cast(_, config), do: {:noreply, config}

  defp count(config, %{tags: %{test_type: type}}) do
    %{config | test_counter: Map.update(config.test_counter, type, 1, &(&1 + 1))}
  end

  defp total_count(config), do: Enum.reduce(config.test_counter, 0, fn {_, n}, acc -> acc + n end)

  defp trace_test_started(test), do: String.replace("  * #{test.name}", "\n", " ")
  defp trace_test_line(test), do: "L##{test.tags.line}"

  defp trace_test_result(test),
    do: "\r#{trace_test_started(test)} (#{format_ms(test.time)}ms) [#{trace_test_line(test)}]"

  defp trace_test_other(test, what),
    do: "\r#{trace_test_started(test)} (#{what}) [#{trace_test_line(test)}]"

  defp format_ms(us) do
    us = div(us, 10)

    if us < 10 do
      "0.0#{us}"
    else
      us = div(us, 10)
      "#{div(us, 10)}.#{rem(us, 10)}"
    end
  end

  defp format_slowest_tests(%{slowest: slowest, test_timings: timings}, run_us) do
    slowest_tests = timings |> Enum.sort_by(fn %{time: time} -> -time end) |> Enum.take(slowest)
    slowest_us = Enum.reduce(slowest_tests, 0, &(&1.time + &2))
    percentage = Float.round(slowest_us / run_us * 100, 1)

    [
      "\nTop #{slowest} slowest (#{format_ms(div(slowest_us, 1000))}s), #{percentage}% of total time:\n\n"
      | Enum.map(slowest_tests, fn test ->
          "#{trace_test_started(test)} (#{inspect(test.module)}) (#{format_ms(test.time)}ms) " <>
            "[#{Path.relative_to_cwd(test.tags.file)}:#{test.tags.line}]\n"
        end)
    ]
  end

  defp update_test_timings(%{slowest: slowest} = config, test) when slowest > 0,
    do: %{config | test_timings: [%{test | logs: ""} | config.test_timings]}

  defp update_test_timings(config, _test), do: config

  defp print_summary(config) do
    types =
      Enum.map(config.test_counter, fn {type, n} ->
        name = if n == 1, do: to_string(type), else: ExUnit.plural_rule(to_string(type))
        "#{n} #{name}, "
      end)

    failures = if config.failure_counter == 1, do: "failure", else: "failures"
    message = IO.iodata_to_binary(types) <> "#{config.failure_counter} #{failures}"
    message = if config.excluded_counter > 0, do: message <> ", #{config.excluded_counter} excluded", else: message
    message = if config.invalid_counter > 0, do: message <> ", #{config.invalid_counter} invalid", else: message

    message =
      if config.skipped_counter > 0,
        do: message <> ", " <> colorize(:yellow, "#{config.skipped_counter} skipped", config),
        else: message

    total = total_count(config)

    cond do
      config.failure_counter > 0 -> IO.puts(colorize(:red, message, config))
      config.invalid_counter > 0 -> IO.puts(colorize(:yellow, message, config))
      total > 0 && config.excluded_counter == total -> IO.puts(colorize(:yellow, message, config))
      true -> IO.puts(colorize(:green, message, config))
    end

    IO.puts("\nRandomized with seed #{config.seed}")
  end

  defp print_filters(include: [], exclude: []), do: :ok

  defp print_filters(include: include, exclude: exclude) do
    if exclude != [], do: IO.puts(Formatter.format_filters(exclude, :exclude))
    if include != [], do: IO.puts(Formatter.format_filters(include, :include))
    IO.puts("")
    :ok
  end

  defp print_failure(formatted, config) do
    if config.trace, do: IO.puts(""), else: IO.puts("\n")
    IO.puts(formatted)
  end

  defp print_logs(""), do: nil

  defp print_logs(output) do
    indent = "\n     "
    IO.puts(["     The following output was logged:", indent | String.replace(output, "\n", indent)])
  end

  @ansi %{red: "\e[31m", green: "\e[32m", yellow: "\e[33m", cyan: "\e[36m", bright_black: "\e[1m\e[30m"}

  defp colorize(color, string, %{colors: colors}) do
    if colors[:enabled], do: @ansi[color] <> string <> "\e[0m", else: string
  end

  defp formatter(:diff_enabled?, _, config), do: config.colors[:enabled]
  defp formatter(:error_info, msg, config), do: colorize(:red, msg, config)
  defp formatter(:extra_info, msg, config), do: colorize(:cyan, msg, config)
  defp formatter(:location_info, msg, config), do: colorize(:bright_black, msg, config)

  defp formatter(kind, doc, config)
       when kind in [:diff_delete, :diff_delete_whitespace, :diff_insert, :diff_insert_whitespace],
       do: colorize_doc(kind, doc, config)

  defp formatter(:blame_diff, msg, config) do
    if config.colors[:enabled], do: colorize(:red, msg, config), else: "-" <> msg <> "-"
  end

  defp formatter(_, msg, _config), do: msg

  defp terminal_width do
    case :io.columns() do
      {:ok, width} -> max(40, width)
      _ -> 80
    end
  end

  # Diffs are coloured with the :diff_* colours (any of them can be given in :colors);
  # colours are on when the terminal shows ANSI escapes, unless :enabled says otherwise.
  defp default_colors do
    [
      diff_delete: :red,
      diff_delete_whitespace: IO.ANSI.color_background(2, 0, 0),
      diff_insert: :green,
      diff_insert_whitespace: IO.ANSI.color_background(0, 2, 0)
    ]
  end

  defp colors(opts) do
    default_colors()
    |> Keyword.merge(opts[:colors] || [])
    |> Keyword.put_new(:enabled, IO.ANSI.enabled?())
  end

  defp colorize_doc(kind, doc, %{colors: colors}) do
    if colors[:enabled],
      do: Inspect.Algebra.color(doc, kind, %Inspect.Opts{syntax_colors: colors}),
      else: doc
  end
end

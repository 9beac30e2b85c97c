# Runs the registered test modules: async modules a few at a time (max_cases), then the sync
# ones one by one. Each module's setup_all runs in a process of its own, each test (its
# setups, body and checks) in another, which exits with :shutdown; on_exit callbacks run
# after it. Tests are shuffled by the seed (seed 0: in the order they are written).
defmodule ExUnit.Runner do
  @moduledoc false

  alias ExUnit.EventManager, as: EM

  @rand_algorithm :exs1024
  @current_key __MODULE__

  def run(opts, load_us) when (is_integer(load_us) or is_nil(load_us)) and is_list(opts) do
    opts = normalize_opts(opts)
    {:ok, manager} = EM.start_link()
    {:ok, stats_pid, manager} = EM.add_handler(manager, ExUnit.RunnerStats, opts)

    manager =
      Enum.reduce(opts[:formatters], manager, fn f, acc ->
        {:ok, _, acc} = EM.add_handler(acc, f, opts)
        acc
      end)

    config = %{
      capture_log: opts[:capture_log],
      exclude: opts[:exclude],
      include: opts[:include],
      manager: manager,
      max_cases: opts[:max_cases],
      max_failures: opts[:max_failures],
      only_test_ids: opts[:only_test_ids],
      runner_pid: self(),
      seed: opts[:seed],
      stats_pid: stats_pid,
      timeout: opts[:timeout],
      trace: opts[:trace]
    }

    start_time = System.monotonic_time()
    EM.notify(manager, {:suite_started, opts})
    async_stop_time = async_loop(config, %{}, false)
    stop_time = System.monotonic_time()

    if max_failures_reached?(config), do: EM.notify(manager, :max_failures_reached)

    async_us =
      async_stop_time &&
        System.convert_time_unit(async_stop_time - start_time, :native, :microsecond)

    run_us = System.convert_time_unit(stop_time - start_time, :native, :microsecond)
    EM.notify(manager, {:suite_finished, %{async: async_us, load: load_us, run: run_us}})

    stats = ExUnit.RunnerStats.stats(stats_pid)
    EM.stop(manager)
    Enum.each(Application.fetch_env!(:ex_unit, :after_suite), fn callback -> callback.(stats) end)
    stats
  end

  defp normalize_opts(opts) do
    {include, exclude} = ExUnit.Filters.normalize(opts[:include], opts[:exclude])
    opts |> Keyword.put(:exclude, exclude) |> Keyword.put(:include, include)
  end

  defp async_loop(config, running, async_once?) do
    available = config.max_cases - map_size(running)

    cond do
      available <= 0 ->
        async_loop(config, wait_until_available(running), async_once?)

      modules = ExUnit.Server.take_async_modules(available) ->
        async_loop(config, spawn_modules(config, modules, running), true)

      true ->
        sync_modules = ExUnit.Server.take_sync_modules()
        0 = running |> Enum.reduce(running, fn _, acc -> wait_until_available(acc) end) |> map_size()
        async_stop_time = if async_once?, do: System.monotonic_time(), else: nil

        for module <- sync_modules do
          running = spawn_modules(config, [module], %{})
          running != %{} and wait_until_available(running)
        end

        async_stop_time
    end
  end

  defp wait_until_available(running) do
    receive do
      {:DOWN, ref, _, _, _} when is_map_key(running, ref) -> Map.delete(running, ref)
    end
  end

  defp spawn_modules(_config, [], running), do: running

  defp spawn_modules(config, [module | modules], running) do
    if max_failures_reached?(config) do
      running
    else
      {pid, ref} = spawn_monitor(fn -> run_module(config, module) end)
      spawn_modules(config, modules, Map.put(running, ref, pid))
    end
  end

  # Frames of the assertions and of the runner are not the test's.
  def prune_stacktrace([{ExUnit.Assertions, _, _, _} | t]), do: prune_stacktrace(t)
  def prune_stacktrace([{ExUnit.Runner, _, _, _} | _]), do: []
  def prune_stacktrace([h | t]), do: [h | prune_stacktrace(t)]
  def prune_stacktrace([]), do: []

  defp run_module(config, module) do
    test_module = module.__ex_unit__()
    EM.notify(config.manager, {:module_started, test_module})

    tests = prepare_tests(config, test_module.tests)
    {skipped, to_run} = Enum.split_with(tests, & &1.state)

    for test <- skipped do
      EM.notify(config.manager, {:test_started, test})
      EM.notify(config.manager, {:test_finished, test})
    end

    {test_module, invalid_tests, finished_tests} = run_module(config, test_module, to_run)

    pending =
      case process_max_failures(config, test_module) do
        :no -> invalid_tests
        {:reached, n} -> Enum.take(invalid_tests, n)
        :surpassed -> nil
      end

    if pending do
      for test <- pending do
        EM.notify(config.manager, {:test_started, test})
        EM.notify(config.manager, {:test_finished, test})
      end

      test_module = %{test_module | tests: Enum.reverse(finished_tests, pending)}
      EM.notify(config.manager, {:module_finished, test_module})
    end
  end

  defp prepare_tests(config, tests) do
    tests = shuffle(config, tests)

    for test <- tests, include_test?(config.only_test_ids, test) do
      tags = Map.merge(test.tags, %{test: test.name, module: test.module})

      case ExUnit.Filters.eval(config.include, config.exclude, tags, tests) do
        :ok -> %{test | tags: tags}
        excluded_or_skipped -> %{test | state: excluded_or_skipped}
      end
    end
  end

  defp include_test?(nil, _test), do: true
  defp include_test?(ids, test), do: MapSet.member?(ids, {test.module, test.name})

  defp run_module(_config, test_module, []), do: {test_module, [], []}

  defp run_module(config, test_module, tests) do
    {module_pid, module_ref} = run_setup_all(test_module, self())

    {test_module, invalid_tests, finished_tests} =
      receive do
        {^module_pid, :setup_all, {:ok, context}} ->
          finished =
            if max_failures_reached?(config), do: [], else: run_tests(config, tests, context)

          :ok = exit_setup_all(module_pid, module_ref)
          {test_module, [], finished}

        {^module_pid, :setup_all, {:error, test_module}} ->
          invalid = Enum.map(tests, &%{&1 | state: {:invalid, test_module}})
          :ok = exit_setup_all(module_pid, module_ref)
          {test_module, invalid, []}

        {:DOWN, ^module_ref, :process, ^module_pid, error} ->
          test_module = %{test_module | state: failed({:EXIT, module_pid}, error, [])}
          {test_module, [], []}
      end

    timeout = get_timeout(config, %{})
    {exec_on_exit(test_module, module_pid, timeout), invalid_tests, finished_tests}
  end

  defp run_setup_all(%ExUnit.TestModule{name: module} = test_module, parent_pid) do
    Process.put(@current_key, test_module)

    spawn_monitor(fn ->
      ExUnit.OnExitHandler.register(self())

      result =
        try do
          {:ok, module.__ex_unit__(:setup_all, %{module: module, case: module})}
        catch
          kind, error ->
            failed = failed(kind, error, prune_stacktrace(__STACKTRACE__))
            {:error, %{test_module | state: failed}}
        end

      send(parent_pid, {self(), :setup_all, result})
      ref = Process.monitor(parent_pid)

      receive do
        {^parent_pid, :exit} -> :ok
        {:DOWN, ^ref, _, _, _} -> :ok
      end
    end)
  end

  defp exit_setup_all(pid, ref) do
    send(pid, {self(), :exit})

    receive do
      {:DOWN, ^ref, _, _, _} -> :ok
    end
  end

  defp run_tests(config, tests, context) do
    Enum.reduce_while(tests, [], fn test, acc ->
      Process.put(@current_key, test)

      case run_test(config, test, context) do
        {:ok, test} -> {:cont, [test | acc]}
        :max_failures_reached -> {:halt, acc}
      end
    end)
  end

  defp run_test(config, %{tags: tags} = test, context) do
    EM.notify(config.manager, {:test_started, test})
    context = maybe_create_tmp_dir(test, context, tags)
    capture_log = Map.get(tags, :capture_log, config.capture_log)
    test = run_test_with_capture_log(capture_log, config, test, Map.merge(tags, context))

    case process_max_failures(config, test) do
      :no ->
        EM.notify(config.manager, {:test_finished, test})
        {:ok, test}

      {:reached, 1} ->
        EM.notify(config.manager, {:test_finished, test})
        :max_failures_reached

      :surpassed ->
        :max_failures_reached
    end
  end

  defp maybe_create_tmp_dir(test, context, %{tmp_dir: true}), do: create_tmp_dir!(test, "", context)

  defp maybe_create_tmp_dir(test, context, %{tmp_dir: path}) when is_binary(path),
    do: create_tmp_dir!(test, path, context)

  defp maybe_create_tmp_dir(_, context, %{tmp_dir: false}), do: context

  defp maybe_create_tmp_dir(_, _, %{tmp_dir: other}) do
    raise ArgumentError, "expected :tmp_dir to be a boolean or a string, got: #{inspect(other)}"
  end

  defp maybe_create_tmp_dir(_, context, _), do: context

  defp create_tmp_dir!(test, extra_path, context) do
    module = inspect(test.module)
    name = to_string(test.name)
    hash = :erlang.md5(module <> "/" <> name) |> Base.encode16(case: :lower) |> binary_part(0, 8)
    escape = &String.replace(&1, Enum.map(' [~#%&*{}\\:<>?/+|"]', fn c -> <<c::utf8>> end), "-")
    path = Path.join(["tmp", escape.(module), "#{escape.(name)}-#{hash}", extra_path]) |> Path.expand()
    :ok = __MODULE__.__fresh_dir__(path)
    Map.put(context, :tmp_dir, path)
  end

  defp run_test_with_capture_log(true, config, test, context),
    do: run_test_with_capture_log([], config, test, context)

  defp run_test_with_capture_log(false, config, test, context), do: spawn_test(config, test, context)

  defp run_test_with_capture_log(opts, config, test, context) do
    ref = make_ref()

    logged =
      ExUnit.CaptureLog.capture_log(opts, fn ->
        send(self(), {ref, spawn_test(config, test, context)})
      end)

    receive do
      {^ref, test} -> %{test | logs: logged}
    end
  end

  defp spawn_test(config, test, context) do
    parent_pid = self()
    timeout = get_timeout(config, test.tags)
    {test_pid, test_ref} = spawn_test_monitor(config, test, parent_pid, context)
    test = receive_test_reply(test, test_pid, test_ref, timeout)
    exec_on_exit(test, test_pid, timeout)
  end

  defp spawn_test_monitor(%{seed: seed}, test, parent_pid, context) do
    spawn_monitor(fn ->
      ExUnit.OnExitHandler.register(self())
      :rand.seed(@rand_algorithm, {:erlang.phash2(test.module), :erlang.phash2(test.name), seed})

      {time, test} =
        :timer.tc(fn ->
          case exec_test_setup(test, context) do
            {:ok, test} -> exec_test(test)
            {:error, test} -> test
          end
        end)

      send(parent_pid, {self(), :test_finished, %{test | time: time}})
      exit(:shutdown)
    end)
  end

  defp receive_test_reply(test, test_pid, test_ref, timeout) do
    receive do
      {^test_pid, :test_finished, test} ->
        Process.demonitor(test_ref, [:flush])
        test

      {:DOWN, ^test_ref, :process, ^test_pid, error} ->
        %{test | state: failed({:EXIT, test_pid}, error, [])}
    after
      timeout ->
        case Process.info(test_pid, :current_stacktrace) do
          {:current_stacktrace, stacktrace} ->
            Process.demonitor(test_ref, [:flush])
            Process.exit(test_pid, :kill)

            exception =
              ExUnit.TimeoutError.exception(
                timeout: timeout,
                type: Atom.to_string(test.tags.test_type)
              )

            %{test | state: failed(:error, exception, stacktrace)}

          nil ->
            receive_test_reply(test, test_pid, test_ref, timeout)
        end
    end
  end

  defp exec_test_setup(%ExUnit.Test{module: module} = test, context) do
    {:ok, %{test | tags: module.__ex_unit__(:setup, context)}}
  catch
    kind, error ->
      {:error, %{test | state: failed(kind, error, prune_stacktrace(__STACKTRACE__))}}
  end

  defp exec_test(%ExUnit.Test{module: module, name: name, tags: context} = test) do
    apply(module, name, [context])
    test
  catch
    kind, error ->
      %{test | state: failed(kind, error, prune_stacktrace(__STACKTRACE__))}
  end

  defp exec_on_exit(test_or_case, pid, timeout) do
    case ExUnit.OnExitHandler.run(pid, timeout) do
      :ok ->
        test_or_case

      {kind, reason, stack} ->
        state = test_or_case.state || failed(kind, reason, prune_stacktrace(stack))
        %{test_or_case | state: state}
    end
  end

  defp process_max_failures(%{max_failures: :infinity}, _), do: :no

  defp process_max_failures(config, %ExUnit.TestModule{state: {:failed, _}, tests: tests}),
    do: process_max_failures(config.stats_pid, config.max_failures, length(tests))

  defp process_max_failures(config, %ExUnit.Test{state: {:failed, _}}),
    do: process_max_failures(config.stats_pid, config.max_failures, 1)

  defp process_max_failures(config, _) do
    if max_failures_reached?(config), do: :surpassed, else: :no
  end

  defp process_max_failures(stats_pid, max_failures, bump) do
    previous = ExUnit.RunnerStats.increment_failure_counter(stats_pid, bump)

    cond do
      previous >= max_failures -> :surpassed
      previous + bump < max_failures -> :no
      true -> {:reached, max_failures - previous}
    end
  end

  defp max_failures_reached?(%{max_failures: :infinity}), do: false

  defp max_failures_reached?(%{stats_pid: stats_pid, max_failures: max_failures}),
    do: ExUnit.RunnerStats.get_failure_counter(stats_pid) >= max_failures

  defp get_timeout(%{trace: true}, _tags), do: :infinity
  defp get_timeout(config, tags), do: Map.get(tags, :timeout, config.timeout)

  defp shuffle(%{seed: 0}, list), do: Enum.reverse(list)

  defp shuffle(%{seed: seed}, list) do
    _ = :rand.seed(@rand_algorithm, {seed, seed, seed})
    Enum.shuffle(list)
  end

  defp failed(:error, %ExUnit.MultiError{errors: errors}, _stack) do
    errors =
      Enum.map(errors, fn {kind, reason, stack} ->
        {kind, Exception.normalize(kind, reason, stack), prune_stacktrace(stack)}
      end)

    {:failed, errors}
  end

  defp failed(kind, reason, stack) do
    {:failed, [{kind, Exception.normalize(kind, reason, stack), stack}]}
  end
end

# Which tests run: the :include and :exclude filters (tags, or tag values) and :skip.
defmodule ExUnit.Filters do
  @moduledoc false

  # "path:line:line..." (`mix test file:line`): the path, and the filters running only the
  # tests at those lines. The trailing parts that are integers are the lines (0 and negative
  # ones warned about and left out); the rest, colons included, is the path.
  def parse_path(file) do
    case String.split(file, ":") do
      [path] ->
        {path, []}

      parts ->
        {lines, path_parts} =
          parts |> Enum.reverse() |> Enum.split_while(&match?({_, ""}, Integer.parse(&1)))

        path = path_parts |> Enum.reverse() |> Enum.join(":")

        # (checked last first, as the warnings come)
        case lines |> Enum.filter(&valid_line?/1) |> Enum.reverse() do
          [] -> {path, []}
          lines -> {path, exclude: [:test], include: Enum.map(lines, &{:line, &1})}
        end
    end
  end

  defp valid_line?(text) do
    case Integer.parse(text) do
      {n, ""} when n > 0 ->
        true

      _ ->
        IO.warn("invalid line number given as ExUnit filter: #{text}", [])
        false
    end
  end

  def normalize(include, exclude) do
    {include_atoms, include_tags} = include |> List.wrap() |> Enum.uniq() |> Enum.split_with(fn f -> is_atom(f) end)
    {exclude_atoms, exclude_tags} = exclude |> List.wrap() |> Enum.uniq() |> Enum.split_with(fn f -> is_atom(f) end)
    exclude_map = Map.new(exclude_tags)
    excluded_included = for tag <- include_tags, key = has_tag(tag, exclude_map), do: key
    exclude_tags = exclude_tags |> Keyword.drop(include_atoms) |> Keyword.drop(excluded_included)
    {include_atoms ++ include_tags, (exclude_atoms -- include_atoms) ++ exclude_tags}
  end

  def parse(filters) do
    Enum.map(filters, fn filter ->
      case String.split(filter, ":", parts: 2) do
        [key, value] -> {String.to_atom(key), value}
        [key] -> String.to_atom(key)
      end
    end)
  end

  def eval(include, exclude, tags, collection) when is_map(tags) do
    excluded = Enum.find_value(exclude, &has_tag(&1, tags, collection))
    included? = Enum.any?(include, &has_tag(&1, tags, collection))

    if included? or excluded == nil do
      skip_tag = %{skip: Map.get(tags, :skip, true)}
      skip_included? = Enum.any?(include, &has_tag(&1, skip_tag, collection))

      case Map.fetch(tags, :skip) do
        {:ok, msg} when is_binary(msg) and not skip_included? -> {:skipped, msg}
        {:ok, true} when not skip_included? -> {:skipped, "due to skip tag"}
        _ -> :ok
      end
    else
      {:excluded, "due to #{excluded} filter"}
    end
  end

  defp has_tag({:line, line}, %{line: _, describe_line: describe_line} = tags, collection) do
    line = if is_binary(line), do: String.to_integer(line), else: line

    cond do
      describe_line == line ->
        true

      Enum.any?(collection, fn %ExUnit.Test{tags: t} -> line == t.describe_line end) ->
        false

      true ->
        closest =
          Enum.min_by(collection, fn %ExUnit.Test{tags: %{line: l}} ->
            if line - l >= 0, do: line - l, else: :infinity
          end)

        tags.line <= line and closest.tags.line == tags.line
    end
  end

  defp has_tag(pair, tags, _collection), do: has_tag(pair, tags)

  defp has_tag({key, %Regex{} = value}, tags) when is_atom(key) do
    case Map.fetch(tags, key) do
      {:ok, tag} -> to_string(tag) =~ value and key
      _ -> false
    end
  end

  defp has_tag({key, value}, tags) when is_atom(key) do
    case Map.fetch(tags, key) do
      {:ok, ^value} -> key
      {:ok, tag} -> compare(to_string(tag), to_string(value)) and key
      _ -> false
    end
  end

  defp has_tag(key, tags) when is_atom(key), do: Map.has_key?(tags, key) and key

  defp compare("Elixir." <> tag1, tag2), do: compare(tag1, tag2)
  defp compare(tag1, "Elixir." <> tag2), do: compare(tag1, tag2)
  defp compare(tag, tag), do: true
  defp compare(_, _), do: false
end

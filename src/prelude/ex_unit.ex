# ExUnit: starting, configuring and running the test suite (Elixir 1.14's API). The test
# modules register with ExUnit.Server when compiled; ExUnit.Runner runs them, each test in
# a process of its own, and reports to the formatters (ExUnit.CLIFormatter by default).
defmodule ExUnit do
  @moduledoc false

  defmodule Test do
    @moduledoc false
    defstruct [:name, :case, :module, :state, time: 0, tags: %{}, logs: ""]
  end

  defmodule TestModule do
    @moduledoc false
    defstruct [:file, :name, :state, tests: []]
  end

  defmodule TestCase do
    @moduledoc false
    defstruct [:name, :state, tests: []]
  end

  # The :ex_unit application's environment when it starts (as its .app file has it).
  @defaults [
    assert_receive_timeout: 100,
    autorun: true,
    capture_log: false,
    colors: [],
    exclude: [],
    exit_status: 2,
    formatters: [ExUnit.CLIFormatter],
    include: [],
    max_failures: :infinity,
    refute_receive_timeout: 100,
    slowest: 0,
    stacktrace_depth: 20,
    timeout: 60000,
    trace: false,
    after_suite: []
  ]

  @doc false
  def __start_application__ do
    case Process.whereis(ExUnit.Server) do
      nil ->
        for {k, v} <- @defaults, Application.fetch_env(:ex_unit, k) == :error do
          Application.put_env(:ex_unit, k, v)
        end

        ExUnit.Server.start()
        {:ok, _} = GenServer.start(ExUnit.CaptureServer, :ok, name: ExUnit.CaptureServer)
        # the application is started too, as Application.ensure_all_started(:ex_unit) does
        _ = :application.start(:ex_unit)
        {:ok, [:ex_unit]}

      _ ->
        {:ok, []}
    end
  end

  def start(options \\ []) do
    {:ok, _} = __start_application__()
    configure(options)

    if Application.fetch_env!(:ex_unit, :autorun) do
      Application.put_env(:ex_unit, :autorun, false)

      System.at_exit(fn
        0 ->
          time = ExUnit.Server.modules_loaded()
          options = persist_defaults(configuration())
          %{failures: failures} = ExUnit.Runner.run(options, time)

          if failures > 0 do
            System.at_exit(fn _ ->
              exit({:shutdown, Keyword.fetch!(options, :exit_status)})
            end)
          end

        _ ->
          :ok
      end)
    else
      :ok
    end
  end

  def configure(options) when is_list(options) do
    Enum.each(options, fn {k, v} -> Application.put_env(:ex_unit, k, v) end)
  end

  def configuration do
    Application.get_all_env(:ex_unit)
    |> put_seed()
    |> put_slowest()
    |> put_max_cases()
  end

  def plural_rule(word) when is_binary(word) do
    Application.get_env(:ex_unit, :plural_rules, %{}) |> Map.get(word, "#{word}s")
  end

  def plural_rule(word, pluralization) when is_binary(word) and is_binary(pluralization) do
    rules = Application.get_env(:ex_unit, :plural_rules, %{}) |> Map.put(word, pluralization)
    configure(plural_rules: rules)
  end

  def run(additional_modules \\ []) do
    {:ok, _} = __start_application__()

    for module <- additional_modules do
      ExUnit.Server.add_module(module, module.__ex_unit__().tests |> async_module?())
    end

    _ = ExUnit.Server.modules_loaded()
    options = persist_defaults(configuration())
    ExUnit.Runner.run(options, nil)
  end

  defp async_module?([%{tags: %{async: async}} | _]), do: async
  defp async_module?(_), do: false

  def async_run() do
    Task.async(fn ->
      options = persist_defaults(configuration())
      ExUnit.Runner.run(options, nil)
    end)
  end

  def await_run(task) do
    ExUnit.Server.modules_loaded()
    Task.await(task, :infinity)
  end

  def after_suite(function) when is_function(function) do
    current = Application.fetch_env!(:ex_unit, :after_suite)
    configure(after_suite: [function | current])
  end

  def fetch_test_supervisor() do
    case ExUnit.OnExitHandler.get_supervisor(self()) do
      {:ok, nil} ->
        opts = [strategy: :one_for_one, max_restarts: 1_000_000, max_seconds: 1]
        {:ok, sup} = Supervisor.start_link([], opts)
        ExUnit.OnExitHandler.put_supervisor(self(), sup)
        {:ok, sup}

      {:ok, _} = ok ->
        ok

      :error ->
        :error
    end
  end

  defp persist_defaults(config) do
    config |> Keyword.take([:max_cases, :seed, :trace]) |> configure()
    config
  end

  defp put_seed(opts) do
    Keyword.put_new_lazy(opts, :seed, fn ->
      System.system_time(:microsecond) |> rem(1_000_000)
    end)
  end

  defp put_max_cases(opts) do
    max =
      cond do
        opts[:trace] -> 1
        max = opts[:max_cases] -> max
        true -> System.schedulers_online() * 2
      end

    Keyword.put(opts, :max_cases, max)
  end

  defp put_slowest(opts) do
    if opts[:slowest] > 0, do: Keyword.put(opts, :trace, true), else: opts
  end
end

# The test modules waiting to run (async ones and sync ones, in the order they were
# compiled), and when loading them began (for the "on load" time of a script's run).
defmodule ExUnit.Server do
  @moduledoc false
  @behaviour GenServer

  def start do
    GenServer.start(__MODULE__, :ok, name: __MODULE__)
  end

  def add_module(module, true), do: GenServer.call(__MODULE__, {:add, :async, module})
  def add_module(module, _), do: GenServer.call(__MODULE__, {:add, :sync, module})

  def add_async_module(module), do: add_module(module, true)
  def add_sync_module(module), do: add_module(module, false)

  # Microseconds since ExUnit started or the last run took its modules (0 once taken).
  def modules_loaded, do: GenServer.call(__MODULE__, :modules_loaded)

  def take_async_modules(count), do: GenServer.call(__MODULE__, {:take_async, count})
  def take_sync_modules, do: GenServer.call(__MODULE__, :take_sync)

  def init(:ok) do
    :ets.new(ExUnit.OnExitHandler, [:public, :named_table, :set])
    {:ok, %{async: [], sync: [], started: System.monotonic_time(:microsecond)}}
  end

  # Newest first, as ExUnit's server keeps them.
  def handle_call({:add, :async, mod}, _from, s), do: {:reply, :ok, %{s | async: [mod | s.async]}}
  def handle_call({:add, :sync, mod}, _from, s), do: {:reply, :ok, %{s | sync: [mod | s.sync]}}

  def handle_call(:modules_loaded, _from, %{started: :done} = s), do: {:reply, 0, s}

  def handle_call(:modules_loaded, _from, s) do
    {:reply, System.monotonic_time(:microsecond) - s.started, %{s | started: :done}}
  end

  def handle_call({:take_async, _count}, _from, %{async: []} = s), do: {:reply, nil, s}

  def handle_call({:take_async, count}, _from, s) do
    {taken, rest} = Enum.split(s.async, count)
    {:reply, taken, %{s | async: rest}}
  end

  def handle_call(:take_sync, _from, s),
    do: {:reply, s.sync, %{s | sync: [], started: System.monotonic_time(:microsecond)}}
end

# on_exit/2 callbacks and the test supervisor (start_supervised/2) of each test process
# (and of each module's setup_all process), in a public table owned by ExUnit.Server.
defmodule ExUnit.OnExitHandler do
  @moduledoc false
  @name __MODULE__

  def register(pid) when is_pid(pid) do
    :ets.insert(@name, {pid, nil, []})
    :ok
  end

  def add(pid, name_or_ref, callback) when is_pid(pid) and is_function(callback, 0) do
    case :ets.lookup(@name, pid) do
      [{^pid, sup, callbacks}] ->
        callbacks = List.keystore(callbacks, name_or_ref, 0, {name_or_ref, callback})
        :ets.insert(@name, {pid, sup, callbacks})
        :ok

      [] ->
        :error
    end
  end

  def get_supervisor(pid) do
    case :ets.lookup(@name, pid) do
      [{^pid, sup, _}] -> {:ok, sup}
      [] -> :error
    end
  end

  def put_supervisor(pid, sup) do
    [{^pid, _, callbacks}] = :ets.lookup(@name, pid)
    :ets.insert(@name, {pid, sup, callbacks})
    :ok
  end

  # Stops the test supervisor, then runs the callbacks newest first in a process of their
  # own; :ok, or the first failure as {kind, reason, stacktrace}.
  def run(pid, timeout) do
    case :ets.lookup(@name, pid) do
      [{^pid, sup, callbacks}] ->
        :ets.delete(@name, pid)
        error = terminate_supervisor(sup, timeout)
        exec_callbacks(Enum.reverse(callbacks), timeout, error)

      [] ->
        :ok
    end
  end

  defp terminate_supervisor(nil, _timeout), do: :ok

  defp terminate_supervisor(sup, timeout) do
    ref = Process.monitor(sup)
    Process.exit(sup, :shutdown)

    receive do
      {:DOWN, ^ref, _, _, _} -> :ok
    after
      timeout ->
        Process.exit(sup, :kill)

        receive do
          {:DOWN, ^ref, _, _, _} -> :ok
        end

        {:error, RuntimeError.exception("supervisor shutdown timed out after #{timeout}ms"), []}
    end
  end

  defp exec_callbacks([], _timeout, error), do: error

  defp exec_callbacks(callbacks, timeout, error) do
    parent = self()

    {pid, ref} =
      spawn_monitor(fn ->
        result =
          Enum.reduce(callbacks, error, fn {_name, callback}, acc ->
            try do
              callback.()
              acc
            catch
              kind, reason -> if acc == :ok, do: {kind, reason, __STACKTRACE__}, else: acc
            end
          end)

        send(parent, {self(), :on_exit_done, result})
      end)

    receive do
      {^pid, :on_exit_done, result} ->
        Process.demonitor(ref, [:flush])
        result

      # (the runner died, killed by a callback: the failure names it, as ** (EXIT from pid))
      {:DOWN, ^ref, _, _, reason} ->
        if error == :ok, do: {{:EXIT, pid}, reason, []}, else: error
    after
      timeout ->
        Process.exit(pid, :kill)
        Process.demonitor(ref, [:flush])
        exception = RuntimeError.exception("on_exit/2 callback timed out after #{timeout}ms")
        if error == :ok, do: {:error, exception, []}, else: error
    end
  end
end

# Counts what finished, for the result of a run (%{total:, failures:, skipped:, excluded:}),
# and, given a :failures_manifest_file, keeps the failures manifest there (read as the suite
# starts, each finished test put in it, written as the suite finishes).
defmodule ExUnit.RunnerStats do
  @moduledoc false
  @behaviour GenServer

  def stats(pid), do: GenServer.call(pid, :stats, :infinity)
  def get_failure_counter(pid), do: GenServer.call(pid, :get_failure_counter)

  def increment_failure_counter(pid, increment \\ 1),
    do: GenServer.call(pid, {:increment_failure_counter, increment})

  def init(opts) do
    {:ok,
     %{
       total: 0,
       passed: 0,
       failures: 0,
       skipped: 0,
       excluded: 0,
       failure_counter: 0,
       manifest_file: opts[:failures_manifest_file],
       manifest: ExUnit.FailuresManifest.new()
     }}
  end

  def handle_call(:stats, _from, s),
    do: {:reply, Map.take(s, [:total, :failures, :skipped, :excluded]), s}

  def handle_call(:get_failure_counter, _from, s), do: {:reply, s.failure_counter, s}

  def handle_call({:increment_failure_counter, n}, _from, s),
    do: {:reply, s.failure_counter, %{s | failure_counter: s.failure_counter + n}}

  def handle_cast({:suite_started, _opts}, %{manifest_file: file} = s) when is_binary(file),
    do: {:noreply, %{s | manifest: ExUnit.FailuresManifest.read(file)}}

  def handle_cast({:suite_finished, _}, %{manifest_file: file} = s) when is_binary(file) do
    ExUnit.FailuresManifest.write!(s.manifest, file)
    {:noreply, s}
  end

  def handle_cast({:test_finished, %ExUnit.Test{state: state} = test}, s) do
    s = %{s | total: s.total + 1, manifest: ExUnit.FailuresManifest.put_test(s.manifest, test)}

    s =
      case state do
        nil -> %{s | passed: s.passed + 1}
        {:skipped, _} -> %{s | skipped: s.skipped + 1}
        {:excluded, _} -> %{s | excluded: s.excluded + 1}
        {tag, _} when tag in [:failed, :invalid] -> %{s | failures: s.failures + 1}
        _ -> s
      end

    {:noreply, s}
  end

  def handle_cast({:module_finished, %ExUnit.TestModule{state: {:failed, _}, tests: tests}}, s) do
    # (the tests that passed fail with their module; the failed ones are in the manifest)
    passed = Enum.filter(tests, &is_nil(&1.state))
    manifest = Enum.reduce(passed, s.manifest, &ExUnit.FailuresManifest.put_test(&2, &1))
    n = length(passed)
    {:noreply, %{s | failures: s.failures + n, passed: s.passed - n, manifest: manifest}}
  end

  def handle_cast(_, s), do: {:noreply, s}
end

# Sends the runner's events to the formatters (GenServers, as ExUnit's are).
defmodule ExUnit.EventManager do
  @moduledoc false

  def start_link, do: {:ok, []}

  def add_handler(handlers, handler, opts) do
    {:ok, pid} = GenServer.start(handler, opts)
    {:ok, pid, [pid | handlers]}
  end

  def notify(handlers, msg) do
    for pid <- Enum.reverse(handlers), do: GenServer.cast(pid, msg)
    :ok
  end

  def stop(handlers) do
    for pid <- Enum.reverse(handlers), do: GenServer.stop(pid, :normal, :infinity)
    :ok
  end
end

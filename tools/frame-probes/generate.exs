# Probe inputs for stack-trace parity: calls of Elixir's own public functions (and of the
# Erlang modules lessons call) with bad arguments that raise, one .in file per module (run
# with real Elixir 1.14):
#
#   elixir tools/frame-probes/generate.exs OUT_DIR [MODULE...]
#
# Every function is tried with a fixed, seeded sample of arguments from a small pool of
# values (each call in a process of its own, killed after a short while, in a scratch
# directory); a call is kept when it raises (or exits) with a stack trace that passes
# through the library, up to two per function with different traces. A lazy result (a
# stream) is run with Enum.to_list/1. Then record what iex prints:
#
#   node ../shared/parity/parity.mjs --record --cmd iex OUT_DIR/
#
# and compare beamsh's stack-trace lines with tools/frame-probes/compare.mjs.
defmodule FrameProbes do
  @pool [
    "nil", ":a", "1", "-1", "1.5", "\"s\"", "\"/nonexistent/x\"", "[]", "[1, 2]", "[a: 1]",
    "%{}", "%{a: 1}", "{1, 2}", "1..3", "fn x -> x end", "fn _x, _y -> :ok end", "<<255>>",
    "~D[2020-01-01]", "[[1]]", "'abc'",
    # funs that fail inside: the trace then passes through the shell's fun into the library
    "fn x -> x + :a end", "fn _x, acc -> acc + :a end"
  ]
  @modules [Enum, Keyword, Map, List, String, File, Integer, Float, Access, Kernel, Path, Range,
    Stream, MapSet, Date, Time, NaiveDateTime, DateTime, Calendar, URI, Base, Regex, Agent,
    GenServer, Task, Process, Tuple, Atom, Function, Version, OptionParser, Exception,
    StringIO, Calendar.ISO, Bitwise, IO, System, :lists, :maps, :string, :io_lib, :proplists,
    :queue]
  # Calls that would stop the node, touch the terminal or wait on other processes forever.
  @skip ~w(Kernel.exit/1 Process.exit/2 Process.group_leader/2 Process.sleep/1 Kernel.spawn/1
    Kernel.spawn/3 Kernel.spawn_link/1 Kernel.spawn_link/3 Kernel.spawn_monitor/1
    Kernel.spawn_monitor/3 Process.spawn/2 Process.spawn/4 Process.hibernate/3
    Code.eval_string/1 Code.eval_string/2 Code.eval_string/3 Code.eval_file/1 Code.eval_file/2
    Code.require_file/1 Code.require_file/2 Code.compile_file/1 Code.compile_file/2
    Code.append_path/1 Code.prepend_path/1 Code.delete_path/1 Code.purge_compiler_modules/0
    Code.put_compiler_option/2 Code.compiler_options/1 Code.unrequire_files/1
    Process.register/2 Process.unregister/1 Process.flag/2 Process.flag/3
    Kernel.apply/2 Kernel.apply/3 File.cd!/2 File.cd/1 File.cd!/1 Code.ensure_compiled!/1
    Task.await/1 Task.await/2 Task.yield/1 Task.yield/2 Task.yield_many/1 Task.yield_many/2
    Task.await_many/1 Task.await_many/2 IO.gets/1 IO.gets/2 IO.read/1 IO.read/2 IO.binread/1
    IO.binread/2 System.halt/0 System.halt/1 System.stop/0 System.stop/1 System.cmd/2 System.cmd/3
    System.shell/1 System.shell/2 System.put_env/1 System.put_env/2 System.delete_env/1
    System.restart/0 System.at_exit/1 System.trap_signal/2 System.trap_signal/3 System.no_halt/1
    System.argv/1 System.cwd!/0 System.pid/0)
  @tries 24
  @per_function 2

  def main([out | mods]) do
    modules = if mods == [], do: @modules, else: Enum.map(mods, &Module.concat([&1]))
    File.mkdir_p!(out)
    scratch = Path.join(System.tmp_dir!(), "frame-probes-#{System.unique_integer([:positive])}")
    File.mkdir_p!(scratch)
    pool = Enum.map(@pool, fn text -> {text, elem(Code.eval_string(text), 0)} end)
    :rand.seed(:exsss, {1, 2, 3})

    for mod <- modules do
      Code.ensure_loaded!(mod)

      probes =
        for {fun, arity} <- functions(mod),
            arity in 1..4,
            not String.starts_with?(Atom.to_string(fun), "__"),
            "#{inspect(mod)}.#{fun}/#{arity}" not in @skip,
            probe <- probes(mod, fun, arity, pool, scratch),
            do: probe

      name = inspect(mod) |> String.trim_leading(":") |> String.replace(".", "_")
      # iex evaluates each line; a few dozen calls per file keep a run short
      probes
      |> Enum.chunk_every(40)
      |> Enum.with_index(1)
      |> Enum.each(fn {chunk, i} ->
        File.write!(Path.join(out, "#{name}_#{i}.in"), Enum.join(chunk, "\n") <> "\n")
      end)

      IO.puts("#{inspect(mod)}: #{length(probes)} probes")
    end

    File.rm_rf!(scratch)
  end

  # An Elixir module's public functions, or an Erlang module's exports.
  defp functions(mod) do
    if function_exported?(mod, :__info__, 1),
      do: mod.__info__(:functions),
      else: Enum.reject(mod.module_info(:exports), fn {f, _} -> f in [:module_info] end)
  end

  # The most telling calls first: an exception raised inside the function (not a clause
  # that did not match) and traces through several library functions.
  defp probes(mod, fun, arity, pool, scratch) do
    for _ <- 1..@tries,
        args = for(_ <- 1..arity, do: Enum.random(pool)),
        call = "#{inspect(mod)}.#{call_name(fun)}(#{Enum.map_join(args, ", ", &elem(&1, 0))})",
        {:raised, lazy?, exception, trace} <- [run(mod, fun, Enum.map(args, &elem(&1, 1)), scratch)],
        library?(trace) do
      text = if lazy?, do: call <> " |> Enum.to_list()", else: call
      score = if(exception == FunctionClauseError, do: 0, else: 2) + min(library_frames(trace), 2)
      {-score, {exception, trace}, text}
    end
    |> Enum.sort_by(&elem(&1, 0))
    |> Enum.uniq_by(&elem(&1, 1))
    |> Enum.take(@per_function)
    |> Enum.map(&elem(&1, 2))
  end

  defp call_name(fun) do
    s = Atom.to_string(fun)
    if s =~ ~r/^[a-z_][a-zA-Z0-9_]*[?!]?$/, do: s, else: inspect(s) |> then(&"#{&1}")
  end

  # Runs the call in a process of its own (its output discarded); a stream is run too.
  defp run(mod, fun, args, scratch) do
    parent = self()
    {:ok, sink} = StringIO.open("")

    {pid, ref} =
      spawn_monitor(fn ->
        Process.group_leader(self(), sink)
        File.cd!(scratch)

        try do
          result = apply(mod, fun, args)

          if lazy?(result) do
            try do
              Enum.to_list(result)
              send(parent, {self(), :ok})
            catch
              kind, reason -> send(parent, {self(), {:raised, true, {kind, reason, shape(__STACKTRACE__)}}})
            end
          else
            send(parent, {self(), :ok})
          end
        catch
          kind, reason -> send(parent, {self(), {:raised, false, {kind, reason, shape(__STACKTRACE__)}}})
        end
      end)

    result =
      receive do
        {^pid, {:raised, lazy?, {kind, reason, trace}}} ->
          case if(kind == :error, do: Exception.normalize(:error, reason, [])) do
            %UndefinedFunctionError{} -> :skip
            %{__struct__: exception} -> {:raised, lazy?, exception, trace}
            _ -> {:raised, lazy?, kind, trace}
          end

        {^pid, :ok} -> :ok
        {:DOWN, ^ref, _, _, _} -> :died
      after
        300 -> :timeout
      end

    Process.demonitor(ref, [:flush])
    Process.exit(pid, :kill)
    StringIO.close(sink)
    result
  end

  defp lazy?(%Stream{}), do: true
  defp lazy?(f) when is_function(f, 2), do: true
  defp lazy?(_), do: false

  # The trace's shape: which functions at which lines.
  defp shape(trace), do: for({m, f, a, loc} <- trace, do: {m, f, if(is_list(a), do: length(a), else: a), loc[:line]})

  @apps [:elixir, :stdlib, :kernel]
  defp library_frames(trace), do: Enum.count(trace, &library?([&1]))

  defp library?(trace) do
    Enum.any?(trace, fn {m, _, _, _} -> :application.get_application(m) in Enum.map(@apps, &{:ok, &1}) end)
  end
end

FrameProbes.main(System.argv())

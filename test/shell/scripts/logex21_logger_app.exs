# Logger's application, handler and utilities: Logger.App stops and starts :logger (reading
# :level, :backends, :console from its environment), events are translated (translators
# newest first, a report's report_cb, Erlang formats filled as Elixir inspects), truncated
# to :truncate bytes and pruned of invalid UTF-8; a suspended Logger manager does not stop a
# process logging; Logger.Utils as Logger's handler uses it.
require Logger
Logger.configure_backend(:console, format: "[$level] $message\n")

defmodule Translate do
  def t(_min, _level, :format, {'skip ~p', _}), do: :skip
  def t(_min, :info, :format, {'rewrite ~p', [x]}), do: {:ok, "rewritten #{inspect(x)}"}
  def t(_min, _level, :report, {:logger, %{translate: x}}), do: {:ok, ["translated ", inspect(x)]}
  def t(_, _, _, _), do: :none

  def first(_min, _level, :format, {'rewrite ~p', _}), do: {:ok, "first wins"}
  def first(_, _, _, _), do: :none
end

IO.inspect(Application.get_env(:logger, :backends))
IO.inspect(Application.get_env(:logger, :truncate))
IO.inspect(Application.get_env(:logger, :translators))

# Erlang formats and reports
:logger.info('~p and ~w', [%{a: 1}, 'ab'])
:logger.info('~lp', ['ab'])
:logger.info('bad ~p ~p', [1])
:logger.info(%{a: 1, b: "x"})
:logger.warning([key: :value])
:logger.info(%{n: 5}, %{report_cb: fn %{n: n} -> {'n is ~B', [n]} end})
:logger.info(%{n: 6}, %{report_cb: fn %{n: n}, opts -> "n is #{n}, #{inspect(Map.keys(opts))}" end})
Logger.info(%{foo: 10}, report_cb: fn %{foo: foo} -> {"Foo is ~B", [foo]} end)
Logger.info([list: :report])

# translators
:ok = Logger.add_translator({Translate, :t})
:logger.info('skip ~p', [1])
:logger.info('rewrite ~p', [:x])
:logger.info(%{translate: 1})
:ok = Logger.add_translator({Translate, :first})
:logger.info('rewrite ~p', [:x])
:ok = Logger.remove_translator({Translate, :first})
:ok = Logger.remove_translator({Translate, :t})
:logger.info('rewrite ~p', [:x])
Logger.flush()
IO.inspect(Application.get_env(:logger, :translators))

# truncation and invalid UTF-8
Logger.configure(truncate: 4)
Logger.info("hello")
Logger.info(["he", "llo", ?!])
Logger.configure(truncate: 8096)
Logger.info("he" <> <<185>> <> "lo")

# a suspended Logger manager
{:ok, _} = Logger.add_backend(:console) |> then(fn {:error, :already_present} -> {:ok, nil}; other -> other end)
_ = :gen_event.start({:local, Logger})
:sys.suspend(Logger)
Logger.info("while suspended")
:sys.resume(Logger)

# stopping and starting the application
:ok = Logger.App.stop()
IO.inspect(:logger.get_primary_config().level, label: "stopped")
Logger.error("not written")
IO.inspect(Process.whereis(Logger), label: "manager")
Application.put_env(:logger, :level, :warn)
Application.put_env(:logger, :console, format: "($level) $message\n")
:ok = Application.start(:logger)
IO.inspect(Logger.level(), label: "started")
Logger.info("below the level")
Logger.warning("at the level")
IO.inspect(Logger.add_backend(:console))
IO.inspect(Application.start(:logger))
Application.put_env(:logger, :level, :error)
IO.inspect(:application_controller.config_change(logger: [level: :warning]))
IO.inspect(Logger.level(), label: "changed")
Application.put_env(:logger, :backends, [])
Application.delete_env(:logger, :level)
Logger.App.stop()
Logger.App.start()
IO.inspect(Logger.level(), label: "no level")
Logger.error("no console")
{:ok, pid} = Logger.add_backend(:console)
IO.inspect(is_pid(pid))
Logger.error("console again")
Logger.flush()

# Logger.Utils
IO.inspect(Logger.Utils.truncate("olá", 2))
IO.inspect(Logger.Utils.truncate("𠜎𠜱𠝹𠱓", 15))
IO.inspect(Logger.Utils.truncate('ol' ++ "á", 3))
IO.inspect(Logger.Utils.truncate([?a, "bc" | "de"], 3))
IO.inspect(Logger.Utils.truncate("abc", :infinity))
IO.inspect(Logger.Utils.truncate("abc", 0))
IO.inspect(try do Logger.Utils.truncate([:a], 3) rescue e -> e end)
IO.inspect(:io_lib.unscan_format(Logger.Utils.scan_inspect('~10.10x~p~n', [1, 2, 3], 10)))
IO.inspect(:io_lib.unscan_format(Logger.Utils.scan_inspect("~5lP|~W", ['abc', 2, [1, [2, [3]]], 2], 10)))
IO.inspect(:io_lib.unscan_format(Logger.Utils.scan_inspect(:"~ts~ts~ts", ["abcdeabcde", "abcde", "abcde"], 12)))
IO.inspect(:io_lib.unscan_format(Logger.Utils.scan_inspect('plain', [], 10)))
IO.inspect(:io_lib.unscan_format(Logger.Utils.scan_inspect('~p', [%{a: "b"}], 10, %Inspect.Opts{pretty: true, limit: 1})))
{{_, _, _}, {_, _, _, ms}} = Logger.Utils.timestamp(false)
IO.inspect(ms in 0..999)
{{y, _, _}, _} = Logger.Utils.timestamp(0, true)
IO.inspect(y)

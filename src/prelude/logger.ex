# Logger with iex 1.14's default console format ("\n12:00:00.000 [error] message\n"), and
# the report formatting shared by GenServer, Task and Supervisor (Logger.Translator's).
# The writing itself is native (:beamsh_otp.__log__/2 in src/stdlib/ets.ts).
defmodule Logger do
  @moduledoc false

  @levels [:emergency, :alert, :critical, :error, :warning, :notice, :info, :debug]

  # The logging macros, as Elixir's: each checks at run time whether the caller's module
  # (its level, else the primary one) and the process's level let the event through, and
  # evaluates its message only then. Events below :compile_time_purge_matching go at
  # compile time.
  defmacro emergency(message_or_fun, metadata \\ []), do: maybe_log(:emergency, message_or_fun, metadata, __CALLER__)
  defmacro alert(message_or_fun, metadata \\ []), do: maybe_log(:alert, message_or_fun, metadata, __CALLER__)
  defmacro critical(message_or_fun, metadata \\ []), do: maybe_log(:critical, message_or_fun, metadata, __CALLER__)
  defmacro error(message_or_fun, metadata \\ []), do: maybe_log(:error, message_or_fun, metadata, __CALLER__)
  defmacro warning(message_or_fun, metadata \\ []), do: maybe_log(:warning, message_or_fun, metadata, __CALLER__)
  defmacro warn(message_or_fun, metadata \\ []), do: maybe_log(:warning, message_or_fun, metadata, __CALLER__)
  defmacro notice(message_or_fun, metadata \\ []), do: maybe_log(:notice, message_or_fun, metadata, __CALLER__)
  defmacro info(message_or_fun, metadata \\ []), do: maybe_log(:info, message_or_fun, metadata, __CALLER__)
  defmacro debug(message_or_fun, metadata \\ []), do: maybe_log(:debug, message_or_fun, metadata, __CALLER__)

  defmacro log(level, message_or_fun, metadata \\ []) do
    macro_log(level, message_or_fun, metadata, __CALLER__)
  end

  defp maybe_log(level, data, metadata, caller) do
    min_level =
      if env_level = Application.get_env(:logger, :compile_time_purge_level) do
        IO.warn(
          ":compile_time_purge_level option for the :logger application is deprecated, " <>
            "use :compile_time_purge_matching instead",
          Macro.Env.stacktrace(caller)
        )

        env_level
      else
        :debug
      end

    if compare_levels(level, min_level) != :lt do
      macro_log(level, data, metadata, caller)
    else
      no_log(data, metadata)
    end
  end

  defp macro_log(level, data, metadata, caller) do
    {maybe_application, file} = compile_time_application_and_file(caller)

    location =
      case caller do
        %{module: module, function: {fun, arity}, line: line} ->
          %{mfa: {module, fun, arity}, file: file, line: line}

        _ ->
          %{}
      end

    {compile_metadata, quoted_metadata} =
      if Keyword.keyword?(metadata) do
        metadata = Keyword.merge(maybe_application, metadata)
        {Map.merge(location, Map.new(metadata)), escape_metadata(metadata)}
      else
        {%{},
         quote do
           Enum.into(unquote(metadata), unquote(escape_metadata(maybe_application)))
         end}
      end

    compile_level = if is_atom(level), do: level, else: :error

    if compile_time_purge_matching?(compile_level, compile_metadata) do
      no_log(data, quoted_metadata)
    else
      quote do
        case Logger.__should_log__(unquote(level), __MODULE__) do
          nil ->
            :ok

          level ->
            Logger.__do_log__(
              level,
              unquote(data),
              unquote(Macro.escape(location)),
              unquote(quoted_metadata)
            )
        end
      end
    end
  end

  defp escape_metadata(metadata) do
    {_, metadata} =
      Keyword.get_and_update(metadata, :mfa, fn
        nil -> :pop
        mfa -> {mfa, Macro.escape(mfa)}
      end)

    {:%{}, [], metadata}
  end

  defp compile_time_application_and_file(%{file: file}) do
    if app = Application.get_env(:logger, :compile_time_application) do
      {[application: app], file |> Path.relative_to_cwd() |> String.to_charlist()}
    else
      {[], String.to_charlist(file)}
    end
  end

  defp compile_time_purge_matching?(level, compile_metadata) do
    matching = Application.get_env(:logger, :compile_time_purge_matching, [])

    if not is_list(matching) do
      bad_compile_time_purge_matching!(matching)
    end

    Enum.any?(matching, fn filter ->
      if not is_list(filter) do
        bad_compile_time_purge_matching!(matching)
      end

      Enum.all?(filter, fn
        {:level_lower_than, min_level} ->
          compare_levels(level, min_level) == :lt

        {:module, module} ->
          match?({:ok, {^module, _, _}}, Map.fetch(compile_metadata, :mfa))

        {:function, func} ->
          case Map.fetch(compile_metadata, :mfa) do
            {:ok, {_, f, a}} -> "#{f}/#{a}" == func
            _ -> false
          end

        {k, v} when is_atom(k) ->
          Map.fetch(compile_metadata, k) == {:ok, v}

        _ ->
          bad_compile_time_purge_matching!(matching)
      end)
    end)
  end

  defp bad_compile_time_purge_matching!(matching) do
    raise "expected :compile_time_purge_matching to be a list of keyword lists, " <>
            "got: #{inspect(matching)}"
  end

  defp no_log(data, metadata) do
    quote do
      _ = fn -> {unquote(data), unquote(metadata)} end
      :ok
    end
  end

  def bare_log(level, message_or_fun, metadata \\ []) do
    case __should_log__(level, nil) do
      nil -> :ok
      level -> __do_log__(level, message_or_fun, %{}, Map.new(metadata))
    end
  end

  @doc false
  def __should_log__(level, module) do
    level = elixir_level_to_erlang_level(level)

    if :logger.allow(level, module) do
      level
    end
  end

  @doc false
  def __do_log__(level, fun, location, metadata)
      when is_function(fun, 0) and is_map(location) and is_map(metadata) do
    case fun.() do
      {msg, meta} -> __do_log__(level, msg, location, Enum.into(meta, metadata))
      msg -> __do_log__(level, msg, location, metadata)
    end
  end

  def __do_log__(level, msg, location, metadata)
      when level in @levels and is_map(location) and is_map(metadata) do
    # (Elixir's events are of the :elixir domain, under it the one given)
    metadata =
      case metadata do
        %{domain: domain} when is_list(domain) -> %{metadata | domain: [:elixir | domain]}
        _ -> Map.put(metadata, :domain, [:elixir])
      end

    if is_binary(msg) or is_list(msg) or is_map(msg) do
      emit(level, msg, location, metadata)
    else
      IO.warn(
        "passing #{inspect(msg)} to Logger is deprecated, expected a map, a keyword list, " <>
          "a string, a list of strings, or a zero-arity anonymous function"
      )

      emit(level, to_string(msg), location, metadata)
    end
  end

  # An event the primary filter (Logger.Filter, the process's own level) lets through is
  # translated (a report or an Erlang format, by the translators, else its report_cb or as
  # Elixir inspects it), truncated to the :truncate bytes, and goes to the console (invalid
  # UTF-8 shown as U+FFFD) and to the Logger manager's backends. (Whether there are backends is
  # not asked of the manager: a suspended manager must not stop the process logging.)
  defp emit(level, msg, location, metadata) do
    if process_filter(level) == :ignore do
      case translate(level, msg, metadata) do
        :skip -> :ok
        {message, metadata} -> emit_message(level, truncate(message), location, metadata)
      end
    end

    :ok
  end

  defp emit_message(level, message, location, metadata) do
    text = message |> IO.chardata_to_string() |> Logger.Formatter.prune()
    backends? = Process.whereis(Logger) != nil
    config = if :beamsh_otp.__console_on__(), do: :beamsh_otp.__console__(), else: :off

    # (the event's metadata and time, made once for a configured console and the backends)
    {md, ts} =
      if backends? or is_map(config),
        do: {event_metadata(level, location, metadata), timestamp()},
        else: {[], nil}

    console(config, level, text, md, ts)
    if backends?, do: notify_backends(level, message, md, ts)
  end

  defp truncate(message) do
    Logger.Utils.truncate(message, Application.get_env(:logger, :truncate, 8096))
  rescue
    error in ArgumentError -> Exception.message(error)
  end

  @doc false
  # An Erlang :logger event (the message a string, a report, or {format, args}) that its
  # level lets through, with the metadata of the call (the process's is added here).
  # OTP's SASL reports (a supervisor's, a :proc_lib crash report, progress) only with the
  # :handle_sasl_reports option.
  def __erlang_log__(level, msg, metadata) when is_map(metadata) do
    case metadata do
      %{domain: [:otp, :sasl | _]} -> if sasl_reports?(), do: erlang_log(level, msg, metadata), else: :ok
      %{domain: [:supervisor_report | _]} -> if sasl_reports?(), do: erlang_log(level, msg, metadata), else: :ok
      _ -> erlang_log(level, msg, metadata)
    end
  end

  defp sasl_reports?(), do: Logger.App.sasl_reports?()

  defp erlang_log(level, msg, metadata) do
    level = elixir_level_to_erlang_level(level)

    msg =
      case msg do
        {:string, string} -> string
        {:report, report} -> report
        {format, args} when is_list(args) -> {format, args}
        other -> other
      end

    emit(level, msg, %{}, metadata)
  end

  # A string (chardata) is the message; a report (a map or a keyword list) and an Erlang
  # format with its arguments are offered to the translators first, newest first, as Logger's
  # handler does: :skip drops the event, {:ok, chardata} (and {:ok, chardata, metadata}) is
  # the message, :none passes it on. A translator that raises gives the failure as the
  # message.
  defp translate(level, msg, metadata) do
    case translation_input(msg) do
      nil ->
        {msg, metadata}

      {kind, data} ->
        min_level = erlang_level_to_elixir_level(level())
        event_level = erlang_level_to_elixir_level(level)
        translators = Application.get_env(:logger, :translators, [])

        try do
          run_translators(translators, min_level, event_level, kind, data, metadata)
        rescue
          error ->
            {["Failure while translating Erlang's logger event\n", Exception.format(:error, error, __STACKTRACE__)],
             metadata}
        else
          :none -> {untranslated(msg, metadata), metadata}
          other -> other
        end
    end
  end

  defp translation_input(%{label: {:error_logger, _}, format: format, args: args}), do: {:format, {format, args}}
  defp translation_input(%{label: label, report: report} = map) when map_size(map) == 2, do: {:report, {label, report}}
  defp translation_input(report) when is_map(report), do: {:report, {:logger, report}}
  defp translation_input([{key, _} | _] = report) when is_atom(key), do: {:report, {:logger, report}}
  defp translation_input({format, args}) when is_list(args), do: {:format, {format, args}}
  defp translation_input(_chardata), do: nil

  defp run_translators([], _min, _level, _kind, _data, _metadata), do: :none

  defp run_translators([{mod, fun} | rest], min, level, kind, data, metadata) do
    case apply(mod, fun, [min, level, kind, data]) do
      {:ok, chardata, extra} -> {chardata, Enum.into(extra, metadata)}
      {:ok, chardata} -> {chardata, metadata}
      :skip -> :skip
      :none -> run_translators(rest, min, level, kind, data, metadata)
    end
  end

  # No translator took it: a report goes to its report_cb (of one argument, giving a format
  # and its arguments or another report; of two, giving the text), else it is inspected (a
  # map as a keyword list) with the :translator_inspect_opts; a format is filled with its
  # arguments inspected as Elixir, binaries cut to the :truncate bytes.
  defp untranslated({format, args}, _metadata) when is_list(args) do
    format
    |> Logger.Utils.scan_inspect(args, Application.get_env(:logger, :truncate, 8096))
    |> :io_lib.build_text()
  end

  defp untranslated(report, metadata) do
    case report_cb(metadata) do
      callback when is_function(callback, 1) ->
        case callback.(report) do
          {format, args} when is_list(args) -> untranslated({format, args}, %{})
          other -> untranslated(other, %{})
        end

      callback when is_function(callback, 2) ->
        opts = Inspect.Opts.new(Application.get_env(:logger, :translator_inspect_opts, []))
        callback.(report, %{depth: opts.limit, chars_limit: opts.printable_limit, single_line: false})

      _ when is_map(report) ->
        inspect(Map.to_list(report), Application.get_env(:logger, :translator_inspect_opts, []))

      _ ->
        inspect(report, Application.get_env(:logger, :translator_inspect_opts, []))
    end
  end

  defp report_cb(%{report_cb: callback}), do: callback

  defp report_cb(_metadata) do
    case :logger.get_process_metadata() do
      %{report_cb: callback} -> callback
      _ -> nil
    end
  end

  # (the levels Logger's translators and backends are given)
  defp erlang_level_to_elixir_level(level) when level in [:none, :emergency, :alert, :critical, :error], do: :error
  defp erlang_level_to_elixir_level(:warning), do: :warn
  defp erlang_level_to_elixir_level(level) when level in [:notice, :info], do: :info
  defp erlang_level_to_elixir_level(level) when level in [:debug, :all], do: :debug

  @doc false
  def add_translator({mod, fun} = translator) when is_atom(mod) and is_atom(fun) do
    translators = Application.get_env(:logger, :translators, [])
    Application.put_env(:logger, :translators, [translator | List.delete(translators, translator)])
  end

  @doc false
  def remove_translator({mod, fun} = translator) when is_atom(mod) and is_atom(fun) do
    translators = Application.get_env(:logger, :translators, [])
    Application.put_env(:logger, :translators, List.delete(translators, translator))
  end

  # ---- the console backend -----------------------------------------------------------------

  @console_keys [:format, :metadata, :level, :colors, :device, :max_buffer]

  # Until configure_backend(:console, ...) the console writes the default format with no
  # metadata (as the runtime writes crash reports); then Logger.Formatter formats each event.
  # (:off: removed with remove_backend(:console))
  # (with the console removed, ExUnit.CaptureLog still takes the event in the default format;
  # the runtime drops it when nothing captures)
  defp console(:off, level, text, _md, _ts), do: :beamsh_otp.__log_allowed__(level, text)
  defp console(nil, level, text, _md, _ts), do: :beamsh_otp.log_allowed(level, text)

  # (to another device than :user when the :device option names one)
  defp console(%{level: min, format: format, metadata: keys} = config, level, text, md, ts) do
    if min == nil or :logger.compare_levels(level, elixir_level_to_erlang_level(min)) != :lt do
      line =
        Logger.Formatter.format(format, level, text, ts, console_metadata(keys, md))
        |> IO.chardata_to_string()
        |> colored(level, config, md)

      case Map.get(config, :device, :user) do
        :user -> :beamsh_otp.log_text(level, line)
        device -> IO.write(device, line)
      end
    end
  end

  # The metadata the console shows: the configured keys, in their order (all of them with :all).
  defp console_metadata(:all, md), do: md
  defp console_metadata(keys, md), do: for(key <- keys, Keyword.has_key?(md, key), do: {key, md[key]})

  # (the options are kept in the :console environment, merged, as the application starts the
  # console from it)
  # (:colors merge with the colors set before)
  defp configure_console(options) do
    merged =
      Keyword.merge(Application.get_env(:logger, :console, []), options, fn
        :colors, old, new -> Keyword.merge(old, new)
        _key, _old, new -> new
      end)

    Application.put_env(:logger, :console, merged)

    config =
      :beamsh_otp.__console__() ||
        %{format: Logger.Formatter.compile(nil), metadata: [], level: nil}

    config =
      Enum.reduce(Keyword.take(options, @console_keys), config, fn
        {:format, format}, acc -> %{acc | format: Logger.Formatter.compile(format)}
        {:metadata, keys}, acc -> %{acc | metadata: console_keys(keys)}
        {:level, level}, acc -> %{acc | level: level}
        {:device, device}, acc -> Map.put(acc, :device, device)
        {:colors, _}, acc -> Map.put(acc, :colors, console_colors(Keyword.get(merged, :colors, [])))
        {_key, _value}, acc -> acc
      end)

    :beamsh_otp.__set_console__(config)
    :ok
  end

  # The color of each level (by Erlang's levels; :warn is the old name of :warning), and
  # whether colors are on (by default when IO.ANSI is enabled).
  defp console_colors(colors) do
    error = Keyword.get(colors, :error, :red)
    info = Keyword.get(colors, :info, :normal)

    %{
      emergency: error,
      alert: error,
      critical: error,
      error: error,
      warning: Keyword.get_lazy(colors, :warning, fn -> Keyword.get(colors, :warn) || :yellow end),
      notice: info,
      info: info,
      debug: Keyword.get(colors, :debug, :cyan),
      enabled: Keyword.get_lazy(colors, :enabled, &IO.ANSI.enabled?/0)
    }
  end

  # (the event's :ansi_color metadata, else its level's color)
  defp colored(line, level, %{colors: %{enabled: true} = colors}, md) do
    color = md[:ansi_color] || Map.fetch!(colors, level)
    IO.iodata_to_binary([IO.ANSI.format_fragment(color, true), line, IO.ANSI.reset()])
  end

  defp colored(line, _level, _config, _md), do: line

  defp console_keys(:all), do: :all
  defp console_keys(keys) when is_list(keys), do: Enum.uniq(keys)

  # What a backend is given besides the message: the Erlang level and the domain, then the
  # event's own (the process's metadata, where it was logged from, the call's, the process).
  defp event_metadata(level, location, metadata) do
    process =
      case :logger.get_process_metadata() do
        :undefined -> %{}
        map -> map
      end

    event =
      %{pid: self(), gl: Process.group_leader(), time: :os.system_time(:microsecond)}
      |> Map.merge(process)
      |> Map.merge(location)
      |> Map.merge(metadata)

    # (the module and the function as "name/arity" from the mfa, the file as a binary, as
    # Logger's handler hands them to backends)
    event =
      case event do
        %{mfa: {mod, fun, arity}} when is_atom(mod) and is_atom(fun) and is_integer(arity) ->
          Map.merge(%{module: mod, function: "#{fun}/#{arity}"}, event)

        _ ->
          event
      end

    event =
      case event do
        %{file: file} when is_list(file) -> %{event | file: List.to_string(file)}
        _ -> event
      end

    [erl_level: level] ++ Map.to_list(Map.delete(event, :erl_level))
  end

  # (in UTC with the :utc_log option)
  defp timestamp(), do: Logger.Utils.timestamp(Application.get_env(:logger, :utc_log, false))

  # ---- backends ---------------------------------------------------------------------------

  # Backends are :gen_event handlers of the Logger manager; each event reaches them as
  # {level, group_leader, {Logger, message, timestamp, metadata}}, at Elixir's levels.
  defp notify_backends(level, msg, md, ts) do
    :gen_event.notify(Logger, {erlang_level_to_elixir_level(level), Process.group_leader(), {Logger, msg, ts, md}})
  end


  def add_backend(backend, opts \\ [])

  # (with the application stopped there is no supervisor to start the backend under)
  def add_backend(backend, _opts) when is_atom(backend) or is_tuple(backend) do
    if Logger.App.stopped?() do
      exit({:noproc, {GenServer, :call, [Logger.BackendSupervisor, {:start_child, backend}, :infinity]}})
    else
      add_started_backend(backend)
    end
  end

  defp add_started_backend(:console) do
    if :beamsh_otp.__console_on__() do
      {:error, :already_present}
    else
      :beamsh_otp.__set_console_on__(true)
      Logger.Watcher.manager()
      {:ok, Logger.Watcher.console()}
    end
  end

  defp add_started_backend(backend) do
    if backend in Logger.Watcher.backends() do
      {:error, :already_present}
    else
      Logger.Watcher.start(backend)
    end
  end

  def remove_backend(backend, opts \\ [])

  def remove_backend(:console, _opts) do
    if :beamsh_otp.__console_on__() do
      :beamsh_otp.__set_console_on__(false)
    else
      {:error, :not_found}
    end
  end

  def remove_backend(backend, _opts) do
    if backend in Logger.Watcher.backends() do
      Logger.Watcher.stop(backend)
    else
      {:error, :not_found}
    end
  end

  def configure_backend(:console, options) when is_list(options), do: configure_console(options)

  def configure_backend(backend, options) when is_list(options) do
    if backend in Logger.Watcher.backends() do
      :gen_event.call(Logger, backend, {:configure, options})
    else
      {:error, :bad_module}
    end
  end

  # A filter that fails (a process level that is no level) stops no event.
  defp process_filter(level) do
    Logger.Filter.process_level(%{level: level}, [])
  rescue
    _ -> :ignore
  end

  defp elixir_level_to_erlang_level(:warn), do: :warning
  defp elixir_level_to_erlang_level(other), do: other

  def level() do
    %{level: level} = :logger.get_primary_config()
    level
  end

  @valid_options [
    :compile_time_application,
    :compile_time_purge_level,
    :compile_time_purge_matching,
    :sync_threshold,
    :truncate,
    :level,
    :utc_log,
    :discard_threshold,
    :translator_inspect_opts
  ]

  # The options are kept in :logger's environment; a level Erlang's logger does not take
  # leaves the level as it was, as Elixir's does.
  def configure(options) do
    options = Keyword.take(options, @valid_options)

    for {key, value} <- options do
      Application.put_env(:logger, key, value)
    end

    case Keyword.fetch(options, :level) do
      {:ok, level} -> :logger.set_primary_config(:level, elixir_level_to_erlang_level(level))
      :error -> :ok
    end

    :ok
  end

  def compare_levels(left, right) do
    :logger.compare_levels(elixir_level_to_erlang_level(left), elixir_level_to_erlang_level(right))
  end

  def put_module_level(mod, level), do: :logger.set_module_level(mod, level)
  def get_module_level(mod), do: :logger.get_module_level(mod)
  def delete_module_level(module), do: :logger.unset_module_level(module)
  def delete_all_module_levels(), do: :logger.unset_module_level()
  def put_application_level(appname, level), do: :logger.set_application_level(appname, level)
  def delete_application_level(appname), do: :logger.unset_application_level(appname)

  def put_process_level(pid, level) when pid == self() do
    Process.put(:logger_level, elixir_level_to_erlang_level(level))
    :ok
  end

  def get_process_level(pid) when pid == self() do
    Process.get(:logger_level, nil)
  end

  def delete_process_level(pid) when pid == self() do
    Process.delete(:logger_level)
    :ok
  end

  def enable(pid) when pid == self(), do: delete_process_level(pid)
  def disable(pid) when pid == self(), do: put_process_level(pid, :none)
  def enabled?(pid) when pid == self(), do: get_process_level(pid) != :none

  def flush() do
    if Logger.Watcher.backends() != [], do: :gen_event.sync_notify(Logger, :flush)
    :ok
  end

  def metadata(keyword) do
    case :logger.get_process_metadata() do
      :undefined ->
        reset_metadata(keyword)

      map when is_map(map) ->
        metadata =
          Enum.reduce(keyword, map, fn
            {k, nil}, acc -> Map.delete(acc, k)
            {k, v}, acc -> Map.put(acc, k, v)
          end)

        :ok = :logger.set_process_metadata(metadata)
    end
  end

  def metadata() do
    case :logger.get_process_metadata() do
      :undefined -> []
      map when is_map(map) -> Map.to_list(map)
    end
  end

  def reset_metadata(keyword \\ []) do
    :ok = :logger.set_process_metadata(for {_k, v} = elem <- keyword, v != nil, into: %{}, do: elem)
  end

end

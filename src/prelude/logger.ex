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

  # An event the primary filter (Logger.Filter, the process's own level) lets through goes
  # to the console (a string or chardata as it is; a report, a map or a list of pairs,
  # inspected as a keyword list) and to the backends added with add_backend/2.
  defp emit(level, msg, location, metadata) do
    if process_filter(level) == :ignore do
      text = message_text(msg)
      backends? = Logger.Watcher.backends() != []
      config = if :beamsh_otp.__console_on__(), do: :beamsh_otp.__console__(), else: :off

      # (the event's metadata and time, made once for a configured console and the backends)
      {md, ts} =
        if backends? or is_map(config),
          do: {event_metadata(level, location, metadata), timestamp()},
          else: {[], nil}

      console(config, level, text, md, ts)
      if backends?, do: notify_backends(level, if(is_map(msg) or report?(msg), do: text, else: msg), md, ts)
    end

    :ok
  end

  defp report?([head | _]) when is_tuple(head), do: true
  defp report?(_), do: false

  defp message_text(msg) when is_map(msg), do: inspect(Map.to_list(msg))
  defp message_text([head | _] = msg) when is_tuple(head), do: inspect(msg)
  defp message_text(msg), do: IO.chardata_to_string(msg)

  # ---- the console backend -----------------------------------------------------------------

  @console_keys [:format, :metadata, :level, :colors, :device, :max_buffer]

  # Until configure_backend(:console, ...) the console writes the default format with no
  # metadata (as the runtime writes crash reports); then Logger.Formatter formats each event.
  # (:off: removed with remove_backend(:console))
  defp console(:off, _level, _text, _md, _ts), do: :ok
  defp console(nil, level, text, _md, _ts), do: :beamsh_otp.log_allowed(level, text)

  defp console(%{level: min, format: format, metadata: keys}, level, text, md, ts) do
    if min == nil or :logger.compare_levels(level, elixir_level_to_erlang_level(min)) != :lt do
      line = Logger.Formatter.format(format, level, text, ts, console_metadata(keys, md))
      :beamsh_otp.log_text(level, IO.chardata_to_string(line))
    end
  end

  # The metadata the console shows: the configured keys, in their order (all of them with :all).
  defp console_metadata(:all, md), do: md
  defp console_metadata(keys, md), do: for(key <- keys, Keyword.has_key?(md, key), do: {key, md[key]})

  defp configure_console(options) do
    config =
      :beamsh_otp.__console__() ||
        %{format: Logger.Formatter.compile(nil), metadata: [], level: nil}

    config =
      Enum.reduce(Keyword.take(options, @console_keys), config, fn
        {:format, format}, acc -> %{acc | format: Logger.Formatter.compile(format)}
        {:metadata, keys}, acc -> %{acc | metadata: console_keys(keys)}
        {:level, level}, acc -> %{acc | level: level}
        {_key, _value}, acc -> acc
      end)

    :beamsh_otp.__set_console__(config)
    :ok
  end

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

    # (the file as a binary, the function as "name/arity", as Logger hands them to backends)
    located =
      case location do
        %{mfa: {mod, fun, arity}, file: file} ->
          Map.merge(location, %{module: mod, function: "#{fun}/#{arity}", file: List.to_string(file)})

        _ ->
          location
      end

    event =
      process
      |> Map.merge(located)
      |> Map.merge(metadata)
      |> Map.merge(%{pid: self(), gl: Process.group_leader(), time: :os.system_time(:microsecond)})

    [erl_level: level, domain: [:elixir]] ++ Map.to_list(Map.drop(event, [:erl_level, :domain]))
  end

  defp timestamp() do
    ms = :os.system_time(:millisecond)
    {date, {h, m, s}} = :calendar.system_time_to_local_time(ms, :millisecond)
    {date, {h, m, s, rem(ms, 1000)}}
  end

  # ---- backends ---------------------------------------------------------------------------

  # Backends are :gen_event handlers of the Logger manager; each event reaches them as
  # {level, group_leader, {Logger, message, timestamp, metadata}}, at Elixir's levels.
  defp notify_backends(level, msg, md, ts) do
    :gen_event.notify(Logger, {backend_level(level), Process.group_leader(), {Logger, msg, ts, md}})
  end

  defp backend_level(level) when level in [:emergency, :alert, :critical, :error], do: :error
  defp backend_level(:warning), do: :warn
  defp backend_level(level) when level in [:notice, :info], do: :info
  defp backend_level(:debug), do: :debug

  def add_backend(backend, opts \\ [])

  def add_backend(:console, _opts) do
    if :beamsh_otp.__console_on__() do
      {:error, :already_present}
    else
      :beamsh_otp.__set_console_on__(true)
      Logger.Watcher.manager()
      {:ok, Logger.Watcher.console()}
    end
  end

  def add_backend(backend, _opts) do
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

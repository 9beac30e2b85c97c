# :logger, the Erlang logging API: events written to Logger's console; the primary level,
# per-module levels (kept by the runtime's logger, src/runtime/logger.ts) and the process
# metadata, as OTP 25's logger keeps them.
defmodule :logger do
  @moduledoc false

  @levels [:emergency, :alert, :critical, :error, :warning, :notice, :info, :debug]
  @all_levels [:none | @levels] ++ [:all]

  def emergency(msg), do: log(:emergency, msg)
  def emergency(msg_or_format, meta_or_args), do: log(:emergency, msg_or_format, meta_or_args)
  def emergency(format, args, meta), do: log(:emergency, format, args, meta)
  def alert(msg), do: log(:alert, msg)
  def alert(msg_or_format, meta_or_args), do: log(:alert, msg_or_format, meta_or_args)
  def alert(format, args, meta), do: log(:alert, format, args, meta)
  def critical(msg), do: log(:critical, msg)
  def critical(msg_or_format, meta_or_args), do: log(:critical, msg_or_format, meta_or_args)
  def critical(format, args, meta), do: log(:critical, format, args, meta)
  def error(msg), do: log(:error, msg)
  def error(msg_or_format, meta_or_args), do: log(:error, msg_or_format, meta_or_args)
  def error(format, args, meta), do: log(:error, format, args, meta)
  def warning(msg), do: log(:warning, msg)
  def warning(msg_or_format, meta_or_args), do: log(:warning, msg_or_format, meta_or_args)
  def warning(format, args, meta), do: log(:warning, format, args, meta)
  def notice(msg), do: log(:notice, msg)
  def notice(msg_or_format, meta_or_args), do: log(:notice, msg_or_format, meta_or_args)
  def notice(format, args, meta), do: log(:notice, format, args, meta)
  def info(msg), do: log(:info, msg)
  def info(msg_or_format, meta_or_args), do: log(:info, msg_or_format, meta_or_args)
  def info(format, args, meta), do: log(:info, format, args, meta)
  def debug(msg), do: log(:debug, msg)
  def debug(msg_or_format, meta_or_args), do: log(:debug, msg_or_format, meta_or_args)
  def debug(format, args, meta), do: log(:debug, format, args, meta)

  # A string or a report with metadata (a map), else a format with its arguments (or a fun
  # given its argument), as logger:log/2,3,4 tell them apart.
  def log(level, msg), do: do_log(level, msg, %{})
  def log(level, msg, meta) when is_map(meta) and not is_function(msg), do: do_log(level, msg, meta)
  def log(level, format, args), do: do_log(level, {format, args}, %{})
  def log(level, format, args, meta), do: do_log(level, {format, args}, meta)

  # What the ?LOG_* macros of Erlang's logger.hrl call: the location goes into the metadata.
  def macro_log(location, level, msg), do: log(level, msg, location)

  def macro_log(location, level, msg, meta) when is_map(meta) and not is_function(msg),
    do: log(level, msg, Map.merge(location, meta))

  def macro_log(location, level, format, args), do: log(level, format, args, location)
  def macro_log(location, level, format, args, meta), do: log(level, format, args, Map.merge(location, meta))

  # The level is checked first (its module's own level when the metadata names an mfa, as
  # logger's do_log/3), then the message's shape.
  defp do_log(level, msg, meta) do
    module =
      case meta do
        %{mfa: {module, _, _}} -> module
        _ -> nil
      end

    if :logger_config.allow(level, module) do
      meta = Map.merge(%{pid: self(), gl: Process.group_leader(), time: :os.system_time(:microsecond)}, meta)
      do_log_allowed(level, msg, meta, make_ref(), Map.put(get_primary_config(), :handlers, [Logger]))
    else
      :ok
    end
  end

  defp do_log_allowed(level, {fun, args}, meta, tid, config) when is_function(fun, 1) do
    case fun.(args) do
      {format, args} when is_list(args) -> do_log_allowed(level, {format, args}, meta, tid, config)
      other -> do_log_allowed(level, other, meta, tid, config)
    end
  end

  # Logger's handler takes the event: a report or a format goes through Logger's translators
  # (else its report_cb, or is filled as Logger.Utils.scan_inspect/3 fills it: ~p and ~w
  # inspect as Elixir). An event that cannot be formatted (a format its arguments do not
  # fit) is dropped, as Logger's handler drops what it cannot format.
  defp do_log_allowed(level, msg, meta, _tid, _config)
       when is_map(msg) or is_list(msg) or is_binary(msg) or (is_tuple(msg) and tuple_size(msg) == 2) do
    msg =
      case msg do
        {format, args} when (is_list(format) or is_binary(format) or is_atom(format)) and is_list(args) -> {format, args}
        {_, _} -> :badformat
        report when is_map(report) -> {:report, report}
        [{key, _} | _] = report when is_atom(key) -> {:report, report}
        string -> {:string, string}
      end

    if msg != :badformat do
      try do
        Logger.__erlang_log__(level, msg, meta)
      rescue
        _ -> :ok
      end
    end

    :ok
  end

  # ---- reports as formats -------------------------------------------------------------------

  # A report as a format and its arguments, as OTP's logger:format_otp_report/1 and
  # format_report/1 make it: a map's pairs (its label dropped), a string as the string, a list
  # of {key, value} as "    key: value" lines, anything else printed with ~tp.
  def format_otp_report(%{label: _, report: report}), do: format_report(report)
  def format_otp_report(report), do: format_report(report)

  def format_report(report) when is_map(report), do: format_report(Map.to_list(report))

  def format_report(report) do
    try do
      List.flatten(report)
    rescue
      _ -> {'~tp', [report]}
    else
      [] ->
        {'~tp', [[]]}

      flat ->
        if :io_lib.printable_unicode_list(flat), do: {'~ts', [flat]}, else: term_list_format(report)
    end
  end

  defp term_list_format(report) do
    {formats, args} =
      report
      |> Enum.map(fn
        {tag, data} -> {'    ~tp: ~t' ++ if(string?(data), do: 's', else: 'p'), [tag, data]}
        data -> {'    ~tp', [data]}
      end)
      |> Enum.unzip()

    {formats |> Enum.intersperse('\n') |> List.flatten(), Enum.concat(args)}
  end

  defp string?(data) do
    case (try do
            List.flatten(data)
          rescue
            _ -> []
          end) do
      [] -> false
      flat -> :io_lib.printable_unicode_list(flat)
    end
  end

  # ---- handlers ----------------------------------------------------------------------------

  # The one handler: Elixir's Logger (Logger.Handler), its configuration read from the :logger
  # environment it is kept in (none while the application is stopped).
  def get_handler_ids() do
    if Logger.App.stopped?(), do: [], else: [Logger]
  end

  def get_handler_config(), do: for(id <- get_handler_ids(), do: elem(get_handler_config(id), 1))

  def get_handler_config(Logger) do
    if Logger.App.stopped?() do
      {:error, {:not_found, Logger}}
    else
      env = &Application.get_env(:logger, &1)

      {:ok,
       %{
         config: %{
           sasl: env.(:handle_sasl_reports),
           thresholds: {env.(:sync_threshold), env.(:discard_threshold)},
           translators: env.(:translators),
           truncate: env.(:truncate),
           utc_log: env.(:utc_log)
         },
         filter_default: :log,
         filters: [],
         formatter: {:logger_formatter, %{}},
         id: Logger,
         level: :all,
         module: Logger.Handler
       }}
    end
  end

  def get_handler_config(id), do: {:error, {:not_found, id}}

  # ---- levels ------------------------------------------------------------------------------

  def allow(level, module) when is_atom(module), do: :logger_config.allow(level, module)

  def compare_levels(level, level) when level in @all_levels, do: :eq

  def compare_levels(level1, level2) when level1 in @all_levels and level2 in @all_levels do
    if rank(level1) > rank(level2), do: :gt, else: :lt
  end

  def compare_levels(level1, level2), do: :erlang.error(:badarg, [level1, level2])

  # :none is above every level, :all below
  defp rank(level), do: Enum.find_index([:all | Enum.reverse(@levels)] ++ [:none], &(&1 == level))

  def get_primary_config() do
    %{
      filter_default: :log,
      filters: [process_level: {&Logger.Filter.process_level/2, []}],
      level: :beamsh_otp.__log_level__(),
      metadata: %{}
    }
  end

  def set_primary_config(:level, level) when level in @all_levels,
    do: :beamsh_otp.__set_log_level__(level)

  def set_primary_config(:level, level), do: {:error, {:invalid_level, level}}

  def set_module_level(module, level) when is_atom(module), do: set_module_level([module], level)

  def set_module_level(modules, level) when is_list(modules) do
    cond do
      level not in @all_levels -> {:error, {:invalid_level, level}}
      not Enum.all?(modules, &is_atom/1) -> {:error, {:not_a_list_of_modules, modules}}
      true -> Enum.each(modules, &:beamsh_otp.__set_module_level__(&1, level))
    end
  end

  def set_module_level(modules, _level), do: {:error, {:not_a_list_of_modules, modules}}

  def get_module_level(), do: :beamsh_otp.__module_levels__()
  def get_module_level(module) when is_atom(module), do: get_module_level([module])

  def get_module_level(modules) when is_list(modules) do
    for {module, _} = pair <- get_module_level(), module in modules, do: pair
  end

  def unset_module_level(), do: :beamsh_otp.__unset_module_levels__()
  def unset_module_level(module) when is_atom(module), do: unset_module_level([module])

  def unset_module_level(modules) when is_list(modules) do
    if Enum.all?(modules, &is_atom/1) do
      Enum.each(modules, &:beamsh_otp.__unset_module_level__/1)
    else
      {:error, {:not_a_list_of_modules, modules}}
    end
  end

  def unset_module_level(modules), do: {:error, {:not_a_list_of_modules, modules}}

  def set_application_level(app, level) do
    case :application.get_key(app, :modules) do
      {:ok, modules} -> set_module_level(modules, level)
      :undefined -> {:error, {:not_loaded, app}}
    end
  end

  def unset_application_level(app) do
    case :application.get_key(app, :modules) do
      {:ok, modules} -> unset_module_level(modules)
      :undefined -> {:error, {:not_loaded, app}}
    end
  end

  # ---- process metadata ----------------------------------------------------------------------

  def get_process_metadata(), do: Process.get(:"$logger_metadata$", :undefined)

  def set_process_metadata(meta) when is_map(meta) do
    Process.put(:"$logger_metadata$", meta)
    :ok
  end

  def set_process_metadata(meta), do: :erlang.error(:badarg, [meta])

  def update_process_metadata(meta) when is_map(meta) do
    case get_process_metadata() do
      :undefined -> set_process_metadata(meta)
      old -> set_process_metadata(Map.merge(old, meta))
    end
  end

  def update_process_metadata(meta), do: :erlang.error(:badarg, [meta])

  def unset_process_metadata() do
    Process.delete(:"$logger_metadata$")
    :ok
  end
end

# :logger, the Erlang logging API: events written to Logger's console; the primary level,
# per-module levels (kept by the runtime's logger, src/runtime/logger.ts) and the process
# metadata, as OTP 25's logger keeps them.
defmodule :logger do
  @moduledoc false

  @levels [:emergency, :alert, :critical, :error, :warning, :notice, :info, :debug]
  @all_levels [:none | @levels] ++ [:all]

  def emergency(msg), do: log(:emergency, msg)
  def emergency(msg, _md), do: log(:emergency, msg)
  def emergency(f, a, _md), do: log(:emergency, {f, a})
  def alert(msg), do: log(:alert, msg)
  def alert(msg, _md), do: log(:alert, msg)
  def alert(f, a, _md), do: log(:alert, {f, a})
  def critical(msg), do: log(:critical, msg)
  def critical(msg, _md), do: log(:critical, msg)
  def critical(f, a, _md), do: log(:critical, {f, a})
  def error(msg), do: log(:error, msg)
  def error(msg, _md), do: log(:error, msg)
  def error(f, a, _md), do: log(:error, {f, a})
  def warning(msg), do: log(:warning, msg)
  def warning(msg, _md), do: log(:warning, msg)
  def warning(f, a, _md), do: log(:warning, {f, a})
  def notice(msg), do: log(:notice, msg)
  def notice(msg, _md), do: log(:notice, msg)
  def notice(f, a, _md), do: log(:notice, {f, a})
  def info(msg), do: log(:info, msg)
  def info(msg, _md), do: log(:info, msg)
  def info(f, a, _md), do: log(:info, {f, a})
  def debug(msg), do: log(:debug, msg)
  def debug(msg, _md), do: log(:debug, msg)
  def debug(f, a, _md), do: log(:debug, {f, a})

  def log(level, msg) when level in @levels, do: Logger.bare_log(level, fmt(msg))
  def log(level, msg, _md) when level in @levels, do: Logger.bare_log(level, fmt(msg))
  def log(level, f, a, _md) when level in @levels, do: Logger.bare_log(level, fmt({f, a}))

  defp fmt({f, a}) when is_list(a), do: :io_lib.format(f, a) |> IO.chardata_to_string()
  defp fmt(s) when is_binary(s), do: s
  defp fmt(s) when is_list(s), do: IO.chardata_to_string(s)
  defp fmt(other), do: inspect(other)

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

# Logger.Filter: the primary filter :logger runs with (as :logger.get_primary_config/0 lists
# it): an event below the process's own level (Logger.put_process_level/2) is stopped.
defmodule Logger.Filter do
  @moduledoc false

  def process_level(%{level: level}, _extra) do
    process_level = Logger.get_process_level(self())

    if process_level != nil and :logger.compare_levels(level, process_level) == :lt do
      :stop
    else
      :ignore
    end
  end
end

# Logger's console colors: configure_backend(:console, colors: ...) merges with the colors
# set before; each level has its color (:warn the old name of :warning), an event's
# :ansi_color metadata overrides it, enabled: false turns them off.
require Logger
Logger.configure_backend(:console, format: "$message\n", colors: [enabled: true])
Logger.debug("debug")
Logger.info("info")
Logger.notice("notice")
Logger.warning("warning")
Logger.error("error")
Logger.critical("critical")
Logger.configure_backend(:console, colors: [debug: :magenta, warn: :cyan])
Logger.debug("magenta")
Logger.warning("cyan")
Logger.configure_backend(:console, colors: [warning: :blue])
Logger.warning("blue")
Logger.error("yellow", ansi_color: :yellow)
Logger.info("bright", ansi_color: [:bright, :green])
IO.inspect(Application.get_env(:logger, :console)[:colors])
Logger.configure_backend(:console, colors: [enabled: false])
Logger.error("plain")
Logger.flush()

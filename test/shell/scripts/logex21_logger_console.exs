# Logger's console backend and handler configuration: the :device option (another device
# than :user), the :domain metadata under Elixir's own (:elixir), Erlang events of no
# domain, and :logger.get_handler_config/1 reading what Logger.configure/1 set.
require Logger
ExUnit.start(autorun: false)
import ExUnit.CaptureIO

Logger.configure_backend(:console, format: "$metadata[$level] $message\n", metadata: [:domain])
Logger.info("plain")
Logger.info("sub", domain: [:foo, :bar])
:logger.info("erlang")
:logger.info("erlang domain", %{domain: [:otp]})
Logger.flush()

Logger.configure_backend(:console, device: :standard_error)
err = capture_io(:standard_error, fn ->
  Logger.warning("to stderr")
  Logger.flush()
end)
IO.inspect(err)
Logger.configure_backend(:console, device: :user)
Logger.info("back on user")
Logger.flush()
IO.inspect(Application.get_env(:logger, :console))

Logger.configure(truncate: 100, utc_log: true, sync_threshold: 5)
{:ok, %{config: config, id: id, module: module, level: level}} = :logger.get_handler_config(Logger)
IO.inspect({id, module, level})
IO.inspect(config)
IO.inspect(:logger.get_handler_config(:default))
IO.inspect(:logger.get_handler_ids())
Logger.configure(truncate: 8096, utc_log: false, sync_threshold: 20)

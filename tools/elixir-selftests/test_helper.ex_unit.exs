# Stands in for Elixir's lib/ex_unit/test/test_helper.exs (APP=ex_unit; run.mjs puts
# selftest_results.exs before it). The ExUnit tests expect the console backend without colors.

Logger.configure_backend(:console, colors: [enabled: false])
ExUnit.start(formatters: [ExUnit.CLIFormatter, SelftestResults])

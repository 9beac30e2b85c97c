# Stands in for Elixir's lib/eex/test/test_helper.exs (APP=eex; run.mjs puts
# selftest_results.exs before it). The EEx tests need nothing but ExUnit started.

ExUnit.start(formatters: [ExUnit.CLIFormatter, SelftestResults])

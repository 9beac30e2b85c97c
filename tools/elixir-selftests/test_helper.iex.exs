# Stands in for Elixir's lib/iex/test/test_helper.exs (APP=iex; run.mjs puts
# selftest_results.exs before it). The IEx tests expect: the :iex application started, colors
# off, `open/1` running `echo` as the editor, and IEx.Case, whose capture_iex/4 runs an IEx
# server over captured IO and answers what it printed after the banner line.

System.put_env("ELIXIR_EDITOR", "echo")
{:ok, _} = Application.ensure_all_started(:iex)
IEx.configure(colors: [enabled: false])

ExUnit.start(
  assert_receive_timeout: 500,
  formatters: [ExUnit.CLIFormatter, SelftestResults]
)

defmodule IEx.Case do
  @moduledoc false
  use ExUnit.CaseTemplate

  using do
    quote do
      import ExUnit.CaptureIO
      import ExUnit.CaptureLog
      import IEx.Case
    end
  end

  # The :iex settings a test may change with IEx.configure/1, as they were at start: each
  # test puts them back when it ends.
  @saved Keyword.take(Application.get_all_env(:iex), [
           :default_prompt,
           :alive_prompt,
           :inspect,
           :colors,
           :history_size
         ])

  setup do
    on_exit(fn ->
      for {key, _} <- @saved, do: Application.delete_env(:iex, key)
      IEx.configure(@saved)
    end)

    :ok
  end

  # Runs an IEx server reading `input` (no .iex file unless server_options names one), with
  # `options` given to IEx.configure/1 first; answers its output without the first line and
  # trimmed. Prompts are in the output only when capture_prompt is true.
  def capture_iex(input, options \\ [], server_options \\ [], capture_prompt \\ false) do
    IEx.configure(options)
    server_options = Keyword.put_new(server_options, :dot_iex_path, "")

    output =
      ExUnit.CaptureIO.capture_io([input: input, capture_prompt: capture_prompt], fn ->
        IEx.Server.run(server_options)
      end)

    case String.split(output, "\n", parts: 2) do
      [_banner, rest] -> String.trim(rest)
      [_banner] -> ""
    end
  end
end

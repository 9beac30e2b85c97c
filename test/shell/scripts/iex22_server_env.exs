# IEx.Server.run/1 in a file's environment (whereami/0), clear/0 as IO.ANSI.enabled?/0 says,
# and .iex files that import others (nested, circular).
Application.ensure_all_started(:iex)
IEx.configure(colors: [enabled: false])

run = fn input, opts ->
  ExUnit.CaptureIO.capture_io([input: input], fn -> IEx.Server.run(Keyword.put_new(opts, :dot_iex_path, "")) end)
  |> IO.puts()
end

run.("whereami()\nwhereami(1)\n1 + 1\nwhereami()", env: %{__ENV__ | line: 3})
run.("whereami()", env: %{__ENV__ | line: 30000})
run.("whereami()", env: %{__ENV__ | file: "nofile", line: 1})
run.("whereami()", [])

Application.put_env(:elixir, :ansi_enabled, true)
run.("clear()", [])
Application.put_env(:elixir, :ansi_enabled, false)
run.("clear()", [])
Application.delete_env(:elixir, :ansi_enabled)

dir = Path.join(System.tmp_dir!(), "iex22-dot-iex")
File.rm_rf!(dir)
File.mkdir_p!(dir)

File.write!(Path.join(dir, "nested-1"), """
defmodule DotIExNested do
  def my_fun_nested, do: :nested
end
import DotIExNested
nested_var = 42
""")

File.write!(Path.join(dir, "nested"), "import_file \"#{dir}/nested-1\"\nmy_variable = 13")
run.("nested_var\nmy_variable\nmy_fun_nested()", dot_iex_path: Path.join(dir, "nested"))

File.cd!(dir, fn ->
  File.write!("circular-1", "import_file \"circular-2\"")
  File.write!("circular-2", "import_file \"circular-1\"")
  run.(":ok", dot_iex_path: "circular-1")
end)

File.rm_rf!(dir)

# :file.consult/1 reads Erlang terms; Config.Provider validates and resolves config paths,
# runs providers (Config.Reader) over a sys.config and writes it back for a reboot, and
# checks the compile-time environment; Application knows which loaded application ships a
# module, takes non-atom keys (deprecated), and ensure_loaded/1.
dir = Path.join(System.tmp_dir!(), "beamsh_config_provider")
File.rm_rf!(dir)
File.mkdir_p!(dir)
sys = Path.join(dir, "sys.config")

File.write!(sys, """
%% coding: utf-8
%% a comment
[{my_app, [{key, old_value}, {list, "abc" "def"}, {bin, <<"£"/utf8>>}, {raw, <<1,2,"x">>},
  {map, \#{a => 1.5, 'Quoted Atom' => -12}}, {chars, [$a, $\\n, 16#ff, 2#101]},
  {empty, {[], <<>>, \#{}}}, {tail, [a | b]}, {n, nil}, {t, true}]}].
{second, 'term'}.
""")
IO.inspect :file.consult(sys)
File.write!(Path.join(dir, "bad.config"), "[{a, }].\n")
IO.inspect elem(:file.consult(Path.join(dir, "bad.config")), 0)
IO.inspect :file.consult(Path.join(dir, "missing.config"))

IO.inspect Config.Provider.validate_config_path!("/foo")
IO.inspect Config.Provider.validate_config_path!({:system, "FOO", "/bar"})
IO.inspect(try do Config.Provider.validate_config_path!("relative") rescue e -> e.message end)
System.put_env("BEAMSH_CONFIG_DIR", dir)
IO.inspect Config.Provider.resolve_config_path!({:system, "BEAMSH_CONFIG_DIR", "/x.exs"}) == dir <> "/x.exs"

File.write!(sys, IO.chardata_to_string(:io_lib.format('~tw.~n', [[my_app: [key: :old_value, other: 1]]])))
file = Path.join(dir, "runtime.exs")
File.write!(file, "import Config\nconfig :my_app, key: :new_value, encoding: {:_μ, :\"£\", \"£\", '£'}\n")
init = Config.Provider.init([{Config.Reader, file}], sys, reboot_system_after_config: true, extra_config: [my_app: [extra: true]])
IO.inspect init[:elixir][:config_provider_init].providers
Application.put_all_env(init)
IO.inspect Config.Provider.boot(fn -> IO.puts("reboot asked") end)
{:ok, [config]} = :file.consult(sys)
IO.inspect config
IO.inspect Config.Reader.load([my_app: [key: 1, kept: 2]], Config.Reader.init(path: file))

Application.put_env(:elixir, :unknown_key, nested: [key: :value])
IO.inspect Config.Provider.validate_compile_env([{:elixir, [:unknown_key, :nested, :key], {:ok, :value}}])
IO.inspect(try do Config.Provider.validate_compile_env([{:elixir, [:unknown_key, :nested], {:ok, :other}}]) rescue e -> e end)

IO.inspect Application.get_application(String)
IO.inspect Application.get_application(Logger)
IO.inspect Application.get_application(:lists)
IO.inspect Application.get_application(Foo)
IO.inspect String in Application.spec(:elixir, :modules)
IO.inspect Application.ensure_loaded(:elixir)
Application.put_env(:elixir, [:a, :b], :c)
IO.inspect Application.get_env(:elixir, [:a, :b])
IO.inspect Application.fetch_env(:elixir, {:t, 1})
Application.delete_env(:elixir, [:a, :b])
IO.inspect Application.get_env(:elixir, [:a, :b])

IO.warn("from options", line: 13, file: "lib/foo.ex", module: Foo, function: {:bar, 1})
IO.warn("file only", file: "lib/foo.ex")
IO.warn("no file", line: 3)
IO.warn(:an_atom, [])
IO.warn(13, [])
{:ok, f} = File.open(Path.join(dir, "missing.config") |> tap(&File.write!(&1, "")), [:charlist])
IO.inspect IO.read(f, :all)
File.close(f)
File.rm_rf!(dir)

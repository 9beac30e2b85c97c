# Code's compiler tracers: the events of a compiled string the user's code gives, with their
# line and column (the calls Elixir's own macros expand to are left out)
defmodule Tracer do
  @kinds [:import, :imported_function, :imported_macro, :alias, :alias_expansion, :alias_reference, :require] ++
           [:struct_expansion, :local_function, :local_macro, :remote_function, :remote_macro, :compile_env]

  def trace({:on_module, bin, extra}, env), do: report({:on_module, is_binary(bin), extra}, env)
  def trace(event, env) when event in [:start, :stop], do: report(event, env)

  def trace(event, env) when elem(event, 0) in @kinds do
    meta = elem(event, 1)

    cond do
      is_list(meta) and meta[:column] == nil -> :ok
      elem(event, 0) in [:remote_function, :remote_macro] and elem(event, 2) not in [Integer, String, Foo, Application] -> :ok
      is_list(meta) -> report(put_elem(event, 1, Keyword.take(meta, [:line, :column])), env)
      true -> report(event, env)
    end
  end

  def trace(_event, _env), do: :ok

  defp report(event, env) do
    IO.inspect({event, env.module, env.function, is_pid(env.lexical_tracker)})
    :ok
  end
end

Code.put_compiler_option(:tracers, [Tracer])
Code.put_compiler_option(:parser_options, columns: true)

Code.compile_string("""
import Integer, only: [is_odd: 1, parse: 1]
true = is_odd(1)
{1, ""} = parse("1")
alias Hello.World
World
alias Foo, as: Bar, warn: true
require Logger, as: L
_ = L
if false, do: Bar.baz(1)
%URI{path: "/"}
_ = &parse/1
_ = &Integer.parse/1
defmodule TracedSample do
  defmacro foo(arg), do: arg
  def bar(arg), do: arg
  def baz(arg), do: {foo(arg), bar(arg), String.length("a")}
  def q, do: {&foo/1, &bar/1, &String.length/1}
  require Application
  Application.compile_env(:elixir, :foo)
end
""")

Code.put_compiler_option(:tracers, [])
{:ok, pid} = Kernel.LexicalTracker.start_link()
Kernel.LexicalTracker.add_import(pid, String, [upcase: 1], 1, true)
Kernel.LexicalTracker.remote_dispatch(pid, URI, :runtime)
Kernel.LexicalTracker.remote_dispatch(pid, Enum, :compile)
Kernel.LexicalTracker.add_export(pid, Map)
IO.inspect(Kernel.LexicalTracker.collect_unused_imports(pid))
IO.inspect(Kernel.LexicalTracker.references(pid))

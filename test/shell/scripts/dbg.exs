# dbg/0,1,2 and Macro.dbg/3, as Kernel.dbg/2 documents them.
x = [3, 1, 2]
y = x |> Enum.sort() |> dbg()
IO.inspect(y, label: "returned")
"Elixir is cool!"
|> String.trim_trailing("!")
|> String.split()
|> List.first()
|> dbg()
dbg(Atom.to_string(:debugging))
dbg(x, print_location: false)
dbg("s" |> String.upcase(), syntax_colors: [number: :red], limit: 2)
dbg(%{list: Enum.to_list(1..30)}, width: 20)
dbg("a" <> "b")
dbg(fn z -> z end.(4))
defmodule CB do
  def debug(code, options, env, extra) do
    IO.inspect({Macro.to_string(code), options, env.line, extra}, label: "callback")
    code
  end
end
defmodule Mod do
  def run(a, b) do
    dbg()
    a + b
  end
  defp p(v), do: dbg(v)
  def q, do: p(:q)
end
Mod.run(1, 2)
Mod.q()
IO.puts(Macro.dbg(quote(do: 1 + 2), [limit: 1], __ENV__) |> Macro.to_string())
IO.puts(Macro.dbg(quote(do: 1 |> f()), [], __ENV__) |> Macro.to_string())
Macro.__dbg__("[h]", {:value, "code", 42}, print_location: false)
Macro.__dbg__("[h]", {:pipe, ["a", "b()"], [1, 2]}, [])
Application.put_env(:elixir, :dbg_callback, {CB, :debug, [:extra]})
Code.eval_string("dbg(1 + 1, limit: 3)")
Application.put_env(:elixir, :dbg_callback, :bad)
Code.eval_string("dbg(1)")

# :elixir_expand.expand/3 gives code as Elixir's expander returns it: variables as written,
# imported functions as remote calls (Kernel's inlined ones as :erlang's), blocks of one
# expression as that expression, an empty block as nil.
defmodule ExpandShapes do
  def expand(quoted, env) do
    {expanded, scope, env} = :elixir_expand.expand(quoted, :elixir_env.env_to_ex(env), env)
    caller = :elixir_env.to_caller({env.line, scope, env})
    clean = Macro.prewalk(expanded, &Macro.update_meta(&1, fn m -> Keyword.drop(m, [:version]) end))
    {clean, caller}
  end

  def show(quoted) do
    env = :elixir_env.reset_vars(__ENV__)
    {expanded, _} = expand(quoted, env)
    IO.inspect(expanded)
  end

  def run do
    show(quote(do: (a = 1; a)))
    show(quote(do: (var!(a) = 1; var!(a))))
    show(quote(do: fn x -> x end))
    show(quote(do: fn x when is_atom(x) -> elem(x, 1) end))
    show(quote(do: fn {x, y} -> put_elem(x, 0, y) end))
    show(quote(do: &is_atom/1))
    show(quote(do: Kernel.is_atom(:a)))
    show(quote(do: Map.put(%{}, :a, 1)))
    show(quote(do: String.to_atom("a")))
    show(quote(do: Tuple.delete_at({1}, 0)))
    show(quote(do: (x = 1; {x = 2, x})))
    show(quote(do: unquote(:__block__)()))
    show(quote(do: unquote(:__block__)(1)))
    show(quote(do: case(:a, do: (x -> x))))
    show(quote(do: (x = 1; y = x + 2; x =~ y)))
    {_, env} = expand(quote(do: alias(:lists, as: L)), __ENV__)
    IO.inspect(env.aliases)
    {_, env} = expand(quote(do: require(Integer)), __ENV__)
    IO.inspect(Integer in env.requires)
  end
end

ExpandShapes.run()

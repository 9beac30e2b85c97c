# @before_compile and @after_compile callbacks are dispatched as required calls: a macro's
# code runs in the module (after_compile's given the env and the binary), a function is called.
defmodule Callbacks do
  defmacro __before_compile__(env) do
    quote do
      def before, do: {:macro, unquote(env.module), unquote(Macro.Env.vars(env))}
    end
  end

  defmacro __after_compile__(%Macro.Env{module: mod} = env, bin) when is_binary(bin) do
    IO.inspect({:after_macro, mod, Macro.Env.vars(env)})
    quote(do: IO.puts("after_compile macro code runs"))
  end

  def fun_before(env), do: IO.inspect({:fun_before, env.module})
  def fun_after(env, bin) when is_binary(bin), do: IO.inspect({:fun_after, env.module})
end

defmodule UsesThem do
  var = 1
  _ = var
  @before_compile Callbacks
  @before_compile {Callbacks, :fun_before}
  @after_compile Callbacks
  @after_compile {Callbacks, :fun_after}
  def hello, do: :world
end

IO.inspect UsesThem.before()
IO.inspect UsesThem.hello()

try do
  defmodule Missing do
    @after_compile {Callbacks, :nope}
  end
rescue
  e -> IO.inspect(e.__struct__)
end

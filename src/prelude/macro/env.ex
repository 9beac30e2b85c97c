# Macro.Env functions (the struct itself is what __ENV__ and __CALLER__ give; see
# runtime/compiler/env.ts).
defmodule Macro.Env do
  @moduledoc false

  # The location as a stacktrace entry: the function, else the module body ("(module)"),
  # else the file.
  def stacktrace(%{__struct__: Macro.Env} = env) do
    # (The compiler's file names are already relative to the current directory.)
    location = [file: String.to_charlist(env.file), line: env.line]

    cond do
      is_nil(env.module) -> [{:elixir_compiler, :__FILE__, 1, location}]
      is_nil(env.function) -> [{env.module, :__MODULE__, 0, location}]
      true ->
        {name, arity} = env.function
        [{env.module, name, arity, location}]
    end
  end
end

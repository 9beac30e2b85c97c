# Macro.Env: the struct __ENV__ and __CALLER__ give (the compiler builds it from its own
# environment, see runtime/compiler/env.ts) and the functions that read it.
defmodule Macro.Env do
  @moduledoc false

  # iex shows the fields code usually looks at; the tracers and the variables stay hidden.
  @derive {Inspect,
           only: [:module, :file, :line, :function, :context, :aliases, :requires, :functions,
                  :macros, :macro_aliases, :context_modules, :lexical_tracker]}
  defstruct aliases: [],
            context: nil,
            context_modules: [],
            file: "nofile",
            function: nil,
            functions: [],
            lexical_tracker: nil,
            line: 0,
            macro_aliases: [],
            macros: [],
            module: nil,
            requires: [],
            tracers: [],
            versioned_vars: %{}

  # The compiler's traces and tracers are dropped when an env outlives its compilation.
  def prune_compile_info(env), do: %{env | lexical_tracker: nil, tracers: []}

  # The {name, context} of every variable bound where the env was taken.
  def vars(%{__struct__: Macro.Env, versioned_vars: versioned}), do: Map.keys(versioned)

  def has_var?(%{__struct__: Macro.Env, versioned_vars: versioned}, var),
    do: is_map_key(versioned, var)

  def location(%{__struct__: Macro.Env, file: file, line: line}), do: [file: file, line: line]

  # Aliases are stored under the full alias atom (Elixir.Baz => Foo.Bar).
  def fetch_alias(%{__struct__: Macro.Env, aliases: aliases}, atom) when is_atom(atom),
    do: Keyword.fetch(aliases, Module.concat([atom]))

  def fetch_macro_alias(%{__struct__: Macro.Env, macro_aliases: aliases}, atom) when is_atom(atom),
    do: Keyword.fetch(aliases, Module.concat([atom]))

  # Every module that name/arity is imported from, functions before macros.
  def lookup_import(%{__struct__: Macro.Env, functions: functions, macros: macros}, {name, arity} = pair)
      when is_atom(name) and is_integer(arity) do
    from = fn imports, kind ->
      for {mod, pairs} <- imports, :lists.member(pair, pairs), do: {kind, mod}
    end

    from.(functions, :function) ++ from.(macros, :macro)
  end

  def required?(%{__struct__: Macro.Env, requires: requires}, mod) when is_atom(mod),
    do: :lists.member(mod, requires)

  def prepend_tracer(%{__struct__: Macro.Env, tracers: tracers} = env, tracer),
    do: %{env | tracers: [tracer | tracers]}

  def to_match(%{__struct__: Macro.Env} = env), do: %{env | context: :match}

  def in_guard?(%{__struct__: Macro.Env, context: context}), do: context == :guard

  def in_match?(%{__struct__: Macro.Env, context: context}), do: context == :match

  # The location as a stacktrace entry: the function, else the module body ("(module)"),
  # else the file.
  def stacktrace(%{__struct__: Macro.Env} = env) do
    location = [file: String.to_charlist(Path.relative_to_cwd(env.file)), line: env.line]

    cond do
      is_nil(env.module) -> [{:elixir_compiler, :__FILE__, 1, location}]
      is_nil(env.function) -> [{env.module, :__MODULE__, 0, location}]
      true ->
        {name, arity} = env.function
        [{env.module, name, arity, location}]
    end
  end
end

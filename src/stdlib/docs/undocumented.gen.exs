# Builds undocumented.json: the facts h/1 needs about what Elixir itself leaves
# undocumented, run with real Elixir 1.14:
#
#   elixir src/stdlib/docs/undocumented.gen.exs
#
# "modules": the library modules whose @moduledoc is false or absent (h Mod says no
# documentation was found). "functions": per module, each public function or macro without
# a @doc (iex shows its heading and @spec only): name, arity, kind, signature, default
# argument count, its @spec clauses (Macro.to_string of Code.Typespec.spec_to_quoted) and
# the metadata IEx prints (deprecated, guard, since).
# Functions that implement a behaviour's callback are left out (iex shows the callback's own
# docs for them). No doc text is taken: only names, signatures and specs.
defmodule UndocumentedGen do
  @apps [:elixir, :eex, :ex_unit, :iex, :logger]

  def run do
    modules =
      for app <- @apps, Application.load(app) in [:ok, {:error, {:already_loaded, app}}],
          {:ok, mods} = :application.get_key(app, :modules),
          mod <- Enum.sort(mods),
          do: mod

    entries = for mod <- modules, {:docs_v1, _, _, _, moddoc, _, docs} <- [Code.fetch_docs(mod)], do: {mod, moddoc, docs}

    hidden = for {mod, moddoc, _} <- entries, not is_map(moddoc), do: json(Atom.to_string(mod))

    functions =
      for {mod, moddoc, docs} <- entries, is_map(moddoc) or true, funs = undocumented(mod, docs), funs != [] do
        "  #{json(Atom.to_string(mod))}: [\n" <> Enum.join(funs, ",\n") <> "\n  ]"
      end

    out = "{\"modules\": [\n  " <> Enum.join(hidden, ",\n  ") <> "\n],\n\"functions\": {\n" <> Enum.join(functions, ",\n") <> "\n}}\n"
    File.write!(Path.join(__DIR__, "undocumented.json"), out)
    IO.puts("undocumented.json: #{length(hidden)} modules, #{length(functions)} modules with undocumented functions")
  end

  defp undocumented(mod, docs) do
    specs =
      case Code.Typespec.fetch_specs(mod) do
        {:ok, s} -> s
        :error -> []
      end

    behaviours = mod.module_info(:attributes) |> Keyword.get_values(:behaviour) |> Enum.concat()

    for {{kind, name, arity}, _, [signature | _], :none, meta} <- docs, kind in [:function, :macro],
        not Enum.any?(behaviours, &callback?(&1, name, arity)) do
      spec_texts =
        case List.keyfind(specs, {name, arity}, 0) do
          {_, clauses} -> Enum.map(clauses, &Macro.to_string(Code.Typespec.spec_to_quoted(name, &1)))
          nil -> []
        end

      "    [#{json(Atom.to_string(name))}, #{arity}, #{json(if kind == :macro, do: "defmacro", else: "def")}, " <>
        "#{json(signature)}, #{Map.get(meta, :defaults, 0)}, [#{Enum.map_join(spec_texts, ", ", &json/1)}], #{metadata(meta)}]"
    end
  end

  # The metadata IEx prints above a doc (deprecated, guard, since), in its order.
  defp metadata(meta) do
    pairs =
      for {key, value} <- Enum.sort(meta), key in [:deprecated, :guard, :since] do
        encoded = if is_binary(value), do: json(value), else: to_string(value)
        "#{json(Atom.to_string(key))}: #{encoded}"
      end

    "{" <> Enum.join(pairs, ", ") <> "}"
  end

  defp callback?(behaviour, name, arity) do
    Code.ensure_loaded?(behaviour) and function_exported?(behaviour, :behaviour_info, 1) and
      {name, arity} in behaviour.behaviour_info(:callbacks)
  end

  defp json(s) do
    escaped =
      for <<c::utf8 <- s>>, into: "" do
        case c do
          ?" -> "\\\""
          ?\\ -> "\\\\"
          ?\n -> "\\n"
          c -> <<c::utf8>>
        end
      end

    "\"" <> escaped <> "\""
  end
end

UndocumentedGen.run()

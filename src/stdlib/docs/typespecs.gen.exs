# Builds typespecs.json (what t/1 and b/1 print for the library's modules) with real
# Elixir 1.14:
#
#   elixir src/stdlib/docs/typespecs.gen.exs
#
# Only facts come from Elixir: each type's (t Mod lists private ones too) and each callback's definition, printed
# as IEx prints a typespec at its default width (80 columns, as in piped iex), and which
# callbacks are optional. No doc text is taken: beamsh's own docs are in text/*.md.
defmodule TypespecsGen do
  @width 80
  # The OTP modules beamsh provides (their typespecs come from OTP's debug info).
  @erlang [:application, :array, :binary, :calendar, :crypto, :dict, :digraph, :digraph_utils, :erlang, :ets,
           :file, :filename, :gb_sets, :gb_trees, :gen_event, :gen_server, :gen_statem, :io, :io_lib, :lists,
           :maps, :orddict, :ordsets, :os, :proplists, :queue, :rand, :sets, :string, :supervisor, :timer,
           :unicode, :zlib]

  def run do
    modules =
      for app <- [:elixir, :logger, :ex_unit, :eex],
          _ = Application.load(app),
          {:ok, mods} = :application.get_key(app, :modules),
          mod <- Enum.sort(mods),
          entry = module_entry(mod),
          entry != nil,
          do: entry

    erlang = for mod <- @erlang, entry = module_entry(mod), entry != nil, do: entry
    modules = modules ++ erlang

    json = "{\n" <> Enum.map_join(modules, ",\n", &encode/1) <> "\n}\n"
    File.write!(Path.join(__DIR__, "typespecs.json"), json)
    IO.puts("typespecs.json: #{length(modules)} modules")
  end

  defp module_entry(mod) do
    {:ok, types} = Code.Typespec.fetch_types(mod)
    {:ok, callbacks} = Code.Typespec.fetch_callbacks(mod)
    Code.ensure_loaded!(mod)
    docs = case Code.fetch_docs(mod) do
      {:docs_v1, _, _, _, _, _, entries} -> entries
      _ -> []
    end

    types =
      types
      |> Enum.filter(fn {kind, _} -> kind in [:type, :typep, :opaque] end)
      |> Enum.sort_by(fn {_, {name, _, args}} -> {name, length(args)} end)
      |> Enum.map(fn {kind, {name, _, args}} = t ->
        [Atom.to_string(name), length(args), Atom.to_string(kind), format_type(t), metadata(docs, :type, name, length(args))]
      end)

    callbacks =
      callbacks
      |> Enum.map(&translate/1)
      |> Enum.sort()
      |> Enum.reject(fn {{kind, name, arity}, _} -> Enum.any?(docs, &match?({{^kind, ^name, ^arity}, _, _, :hidden, _}, &1)) end)
      |> Enum.map(fn {{kind, name, arity}, specs} ->
        texts = Enum.map(specs, &(Code.Typespec.spec_to_quoted(name, &1) |> Macro.prewalk(fn x -> drop_env(x) end) |> format(kind)))
        [Atom.to_string(name), arity, Atom.to_string(kind), texts, metadata(docs, kind, name, arity)]
      end)

    optional =
      if callbacks != [] and function_exported?(mod, :behaviour_info, 1) do
        case mod.behaviour_info(:optional_callbacks) |> Enum.map(&name_arity/1) |> Enum.sort() do
          [] -> ""
          list -> format(list, :optional_callbacks)
        end
      else
        ""
      end

    if types == [] and callbacks == [], do: nil, else: {mod, types, callbacks, optional}
  end

  # The metadata IEx prints above a doc (deprecated, guard, since), one "key: value" a line.
  defp metadata(docs, kind, name, arity) do
    case Enum.find(docs, &match?({{^kind, ^name, ^arity}, _, _, _, _}, &1)) do
      {_, _, _, doc, meta} when doc != :hidden ->
        meta
        |> Enum.filter(fn {k, v} -> k in [:deprecated, :guard, :since] and (is_binary(v) or is_boolean(v)) end)
        |> Enum.map_join(fn {k, v} -> "#{k}: #{v}\n" end)

      _ ->
        ""
    end
  end

  # Callbacks and types marked @doc false / @typedoc false are left out as IEx does.
  defp name_arity(na) do
    {_, name, arity} = kind_name_arity(na)
    {name, arity}
  end

  defp kind_name_arity({name, arity}) do
    case Atom.to_string(name) do
      "MACRO-" <> m -> {:macrocallback, String.to_atom(m), arity - 1}
      _ -> {:callback, name, arity}
    end
  end

  defp translate({na, specs}) do
    case kind_name_arity(na) do
      {:macrocallback, _, _} = k -> {k, Enum.map(specs, &unpack_caller/1)}
      k -> {k, specs}
    end
  end

  defp unpack_caller({:type, l1, :fun, [{:type, l2, :product, [_ | args]} | tail]}), do: {:type, l1, :fun, [{:type, l2, :product, args} | tail]}
  defp unpack_caller({:type, l, :bounded_fun, [head | tail]}), do: {:type, l, :bounded_fun, [unpack_caller(head) | tail]}

  defp drop_env({name, meta, [{:"::", _, [_, {{:., _, [Macro.Env, :t]}, _, _}]} | args]}), do: {name, meta, args}
  defp drop_env(other), do: other

  defp format_type({:opaque, type}) do
    {:"::", _, [ast, _]} = Code.Typespec.type_to_quoted(type)
    format(ast, :opaque)
  end

  defp format_type({kind, type}), do: format(Code.Typespec.type_to_quoted(type), kind)

  defp format(definition, kind) do
    {:@, [], [{kind, [], [definition]}]}
    |> Code.quoted_to_algebra()
    |> Inspect.Algebra.format(@width)
    |> IO.iodata_to_binary()
  end

  defp encode({mod, types, callbacks, optional}) do
    "  #{json(inspect(mod))}: {\"types\": #{json(types)}, \"callbacks\": #{json(callbacks)}, \"optional\": #{json(optional)}}"
  end

  defp json(s) when is_binary(s), do: inspect(s, printable_limit: :infinity) |> String.replace(~S"\#{", ~S"#{")
  defp json(n) when is_integer(n), do: Integer.to_string(n)
  defp json(l) when is_list(l), do: "[" <> Enum.map_join(l, ", ", &json/1) <> "]"
end

TypespecsGen.run()

# Builds docs.json (what h/1 and Code.fetch_docs/1 show for the library's modules) from
# beamsh's own doc text in text/*.md, run with real Elixir 1.14:
#
#   elixir src/stdlib/docs/docs.gen.exs
#
# The text is beamsh's: each file is one module, "# Module" then its description, and a
# "## name/arity" section per function or macro ("## name/arity beamsh: signature" for one
# only beamsh has). From Elixir itself come only facts: each
# function's signature, @spec and guard flag, and the result of every `iex>` example in the
# text (evaluated here, so the examples are right by construction).
defmodule DocsGen do
  @dir Path.join(__DIR__, "text")

  def run do
    modules =
      @dir
      |> File.ls!()
      |> Enum.filter(&String.ends_with?(&1, ".md"))
      |> Enum.sort()
      |> Enum.map(&module_doc(Path.join(@dir, &1)))

    json = "[\n" <> Enum.map_join(modules, ",\n", &encode/1) <> "\n]\n"
    File.write!(Path.join(__DIR__, "docs.json"), json)
    IO.puts("docs.json: #{length(modules)} modules, #{Enum.sum(Enum.map(modules, &length(&1.functions)))} entries")
  end

  defp module_doc(file) do
    ["# " <> name | rest] = file |> File.read!() |> String.split("\n")
    mod = Module.concat([name])
    {:docs_v1, _, _, _, _, _, entries} = Code.fetch_docs(mod)
    specs = case Code.Typespec.fetch_specs(mod) do
      {:ok, s} -> s
      :error -> []
    end

    {moduledoc, sections} = split_sections(rest)

    functions =
      Enum.map(sections, fn {heading, body} ->
        # "## name/arity", or "## name/arity beamsh: signature" for what only beamsh has
        # (the teaching helpers seq and why): no facts from Elixir then.
        {fa, own} =
          case String.split(heading, " beamsh: ", parts: 2) do
            [fa, signature] -> {String.trim(fa), signature}
            [fa] -> {String.trim(fa), nil}
          end
        # (split at the last slash: "//2" is `/` of arity 2, "..///3" is `..//`)
        [_, fname, arity] = Regex.run(~r{^(.+)/(\d+)$}, fa)
        {fname, arity} = {String.to_atom(fname), String.to_integer(arity)}
        entry = Enum.find(entries, fn {{kind, n, a}, _, _, _, _} -> kind in [:function, :macro] and n == fname and a == arity end)
        if entry == nil and own == nil, do: raise("#{inspect(mod)}.#{fa} is not documented by Elixir")
        {{kind, _, _}, _, [signature | _], _, meta} = entry || {{:function, fname, arity}, nil, [own], nil, %{}}
        spec = spec_text(specs, fname, arity, kind)
        %{name: Atom.to_string(fname), arity: arity, kind: if(kind == :macro, do: "defmacro", else: "def"),
          signature: signature, spec: spec, doc: examples(body, mod), meta: meta_of(meta)}
      end)

    %{module: Atom.to_string(mod), moduledoc: examples(moduledoc, mod), functions: functions}
  end

  # Every clause of the function's @spec, as Macro.to_string/1 writes it.
  defp spec_text(specs, name, arity, :function) do
    case List.keyfind(specs, {name, arity}, 0) do
      {_, clauses} -> Enum.map(clauses, &Macro.to_string(Code.Typespec.spec_to_quoted(name, &1)))
      _ -> []
    end
  end

  defp spec_text(_specs, _name, _arity, :macro), do: []

  # The metadata IEx prints above a doc (IO.ANSI.Docs.print_metadata): in the map's key
  # order, delegate_to as Exception.format_mfa/3 writes it.
  defp meta_of(meta) do
    for key <- [:delegate_to, :deprecated, :guard, :since], Map.has_key?(meta, key) do
      case {key, meta[key]} do
        {:delegate_to, {m, f, a}} -> {key, Exception.format_mfa(m, f, a)}
        {k, v} -> {k, v}
      end
    end
  end

  defp split_sections(lines) do
    {intro, rest} = Enum.split_while(lines, &(not String.starts_with?(&1, "## ")))
    sections =
      rest
      |> Enum.chunk_while(nil, fn
        "## " <> h, nil -> {:cont, {h, []}}
        "## " <> h, {ph, acc} -> {:cont, {ph, Enum.reverse(acc)}, {h, []}}
        l, {h, acc} -> {:cont, {h, [l | acc]}}
      end, fn nil -> {:cont, nil}; {h, acc} -> {:cont, {h, Enum.reverse(acc)}, nil} end)
    {intro, sections}
  end

  # Every run of `    iex> ` lines is evaluated in one binding; each expression's result
  # (or error) is written under it, as a doctest shows it.
  # (Each module's examples start with an empty mailbox, as in a new shell.)
  defp examples(lines, _mod) do
    flush()

    {out, _} =
      Enum.flat_map_reduce(lines, fresh(), fn line, state ->
        case line do
          "    iex> " <> code ->
            {result, state} = eval(code, state)
            {[line | Enum.map(String.split(result, "\n"), &("    " <> &1))], state}

          "" ->
            {[line], fresh()}

          _ ->
            {[line], state}
        end
      end)

    out |> Enum.join("\n") |> String.trim()
  end

  defp fresh, do: {[], Code.env_for_eval(file: "iex")}

  defp flush do
    receive do
      _ -> flush()
    after
      0 -> :ok
    end
  end

  defp eval(code, {binding, env} = state) do
    {value, binding, env} = Code.eval_quoted_with_env(Code.string_to_quoted!(code), binding, env)
    {inspect(value, pretty: true, width: 76), {binding, env}}
  rescue
    e -> {"** (#{inspect(e.__struct__)}) #{Exception.message(e)}", state}
  end

  defp encode(m) do
    fns = Enum.map_join(m.functions, ",\n", fn f ->
      "    " <> json([f.name, f.arity, f.kind, f.signature, f.spec, f.doc, {:object, f.meta}])
    end)
    "  {\"module\": #{json(m.module)}, \"moduledoc\": #{json(m.moduledoc)}, \"functions\": [\n#{fns}\n  ]}"
  end

  defp json(s) when is_binary(s), do: inspect(s, printable_limit: :infinity) |> fix_escapes()
  defp json(n) when is_integer(n), do: Integer.to_string(n)
  defp json(l) when is_list(l), do: "[" <> Enum.map_join(l, ", ", &json/1) <> "]"
  defp json(b) when is_boolean(b), do: Atom.to_string(b)
  defp json({:object, pairs}), do: "{" <> Enum.map_join(pairs, ", ", fn {k, v} -> json(Atom.to_string(k)) <> ": " <> json(v) end) <> "}"

  # Elixir's string escapes that JSON spells differently.
  defp fix_escapes(s), do: s |> String.replace(~S"\#{", ~S"#{") |> String.replace(~S"\e", ~S"\u001b")
end

DocsGen.run()

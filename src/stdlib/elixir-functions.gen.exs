# Regenerates src/stdlib/elixir-functions.json with real Elixir 1.14:
#
#   elixir src/stdlib/elixir-functions.gen.exs        (from the repository root)
#
# When iex prints a FunctionClauseError raised in one of Elixir's own functions, it lists the
# function's clauses ("Attempted function clauses ...") as the compiler expanded them, with
# the arguments and guards that failed marked -like this-. beamsh's library does not share
# Elixir's clauses, so it keeps what iex would print: for every public function of the
# `elixir` application that can raise a FunctionClauseError (some clause has a pattern or a
# guard), and of the private functions they call (but not the compiler's own modules, nor
# private functions with more than 40 clauses, which are generated tables), the text of
# each clause's argument patterns and guards, exactly as iex renders them. Each row:
# [module, "fun/arity", kind, [[arg patterns], [guards]] per clause]; a guard is a leaf text
# or [op, left, right] for `and`/`or`, marked leaf by leaf. src/stdlib/clause-blame.ts
# evaluates them against the arguments.
#
# It also keeps where each module's functions are ("locations": module -> "file fun/arity:line
# ..."), the first clause's line, so that a stack frame of a function beamsh implements
# natively reads as iex's does ("(elixir 1.14.0) lib/string.ex:831: String.upcase/2"), for
# Elixir's modules and for Erlang's stdlib and kernel (read from their .erl sources).
defmodule ClauseHeads do
  def json(s) when is_binary(s) do
    body =
      for <<c::utf8 <- s>>, into: "" do
        cond do
          c == ?" -> "\\\""
          c == ?\\ -> "\\\\"
          c < 0x20 or c in 0x7F..0x9F or c in 0x2028..0x2029 ->
            "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")

          true ->
            <<c::utf8>>
        end
      end

    "\"" <> body <> "\""
  end

  def json(list) when is_list(list), do: "[" <> Enum.map_join(list, ",", &json/1) <> "]"

  def guard(%{node: node}), do: Macro.to_string(node)
  def guard({op, _, [left, right]}), do: [Atom.to_string(op), guard(left), guard(right)]

  # A function whose every clause takes plain variables and has no guard never fails to match.
  def can_fail?(clauses) do
    Enum.any?(clauses, fn {args, guards} ->
      guards != [] or Enum.any?(args, &(not plain_var?(&1.node)))
    end)
  end

  defp plain_var?({name, _, ctx}) when is_atom(name) and is_atom(ctx), do: true
  defp plain_var?(_), do: false

  # Public and private functions: a public function often fails in a private helper, and iex
  # then shows the helper's clauses. Read from the module's debug info, as blame_mfa does.
  def functions(mod) do
    with [_ | _] = path <- :code.which(mod),
         {:ok, {_, [debug_info: {:debug_info_v1, backend, data}]}} <- :beam_lib.chunks(path, [:debug_info]),
         {:ok, %{definitions: defs}} <- backend.debug_info(:elixir_v1, mod, data, []) do
      for {{fun, arity}, kind, meta, clauses} <- Enum.sort(defs), kind in [:def, :defp] do
        line =
          case clauses do
            [{clause_meta, _, _, _} | _] -> clause_meta[:line]
            [] -> meta[:line]
          end

        {fun, arity, line}
      end
    else
      _ -> []
    end
  end

  # Where the module's source is, as stack traces show it ("lib/string.ex").
  def source(mod) do
    source = to_string(mod.module_info(:compile)[:source] || "")

    case String.split(source, "/lib/elixir/", parts: 2) do
      [_, relative] -> relative
      _ -> nil
    end
  end

  # The compiler's and tokenizer's own modules: a user never sees their clauses.
  @internal ~w(Module.Types Code.Formatter Code.Normalizer Code.Typespec Code.Identifier
    Kernel.Typespec Kernel.Utils Kernel.CLI Kernel.ErrorHandler Kernel.LexicalTracker
    Kernel.ParallelCompiler Kernel.ParallelRequire Module.ParallelChecker Module.LocalsTracker
    String.Tokenizer String.Unicode)
  def internal?(mod) do
    name = inspect(mod)
    Enum.any?(@internal, &(name == &1 or String.starts_with?(name, &1 <> ".")))
  end

  def erlang_source(app, mod) do
    Path.join([to_string(:code.lib_dir(app)), "src", "#{mod}.erl"])
  end

  def run do
    {:ok, modules} = :application.get_key(:elixir, :modules)

    rows =
      for mod <- Enum.sort(modules),
          not internal?(mod),
          Code.ensure_loaded?(mod),
          function_exported?(mod, :__info__, 1),
          {fun, arity, _line} <- functions(mod),
          {:ok, kind, clauses} <- [Exception.blame_mfa(mod, fun, List.duplicate(nil, arity))],
          kind == :def or length(clauses) <= 40,
          can_fail?(clauses) do
        heads =
          for {args, guards} <- clauses do
            json([Enum.map(args, &Macro.to_string(&1.node)), Enum.map(guards, &guard/1)])
          end

        "[#{json(Atom.to_string(mod))},#{json("#{fun}/#{arity}")},#{json(Atom.to_string(kind))},[#{Enum.join(heads, ",")}]]"
      end

    locations =
      for mod <- Enum.sort(modules),
          not internal?(mod),
          Code.ensure_loaded?(mod),
          file = source(mod),
          file != nil do
        lines = Enum.map_join(functions(mod), " ", fn {fun, arity, line} -> "#{fun}/#{arity}:#{line}" end)
        "#{json(Atom.to_string(mod))}:#{json(file <> " " <> lines)}"
      end

    # Erlang's stdlib and the kernel modules programs call: "lists.erl:198: :lists.nth/2".
    {:ok, stdlib} = :application.get_key(:stdlib, :modules)
    kernel = [:application, :code, :erpc, :error_logger, :file, :gen_tcp, :gen_udp, :global, :inet, :logger, :net_kernel, :os, :rpc]

    erlang_locations =
      for mod <- Enum.sort(stdlib) ++ kernel,
          app = if(mod in kernel, do: :kernel, else: :stdlib),
          source = erlang_source(app, mod),
          File.exists?(source),
          {:ok, forms} = :epp.parse_file(String.to_charlist(source), []) do
        # BIFs (maps:get/2, lists:reverse/2, ...) have no location in a stack frame
        lines =
          for {:function, anno, fun, arity, clauses} <- forms, not :erlang.is_builtin(mod, fun, arity) do
            line =
              case clauses do
                [{:clause, clause_anno, _, _, _} | _] -> :erl_anno.line(clause_anno)
                _ -> :erl_anno.line(anno)
              end

            "#{fun}/#{arity}:#{line}"
          end

        "#{json(Atom.to_string(mod))}:#{json(Path.basename(source) <> " " <> Enum.join(lines, " "))}"
      end

    locations = locations ++ erlang_locations

    # Read on first use only (src/stdlib/clause-blame.ts), so it costs nothing at startup.
    File.write!(Path.join(__DIR__, "elixir-functions.json"), """
    {"clauses":[
    #{Enum.join(rows, ",\n")}
    ],
    "locations":{
    #{Enum.join(locations, ",\n")}
    }}
    """)

    IO.puts("#{length(rows)} functions")
  end
end

ClauseHeads.run()

# Regenerates src/stdlib/elixir-functions.json with real Elixir 1.14:
#
#   elixir src/stdlib/elixir-functions.gen.exs        (from the repository root)
#
# When iex prints a FunctionClauseError raised in one of Elixir's own functions, it lists the
# function's clauses ("Attempted function clauses ...") as the compiler expanded them, with
# the arguments and guards that failed marked -like this-. beamsh's library does not share
# Elixir's clauses, so it keeps what iex would print: for every public function of the
# `elixir` and `iex` applications that can raise a FunctionClauseError (some clause has a pattern or a
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
#
# And what each function's body does where ("bodies": module -> one line per function, the
# lifted funs and the list functions the compiler inlined included, "name/arity" then
# tab-separated events): "LINE>Mod:fun/arity" a call ("LINE>>..." a last call, which leaves no
# frame of the function; a BIF too, "LINE>erlang:+/2"; a call
# of a fun value is "LINE>()/arity", of a function by name "LINE>*/arity"), "LINE!Exc" a raise of Exc's exception struct ("LINE!Exc(" by
# erlang:error/2 with the arguments) (or of
# what the compiler raises itself: MatchError, CaseClauseError, ...; "?" when not known, "?("
# when raised by erlang:error/2 with the arguments, which the entry then shows; "<<" where a
# binary's construction fails, an ArgumentError); "LINE@" a
# receive waiting there;
# a function that only passes on its default arguments is "=name/full_arity"; the module's
# functions the compiler inlines are the row "@inline\tname/arity...".
# They are read from the compiled modules, as the BEAM runs them: the disassembled code
# and its line table. A stack frame of one of these functions then reads the line iex
# shows (src/stdlib/library-frames.ts): the raise's where it raised, the call's where it
# waits on the next frame's function.
defmodule Bodies do
  # The Line chunk (beam_asm's line table): index i of a `{:line, i}` instruction -> line,
  # nil for a line of another file (a macro's body is not where the frame is).
  def line_table(mod, path) do
    {:ok, {_, [{'Line', chunk}]}} = :beam_lib.chunks(path, ['Line'])
    <<_ver::32, _bits::32, _instrs::32, num_lines::32, num_fnames::32, items::binary>> = chunk
    {lines, rest} = decode_lines(items, num_lines, 0, [])
    fnames = for <<len::16, name::binary-size(len) <- rest>>, do: name
    ^num_fnames = length(fnames)
    # file indexes count from 1; without names, every line is the module's own file's (0)
    source = Path.basename(to_string(mod.module_info(:compile)[:source]))
    own = if fnames == [], do: 0, else: (Enum.find_index(fnames, &(Path.basename(&1) == source)) || 0) + 1
    lines |> Enum.reverse() |> Enum.with_index(1) |> Map.new(fn {{f, l}, i} -> {i, if(f == own, do: l)} end)
  end

  defp decode_lines(rest, 0, _f, acc), do: {acc, rest}

  defp decode_lines(bin, n, f, acc) do
    {tag, value, rest} = compact(bin)

    case tag do
      # tag_a: the file changes (an index in the file names; 0 is the module's own source)
      2 -> decode_lines(rest, n, value, acc)
      1 -> decode_lines(rest, n - 1, f, [{f, value} | acc])
    end
  end

  # beam_asm's compact term encoding (non-negative values).
  defp compact(<<b, rest::binary>>) do
    tag = Bitwise.band(b, 7)

    cond do
      Bitwise.band(b, 8) == 0 ->
        {tag, Bitwise.bsr(b, 4), rest}

      Bitwise.band(b, 16) == 0 ->
        <<lo, rest::binary>> = rest
        {tag, Bitwise.bsl(Bitwise.band(b, 0b11100000), 3) + lo, rest}

      true ->
        n = Bitwise.bsr(b, 5) + 2
        <<v::signed-size(n)-unit(8), rest::binary>> = rest
        {tag, v, rest}
    end
  end

  @raising_ops %{badmatch: "Elixir.MatchError", case_end: "Elixir.CaseClauseError",
    try_case_end: "Elixir.TryClauseError", if_end: "?", badrecord: "?"}
  @binary_ops [:bs_put_integer, :bs_put_binary, :bs_put_float, :bs_put_utf8, :bs_put_utf16,
    :bs_put_utf32, :bs_append, :bs_private_append, :bs_init2, :bs_init_bits, :bs_add]

  # "name/arity\tevent\tevent..." per function of the module's compiled code.
  def of(mod) do
    path = :code.which(mod)

    with [_ | _] <- path,
         {:beam_file, _, _, _, _, code} <- :beam_disasm.file(path) do
      lines = line_table(mod, path)

      for {:function, name, arity, _entry, instrs} <- code do
        {events, _, _} =
          instrs
          |> last_fun_calls()
          |> Enum.reduce({[], 0, nil}, fn instr, {events, line, exc} ->
            case event(instr, line, exc) do
              {:line, i} ->
                line = lines[i] || 0
                {events, line, exc}

              {:exception, m} -> {events, line, m}
              {:raise, what} -> {["#{line}!#{what}" | events], line, nil}
              :wait -> {["#{line}@" | events], line, exc}
              {:call, target} -> {["#{line}>#{target}" | events], line, exc}
              nil -> {events, line, exc}
            end
          end)

        events = events |> Enum.reverse() |> Enum.uniq() |> Enum.reject(&String.starts_with?(&1, "0"))

        # A function with default arguments below its full arity only calls the full one,
        # as its last call: no frame of its own, the full one's ("=get/3") stands for it.
        case defaults_of(mod, name, arity, instrs) do
          nil -> Enum.join(["#{name}/#{arity}" | events], "\t")
          full -> "#{name}/#{arity}\t=#{name}/#{full}"
        end
      end
      |> then(fn rows ->
        # the functions the compiler inlines into their callers in the module: no frame there
        case for({:inline, fas} <- mod.module_info(:compile)[:options], {f, a} <- List.wrap(fas), do: "#{f}/#{a}") do
          [] -> rows
          inlined -> [Enum.join(["@inline" | inlined], "\t") | rows]
        end
      end)
      |> Enum.join("\n")
    else
      _ -> nil
    end
  end

  defp defaults_of(mod, name, arity, instrs) do
    calls = for i <- instrs, is_tuple(i), elem(i, 0) in [:call, :call_only, :call_last, :call_ext, :call_ext_only, :call_ext_last, :call_fun, :call_fun2, :apply, :apply_last], do: i

    # (the defaults may be computed by calls: DateTime.now!/1 asks for the time zone database)
    case List.last(calls) do
      {:call_only, _, {^mod, ^name, full}} when full > arity -> full
      {:call_last, _, {^mod, ^name, full}, _} when full > arity -> full
      _ -> nil
    end
  end

  # The loader makes a fun's call followed by the return a last call (i_call_fun_last).
  defp last_fun_calls([{:call_fun, a}, {:deallocate, _}, :return | rest]), do: [{:call_fun_last, a} | last_fun_calls(rest)]
  defp last_fun_calls([{:call_fun, a}, :return | rest]), do: [{:call_fun_last, a} | last_fun_calls(rest)]
  defp last_fun_calls([{:apply, a}, {:deallocate, _}, :return | rest]), do: [{:apply_last, a, 0} | last_fun_calls(rest)]
  defp last_fun_calls([i | rest]), do: [i | last_fun_calls(rest)]
  defp last_fun_calls([]), do: []

  defp target(m, f, a), do: "#{m}:#{f}/#{a}"

  defp event({:line, i}, _, _), do: {:line, i}
  defp event({op, _, {:extfunc, :erlang, f, a}}, _, exc) when op in [:call_ext, :call_ext_only] and f in [:error, :raise, :exit, :throw],
    do: raise_of(f, a, exc)
  defp event({:call_ext_last, _, {:extfunc, :erlang, f, a}, _}, _, exc) when f in [:error, :raise, :exit, :throw],
    do: raise_of(f, a, exc)
  defp event({op, _, {:extfunc, m, :exception, 1}}, _, _) when op in [:call_ext, :call_ext_only], do: {:exception, m}
  defp event({:call_ext, _, {:extfunc, m, f, a}}, _, _), do: {:call, target(m, f, a)}
  defp event({:call_ext_only, _, {:extfunc, m, f, a}}, _, _), do: {:call, ">" <> target(m, f, a)}
  defp event({:call_ext_last, _, {:extfunc, m, f, a}, _}, _, _), do: {:call, ">" <> target(m, f, a)}
  defp event({:call, _, {m, f, a}}, _, _), do: {:call, target(m, f, a)}
  defp event({:call_only, _, {m, f, a}}, _, _), do: {:call, ">" <> target(m, f, a)}
  defp event({:call_last, _, {m, f, a}, _}, _, _), do: {:call, ">" <> target(m, f, a)}
  defp event({:call_fun, a}, _, _), do: {:call, "()/#{a}"}
  defp event({:call_fun_last, a}, _, _), do: {:call, ">()/#{a}"}
  defp event({:apply, a}, _, _), do: {:call, "*/#{a}"}
  defp event({:apply_last, a, _}, _, _), do: {:call, ">*/#{a}"}
  defp event({:call_fun2, _, a, _}, _, _), do: {:call, "()/#{a}"}
  defp event({:bif, f, {:f, 0}, args, _}, _, _), do: {:call, target(:erlang, f, length(args))}
  defp event({:gc_bif, f, {:f, 0}, _, args, _}, _, _), do: {:call, target(:erlang, f, length(args))}
  defp event(instr, _, _) when is_tuple(instr) and is_map_key(@raising_ops, elem(instr, 0)),
    do: {:raise, @raising_ops[elem(instr, 0)]}
  defp event(:if_end, _, _), do: {:raise, "?"}
  # a binary's construction failing, "<<" (code compiled by OTP 24, as Elixir 1.14's is: a
  # bad segment is the plain badarg, an ArgumentError where the segment is put)
  defp event(instr, _, _) when is_tuple(instr) and elem(instr, 0) in @binary_ops and elem(instr, 1) == {:f, 0},
    do: {:raise, "<<"}
  # where a receive waits for a message (or its timeout)
  defp event({:wait, _}, _, _), do: :wait
  defp event({:wait_timeout, _, _}, _, _), do: :wait
  defp event(_, _, _), do: nil

  # erlang:error(X.exception(...)) raises X ("X(" given the arguments, which the entry then
  # shows); anything else raised is not known here
  defp raise_of(:error, 2, exc) when exc != nil, do: {:raise, "#{exc}("}
  defp raise_of(:error, _, exc) when exc != nil, do: {:raise, exc}
  # erlang:error(Reason, Args): the function's entry shows the arguments ("?(")
  defp raise_of(:error, 2, _), do: {:raise, "?("}
  defp raise_of(_, _, _), do: {:raise, "?"}
end

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

  # Where the module's source is, as stack traces show it ("lib/string.ex", and for IEx's
  # modules "lib/iex/helpers.ex").
  def source(mod) do
    source = to_string(mod.module_info(:compile)[:source] || "")

    # (Elixir's build compiles lib/ from lib/elixir, unicode/ from the repository's root)
    case String.split(source, "/lib/elixir/", parts: 2) do
      [_, "unicode/" <> _ = relative] -> "lib/elixir/" <> relative
      [_, relative] -> relative
      _ ->
        case String.split(source, "/lib/iex/", parts: 2) do
          [_, relative] -> relative
          _ -> nil
        end
    end
  end

  # The compiler's and tokenizer's own modules: a user never sees their clauses.
  @internal ~w(Module.Types Code.Formatter Code.Normalizer Code.Identifier
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
    # Elixir's modules, and IEx's (its helpers run in the shell)
    {:ok, modules} = :application.get_key(:elixir, :modules)
    _ = Application.load(:iex)
    {:ok, iex_modules} = :application.get_key(:iex, :modules)
    modules = modules ++ iex_modules

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

    bodies =
      for mod <- Enum.sort(modules),
          not internal?(mod),
          Code.ensure_loaded?(mod),
          source(mod) != nil,
          text = Bodies.of(mod),
          text != nil do
        "#{json(Atom.to_string(mod))}:#{json(text)}"
      end

    erlang_bodies =
      for mod <- Enum.sort(stdlib) ++ kernel, text = Bodies.of(mod), text != nil do
        "#{json(Atom.to_string(mod))}:#{json(text)}"
      end

    # Read on first use only (src/stdlib/clause-blame.ts), so it costs nothing at startup.
    File.write!(Path.join(__DIR__, "elixir-functions.json"), """
    {"clauses":[
    #{Enum.join(rows, ",\n")}
    ],
    "locations":{
    #{Enum.join(locations, ",\n")}
    }}
    """)

    # Read on the first stack frame of a library function (src/stdlib/library-frames.ts).
    File.write!(Path.join(__DIR__, "elixir-bodies.json"), """
    {
    #{Enum.join(bodies ++ erlang_bodies, ",\n")}
    }
    """)

    IO.puts("#{length(rows)} functions")
  end
end

ClauseHeads.run()

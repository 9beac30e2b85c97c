# Extracts the doctests (`iex>` examples) of Elixir's standard library modules from Elixir's
# own source code and writes them as iex transcripts' inputs (MODULE.in) under test/doctests/.
#
#   elixir test/doctests/extract.exs --src PATH [--ref v1.14.0] [--out test/doctests] [--check]
#
# PATH is a git repository of Elixir (its files are read at --ref with `git show`) or a
# checkout of the source tree. Record the expected outputs with real iex afterwards:
#
#   node ../shared/parity/parity.mjs --record --cmd iex test/doctests/*.in
#
# What counts as a doctest follows ExUnit.DocTest (Elixir 1.14): every `@moduledoc`, `@doc`
# and `@typedoc` of the module is searched for lines starting with `iex>` (or `iex(N)>`);
# following `...>` lines (and `iex>` lines before any expected output) continue the same
# example; the expected result is the text after the prompts up to a blank line, a code
# fence or the next `iex>` prompt; an expected result starting with `** (` is an exception;
# examples not separated by a blank line form one test and share bindings. The transcript
# keeps ExUnit's order: the moduledoc, then the docs sorted by kind, name and arity.
#
# In a transcript each example is typed as a user would: one input per `iex>` prompt, its
# continuation lines after it, and a comment line `# Module.fun/arity` (or
# `# Module (moduledoc)`) before each documented function's examples. All examples of a
# module share one iex session. A test whose examples depend on the clock, the file system,
# the operating system or a module that exists only in Elixir's own test support is left
# out as a whole (so no example loses a binding it needs); `SKIPPED.md` lists each with the
# reason.
#
# --check compares the doc text read from source with Code.fetch_docs/1 of the running
# Elixir (useful when it is the same version as --ref).

defmodule DoctestExtract do
  # module => {source path under lib/elixir/lib, setup lines typed before the examples[, opts]}
  # Setup mirrors Elixir's own test modules: `doctest M` requires M, and bitwise_test.exs
  # imports Bitwise before running its doctests.
  @modules [
    {Kernel, "kernel.ex", []},
    {Enum, "enum.ex", []},
    {String, "string.ex", []},
    {Map, "map.ex", []},
    {List, "list.ex", []},
    {Keyword, "keyword.ex", []},
    {Macro, "macro.ex", []},
    {Code, "code.ex", []},
    {Protocol, "protocol.ex", []},
    {Module, "module.ex", []},
    {Access, "access.ex", []},
    {Integer, "integer.ex", ["require Integer"]},
    {Float, "float.ex", []},
    {Tuple, "tuple.ex", []},
    {Range, "range.ex", []},
    {Stream, "stream.ex", []},
    {Regex, "regex.ex", []},
    {MapSet, "map_set.ex", []},
    {Base, "base.ex", []},
    {Bitwise, "bitwise.ex", ["import Bitwise"]},
    {URI, "uri.ex", []},
    {Date, "calendar/date.ex", []},
    {Time, "calendar/time.ex", []},
    {NaiveDateTime, "calendar/naive_datetime.ex", []},
    {DateTime, "calendar/datetime.ex", []},
    {Agent, "agent.ex", []},
    {Atom, "atom.ex", []},
    {Function, "function.ex", []},
    {Process, "process.ex", []},
    {Registry, "registry.ex", [], except: [:moduledoc]},
    {Task, "task.ex", []},
    {Calendar, "calendar.ex", []},
    {Calendar.ISO, "calendar/iso.ex", []},
    {Exception, "exception.ex", []},
    {IO, "io.ex", []},
    {Path, "path.ex", []},
    {OptionParser, "option_parser.ex", []},
    {Version, "version.ex", []},
    {StringIO, "string_io.ex", []},
    {Inspect.Algebra, "inspect/algebra.ex", []},
    {Record, "record.ex", ["require Record"]},
    {System, "system.ex", []},
    {Port, "port.ex", []},
    {Kernel.SpecialForms, "kernel/special_forms.ex", []},
    {Code.Fragment, "code/fragment.ex", []},
    {Code.Identifier, "code/identifier.ex", []},
    {Collectable, "collectable.ex", []},
    {Config.Reader, "config/reader.ex", []},
    {Inspect, "inspect.ex", []},
    {IO.ANSI, "io/ansi.ex", []},
    {Macro.Env, "macro/env.ex", []},
    {Node, "node.ex", []},
    {EEx, "lib/eex/lib/eex.ex", []},
    {EEx.SmartEngine, "lib/eex/lib/eex/smart_engine.ex", []},
    {ExUnit.CaptureIO, "lib/ex_unit/lib/ex_unit/capture_io.ex", ["import ExUnit.CaptureIO"]},
    {ExUnit.Filters, "lib/ex_unit/lib/ex_unit/filters.ex", []},
    {ExUnit.Formatter, "lib/ex_unit/lib/ex_unit/formatter.ex", ["import ExUnit.Formatter"]},
    {Logger.Formatter, "lib/logger/lib/logger/formatter.ex", []},
    {Mix.Utils, "lib/mix/lib/mix/utils.ex", []}
  ]

  # A test is left out when one of its expressions matches one of these (reason given).
  @skip_rules [
    {~r/\b(utc_now|utc_today|local_now)\b|\bnow!?\("Etc\/UTC"|System\.(os_time|system_time|monotonic_time)/,
     "depends on the current time"},
    {~r/\bFile\.|Code\.(require_file|compile_file|eval_file)\b/, "touches files"},
    {~r/Code\.fetch_docs\(Atom\)/, "reads the docs chunk of Elixir's compiled Atom module"},
    {~r/\bSystem\.(build_info|cmd|shell|fetch_env!?|get_env|put_env|delete_env|find_executable|cwd!?|tmp_dir!?|user_home!?)\b/,
     "depends on the operating system, its environment or the installation"},
    {~r/\bPort\.open\b/, "starts an operating system process"},
    {~r/FakeTimeZoneDatabase|Calendar\.Holocene/,
     "needs a module that exists only in Elixir's test support"}
  ]

  def main(argv) do
    {opts, _, _} =
      OptionParser.parse(argv, strict: [src: :string, ref: :string, out: :string, check: :boolean])

    src = opts[:src] || raise "--src PATH (an Elixir git repository or source tree) is required"
    ref = opts[:ref] || "v1.14.0"
    out = opts[:out] || Path.join(__DIR__, ".")
    File.mkdir_p!(out)

    results =
      for entry <- @modules do
        {mod, path, setup, opts} =
          case entry do
            {mod, path, setup} -> {mod, path, setup, []}
            {mod, path, setup, opts} -> {mod, path, setup, opts}
          end

        source = read_source(src, ref, source_path(path))
        # `except:` as in the module's own test (doctest Registry, except: [:moduledoc])
        except = Keyword.get(opts, :except, [])

        docs =
          source
          |> module_docs(mod)
          |> Enum.reject(&((&1.kind == :moduledoc and :moduledoc in except) or {&1.name, &1.arity} in except))

        if opts[:check], do: check_against_fetch_docs(mod, docs)
        tests = Enum.flat_map(docs, &tests_of_doc(mod, &1))
        {kept, skipped} = Enum.split_with(tests, &(skip_reason(&1) == nil))
        # a module whose every doctest is left out (System, Port) gets no suite
        if kept != [], do: File.write!(Path.join(out, "#{inspect(mod)}.in"), transcript(mod, setup, kept))
        {mod, path, kept, skipped}
      end

    File.write!(Path.join(out, "SKIPPED.md"), skipped_report(results, ref))
    summary(results)
  end

  ## Reading source

  defp read_source(src, ref, path) do
    cond do
      File.exists?(Path.join(src, path)) and not git_repo?(src) ->
        File.read!(Path.join(src, path))

      true ->
        case System.cmd("git", ["-C", src, "show", "#{ref}:#{path}"], stderr_to_stdout: true) do
          {text, 0} -> text
          {err, _} -> raise "cannot read #{path} at #{ref} from #{src}: #{err}"
        end
    end
  end

  # paths are under lib/elixir/lib unless they name another application's (lib/eex/lib/...)
  defp source_path("lib/" <> _ = path), do: path
  defp source_path(path), do: "lib/elixir/lib/" <> path

  defp git_repo?(src) do
    match?({_, 0}, System.cmd("git", ["-C", src, "rev-parse", "--git-dir"], stderr_to_stdout: true))
  end

  ## Finding docs in a module's source

  # Returns the module's docs in ExUnit's order: moduledoc first, then sorted by
  # {kind, name, arity}. Each is %{kind, name, arity, doc, line}.
  defp module_docs(source, mod) do
    ast = Code.string_to_quoted!(source, emit_warnings: false)
    body = find_module_body(ast, mod) || raise "defmodule #{inspect(mod)} not found"
    {_, docs} = walk(body, {nil, []})
    docs = Enum.reverse(docs)
    {moduledocs, others} = Enum.split_with(docs, &(&1.kind == :moduledoc))
    moduledocs ++ Enum.sort_by(others, &{&1.kind, &1.name, &1.arity})
  end

  defp find_module_body({kind, _, [alias, [do: body]]}, mod) when kind in [:defmodule, :defprotocol] do
    if alias_atom(alias) == mod, do: body, else: find_module_body(body, mod)
  end

  defp find_module_body({:__block__, _, items}, mod),
    do: Enum.find_value(items, &find_module_body(&1, mod))

  defp find_module_body(_, _), do: nil

  defp alias_atom({:__aliases__, _, parts}), do: Module.concat(parts)
  defp alias_atom(atom) when is_atom(atom), do: atom
  defp alias_atom(_), do: nil

  # The state is {pending doc, docs found}. A pending doc attaches to the next definition.
  defp walk({:__block__, _, items}, state), do: walk_list(items, state)

  defp walk({:defmodule, _, _}, state), do: state

  defp walk({:@, meta, [{attr, _, [value]}]}, {pending, docs}) when attr in [:moduledoc, :doc, :typedoc] do
    case doc_text(value) do
      :keep ->
        {pending, docs}

      false ->
        {if(attr == :moduledoc, do: pending, else: {attr, false, meta[:line]}), docs}

      text when attr == :moduledoc ->
        {pending, [%{kind: :moduledoc, name: nil, arity: nil, doc: text, line: meta[:line]} | docs]}

      text ->
        {{attr, text, meta[:line]}, docs}
    end
  end

  defp walk({:@, _, [{kind, _, [spec]}]}, {pending, docs})
       when kind in [:type, :typep, :opaque, :callback, :macrocallback] do
    doc_kind = if kind in [:typep, :opaque], do: :type, else: kind
    {name, arity} = spec_name_arity(spec)
    attach(pending, docs, doc_kind, name, arity)
  end

  defp walk({kind, _, [head | _]}, {pending, docs})
       when kind in [:def, :defmacro, :defguard, :defdelegate] do
    doc_kind = if kind == :defmacro, do: :macro, else: :function
    doc_kind = if kind == :defguard, do: :macro, else: doc_kind

    case head_name_arity(head) do
      {name, arity} -> attach(pending, docs, doc_kind, name, arity)
      nil -> {nil, docs}
    end
  end

  defp walk({kind, _, _}, {_pending, docs}) when kind in [:defp, :defmacrop, :defguardp],
    do: {nil, docs}

  defp walk({form, _, args}, state) when form in [:if, :unless, :case, :cond] and is_list(args) do
    Enum.reduce(args, state, fn
      kw, st when is_list(kw) -> Enum.reduce(kw, st, fn {_, v}, st2 -> walk(v, st2) end)
      _, st -> st
    end)
  end

  defp walk(_, state), do: state

  defp walk_list(items, state), do: Enum.reduce(items, state, &walk/2)

  defp attach({doc_attr, text, line}, docs, kind, name, arity) when is_binary(text) do
    expected_attr = if kind == :type, do: :typedoc, else: :doc

    if doc_attr == expected_attr do
      {nil, [%{kind: kind, name: name, arity: arity, doc: text, line: line} | docs]}
    else
      {nil, docs}
    end
  end

  defp attach(_pending, docs, _kind, _name, _arity), do: {nil, docs}

  defp doc_text(text) when is_binary(text), do: text
  defp doc_text(false), do: false
  defp doc_text({:sigil_S, _, [{:<<>>, _, [text]}, []]}) when is_binary(text), do: text
  defp doc_text({:sigil_s, _, [{:<<>>, _, [text]}, []]}) when is_binary(text), do: text
  defp doc_text(kw) when is_list(kw), do: :keep

  defp doc_text({:<<>>, _, _} = interpolated), do: interpolated_text(interpolated)
  defp doc_text({sigil, _, [{:<<>>, _, _} = interpolated, []]}) when sigil == :sigil_s,
    do: interpolated_text(interpolated)

  defp doc_text(other), do: raise("unsupported doc value: #{Macro.to_string(other)}")

  # Interpolations in docs (module attributes, mostly) only ever feed prose: literal parts
  # are kept as they are and each interpolation is evaluated when it can be, else dropped.
  defp interpolated_text({:<<>>, _, parts}) do
    Enum.map_join(parts, fn
      text when is_binary(text) ->
        text

      {:"::", _, [{{:., _, [Kernel, :to_string]}, _, [expr]}, _]} ->
        try do
          {value, _} = Code.eval_quoted(expr)
          to_string(value)
        rescue
          _ -> ""
        end
    end)
  end

  defp head_name_arity({:when, _, [head | _]}), do: head_name_arity(head)
  # special forms named by an atom that is not an identifier: defmacro unquote(:%{})(args)
  defp head_name_arity({{:unquote, _, [name]}, _, args}) when is_atom(name) and is_list(args),
    do: {name, length(args)}
  defp head_name_arity({name, _, args}) when is_atom(name) and is_list(args), do: {name, length(args)}
  defp head_name_arity({name, _, ctx}) when is_atom(name) and is_atom(ctx), do: {name, 0}
  defp head_name_arity(_), do: nil

  defp spec_name_arity({:when, _, [spec | _]}), do: spec_name_arity(spec)
  defp spec_name_arity({:"::", _, [head, _]}), do: head_name_arity(head)
  defp spec_name_arity(head), do: head_name_arity(head)

  defp check_against_fetch_docs(mod, docs) do
    {:docs_v1, _, _, _, moduledoc, _, entries} = Code.fetch_docs(mod)

    official =
      for {{kind, name, arity}, _, _, %{"en" => text}, _} <- entries, into: %{} do
        {{kind, name, arity}, text}
      end

    official =
      case moduledoc do
        %{"en" => text} -> Map.put(official, {:moduledoc, nil, nil}, text)
        _ -> official
      end

    ours = for d <- docs, into: %{}, do: {{d.kind, d.name, d.arity}, d.doc}

    for {key, text} <- official, Map.get(ours, key) != text do
      IO.puts(:stderr, "check #{inspect(mod)} #{inspect(key)}: " <>
        if(Map.has_key?(ours, key), do: "text differs", else: "missing from source scan"))
    end

    for key <- Map.keys(ours) -- Map.keys(official) do
      IO.puts(:stderr, "check #{inspect(mod)} #{inspect(key)}: not in fetch_docs")
    end
  end

  ## Parsing the examples of one doc (ExUnit.DocTest's rules)

  # A test is %{id, fun, line, exprs: [%{input: [line], expected: text}]}.
  defp tests_of_doc(mod, doc) do
    lines = String.split(doc.doc, ["\r\n", "\n"])
    lines = Enum.with_index(lines, doc.line + 1)

    doc
    |> Map.put(:title, title(mod, doc))
    |> scan(unindent(lines, :text, 0, []), [])
    |> Enum.with_index(1)
    |> Enum.map(fn {test, n} -> Map.put(test, :id, "#{title(mod, doc)} (#{n})") end)
  end

  defp title(mod, %{kind: :moduledoc}), do: "#{inspect(mod)} (moduledoc)"

  defp title(mod, %{kind: kind, name: name, arity: arity}) do
    prefix = if kind in [:type, :callback, :macrocallback], do: "#{kind} ", else: ""
    "#{prefix}#{inspect(mod)}.#{name}/#{arity}"
  end

  @prompt ~r/^(iex|\.\.\.)(\(\d+\))?>/

  # Strips the examples' indentation (the column where `iex` starts) and drops prose.
  # Yields {:prompt | :dots | :text | :blank, content, line_no}.
  defp unindent([], _mode, _indent, acc), do: Enum.reverse(acc)

  defp unindent([{line, no} | rest] = all, mode, indent, acc) do
    trimmed = String.trim_leading(line)
    iex? = String.starts_with?(trimmed, ["iex>", "iex("])

    cond do
      mode == :text and iex? ->
        unindent(all, :example, byte_size(line) - byte_size(trimmed), acc)

      mode == :text ->
        unindent(rest, :text, indent, acc)

      trimmed == "" ->
        unindent(rest, :text, 0, [{:blank, "", no} | acc])

      true ->
        stripped = strip(line, indent)
        unindent(rest, :example, indent, [classify(stripped, no) | acc])
    end
  end

  defp strip(line, indent) do
    if byte_size(line) > indent, do: binary_part(line, indent, byte_size(line) - indent), else: ""
  end

  defp classify(line, no) do
    case Regex.run(@prompt, line) do
      [prompt, "iex" | _] -> {:prompt, drop_space(binary_part(line, byte_size(prompt), byte_size(line) - byte_size(prompt))), no}
      [prompt, "..." | _] -> {:dots, drop_space(binary_part(line, byte_size(prompt), byte_size(line) - byte_size(prompt))), no}
      nil -> {:text, line, no}
    end
  end

  defp drop_space(" " <> rest), do: rest
  defp drop_space(rest), do: rest

  # Groups classified lines into tests of expressions. `cur` is the test being built.
  defp scan(doc, lines, tests), do: scan(doc, lines, nil, nil, tests)

  # state: expr = %{input: [...], expected: [...], line} being built or nil; test = current test or nil
  defp scan(_doc, [], expr, test, tests), do: finish_test(add_expr(test, expr), tests)

  defp scan(doc, [{:prompt, code, no} | rest], expr, test, tests) do
    cond do
      # an `iex>` right after another expression's input continues that expression
      expr != nil and expr.expected == [] ->
        scan(doc, rest, %{expr | input: expr.input ++ [{:iex, code}]}, test, tests)

      true ->
        test = add_expr(test, expr) || %{line: no, exprs: []}
        scan(doc, rest, %{input: [{:iex, code}], expected: [], line: no}, test, tests)
    end
  end

  defp scan(doc, [{:dots, code, _} | rest], expr, test, tests) when expr != nil do
    scan(doc, rest, %{expr | input: expr.input ++ [{:cont, code}]}, test, tests)
  end

  defp scan(doc, [{:blank, _, _} | rest], expr, test, tests) do
    scan(doc, rest, nil, nil, finish_test(add_expr(test, expr), tests))
  end

  defp scan(doc, [{:text, text, _} | rest], expr, test, tests) when expr != nil do
    if String.starts_with?(text, ["```", "~~~"]) do
      scan(doc, rest, nil, nil, finish_test(add_expr(test, expr), tests))
    else
      scan(doc, rest, %{expr | expected: expr.expected ++ [text]}, test, tests)
    end
  end

  defp scan(doc, [_ | rest], expr, test, tests), do: scan(doc, rest, expr, test, tests)

  defp add_expr(test, nil), do: test

  defp add_expr(test, expr) do
    expected = Enum.join(expr.expected, "\n")

    tagged =
      case expected do
        "" -> :none
        "** (" <> _ -> {:raises, expected}
        _ -> {:value, expected}
      end

    input = join_input(expr.input)
    %{test | exprs: test.exprs ++ [%{input: input, expected: tagged, line: expr.line}]}
  end

  # One input per `iex>` prompt: an expression continued with `iex>` (ExUnit accepts that)
  # is typed as iex would receive it, line after line.
  defp join_input(parts), do: Enum.map(parts, fn {_, code} -> code end)

  defp finish_test(nil, tests), do: tests
  defp finish_test(%{exprs: []}, tests), do: tests
  defp finish_test(test, tests), do: tests ++ [test]

  ## Skipping and writing

  defp skip_reason(test) do
    text = Enum.map_join(test.exprs, "\n", &Enum.join(&1.input, "\n"))
    Enum.find_value(@skip_rules, fn {re, reason} -> if text =~ re, do: reason end)
  end

  defp transcript(mod, setup, tests) do
    setup_lines = if setup == [], do: [], else: ["# #{inspect(mod)} (setup)" | setup]

    body =
      tests
      |> Enum.chunk_by(&test_title/1)
      |> Enum.flat_map(fn [first | _] = group ->
        ["# " <> test_title(first) | Enum.flat_map(group, fn t -> Enum.flat_map(t.exprs, & &1.input) end)]
      end)

    Enum.join(setup_lines ++ body, "\n") <> "\n"
  end

  defp test_title(test), do: String.replace(test.id, ~r/ \(\d+\)$/, "")

  defp skipped_report(results, ref) do
    rows =
      for {_mod, path, _kept, skipped} <- results, test <- skipped do
        "| #{test.id} | #{source_path(path)}:#{test.line} | #{skip_reason(test)} |"
      end

    """
    # Doctests left out of the suites

    Generated by `extract.exs` from Elixir #{ref}. A test (examples not separated by a blank
    line) is left out as a whole when it depends on the clock, the file system, the
    operating system or a module that exists only in Elixir's own test support.

    | test | source | reason |
    |---|---|---|
    #{Enum.join(rows, "\n")}
    """
  end

  defp summary(results) do
    for {mod, _path, kept, skipped} <- results do
      exprs = kept |> Enum.map(&length(&1.exprs)) |> Enum.sum()
      IO.puts("#{String.pad_trailing(inspect(mod), 14)} #{length(kept)} tests, #{exprs} expressions, #{length(skipped)} tests skipped")
    end
  end
end

DoctestExtract.main(System.argv())

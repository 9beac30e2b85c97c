# ExUnit.DocTest: doctest/2 turns the `iex>` examples in a module's documentation into
# tests ("doctest Mod.fun/1 (n)"), as Elixir 1.14's does. Elixir reads the docs chunk of the
# module's BEAM file; beamsh keeps the docs of the modules it compiles (those of a script
# or of the shell too, which real Elixir cannot doctest) and reads those.
defmodule ExUnit.DocTest do
  @moduledoc false

  @opaque_type_regex ~r/#[\w\.]+</

  defmodule Error do
    defexception [:message]

    def exception(opts) do
      module = Keyword.fetch!(opts, :module)
      message = Keyword.fetch!(opts, :message)

      file =
        case ExUnit.DocTest.__docs__(module) do
          {file, _, _} ->
            Path.relative_to_cwd(file)

          nil ->
            case module.module_info(:compile)[:source] do
              nil -> "nofile"
              source -> source |> List.to_string() |> Path.relative_to_cwd()
            end
        end

      %__MODULE__{message: Exception.format_file_line(file, opts[:line]) <> " " <> message}
    end
  end

  defmacro doctest(module, opts \\ []) do
    require =
      if is_atom(Macro.expand(module, __CALLER__)) do
        quote do
          require unquote(module)
        end
      end

    tests =
      quote bind_quoted: [module: module, opts: opts] do
        env = __ENV__
        file = ExUnit.DocTest.__file__(module)

        for {name, test} <- ExUnit.DocTest.__doctests__(module, opts) do
          if tags = Keyword.get(opts, :tags) do
            @tag tags
          end

          @file file
          doc = ExUnit.Case.register_test(env, :doctest, name, [])
          def unquote(doc)(_), do: unquote(test)
        end
      end

    [require, tests]
  end

  # The file a doctest's code runs in (its stack entries read "(for doctest at) FILE:LINE").
  @doc false
  def __file__(module) do
    source =
      module.module_info(:compile)[:source] ||
        raise "#{inspect(module)} does not have compile-time source information"

    "(for doctest at) " <> Path.relative_to_cwd(source)
  end

  @doc false
  def __doctests__(module, opts) do
    do_import = Keyword.get(opts, :import, false)

    extract(module)
    |> filter_by_opts(module, opts)
    |> Enum.with_index(1)
    |> Enum.map(fn {test, n} -> {test_name(test, module, n), test_content(test, module, do_import)} end)
  end

  defp filter_by_opts(tests, module, opts) do
    except = Keyword.get(opts, :except, [])

    case Keyword.fetch(opts, :only) do
      {:ok, []} ->
        []

      {:ok, only} ->
        # (newest first, as Elixir's filter leaves them)
        tests = tests |> Enum.filter(&(&1.fun_arity not in except and &1.fun_arity in only)) |> Enum.reverse()
        found = Enum.map(tests, & &1.fun_arity)

        case Enum.reject(only, &(&1 in found)) do
          [] ->
            tests

          missing ->
            name = if length(missing) == 1, do: "function", else: ExUnit.plural_rule("function")

            functions =
              Enum.map_join(missing, "\n    ", fn {fun, arity} -> Exception.format_mfa(module, fun, arity) end)

            raise Error,
              module: module,
              message: "undefined or private #{name} given to doctest:\n\n    #{functions}\n\n"
        end

      :error ->
        Enum.reject(tests, &(&1.fun_arity in except))
    end
  end

  defp test_name(%{fun_arity: :moduledoc}, m, n), do: "module #{inspect(m)} (#{n})"
  defp test_name(%{fun_arity: {f, a}}, m, n), do: "#{inspect(m)}.#{f}/#{a} (#{n})"

  defp test_content(%{exprs: exprs, line: line}, module, do_import) do
    {file, _, _} = __MODULE__.__docs__(module)
    location = [line: line, file: Path.relative_to_cwd(file)]
    stack = Macro.escape([{module, :__MODULE__, 0, location}])

    if Enum.count(exprs, &match?({_, {:error, _, _}, _}, &1)) > 1 do
      raise Error,
        line: line,
        module: module,
        message:
          "multiple exceptions in the same doctest example are not supported, " <>
            "please separate your iex> prompts by multiple newlines to start new examples"
    end

    tests = Enum.map(exprs, fn {expr, expected, formatted} -> test_case(expr, expected, location, stack, formatted) end)
    imports = if do_import, do: [quote(do: import(unquote(module)))], else: []
    {:__block__, [], imports ++ tests}
  end

  defp test_case(expr, :test, location, stack, formatted) do
    to_quoted(location, stack, expr, "\n" <> formatted) |> insert_assertions()
  end

  defp test_case(expr, {kind, expected}, location, stack, formatted) when kind in [:test, :inspect] do
    doctest = "\n" <> formatted <> "\n" <> expected
    expr_ast = to_quoted(location, stack, expr, doctest) |> insert_assertions()
    expected_ast = to_quoted(location, stack, expected, doctest)
    last_expr = Macro.to_string(last_expr(expr_ast))
    check = if kind == :test, do: :__test__, else: :__inspect__

    quote do
      value = unquote(expr_ast)
      expected = unquote(expected_ast)

      apply(ExUnit.DocTest, unquote(check), [
        value,
        expected,
        unquote(formatted),
        unquote(last_expr),
        unquote(expected),
        unquote(stack)
      ])
    end
  end

  defp test_case(expr, {:error, exception, message}, location, stack, formatted) do
    doctest = "\n" <> formatted <> "\n** (#{inspect(exception)}) #{inspect(message)}"
    expr_ast = to_quoted(location, stack, expr, doctest)

    quote do
      ExUnit.DocTest.__error__(
        fn -> unquote(expr_ast) end,
        unquote(message),
        unquote(exception),
        unquote(formatted),
        unquote(stack)
      )
    end
  end

  @doc false
  def __test__(value, expected, formatted, last_expr, expected_expr, stack) do
    case value do
      ^expected ->
        :ok

      _ ->
        error = [
          message: "Doctest failed",
          doctest: "\n" <> formatted <> "\n" <> expected_expr,
          expr: "#{last_expr} === #{String.trim(expected_expr)}",
          left: value,
          right: expected
        ]

        reraise ExUnit.AssertionError, error, stack
    end
  end

  @doc false
  def __inspect__(value, expected, formatted, last_expr, expected_expr, parent_stack) do
    result =
      try do
        inspect(value, safe: false)
      rescue
        e ->
          stack = Enum.drop(__STACKTRACE__, 1)
          {[message: Exception.message(e)], ExUnit.Runner.prune_stacktrace(stack)}
      else
        ^expected -> :ok
        actual -> {[left: actual, right: expected, message: "Doctest failed"], []}
      end

    case result do
      :ok ->
        :ok

      {extra, stack} ->
        doctest = "\n" <> formatted <> "\n" <> expected_expr
        expr = "inspect(#{last_expr}) === #{String.trim(expected_expr)}"
        reraise ExUnit.AssertionError, [doctest: doctest, expr: expr] ++ extra, stack ++ parent_stack
    end
  end

  @doc false
  def __error__(fun, message, exception, formatted, stack) do
    doctest = "\n" <> formatted <> "\n** (#{inspect(exception)}) #{inspect(message)}"

    try do
      fun.()
    rescue
      error ->
        actual_exception = error.__struct__
        actual_message = Exception.message(error)

        failed =
          cond do
            actual_exception != exception ->
              "Doctest failed: expected exception #{inspect(exception)} but got " <>
                "#{inspect(actual_exception)} with message #{inspect(actual_message)}"

            actual_message != message ->
              "Doctest failed: wrong message for #{inspect(actual_exception)}\n" <>
                "expected:\n  #{inspect(message)}\nactual:\n  #{inspect(actual_message)}"

            true ->
              nil
          end

        if failed do
          reraise ExUnit.AssertionError, [message: failed, doctest: doctest], stack
        end
    else
      _ ->
        failed = "Doctest failed: expected exception #{inspect(exception)} but nothing was raised"
        reraise ExUnit.AssertionError, [message: failed, doctest: doctest], stack
    end
  end

  defp to_quoted(location, stack, expr, doctest) do
    try do
      Code.string_to_quoted!(expr, location)
    rescue
      e ->
        message = "Doctest did not compile, got: (#{inspect(e.__struct__)}) #{Exception.message(e)}"

        message =
          if e.__struct__ == TokenMissingError and expr =~ @opaque_type_regex do
            message <>
              "\nIf you are planning to assert on the result of an iex> expression " <>
              "which contains a value inspected as #Name<...>, please make sure " <>
              "the inspected value is placed at the beginning of the expression; " <>
              "otherwise Elixir will treat it as a comment due to the leading sign #."
          else
            message
          end

        opts = if String.valid?(doctest), do: [message: message, doctest: doctest], else: [message: message]

        quote do
          reraise ExUnit.AssertionError, unquote(opts), unquote(stack)
        end
    end
  end

  defp last_expr({:__block__, _, [_ | _] = block}), do: block |> List.last() |> last_expr()
  defp last_expr(other), do: other

  defp insert_assertions({:__block__, meta, block}), do: {:__block__, meta, Enum.map(block, &insert_match/1)}
  defp insert_assertions(ast), do: insert_match(ast)

  defp insert_match({:=, _, [{var, _, context}, _]} = ast) when is_atom(var) and is_atom(context), do: ast
  defp insert_match({:=, meta, [left, right]}), do: {{:., meta, [__MODULE__, :__assert__]}, meta, [{:=, meta, [left, right]}]}
  defp insert_match(ast), do: ast

  @doc false
  defmacro __assert__({:=, _, [left, right]} = assertion) do
    ExUnit.Assertions.__match__(left, right, Macro.escape(assertion, prune_metadata: true), :ok, __CALLER__)
  end

  ## Extraction

  defp extract(module) do
    case __MODULE__.__docs__(module) do
      {_file, moduledoc, docs} ->
        from_moduledoc(moduledoc, module) ++
          Enum.flat_map(Enum.sort(docs), fn {{_kind, name, arity}, line, doc} ->
            if is_binary(doc) do
              for test <- extract_tests(line, doc, module), do: normalize_test(test, {name, arity})
            else
              []
            end
          end)

      nil ->
        # a module compiled from the prompt or a string has no BEAM file to read docs from
        reason =
          case Code.fetch_docs(module) do
            {:error, :module_not_found} -> "The BEAM file of the module cannot be accessed"
            _ -> "The module was not compiled with documentation"
          end

        raise Error,
          module: module,
          message: "could not retrieve the documentation for module #{inspect(module)}. " <> reason
    end
  end

  defp from_moduledoc({line, doc}, module) when is_binary(doc) do
    for test <- extract_tests(line, doc, module), do: normalize_test(test, :moduledoc)
  end

  defp from_moduledoc(_, _module), do: []

  defp normalize_test(%{exprs: exprs} = test, fa), do: %{test | fun_arity: fa, exprs: Enum.reverse(exprs)}

  defp extract_tests(line_no, doc, module) do
    lines = String.split(doc, ["\r\n", "\n"], trim: false)
    lines = adjust_indent(:text, lines, line_no + 1, [], 0, module)
    extract_tests(lines, "", "", [], true, module, "")
  end

  @iex_prompt ["iex>", "iex("]
  @dot_prompt ["...>", "...("]

  # Each example's lines with the indentation of its iex> prompt taken off, and its line.
  defp adjust_indent(_kind, [], _line_no, acc, _indent, _module), do: Enum.reverse(acc)

  defp adjust_indent(:text, [line | rest], line_no, acc, indent, module) do
    if String.starts_with?(String.trim_leading(line), @iex_prompt) do
      indent =
        case :binary.match(line, "iex") do
          {pos, _} -> pos
          :nomatch -> indent
        end

      adjust_indent(:prompt, [line | rest], line_no, acc, indent, module)
    else
      adjust_indent(:text, rest, line_no + 1, acc, indent, module)
    end
  end

  defp adjust_indent(kind, [line | rest], line_no, acc, indent, module) when kind in [:prompt, :after_prompt] do
    stripped = strip_indent(line, indent)
    trimmed = String.trim_leading(line)

    unless trimmed == "" or trimmed == stripped do
      spaces = if indent == 1, do: "#{indent} space", else: "#{indent} spaces"

      raise Error,
        line: line_no,
        module: module,
        message:
          "indentation level mismatch on doctest line: #{inspect(line)}\n\n" <>
            "If you are planning to assert on the result of an `iex>` expression, " <>
            "make sure the result is indented at the beginning of `iex>`, which " <>
            "in this case is exactly #{spaces}.\n\n" <>
            "If instead you have an `iex>` expression that spans over multiple lines, " <>
            "please make sure that each line after the first one begins with `...>`.\n"
    end

    next =
      cond do
        kind == :prompt -> :after_prompt
        String.starts_with?(stripped, @iex_prompt ++ @dot_prompt) -> :after_prompt
        true -> :code
      end

    adjust_indent(next, rest, line_no + 1, [{stripped, line_no} | acc], indent, module)
  end

  defp adjust_indent(:code, [line | rest], line_no, acc, indent, module) do
    stripped = strip_indent(line, indent)

    cond do
      stripped == "" ->
        adjust_indent(:text, rest, line_no + 1, [{stripped, line_no} | acc], 0, module)

      String.starts_with?(String.trim_leading(line), @iex_prompt) ->
        adjust_indent(:prompt, [line | rest], line_no, acc, indent, module)

      true ->
        adjust_indent(:code, rest, line_no + 1, [{stripped, line_no} | acc], indent, module)
    end
  end

  defp strip_indent(line, indent) do
    size = byte_size(line) - indent
    if size > 0, do: binary_part(line, indent, size), else: ""
  end

  @fences ["```", "~~~"]

  # Groups the lines into tests: [%{line:, exprs: [{expr, expected, formatted}]}].
  defp extract_tests([], "", "", acc, _, _, _), do: Enum.reverse(acc)

  defp extract_tests([], expr, expected, [test | rest], _, _, formatted) do
    Enum.reverse([add_expr(test, expr, expected, formatted) | rest])
  end

  defp extract_tests([{"iex>" <> _, _} | _] = lines, expr, expected, [test | rest], new?, module, formatted)
       when expr != "" and expected != "" do
    extract_tests(lines, "", "", [add_expr(test, expr, expected, formatted) | rest], new?, module, "")
  end

  defp extract_tests([{"iex>" <> string = line, line_no} | lines], "", expected, acc, true, module, _) do
    test = %{line: line_no, fun_arity: nil, exprs: []}
    extract_tests(lines, string, expected, [test | acc], false, module, line)
  end

  defp extract_tests([{"iex>" <> string = line, _} | lines], "", expected, acc, false, module, _) do
    extract_tests(lines, string, expected, acc, false, module, line)
  end

  defp extract_tests([{"iex>" <> string = line, _} | lines], expr, expected, acc, new?, module, formatted) do
    extract_tests(lines, expr <> "\n" <> string, expected, acc, new?, module, formatted <> "\n" <> line)
  end

  defp extract_tests([{"...>" <> string = line, _} | lines], expr, expected, acc, new?, module, formatted)
       when expr != "" do
    extract_tests(lines, expr <> "\n" <> string, expected, acc, new?, module, formatted <> "\n" <> line)
  end

  defp extract_tests([{"iex(" <> string = line, line_no} | lines], expr, expected, acc, new?, module, formatted) do
    new_line = {"iex" <> skip_iex_number(string, module, line_no, line), line_no}
    extract_tests([new_line | lines], expr, expected, acc, new?, module, formatted)
  end

  defp extract_tests([{"...(" <> string, line_no} = line | lines], expr, expected, acc, new?, module, formatted) do
    new_line = {"..." <> skip_iex_number(string, module, line_no, line), line_no}
    extract_tests([new_line | lines], expr, expected, acc, new?, module, formatted)
  end

  defp extract_tests([_ | lines], "", "", acc, _, module, _formatted) do
    extract_tests(lines, "", "", acc, true, module, "")
  end

  defp extract_tests([{<<fence::binary-size(3), _::binary>>, _} | lines], expr, expected, [test | rest], _, module, formatted)
       when fence in @fences and expr != "" do
    extract_tests(lines, "", "", [add_expr(test, expr, expected, formatted) | rest], true, module, "")
  end

  defp extract_tests([{"", _} | lines], expr, expected, [test | rest], _, module, formatted) do
    extract_tests(lines, "", "", [add_expr(test, expr, expected, formatted) | rest], true, module, "")
  end

  defp extract_tests([{line, _} | lines], expr, "", acc, new?, module, formatted) do
    extract_tests(lines, expr, line, acc, new?, module, formatted)
  end

  defp extract_tests([{line, _} | lines], expr, expected, acc, new?, module, formatted) do
    extract_tests(lines, expr, expected <> "\n" <> line, acc, new?, module, formatted)
  end

  defp skip_iex_number(")>" <> string, _module, _line_no, _line), do: ">" <> string

  defp skip_iex_number("", module, line_no, line) do
    message = "unknown IEx prompt: #{inspect(line)}.\nAccepted formats are: iex>, iex(1)>, ...>, ...(1)>}"
    raise Error, line: line_no, module: module, message: message
  end

  defp skip_iex_number(<<_, string::binary>>, module, line_no, line), do: skip_iex_number(string, module, line_no, line)

  defp add_expr(%{exprs: exprs} = test, expr, expected, formatted) do
    %{test | exprs: [{expr, tag_expected(expected), formatted} | exprs]}
  end

  defp tag_expected(""), do: :test

  defp tag_expected("** (" <> error) do
    [mod, message] = :binary.split(error, ")")
    {:error, Module.concat([mod]), String.trim_leading(message)}
  end

  defp tag_expected(string) do
    if inspectable?(string), do: {:inspect, inspect(string)}, else: {:test, string}
  end

  defp inspectable?(<<?#, char, rest::binary>>) when char in ?A..?Z, do: inspectable_end?(rest)
  defp inspectable?(_), do: false

  defp inspectable_end?(<<?., char, rest::binary>>) when char in ?A..?Z, do: inspectable_end?(rest)

  defp inspectable_end?(<<char, rest::binary>>)
       when char in ?A..?Z or char in ?a..?z or char in ?0..?9 or char == ?_,
       do: inspectable_end?(rest)

  defp inspectable_end?(<<?<, _::binary>>), do: true
  defp inspectable_end?(_), do: false
end

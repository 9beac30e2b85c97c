# ExUnit.Formatter: the texts of a run's report (times, filters, failures) shared by the
# formatters. A failure is the test's name and place, then each error: an assertion's
# message, code, left/right (or arguments, or the mailbox), other errors as their banner and
# the failing line of the source; then the stacktrace, where the test's frame is "(test)".
# With colours on, left and right show what differs between them (ExUnit.Diff).
defmodule ExUnit.Formatter do
  @moduledoc false

  alias Inspect.Algebra

  @counter_padding "     "
  @mailbox_label_padding "       "
  @formatter_exceptions [ExUnit.AssertionError, FunctionClauseError]
  @no_value :ex_unit_no_meaningful_value

  def format_times(times) do
    run_us = normalize_us(times.run)
    load_us = normalize_us(times.load)
    async_us = normalize_us(times.async)
    sync_us = run_us - async_us
    total_us = run_us + load_us
    maybe_load = if times.load, do: "#{format_us(load_us)}s on load, ", else: ""

    "Finished in #{format_us(total_us)} seconds " <>
      "(#{maybe_load}#{format_us(async_us)}s async, #{format_us(sync_us)}s sync)"
  end

  defp normalize_us(nil), do: 0
  defp normalize_us(us), do: div(us, 10000)

  defp format_us(us) when us < 10, do: "0.0#{us}"

  defp format_us(us) do
    us = div(us, 10)
    "#{div(us, 10)}.#{rem(us, 10)}"
  end

  def format_time(run, load), do: format_times(%{run: run, load: load, async: nil})

  def format_filters(filters, :exclude), do: "Excluding tags: #{inspect(filters)}"
  def format_filters(filters, :include), do: "Including tags: #{inspect(filters)}"

  def format_test_failure(test, failures, counter, width, formatter) do
    %ExUnit.Test{name: name, module: module, tags: tags} = test

    test_info(with_counter(counter, "#{name} (#{inspect(module)})"), formatter) <>
      test_location(with_location(tags), formatter) <>
      Enum.map_join(Enum.with_index(failures), "", fn {{kind, reason, stack}, index} ->
        {text, stack} = format_kind_reason(test, kind, reason, stack, width, formatter)
        failure_header(failures, index) <> text <> format_stacktrace(stack, module, name, formatter)
      end)
  end

  def format_test_all_failure(test_module, failures, counter, width, formatter) do
    name = test_module.name

    test_module_info(with_counter(counter, "#{inspect(name)}: "), formatter) <>
      Enum.map_join(Enum.with_index(failures), "", fn {{kind, reason, stack}, index} ->
        {text, stack} = format_kind_reason(test_module, kind, reason, stack, width, formatter)
        failure_header(failures, index) <> text <> format_stacktrace(stack, name, nil, formatter)
      end)
  end

  def format_test_case_failure(test_case, failures, counter, width, formatter),
    do: format_test_all_failure(test_case, failures, counter, width, formatter)

  def format_assertion_error(%ExUnit.AssertionError{} = struct) do
    format_exception(%{}, struct, [], :infinity, fn _, msg -> msg end, "") |> elem(0)
  end

  defp format_exception(test, %ExUnit.AssertionError{} = struct, stack, width, formatter, pad) do
    label_padding_size = if has_value?(struct.right), do: 7, else: 6
    padding_size = label_padding_size + byte_size(@counter_padding)

    code_multiline =
      if struct.doctest != @no_value,
        do: &pad_multiline(&1, padding_size),
        else: &code_multiline(&1, padding_size)

    formatted =
      [
        note: if_value(struct.message, &format_message(&1, formatter)),
        doctest: if_value(struct.doctest, &pad_multiline(&1, 2 + byte_size(@counter_padding))),
        code: if_value(struct.expr, code_multiline),
        code: unless_value(struct.expr, fn -> get_code(test, stack) || @no_value end),
        arguments: if_value(struct.args, &format_args(&1, width))
      ]
      |> Kernel.++(format_context(struct, formatter, padding_size, width))
      |> format_meta(formatter, pad, label_padding_size)
      |> IO.iodata_to_binary()

    {formatted, stack}
  end

  defp format_exception(test, %FunctionClauseError{} = struct, stack, _width, formatter, _pad) do
    {blamed, stack} = Exception.blame(:error, struct, stack)
    banner = Exception.format_banner(:error, struct)
    blamed = blame_diff(__MODULE__.__function_clause_blame__(blamed), formatter)

    message =
      case blamed do
        "" -> error_info(banner, formatter)
        _ -> error_info(banner, formatter) <> "\n" <> pad(String.trim_leading(blamed, "\n"))
      end

    {message <> format_code(test, stack, formatter), stack}
  end

  # The clauses' patterns and guards that did not hold (between \x01 and \x02 in the
  # blame's text) shown as the formatter shows a :blame_diff.
  defp blame_diff(text, formatter) do
    text
    |> String.split(["\x01", "\x02"])
    |> Enum.with_index()
    |> Enum.map_join(fn
      {part, i} when rem(i, 2) == 1 -> formatter.(:blame_diff, part)
      {part, _} -> part
    end)
  end

  defp format_kind_reason(test, :error, %mod{} = struct, stack, width, formatter)
       when mod in @formatter_exceptions do
    format_exception(test, struct, stack, width, formatter, @counter_padding)
  end

  defp format_kind_reason(test, kind, reason, stack, width, formatter) do
    case linked_or_trapped_exit(kind, reason) do
      {header, wrapped_reason, wrapped_stack} ->
        struct = Exception.normalize(:error, wrapped_reason, wrapped_stack)

        {formatted_reason, wrapped_stack} =
          format_exception(test, struct, wrapped_stack, width, formatter, @counter_padding)

        formatted_stack = format_stacktrace(wrapped_stack, test.module, test.name, formatter)
        {error_info(header, formatter) <> pad(formatted_reason <> formatted_stack), stack}

      :error ->
        {reason, stack} = Exception.blame(kind, reason, stack)
        message = error_info(Exception.format_banner(kind, reason, stack), formatter)
        {message <> format_code(test, stack, formatter), stack}
    end
  end

  defp linked_or_trapped_exit({:EXIT, pid}, {reason, [_ | _] = stack})
       when is_struct(reason) and reason.__struct__ in @formatter_exceptions
       when reason == :function_clause do
    {"** (EXIT from #{inspect(pid)}) an exception was raised:\n", reason, stack}
  end

  defp linked_or_trapped_exit(:exit, {{reason, [_ | _] = stack}, {mod, fun, args}})
       when is_atom(mod) and is_atom(fun) and is_list(args) and is_struct(reason) and
              reason.__struct__ in @formatter_exceptions
       when is_atom(mod) and is_atom(fun) and is_list(args) and reason == :function_clause do
    {
      "** (exit) exited in: #{Exception.format_mfa(mod, fun, args)}\n   ** (EXIT) an exception was raised:",
      reason,
      stack
    }
  end

  defp linked_or_trapped_exit(_kind, _reason), do: :error

  defp format_code(test, stack, formatter) do
    if snippet = get_code(test, stack) do
      "     " <> formatter.(:extra_info, "code: ") <> snippet <> "\n"
    else
      ""
    end
  end

  defp get_code(%{module: module, name: name}, stack) do
    info =
      Enum.find_value(stack, fn
        {^module, ^name, _, info} -> info
        _ -> nil
      end)

    file = info[:file]
    line = info[:line]

    if is_integer(line) and line > 0 and file do
      case __MODULE__.__source_line__(to_string(file), line) do
        nil -> nil
        text -> String.trim(text)
      end
    end
  end

  defp get_code(%{}, _), do: nil

  defp format_meta(fields, formatter, padding, padding_size) do
    for {label, value} <- fields, has_value?(value) do
      [padding, format_label(label, formatter, padding_size), value, "\n"]
    end
  end

  defp if_value(value, fun), do: if(has_value?(value), do: fun.(value), else: value)
  defp unless_value(value, fun), do: if(has_value?(value), do: @no_value, else: fun.())
  defp has_value?(value), do: value != @no_value

  defp format_label(:note, _formatter, _padding_size), do: ""

  defp format_label(label, formatter, padding_size),
    do: formatter.(:extra_info, String.pad_trailing("#{label}:", padding_size))

  defp format_message(value, formatter) do
    formatter.(:error_info, String.replace(value, "\n", "\n" <> @counter_padding))
  end

  defp format_args(args, width) do
    entries =
      for {arg, i} <- Enum.with_index(args, 1) do
        "\n         # #{i}\n         #{inspect_multiline(arg, 9, width)}\n"
      end

    ["\n" | entries]
  end

  @assertions [
    :assert,
    :assert_raise,
    :assert_receive,
    :assert_received,
    :refute,
    :refute_receive,
    :refute_received
  ]

  defp code_multiline({fun, _, [expr]}, padding_size) when fun in @assertions do
    pad_multiline(Atom.to_string(fun) <> " " <> Macro.to_string(expr), padding_size)
  end

  defp code_multiline(expr, padding_size), do: pad_multiline(Macro.to_string(expr), padding_size)

  defp inspect_multiline(expr, padding_size, width) do
    width = if width == :infinity, do: width, else: width - padding_size

    expr
    |> Algebra.to_doc(struct(Inspect.Opts, width: width))
    |> Algebra.group()
    |> Algebra.nest(padding_size)
    |> Algebra.format(width)
    |> IO.iodata_to_binary()
  end

  defp format_context(%{context: {:mailbox, _pins, []}}, _, _, _), do: []

  defp format_context(%{left: left, context: {:mailbox, pins, mailbox}}, formatter, padding_size, width) do
    formatted =
      for message <- mailbox do
        {pattern, value, _hints} =
          format_sides(left, message, {:match, pins}, formatter, padding_size + 5, width)

        [
          "\n",
          @mailbox_label_padding,
          format_label(:pattern, formatter, 9),
          pattern,
          "\n",
          @mailbox_label_padding,
          format_label(:value, formatter, 9),
          value
        ]
      end

    [mailbox: Enum.join(formatted, "\n")]
  end

  defp format_context(%{left: left, right: right, context: context}, formatter, padding_size, width) do
    {left, right, hints} = format_sides(left, right, context, formatter, padding_size, width)
    [left: left, right: right] ++ hints
  end

  # The two sides: when the formatter shows diffs (colours on) and both sides have a value,
  # as ExUnit.Diff renders them with the differing parts coloured; otherwise the right side
  # inspected and the left side inspected, or shown as code in a match.
  defp format_sides(left, right, context, formatter, padding_size, width) do
    content_width = if width == :infinity, do: width, else: width - padding_size

    case diff_of(left, right, context, formatter) do
      {diff, env} ->
        left_doc = ExUnit.Diff.to_algebra(diff.left, &colorize_diff(&1, :diff_delete, formatter))
        right_doc = ExUnit.Diff.to_algebra(diff.right, &colorize_diff(&1, :diff_insert, formatter))

        {render_side(left_doc, padding_size, content_width),
         render_side(right_doc, padding_size, content_width),
         Enum.map(env.hints, &{:hint, hint_text(&1)})}

      nil ->
        inspect = &inspect_multiline(&1, padding_size, width)
        shown_left = if is_atom(context), do: inspect, else: &code_multiline(&1, padding_size)
        {if_value(left, shown_left), if_value(right, inspect), []}
    end
  end

  defp render_side(doc, padding_size, width) do
    doc |> Algebra.nest(padding_size) |> Algebra.format(width) |> IO.iodata_to_binary()
  end

  defp hint_text(:equivalent_but_different_strings) do
    "you are comparing strings that have the same visual representation but are made of different Unicode codepoints"
  end

  # A part that is only white space gets a colour of its own (a background), so it shows.
  defp colorize_diff(doc, kind, formatter) do
    kind =
      if is_binary(doc) and String.trim_leading(doc) == "",
        do: :"#{kind}_whitespace",
        else: kind

    formatter.(kind, doc)
  end

  # The diff is computed in a task of its own, given 1.5s (a large term's diff may take
  # long: the sides are then shown without it).
  defp diff_of(left, right, context, formatter) do
    if has_value?(left) and has_value?(right) and formatter.(:diff_enabled?, false) do
      task = Task.async(ExUnit.Diff, :compute, [left, right, context])

      case Task.yield(task, 1500) || Task.shutdown(task, :brutal_kill) do
        {:ok, diff} -> diff
        nil -> nil
      end
    end
  end

  defp format_stacktrace([], _case, _test, _color), do: ""

  defp format_stacktrace(stacktrace, test_case, test, color) do
    extra_info("stacktrace:", color) <>
      Enum.map_join(stacktrace, fn entry ->
        stacktrace_info(format_stacktrace_entry(entry, test_case, test), color)
      end)
  end

  defp format_stacktrace_entry({test_case, test, _, location}, test_case, test) do
    Exception.format_file_line(location[:file], location[:line], " (test)")
  end

  defp format_stacktrace_entry(entry, _test_case, _test), do: Exception.format_stacktrace_entry(entry)

  defp with_location(tags) do
    path = "#{Path.relative_to_cwd(tags[:file])}:#{tags[:line]}"

    if prefix = Application.get_env(:ex_unit, :test_location_relative_path) do
      Path.join(prefix, path)
    else
      path
    end
  end

  defp failure_header([_], _), do: ""
  defp failure_header(_, i), do: "\n#{@counter_padding}Failure ##{i + 1}\n"

  defp with_counter(counter, msg) when counter < 10, do: "  #{counter}) #{msg}"
  defp with_counter(counter, msg) when counter < 100, do: " #{counter}) #{msg}"
  defp with_counter(counter, msg), do: "#{counter}) #{msg}"

  defp test_module_info(msg, nil),
    do: msg <> "failure on setup_all callback, all tests have been invalidated\n"

  defp test_module_info(msg, formatter),
    do: test_module_info(formatter.(:test_module_info, msg), nil)

  defp test_info(msg, nil), do: msg <> "\n"
  defp test_info(msg, formatter), do: test_info(formatter.(:test_info, msg), nil)

  defp test_location(msg, nil), do: "     " <> msg <> "\n"
  defp test_location(msg, formatter), do: test_location(formatter.(:location_info, msg), nil)

  defp pad(msg), do: "     " <> pad_multiline(msg, 5) <> "\n"

  defp pad_multiline(expr, padding_size) when is_binary(expr) do
    String.replace(expr, "\n", "\n" <> String.duplicate(" ", padding_size))
  end

  defp error_info(msg, nil), do: pad(msg)
  defp error_info(msg, formatter), do: pad(formatter.(:error_info, msg))

  defp extra_info(msg, nil), do: pad(msg)
  defp extra_info(msg, formatter), do: pad(formatter.(:extra_info, msg))

  defp stacktrace_info("", _formatter), do: ""
  defp stacktrace_info(msg, nil), do: "       " <> msg <> "\n"
  defp stacktrace_info(msg, formatter), do: stacktrace_info(formatter.(:stacktrace_info, msg), nil)
end

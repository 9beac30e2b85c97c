# ExUnit.Assertions: assert/refute look at the expression they are given (a match, match?/2,
# a comparison, a call) to report what failed: the code, both sides or the call's
# arguments; assert_receive/assert_received/refute_receive look at the mailbox;
# assert_raise, assert_in_delta, catch_throw/exit/error and flunk.
defmodule ExUnit.AssertionError do
  @no_value :ex_unit_no_meaningful_value

  defexception left: @no_value,
               right: @no_value,
               message: @no_value,
               expr: @no_value,
               args: @no_value,
               doctest: @no_value,
               context: :==

  def no_value, do: @no_value

  def message(exception) do
    "\n\n" <> ExUnit.Formatter.format_assertion_error(exception)
  end
end

defmodule ExUnit.MultiError do
  defexception errors: []

  def message(%{errors: errors}) do
    "got the following errors:\n\n" <>
      Enum.map_join(errors, "\n\n", fn {kind, error, stack} ->
        Exception.format_banner(kind, error, stack)
      end)
  end
end

defmodule ExUnit.TimeoutError do
  defexception [:timeout, :type]

  def message(%{timeout: timeout, type: type}) do
    """
    #{type} timed out after #{timeout}ms. You can change the timeout:

      1. per test by setting "@tag timeout: x" (accepts :infinity)
      2. per test module by setting "@moduletag timeout: x" (accepts :infinity)
      3. globally via "ExUnit.start(timeout: x)" configuration
      4. by running "mix test --timeout x" which sets timeout
      5. or by running "mix test --trace" which sets timeout to infinity
         (useful when using IEx.pry/0)

    where "x" is the timeout given as integer in milliseconds (defaults to 60_000).
    """
  end
end

defmodule ExUnit.Assertions do
  @moduledoc false

  @no_value :ex_unit_no_meaningful_value
  @operators [:==, :<, :>, :<=, :>=, :===, :=~, :!==, :!=, :in]

  defmacro assert({:=, _meta, [left, right]} = assertion) do
    code = escape_quoted(:assert, assertion)

    check =
      quote generated: true do
        if right do
          :ok
        else
          raise ExUnit.AssertionError, expr: expr, message: "Expected truthy, got #{inspect(right)}"
        end
      end

    __match__(left, right, code, check, __CALLER__)
  end

  defmacro assert({:match?, meta, [left, right]} = assertion) do
    code = escape_quoted(:assert, assertion)
    match? = {:match?, meta, [left, Macro.var(:right, __MODULE__)]}
    left = __expand_pattern__(left, __CALLER__)
    pins = collect_pins(left)

    quote do
      right = unquote(right)
      left = unquote(Macro.escape(left))

      ExUnit.Assertions.assert(unquote(match?),
        right: right,
        left: left,
        expr: unquote(code),
        message: "match (match?) failed" <> ExUnit.Assertions.__pins__(unquote(pins)),
        context: {:match, unquote(pins)}
      )
    end
  end

  defmacro assert(assertion) do
    if translated = translate_assertion(:assert, assertion, __CALLER__) do
      translated
    else
      {args, value} = extract_args(assertion, __CALLER__)

      quote generated: true do
        if value = unquote(value) do
          value
        else
          raise ExUnit.AssertionError,
            args: unquote(args),
            expr: unquote(escape_quoted(:assert, assertion)),
            message: "Expected truthy, got #{inspect(value)}"
        end
      end
    end
  end

  defmacro refute({:match?, meta, [left, right]} = assertion) do
    code = escape_quoted(:refute, assertion)
    match? = {:match?, meta, [left, Macro.var(:right, __MODULE__)]}
    left = __expand_pattern__(left, __CALLER__)
    pins = collect_pins(left)

    quote do
      right = unquote(right)
      left = unquote(Macro.escape(left))

      ExUnit.Assertions.refute(unquote(match?),
        right: right,
        left: left,
        expr: unquote(code),
        message:
          "match (match?) succeeded, but should have failed" <> ExUnit.Assertions.__pins__(unquote(pins)),
        context: {:match, unquote(pins)}
      )
    end
  end

  defmacro refute(assertion) do
    if translated = translate_assertion(:refute, assertion, __CALLER__) do
      {:!, [], [translated]}
    else
      {args, value} = extract_args(assertion, __CALLER__)

      quote generated: true do
        if value = unquote(value) do
          raise ExUnit.AssertionError,
            args: unquote(args),
            expr: unquote(escape_quoted(:refute, assertion)),
            message: "Expected false or nil, got #{inspect(value)}"
        else
          value
        end
      end
    end
  end

  # A comparison through Kernel's operator: both sides are evaluated once and shown.
  defp translate_assertion(kind, {operator, meta, [left, right]} = expr, caller)
       when operator in @operators do
    if kernel_operator?(caller, operator) do
      lvar = Macro.var(:left, __MODULE__)
      rvar = Macro.var(:right, __MODULE__)

      {call, message, equality_check?} =
        case kind do
          :assert ->
            {{operator, meta, [lvar, rvar]}, "Assertion with #{operator} failed", operator in [:<, :>, :!==, :!=]}

          :refute ->
            {{:not, meta, [{operator, meta, [lvar, rvar]}]}, "Refute with #{operator} failed",
             operator in [:<=, :>=, :===, :==, :=~]}
        end

      code = escape_quoted(kind, expr)
      context = if operator in [:===, :!==], do: :===, else: :==

      if equality_check? do
        quote do
          left = unquote(left)
          right = unquote(right)

          if ExUnit.Assertions.__equal__?(left, right) do
            ExUnit.Assertions.assert(false,
              left: left,
              expr: unquote(code),
              message: unquote(message <> ", both sides are exactly equal")
            )
          else
            ExUnit.Assertions.assert(unquote(call),
              left: left,
              right: right,
              expr: unquote(code),
              message: unquote(message),
              context: unquote(context)
            )
          end
        end
      else
        quote do
          left = unquote(left)
          right = unquote(right)

          ExUnit.Assertions.assert(unquote(call),
            left: left,
            right: right,
            expr: unquote(code),
            message: unquote(message),
            context: unquote(context)
          )
        end
      end
    end
  end

  defp translate_assertion(_kind, _expr, _caller), do: nil

  # Whether `operator/2` at the caller is Kernel's (not shadowed by another import).
  defp kernel_operator?(caller, operator) do
    imported =
      for {mod, funs} <- caller.functions ++ caller.macros,
          Enum.member?(funs, {operator, 2}),
          do: mod

    imported == [Kernel]
  end

  @doc false
  def __equal__?(left, right), do: left === right

  defp escape_quoted(kind, expr), do: Macro.escape({kind, [], [expr]}, prune_metadata: true)

  # A call (not a macro, an operator or a special form, and not only of literals) is run
  # on its arguments evaluated first, so that a failure can show them.
  defp extract_args({root, meta, [_ | _] = args} = expr, env) do
    arity = length(args)

    reserved? =
      is_atom(root) and (Macro.special_form?(root, arity) or Macro.operator?(root, arity))

    all_literals? = Enum.all?(args, &Macro.quoted_literal?/1)
    expanded = Macro.expand_once(expr, env)

    if not reserved? and not all_literals? and strip_meta(expanded) == strip_meta(expr) do
      vars = for i <- 1..arity, do: Macro.var(:"arg#{i}", __MODULE__)

      quoted =
        quote do
          {unquote_splicing(vars)} = {unquote_splicing(args)}
          unquote({root, meta, vars})
        end

      {vars, quoted}
    else
      {@no_value, expanded}
    end
  end

  defp extract_args(expr, _env), do: {@no_value, expr}

  defp strip_meta(ast) do
    Macro.prewalk(ast, fn
      {a, _meta, b} -> {a, [], b}
      other -> other
    end)
  end

  @doc false
  def __match__(left, right, code, check, caller) do
    left = __expand_pattern__(left, caller)
    vars = collect_vars(left)
    pins = collect_pins(left)

    match_expr =
      quote generated: true do
        case right do
          unquote(left) ->
            unquote(check)
            unquote(vars)

          _ ->
            left = unquote(Macro.escape(left))

            raise ExUnit.AssertionError,
              left: left,
              right: right,
              expr: expr,
              message: "match (=) failed" <> ExUnit.Assertions.__pins__(unquote(pins)),
              context: {:match, unquote(pins)}
        end
      end

    quote do
      right = unquote(right)
      expr = unquote(code)
      unquote(vars) = unquote(match_expr)
      right
    end
  end

  def assert(value, message) when is_binary(message), do: assert(value, message: message)

  def assert(value, opts) when is_list(opts) do
    unless value, do: raise(ExUnit.AssertionError, opts)
    true
  end

  defmacro assert_receive(pattern, timeout \\ nil, failure_message \\ nil) do
    code = escape_quoted(:assert_receive, pattern)
    do_assert_receive(pattern, timeout, failure_message, __CALLER__, code)
  end

  defmacro assert_received(pattern, failure_message \\ nil) do
    code = escape_quoted(:assert_received, pattern)
    do_assert_receive(pattern, 0, failure_message, __CALLER__, code)
  end

  defp do_assert_receive(pattern, timeout, failure_message, caller, code) do
    expanded = __expand_pattern__(pattern, caller)
    vars = collect_vars(expanded)
    pins = collect_pins(expanded)

    pattern =
      case expanded do
        {:when, meta, [left, right]} -> {:when, meta, [quote(do: unquote(left) = received), right]}
        left -> quote(do: unquote(left) = received)
      end

    finder =
      quote generated: true do
        fn message ->
          case message do
            unquote(pattern) ->
              _ = unquote(vars)
              true

            _ ->
              false
          end
        end
      end

    failure_message =
      failure_message ||
        quote do
          ExUnit.Assertions.__timeout__(
            unquote(Macro.escape(expanded)),
            unquote(code),
            unquote(pins),
            unquote(finder),
            timeout
          )
        end

    quote do
      timeout = ExUnit.Assertions.__timeout__(unquote(timeout), :assert_receive_timeout)

      {received, unquote(vars)} =
        receive do
          unquote(pattern) -> {received, unquote(vars)}
        after
          timeout -> flunk(unquote(failure_message))
        end

      received
    end
  end

  @indent "\n  "
  @max_mailbox_length 10

  @doc false
  def __timeout__(timeout, _) when is_integer(timeout) and timeout >= 0, do: timeout
  def __timeout__(nil, key), do: Application.fetch_env!(:ex_unit, key)

  def __timeout__(timeout, _),
    do: raise(ArgumentError, "timeout must be a non-negative integer, got: #{inspect(timeout)}")

  @doc false
  def __timeout__(pattern, code, pins, finder, timeout) do
    {:messages, messages} = Process.info(self(), :messages)

    if Enum.any?(messages, finder) do
      raise ExUnit.AssertionError,
        expr: code,
        message: """
        Found message matching #{Macro.to_string(pattern)} after #{timeout}ms.

        This means the message was delivered too close to the timeout value, you may want to either:

          1. Give an increased timeout to `assert_receive/2`
          2. Increase the default timeout to all `assert_receive` in your
             test_helper.exs by setting ExUnit.configure(assert_receive_timeout: ...)
        """
    else
      length = length(messages)
      mailbox = Enum.take(messages, -@max_mailbox_length)

      raise ExUnit.AssertionError,
        left: pattern,
        expr: code,
        message:
          "Assertion failed, no matching message after #{timeout}ms" <>
            __pins__(pins) <> mailbox_message(length),
        context: {:mailbox, pins, mailbox}
    end
  end

  @doc false
  def __pins__(pins) do
    pins
    |> Enum.filter(fn {{_, ctx}, _} -> ctx == nil end)
    |> Enum.reverse()
    |> Enum.map_join(@indent, fn {{name, _}, var} -> "#{name} = #{inspect(var)}" end)
    |> case do
      "" -> ""
      pinned -> "\nThe following variables were pinned:" <> @indent <> pinned
    end
  end

  defp mailbox_message(0), do: "\nThe process mailbox is empty."
  defp mailbox_message(1), do: "\nShowing 1 of 1 message in the mailbox"

  defp mailbox_message(length) when length > @max_mailbox_length,
    do: "\nShowing #{@max_mailbox_length} of #{length} messages in the mailbox"

  defp mailbox_message(length), do: "\nShowing #{length} of #{length} messages in the mailbox"

  # The pinned variables of a pattern, as [{{name, context}, var}] sorted by name.
  defp collect_pins(expr) do
    {_, pins} =
      Macro.prewalk(expr, %{}, fn
        {:^, _, [{name, meta, context} = var]}, acc when is_atom(name) and is_atom(context) ->
          {:ok, Map.put(acc, {name, meta[:counter] || context}, var)}

        form, acc ->
          {form, acc}
      end)

    Enum.to_list(pins)
  end

  defp collect_vars({:when, _, [left, right]}) do
    pattern = collect_vars(left)

    vars =
      for {name, _, context} = var <- collect_vars(right),
          Enum.any?(pattern, &match?({^name, _, ^context}, &1)),
          do: var

    pattern ++ vars
  end

  defp collect_vars(expr) do
    Macro.prewalk(expr, [], fn
      {:"::", _, [left, right]}, acc ->
        {[left], collect_vars_from_binary(right, acc)}

      {skip, _, [_]}, acc when skip in [:^, :@] ->
        {:ok, acc}

      {:_, _, context}, acc when is_atom(context) ->
        {:ok, acc}

      {_, [{:expanded, expanded} | _], _}, acc ->
        {[expanded], acc}

      {name, meta, context}, acc when is_atom(name) and is_atom(context) ->
        if String.starts_with?(Atom.to_string(name), "_") do
          {:ok, acc}
        else
          {:ok, [{name, meta, context} | acc]}
        end

      node, acc ->
        {node, acc}
    end)
    |> elem(1)
    |> Enum.uniq_by(fn {name, _, context} -> {name, context} end)
  end

  defp collect_vars_from_binary(right, original_acc) do
    Macro.prewalk(right, original_acc, fn
      {mode, _, [{name, meta, context}]}, acc when is_atom(mode) and is_atom(name) and is_atom(context) ->
        if Enum.any?(original_acc, &match?({^name, _, ^context}, &1)),
          do: {:ok, [{name, meta, context} | acc]},
          else: {:ok, acc}

      node, acc ->
        {node, acc}
    end)
    |> elem(1)
  end

  @doc false
  def __expand_pattern__({:when, meta, [left, right]}, caller) do
    {:when, meta, [expand_pattern(left, Macro.Env.to_match(caller)), expand_pattern(right, %{caller | context: :guard})]}
  end

  def __expand_pattern__(expr, caller), do: expand_pattern(expr, Macro.Env.to_match(caller))

  # Aliases and module attributes in a pattern become what they stand for; a macro call stays
  # as written (for the code shown) with what it expands to kept in its metadata, :expanded,
  # where the pattern's variables are looked for.
  defp expand_pattern(expr, caller) do
    Macro.prewalk(expr, fn
      {:__aliases__, _, _} = alias ->
        Macro.expand(alias, caller)

      {:@, _, [{attribute, _, _}]} ->
        Macro.escape(Module.get_attribute(caller.module, attribute))

      {left, meta, right} = node ->
        case Macro.expand(node, caller) do
          ^node -> node
          expanded -> {left, [expanded: expanded] ++ meta, right}
        end

      other ->
        Macro.expand(other, caller)
    end)
  end

  def assert_raise(exception, message, function) when is_function(function) do
    error = assert_raise(exception, function)

    match? =
      cond do
        is_binary(message) -> Exception.message(error) == message
        is_struct(message, Regex) -> Exception.message(error) =~ message
      end

    message =
      "Wrong message for #{inspect(exception)}\n" <>
        "expected:\n  #{inspect(message)}\n" <>
        "actual:\n" <> "  #{inspect(Exception.message(error))}"

    unless match?, do: flunk(message)
    error
  end

  def assert_raise(exception, function) when is_function(function) do
    try do
      function.()
    rescue
      error ->
        name = error.__struct__

        cond do
          name == exception ->
            check_error_message(name, error)
            error

          name == ExUnit.AssertionError ->
            reraise(error, __STACKTRACE__)

          true ->
            message =
              "Expected exception #{inspect(exception)} " <>
                "but got #{inspect(name)} (#{Exception.message(error)})"

            reraise ExUnit.AssertionError, [message: message], __STACKTRACE__
        end
    else
      _ -> flunk("Expected exception #{inspect(exception)} but nothing was raised")
    end
  end

  defp check_error_message(module, error) do
    module.message(error)
  catch
    kind, reason ->
      flunk(
        "Got exception #{inspect(module)} but it failed to produce a message with:\n\n" <>
          Exception.format(kind, reason, __STACKTRACE__)
      )
  end

  def assert_in_delta(value1, value2, delta, message \\ nil)

  def assert_in_delta(_, _, delta, _) when delta < 0 do
    raise ArgumentError, "delta must always be a positive number, got: #{inspect(delta)}"
  end

  def assert_in_delta(value1, value2, delta, message) do
    diff = abs(value1 - value2)

    message =
      message ||
        "Expected the difference between #{inspect(value1)} and " <>
          "#{inspect(value2)} (#{inspect(diff)}) to be less than or equal to #{inspect(delta)}"

    assert(diff <= delta, message)
  end

  def refute_in_delta(value1, value2, delta, message \\ nil) do
    diff = abs(value1 - value2)

    message =
      if message do
        message <>
          " (difference between #{inspect(value1)} " <>
          "and #{inspect(value2)} is less than #{inspect(delta)})"
      else
        "Expected the difference between #{inspect(value1)} and " <>
          "#{inspect(value2)} (#{inspect(diff)}) to be more than #{inspect(delta)}"
      end

    refute(diff < delta, message)
  end

  defmacro catch_throw(expression), do: do_catch(:throw, expression)
  defmacro catch_exit(expression), do: do_catch(:exit, expression)
  defmacro catch_error(expression), do: do_catch(:error, expression)

  defp do_catch(kind, expr) do
    quote do
      try do
        _ = unquote(expr)
        flunk("Expected to catch #{unquote(kind)}, got nothing")
      rescue
        e in [ExUnit.AssertionError] -> reraise(e, __STACKTRACE__)
      catch
        unquote(kind), we_got -> we_got
      end
    end
  end

  def refute(value, message), do: not assert(!value, message)

  defmacro refute_receive(pattern, timeout \\ nil, failure_message \\ nil),
    do: do_refute_receive(pattern, timeout, failure_message)

  defmacro refute_received(pattern, failure_message \\ nil),
    do: do_refute_receive(pattern, 0, failure_message)

  defp do_refute_receive(pattern, timeout, failure_message) do
    clause =
      if failure_message do
        quote do
          unquote(pattern) -> flunk(unquote(failure_message))
        end
      else
        binary = Macro.to_string(pattern)

        quote do
          unquote(pattern) = actual ->
            flunk("Unexpectedly received message #{inspect(actual)} (which matched #{unquote(binary)})")
        end
      end

    quote do
      timeout = ExUnit.Assertions.__timeout__(unquote(timeout), :refute_receive_timeout)

      receive do
        unquote(clause)
      after
        timeout -> false
      end
    end
  end

  def flunk(message \\ "Flunked!") when is_binary(message) do
    assert false, message: message
  end
end

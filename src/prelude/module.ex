# Module: what code asks of a module while its body runs (attributes, definitions,
# overridables, typespecs), evaluating and creating modules, and module names. The module
# being built lives in the compiler (src/runtime/compiler/module-build.ts); its natives are
# :beamsh_module's (src/stdlib/module.ts). The checks and argument guards are here, so bad
# arguments fail as in Elixir: a FunctionClauseError, or an ArgumentError naming the call.
defmodule Module do
  @moduledoc false

  @defines_hint "Use Kernel.function_exported?/3 and Kernel.macro_exported?/3 to check for public functions and macros instead"
  @definitions_hint "Use the Module.__info__/1 callback to get public functions and macros instead"
  @attribute_hint "Use the Module.__info__/1 callback or Code.fetch_docs/1 instead"

  defguardp is_arity(arity) when is_integer(arity) and arity >= 0 and arity <= 255

  def reserved_attributes(), do: :beamsh_module.reserved_attributes()

  def open?(module) when is_atom(module), do: :beamsh_module.mode(module) != :closed

  # ---- evaluating and creating ------------------------------------------------------------

  def eval_quoted(module_or_env, quoted, binding \\ [], opts \\ [])

  def eval_quoted(%Macro.Env{} = env, quoted, binding, opts) when is_list(binding) and is_list(opts) do
    eval_in(env.module, quoted, binding, struct!(env, opts))
  end

  def eval_quoted(module, quoted, binding, %Macro.Env{} = env) when is_atom(module) and is_list(binding) do
    eval_in(module, quoted, binding, env)
  end

  def eval_quoted(module, quoted, binding, opts) when is_atom(module) and is_list(binding) and is_list(opts) do
    eval_in(module, quoted, binding, opts)
  end

  defp eval_in(module, quoted, binding, env_or_opts) do
    ensure_open!({:eval_quoted, 4}, module, "")
    :beamsh_module.eval_quoted(module, quoted, binding, env_or_opts)
  end

  def create(module, quoted, opts)

  def create(module, quoted, %Macro.Env{} = env) when is_atom(module) do
    create(module, quoted, Map.to_list(env))
  end

  def create(module, quoted, opts) when is_atom(module) and is_list(opts) do
    if not Keyword.has_key?(opts, :file) do
      raise ArgumentError, "expected :file to be given as option"
    end

    :beamsh_module.create(module, quoted, opts)
  end

  # ---- names -----------------------------------------------------------------------------

  def concat(list) when is_list(list), do: :elixir_aliases.concat(list)

  def concat(left, right) when (is_binary(left) or is_atom(left)) and (is_binary(right) or is_atom(right)) do
    :elixir_aliases.concat([left, right])
  end

  def safe_concat(list) when is_list(list), do: :elixir_aliases.safe_concat(list)

  def safe_concat(left, right) when (is_binary(left) or is_atom(left)) and (is_binary(right) or is_atom(right)) do
    :elixir_aliases.safe_concat([left, right])
  end

  def split(module)
  def split(module) when is_atom(module), do: split_name(Atom.to_string(module), module)
  def split(module) when is_binary(module), do: split_name(module, module)

  defp split_name("Elixir." <> rest, _given), do: String.split(rest, ".")
  defp split_name(_name, given), do: raise(ArgumentError, "expected an Elixir module, got: #{inspect(given)}")

  # ---- definitions -----------------------------------------------------------------------

  def defines?(module, {name, arity} = _definition) when is_atom(module) and is_atom(name) and is_arity(arity) do
    ensure_open!({:defines?, 2}, module, @defines_hint)
    :beamsh_module.defines?(module, name, arity, nil)
  end

  def defines?(module, {name, arity} = _definition, kind)
      when is_atom(module) and is_atom(name) and is_arity(arity) and kind in [:def, :defp, :defmacro, :defmacrop] do
    ensure_open!({:defines?, 3}, module, @defines_hint)
    :beamsh_module.defines?(module, name, arity, kind)
  end

  def definitions_in(module) when is_atom(module) do
    ensure_open!({:definitions_in, 1}, module, @definitions_hint)
    :beamsh_module.definitions_in(module, nil)
  end

  def definitions_in(module, kind) when is_atom(module) and kind in [:def, :defp, :defmacro, :defmacrop] do
    ensure_open!({:definitions_in, 2}, module, @definitions_hint)
    :beamsh_module.definitions_in(module, kind)
  end

  def get_definition(module, {name, arity}, options \\ [])
      when is_atom(module) and is_atom(name) and is_integer(arity) and is_list(options) do
    ensure_open!({:get_definition, 3}, module, "")
    :beamsh_module.get_definition(module, name, arity, Keyword.get(options, :skip_clauses, false))
  end

  def delete_definition(module, {name, arity}) when is_atom(module) and is_atom(name) and is_integer(arity) do
    ensure_writable!({:delete_definition, 2}, module)
    :beamsh_module.delete_definition(module, name, arity)
  end

  def make_overridable(module, tuples) when is_atom(module) and is_list(tuples) do
    ensure_writable!({:make_overridable, 2}, module)

    for definition <- tuples do
      case definition do
        {name, arity} when is_atom(name) and is_arity(arity) ->
          :beamsh_module.make_overridable(module, [definition])

        other ->
          raise ArgumentError,
                "each element in tuple list has to be a {function_name :: atom, arity :: 0..255} tuple, got: #{inspect(other)}"
      end
    end

    :ok
  end

  def make_overridable(module, behaviour) when is_atom(module) and is_atom(behaviour) do
    reason =
      cond do
        not Code.ensure_loaded?(behaviour) -> "it was not defined"
        not function_exported?(behaviour, :behaviour_info, 1) -> "it does not define any callbacks"
        behaviour not in List.wrap(get_attribute(module, :behaviour)) -> "its corresponding behaviour is missing. Did you forget to add @behaviour #{inspect(behaviour)}?"
        true -> nil
      end

    if reason do
      raise ArgumentError, "cannot pass module #{inspect(behaviour)} as argument to defoverridable/1 because #{reason}"
    end

    callbacks =
      for {name, arity} <- behaviour.behaviour_info(:callbacks) do
        case Atom.to_string(name) do
          "MACRO-" <> macro -> {String.to_atom(macro), arity - 1}
          _ -> {name, arity}
        end
      end

    make_overridable(module, Enum.filter(definitions_in(module), &(&1 in callbacks)))
  end

  def overridable?(module, {name, arity} = _definition) when is_atom(name) and is_arity(arity) do
    :beamsh_module.overridable?(module, name, arity)
  end

  def overridables_in(module) when is_atom(module) do
    ensure_open!({:overridables_in, 1}, module, "")
    :beamsh_module.overridables_in(module)
  end

  def defines_type?(module, {name, arity} = _definition) when is_atom(module) do
    :beamsh_module.defines_type?(module, name, arity)
  end

  def spec_to_callback(module, {name, arity} = _definition) do
    :beamsh_module.spec_to_callback(module, name, arity)
  end

  # ---- attributes ------------------------------------------------------------------------

  def put_attribute(module, key, value) when is_atom(module) and is_atom(key) do
    __put_attribute__(module, key, value, nil, [])
  end

  def get_attribute(module, key, default \\ nil) when is_atom(module) and is_atom(key) do
    case __get_attribute__(module, key, nil, true) do
      nil -> default
      value -> value
    end
  end

  def has_attribute?(module, key) when is_atom(module) and is_atom(key) do
    ensure_open!({:has_attribute?, 2}, module, "")
    :beamsh_module.has_attribute?(module, key)
  end

  def delete_attribute(module, key) when is_atom(module) and is_atom(key) do
    ensure_writable!({:delete_attribute, 2}, module)
    :beamsh_module.delete_attribute(module, key)
  end

  def register_attribute(module, attribute, options) when is_atom(module) and is_atom(attribute) and is_list(options) do
    ensure_writable!({:register_attribute, 3}, module)
    :beamsh_module.register_attribute(module, attribute, options)
  end

  def attributes_in(module) when is_atom(module) do
    ensure_open!({:attributes_in, 1}, module, "")
    :beamsh_module.attributes_in(module)
  end

  @doc false
  def __get_attribute__(module, key, caller_line, _trace?) when is_atom(key) do
    ensure_open!({:get_attribute, 2}, module, @attribute_hint)
    :beamsh_module.__get_attribute__(module, key, caller_line)
  end

  # Kernel.@ sets an attribute through here (line nil for an attribute set by quoted code,
  # which is never warned about as unused); documentation as {line, doc}.
  @doc false
  def __put_attribute__(module, key, value, warn_line, traces) when is_atom(key) do
    ensure_writable!({:put_attribute, 3}, module)
    put_attribute(module, key, value, warn_line, traces, nil, nil)
    :ok
  end

  # The checks Elixir makes of a built-in attribute's value as it is set. Module.put_attribute/7
  # and the private functions below are laid out as Elixir's (each raise at the same distance
  # from its function's first line), so their stack entries show Elixir's lines; the last two
  # arguments stand for Elixir's data tables (the module's build holds the attributes).
  defp put_attribute(module, :on_load, value, warn_line, _traces, _set, _bag) do
    value =
      case value do
        _ when is_atom(value) ->
          {value, 0}

        {atom, 0} = tuple when is_atom(atom) ->
          tuple

        _ ->
          raise ArgumentError,
                "@on_load is a built-in module attribute that annotates a function to be invoked " <>
                  "when the module is loaded. It should be an atom or an {atom, 0} tuple, " <>
                  "got: #{inspect(value)}"
      end

    # (set once: a second @on_load is an error, not a replacement)
    if :beamsh_module.has_attribute?(module, :on_load) do
      # ...
      #
      #
      #
      raise ArgumentError, "the @on_load attribute can only be set once per module"
    end

    store(module, :on_load, value, warn_line)
  end

  # documentation with metadata: the keyword list checked, reserved keys dropped
  defp put_attribute(module, key, {line, metadata}, warn_line, _traces, _set, _bag)
       when key in [:doc, :typedoc, :moduledoc] and is_integer(line) and is_list(metadata) do
    # (warned about at the attribute's own line)
    metadata = preprocess_doc_meta(metadata, module, warn_line || line, [])
    :beamsh_module.__put_attribute__(module, key, metadata, line)
  end

  #
  #
  #
  #
  #
  #
  #
  #
  #
  #
  defp put_attribute(module, key, value, warn_line, _traces, _set, _bag)
       when key in [:doc, :typedoc, :moduledoc, :impl, :deprecated] do
    value = preprocess_attribute(key, value)

    case value do
      {line, doc} when key in [:doc, :typedoc, :moduledoc] ->
        :beamsh_module.__put_attribute__(module, key, doc, line)

      _ ->
        store(module, key, value, warn_line)
    end
  end

  #
  #
  #
  #
  #
  #
  #
  defp put_attribute(module, key, value, warn_line, _traces, _set, _bag) do
    value = preprocess_attribute(key, value)
    store(module, key, value, warn_line)
  end

  defp store(module, key, value, nil), do: :beamsh_module.__put_attribute__(module, key, value, nil, false)
  defp store(module, key, value, warn_line), do: :beamsh_module.__put_attribute__(module, key, value, warn_line)

  # (laid out as Elixir's Module.preprocess_attribute/2: see put_attribute/7)
  defp preprocess_attribute(key, value) when key in [:moduledoc, :typedoc, :doc] do
    case value do
      {line, doc} when is_integer(line) and (is_binary(doc) or is_boolean(doc) or is_nil(doc)) ->
        value

      {line, doc} when is_integer(line) ->
        raise ArgumentError,
              "@#{key} is a built-in module attribute for documentation. It should be either " <>
                "false, nil, a string, or a keyword list, got: #{inspect(doc)}"

      _ ->
        raise ArgumentError,
              "@#{key} is a built-in module attribute for documentation. When set dynamically, " <>
                "it should be {line, doc} (where \"doc\" is either false, nil, a string, or a keyword list), " <>
                "got: #{inspect(value)}"
    end
  end

  defp preprocess_attribute(:behaviour, value) do
    if is_atom(value) do
      Code.ensure_compiled(value)
      value
    else
      raise ArgumentError, "@behaviour expects a module, got: #{inspect(value)}"
    end
  end

  defp preprocess_attribute(:impl, value) do
    if is_boolean(value) or (is_atom(value) and value != nil) do
      value
    else
      raise ArgumentError,
            "@impl is a built-in module attribute that marks the next definition " <>
              "as a callback implementation. It should be a module or a boolean, " <>
              "got: #{inspect(value)}"
    end
  end

  defp preprocess_attribute(key, _value)
       when key in [:type, :typep, :opaque, :spec, :callback, :macrocallback] do
    #
    #
    #
    #
    #
    #
    #
    #
    #
    #
    #
    #
    raise ArgumentError,
          "attributes type, typep, opaque, spec, callback, and macrocallback " <>
            "must be set directly via the @ notation"
  end

  defp preprocess_attribute(:external_resource, value) when not is_binary(value) do
    raise ArgumentError,
          "@external_resource is a built-in module attribute used for specifying file " <>
            "dependencies. It should be a string path to a file, got: #{inspect(value)}"
  end

  defp preprocess_attribute(:deprecated, value) when not is_binary(value) do
    raise ArgumentError,
          "@deprecated is a built-in module attribute that annotates a definition as deprecated. " <>
            "It should be a string with the reason for the deprecation, got: #{inspect(value)}"
  end

  defp preprocess_attribute(:file, value) do
    case value do
      _ when is_binary(value) ->
        value

      {file, line} when is_binary(file) and is_integer(line) ->
        value

      _ ->
        raise ArgumentError,
              "@file is a built-in module attribute that annotates the file and line the next " <>
                "definition comes from. It should be a string or {string, line} tuple as value, " <>
                "got: #{inspect(value)}"
    end
  end

  defp preprocess_attribute(:dialyzer, value) do
    # (each of a list's entries checked as erl_lint checks them)
    :lists.foreach(
      fn attr ->
        unless valid_dialyzer_attribute?(attr) do
          raise ArgumentError, "invalid value for @dialyzer attribute: #{inspect(attr)}"
        end
      end,
      List.wrap(value)
    )

    value
  end

  defp preprocess_attribute(_key, value), do: value

  @dialyzer_options [:no_return, :no_unused, :no_improper_lists, :no_fun_app, :no_match, :no_opaque] ++
                      [:no_fail_call, :no_contracts, :no_behaviours, :no_undefined_callbacks, :unmatched_returns] ++
                      [:error_handling, :race_conditions, :no_missing_calls, :specdiffs, :overspecs] ++
                      [:underspecs, :unknown, :no_underspecs]

  defp valid_dialyzer_attribute?({key, fun_arities}) when is_atom(key) do
    (key == :nowarn_function or valid_dialyzer_attribute?(key)) and
      Enum.all?(List.wrap(fun_arities), &match?({fun, arity} when is_atom(fun) and is_integer(arity), &1))
  end

  defp valid_dialyzer_attribute?(attr), do: attr in @dialyzer_options

  # (laid out as Elixir's Module.preprocess_doc_meta/4: the warning and the check at its lines)
  defp preprocess_doc_meta([], _module, _line, acc), do: :lists.reverse(acc)

  defp preprocess_doc_meta([{key, _} | tail], module, line, acc) when key in [:opaque, :defaults] do
    #
    message = "ignoring reserved documentation metadata key: #{inspect(key)}"
    IO.warn(message, [{module, :__MODULE__, 0, [file: :beamsh_module.file(module), line: line]}])
    preprocess_doc_meta(tail, module, line, acc)
  end

  defp preprocess_doc_meta([{key, value} | tail], module, line, acc) when is_atom(key) do
    validate_doc_meta(key, value)
    preprocess_doc_meta(tail, module, line, [{key, value} | acc])
  end

  # (laid out as Elixir's Module.validate_doc_meta/2)
  defp validate_doc_meta(:since, value) when not is_binary(value) do
    raise ArgumentError,
          ":since is a built-in documentation metadata key. It should be a string representing " <>
            "the version in which the documented entity was added, got: #{inspect(value)}"
  end

  defp validate_doc_meta(:deprecated, value) when not is_binary(value) do
    raise ArgumentError,
          ":deprecated is a built-in documentation metadata key. It should be a string " <>
            "representing the replacement for the deprecated entity, got: #{inspect(value)}"
  end

  defp validate_doc_meta(:delegate_to, value) do
    case value do
      {m, f, a} when is_atom(m) and is_atom(f) and is_integer(a) and a >= 0 ->
        :ok

      _ ->
        raise ArgumentError,
              ":delegate_to is a built-in documentation metadata key. It should be a three-element " <>
                "tuple in the form of {module, function, arity}, got: #{inspect(value)}"
    end
  end

  defp validate_doc_meta(_, _), do: :ok

  @doc false
  @deprecated "Use @doc instead"
  def add_doc(module, line, kind, {name, arity}, signature \\ [], doc) do
    _ = signature
    ensure_open!({:add_doc, 6}, module, "")
    :beamsh_module.add_doc(module, line, kind, name, arity, doc)
  end

  # ---- checks ----------------------------------------------------------------------------

  defp ensure_open!({fun, arity}, module, hint) do
    open?(module) || raise ArgumentError, compiled_message(fun, arity, module, hint)
  end

  defp ensure_writable!({fun, arity}, module) do
    case :beamsh_module.mode(module) do
      :all -> :ok
      :readonly -> raise ArgumentError, "could not call Module.#{fun}/#{arity} because the module #{inspect(module)} is in read-only mode (@after_compile)"
      :closed -> raise ArgumentError, compiled_message(fun, arity, module, "")
    end
  end

  defp compiled_message(fun, arity, module, hint) do
    "could not call Module.#{fun}/#{arity} because the module #{inspect(module)} is already compiled" <>
      if(hint == "", do: "", else: ". " <> hint)
  end
end

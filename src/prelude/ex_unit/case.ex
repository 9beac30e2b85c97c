# ExUnit.Case: `use ExUnit.Case` makes a module a test case. test/1,2,3 define the tests
# (functions named "test NAME", or "test DESCRIBE NAME" inside describe/2), each registered
# with its tags (@tag, @describetag, @moduletag and ExUnit's own: line, file, async...);
# when the module is compiled it registers with ExUnit.Server, async or sync.
defmodule ExUnit.DuplicateTestError do
  defexception [:message]
end

defmodule ExUnit.DuplicateDescribeError do
  defexception [:message]
end

defmodule ExUnit.Case do
  @moduledoc false

  @reserved [:module, :file, :line, :test, :async, :registered, :describe]

  defmacro __using__(opts) do
    quote do
      unless ExUnit.Case.__register__(__MODULE__, unquote(opts)) do
        use ExUnit.Callbacks
      end

      import ExUnit.Callbacks
      import ExUnit.Assertions
      import ExUnit.Case, only: [describe: 2, test: 1, test: 2, test: 3]
      import ExUnit.DocTest
    end
  end

  @doc false
  def __register__(module, opts) do
    unless Keyword.keyword?(opts) do
      raise ArgumentError,
            ~s(the argument passed to "use ExUnit.Case" must be a list of options, ) <>
              ~s(got: #{inspect(opts)})
    end

    registered? = Module.has_attribute?(module, :ex_unit_tests)

    unless registered? do
      if Enum.any?([:moduletag, :describetag, :tag], &Module.has_attribute?(module, &1)) do
        raise "you must set @tag, @describetag, and @moduletag after the call to \"use ExUnit.Case\""
      end

      for attribute <- [
            :ex_unit_tests,
            :tag,
            :describetag,
            :moduletag,
            :ex_unit_registered_test_attributes,
            :ex_unit_registered_describe_attributes,
            :ex_unit_registered_module_attributes
          ] do
        Module.register_attribute(module, attribute, accumulate: true)
      end

      Module.put_attribute(module, :before_compile, ExUnit.Case)
      Module.put_attribute(module, :after_compile, ExUnit.Case)
      Module.put_attribute(module, :ex_unit_async, false)
    end

    async? = opts[:async]
    if is_boolean(async?), do: Module.put_attribute(module, :ex_unit_async, async?)
    registered?
  end

  defmacro test(message, var \\ quote(do: _), contents) do
    unless is_tuple(var) do
      IO.warn(
        "test context is always a map. The pattern " <>
          "#{inspect(Macro.to_string(var))} will never match",
        Macro.Env.stacktrace(__CALLER__)
      )
    end

    contents =
      case contents do
        [do: block] ->
          quote do
            unquote(block)
            :ok
          end

        _ ->
          quote do
            try(unquote(contents))
            :ok
          end
      end

    var = Macro.escape(var)
    contents = Macro.escape(contents, unquote: true)
    %{module: mod, file: file, line: line} = __CALLER__

    quote bind_quoted: [var: var, contents: contents, message: message, mod: mod, file: file, line: line] do
      name = ExUnit.Case.register_test(mod, file, line, :test, message, [])
      def unquote(name)(unquote(var)), do: unquote(contents)
    end
  end

  defmacro test(message) do
    %{module: mod, file: file, line: line} = __CALLER__

    quote bind_quoted: [mod: mod, file: file, line: line, message: message] do
      name = ExUnit.Case.register_test(mod, file, line, :test, message, [:not_implemented])
      def unquote(name)(_), do: flunk("Not implemented")
    end
  end

  defmacro describe(message, do: block) do
    quote do
      ExUnit.Callbacks.__describe_start__(__MODULE__, __ENV__.line, unquote(message))
      unquote(block)
      ExUnit.Callbacks.__describe_end__(__MODULE__)
    end
  end

  @doc false
  defmacro __before_compile__(_) do
    quote do
      def __ex_unit__ do
        %ExUnit.TestModule{file: __ENV__.file, name: __MODULE__, tests: @ex_unit_tests}
      end
    end
  end

  @doc false
  def __after_compile__(%{module: module}, _) do
    cond do
      Process.whereis(ExUnit.Server) == nil ->
        raise "cannot use ExUnit.Case without starting the ExUnit application, " <>
                "please call ExUnit.start() or explicitly start the :ex_unit app"

      Module.get_attribute(module, :ex_unit_async) ->
        ExUnit.Server.add_async_module(module)

      true ->
        ExUnit.Server.add_sync_module(module)
    end
  end

  def register_test(%{module: mod, file: file, line: line}, test_type, name, tags),
    do: register_test(mod, file, line, test_type, name, tags)

  def register_test(mod, file, line, test_type, name, tags) do
    unless Module.has_attribute?(mod, :ex_unit_tests) do
      raise "cannot define #{test_type}. Please make sure you have invoked " <>
              "\"use ExUnit.Case\" in the current module"
    end

    registered =
      for key <- [
            :ex_unit_registered_module_attributes,
            :ex_unit_registered_describe_attributes,
            :ex_unit_registered_test_attributes
          ],
          attribute <- Module.get_attribute(mod, key),
          into: %{} do
        {attribute, Module.get_attribute(mod, attribute)}
      end

    moduletag = Module.get_attribute(mod, :moduletag)
    tag = Module.delete_attribute(mod, :tag) || []
    async = Module.get_attribute(mod, :ex_unit_async)

    {name, describe, describe_line, describetag} =
      case Module.get_attribute(mod, :ex_unit_describe) do
        {line, describe, _counter} ->
          {validate_test_name("#{test_type} #{describe} #{name}"), describe, line,
           Module.get_attribute(mod, :describetag)}

        nil ->
          {validate_test_name("#{test_type} #{name}"), nil, nil, []}
      end

    if Module.defines?(mod, {name, 1}) do
      raise ExUnit.DuplicateTestError, ~s("#{name}" is already defined in #{inspect(mod)})
    end

    tags =
      (tags ++ tag ++ describetag ++ moduletag)
      |> normalize_tags()
      |> validate_tags()
      |> Map.merge(%{
        line: line,
        file: file,
        registered: registered,
        async: async,
        describe: describe,
        describe_line: describe_line,
        test_type: test_type
      })

    test = %ExUnit.Test{name: name, case: mod, tags: tags, module: mod}
    Module.put_attribute(mod, :ex_unit_tests, test)

    for attribute <- Module.get_attribute(mod, :ex_unit_registered_test_attributes) do
      Module.delete_attribute(mod, attribute)
    end

    name
  end

  def register_attribute(env, name, opts \\ [])
  def register_attribute(%{module: mod}, name, opts), do: register_attribute(mod, name, opts)

  def register_attribute(mod, name, opts) when is_atom(mod) and is_atom(name) and is_list(opts),
    do: register_attribute(:ex_unit_registered_test_attributes, mod, name, opts)

  def register_describe_attribute(env, name, opts \\ [])

  def register_describe_attribute(%{module: mod}, name, opts),
    do: register_describe_attribute(mod, name, opts)

  def register_describe_attribute(mod, name, opts) when is_atom(mod) and is_atom(name) and is_list(opts),
    do: register_attribute(:ex_unit_registered_describe_attributes, mod, name, opts)

  def register_module_attribute(env, name, opts \\ [])

  def register_module_attribute(%{module: mod}, name, opts),
    do: register_module_attribute(mod, name, opts)

  def register_module_attribute(mod, name, opts) when is_atom(mod) and is_atom(name) and is_list(opts),
    do: register_attribute(:ex_unit_registered_module_attributes, mod, name, opts)

  defp register_attribute(type, mod, name, opts) do
    for key <- [
          :ex_unit_registered_module_attributes,
          :ex_unit_registered_describe_attributes,
          :ex_unit_registered_test_attributes
        ],
        type != key and name in Module.get_attribute(mod, key) do
      raise ArgumentError, "cannot register attribute #{inspect(name)} multiple times"
    end

    if Module.has_attribute?(mod, name) do
      raise "you must set @#{name} after it has been registered"
    end

    Module.register_attribute(mod, name, opts)
    Module.put_attribute(mod, type, name)
  end

  defp validate_tags(tags) do
    for tag <- @reserved, Map.has_key?(tags, tag) do
      raise "cannot set tag #{inspect(tag)} because it is reserved by ExUnit"
    end

    unless is_atom(tags[:test_type]) do
      raise "value for tag \":test_type\" must be an atom"
    end

    tags
  end

  defp validate_test_name(name) do
    if String.length(name) > 255 do
      raise SystemLimitError,
            "the computed name of a test (which includes its type, the name of its parent describe " <>
              "block if present, and the test name itself) must be shorter than 255 characters, " <>
              "got: #{inspect(name)}\n"
    end

    String.to_atom(name)
  end

  defp normalize_tags(tags) do
    Enum.reduce(Enum.reverse(tags), %{}, fn
      tag, acc when is_atom(tag) -> Map.put(acc, tag, true)
      tag, acc when is_list(tag) -> Enum.into(tag, acc)
    end)
  end
end

# setup/setup_all (blocks, or names of functions taking the context), on_exit/2 and the
# test supervisor. The setups of a module are compiled into __ex_unit__(:setup, context)
# and __ex_unit__(:setup_all, context); those given inside a describe/2 run after the
# module's, for that describe's tests only.
defmodule ExUnit.Callbacks do
  @moduledoc false

  defmacro __using__(_) do
    quote do
      @ex_unit_describe nil
      @ex_unit_setup []
      @ex_unit_setup_all []
      @ex_unit_used_describes %{}
      @ex_unit_describe_setups %{}

      @before_compile unquote(__MODULE__)
      import unquote(__MODULE__)
    end
  end

  @doc false
  defmacro __before_compile__(env) do
    module_setup = compile_setup(Module.get_attribute(env.module, :ex_unit_setup))
    setup_all = compile_setup(Module.get_attribute(env.module, :ex_unit_setup_all))
    describes = Module.get_attribute(env.module, :ex_unit_describe_setups)
    _ = Module.get_attribute(env.module, :ex_unit_used_describes)

    setup =
      if describes == %{} do
        module_setup
      else
        clauses =
          Enum.flat_map(describes, fn {describe, callbacks} ->
            quote do
              unquote(describe) -> unquote(compile_setup(callbacks))
            end
          end) ++ quote(do: (_ -> var!(context)))

        quote do
          var!(context) = unquote(module_setup)
          case Map.get(var!(context), :describe, nil), do: unquote(clauses)
        end
      end

    quote do
      def __ex_unit__(:setup, var!(context)), do: unquote(setup)
      def __ex_unit__(:setup_all, var!(context)), do: unquote(setup_all)
    end
  end

  defp compile_setup([]), do: quote(do: var!(context))

  defp compile_setup(callbacks) do
    [h | t] = Enum.reverse(callbacks)

    Enum.reduce(t, setup_call(h), fn callback, acc ->
      quote do
        var!(context) = unquote(acc)
        unquote(setup_call(callback))
      end
    end)
  end

  defp setup_call(callback) do
    quote do
      ExUnit.Callbacks.__merge__(__MODULE__, var!(context), unquote(callback)(var!(context)))
    end
  end

  defmacro setup(block) do
    if Keyword.keyword?(block) do
      do_setup(quote(do: _), block)
    else
      quote do
        ExUnit.Callbacks.__setup__(__MODULE__, unquote(block))
      end
    end
  end

  defmacro setup(context, block), do: do_setup(context, block)

  defp do_setup(context, block) do
    quote bind_quoted: [context: escape(context), block: escape(block)] do
      name = ExUnit.Callbacks.__setup__(__MODULE__)
      defp unquote(name)(unquote(context)), unquote(block)
    end
  end

  @doc false
  def __setup__(module, callbacks) do
    setup = Module.get_attribute(module, :ex_unit_setup)
    Module.put_attribute(module, :ex_unit_setup, Enum.reverse(callbacks(callbacks), setup))
  end

  @doc false
  def __setup__(module) do
    setup = Module.get_attribute(module, :ex_unit_setup)

    name =
      case Module.get_attribute(module, :ex_unit_describe) do
        {_line, _message, counter} -> :"__ex_unit_setup_#{counter}_#{length(setup)}"
        nil -> :"__ex_unit_setup_#{length(setup)}"
      end

    Module.put_attribute(module, :ex_unit_setup, [name | setup])
    name
  end

  defmacro setup_all(block) do
    if Keyword.keyword?(block) do
      do_setup_all(quote(do: _), block)
    else
      quote do
        ExUnit.Callbacks.__setup_all__(__MODULE__, unquote(block))
      end
    end
  end

  defmacro setup_all(context, block), do: do_setup_all(context, block)

  defp do_setup_all(context, block) do
    quote bind_quoted: [context: escape(context), block: escape(block)] do
      name = ExUnit.Callbacks.__setup_all__(__MODULE__)
      defp unquote(name)(unquote(context)), unquote(block)
    end
  end

  @doc false
  def __setup_all__(module, callbacks) do
    no_describe!(module)
    setup_all = Module.get_attribute(module, :ex_unit_setup_all)
    Module.put_attribute(module, :ex_unit_setup_all, Enum.reverse(callbacks(callbacks), setup_all))
  end

  @doc false
  def __setup_all__(module) do
    no_describe!(module)
    setup_all = Module.get_attribute(module, :ex_unit_setup_all)
    name = :"__ex_unit_setup_all_#{length(setup_all)}"
    Module.put_attribute(module, :ex_unit_setup_all, [name | setup_all])
    name
  end

  defp no_describe!(module) do
    if Module.get_attribute(module, :ex_unit_describe) do
      raise "cannot invoke setup_all/1-2 inside describe as setup_all " <>
              "always applies to all tests in a module"
    end
  end

  defp callbacks(callbacks) do
    for k <- List.wrap(callbacks) do
      unless is_atom(k) do
        raise ArgumentError,
              "setup/setup_all expect a callback name as an atom or " <>
                "a list of callback names, got: #{inspect(k)}"
      end

      k
    end
  end

  def on_exit(name_or_ref \\ make_ref(), callback) when is_function(callback, 0) do
    case ExUnit.OnExitHandler.add(self(), name_or_ref, callback) do
      :ok -> :ok
      :error -> raise ArgumentError, "on_exit/2 callback can only be invoked from the test process"
    end
  end

  def start_supervised(child_spec_or_module, opts \\ []) do
    sup =
      case ExUnit.fetch_test_supervisor() do
        {:ok, sup} -> sup
        :error -> raise ArgumentError, "start_supervised/2 can only be invoked from the test process"
      end

    child_spec = Supervisor.child_spec(child_spec_or_module, opts)

    case Supervisor.start_child(sup, child_spec) do
      {:error, {:already_started, _pid}} -> {:error, {:duplicate_child_name, child_spec.id}}
      other -> other
    end
  end

  def start_supervised!(child_spec_or_module, opts \\ []) do
    case start_supervised(child_spec_or_module, opts) do
      {:ok, pid} ->
        pid

      {:ok, pid, _info} ->
        pid

      {:error, reason} ->
        raise "failed to start child with the spec #{inspect(child_spec_or_module)}.\n" <>
                "Reason: #{start_supervised_error(reason)}"
    end
  end

  defp start_supervised_error({{:EXIT, reason}, info}) when is_tuple(info), do: Exception.format_exit(reason)
  defp start_supervised_error({reason, info}) when is_tuple(info), do: Exception.format_exit(reason)
  defp start_supervised_error(reason), do: Exception.format_exit({:start_spec, reason})

  def start_link_supervised!(child_spec_or_module, opts \\ []) do
    pid = start_supervised!(child_spec_or_module, opts)
    Process.link(pid)
    pid
  end

  def stop_supervised(id) do
    case ExUnit.OnExitHandler.get_supervisor(self()) do
      {:ok, nil} ->
        {:error, :not_found}

      {:ok, sup} ->
        children = Supervisor.which_children(sup)

        with {_id, pid, _type, _modules} when is_pid(pid) <- List.keyfind(children, id, 0) do
          Process.unlink(pid)
        end

        with :ok <- Supervisor.terminate_child(sup, id) do
          _ = Supervisor.delete_child(sup, id)
          :ok
        end

      :error ->
        raise ArgumentError, "stop_supervised/1 can only be invoked from the test process"
    end
  end

  def stop_supervised!(id) do
    case stop_supervised(id) do
      :ok -> :ok
      {:error, :not_found} -> raise "could not stop child ID #{inspect(id)} because it was not found"
    end
  end

  @reserved [:case, :file, :line, :test, :async, :registered, :describe]

  @doc false
  def __merge__(_mod, context, :ok), do: context
  def __merge__(mod, context, {:ok, value}), do: unwrapped_merge(mod, context, value, {:ok, value})
  def __merge__(mod, context, value), do: unwrapped_merge(mod, context, value, value)

  defp unwrapped_merge(mod, _context, %_{}, original), do: raise_merge_failed!(mod, original)

  defp unwrapped_merge(mod, context, data, _original) when is_list(data),
    do: context_merge(mod, context, Map.new(data))

  defp unwrapped_merge(mod, context, data, _original) when is_map(data),
    do: context_merge(mod, context, data)

  defp unwrapped_merge(mod, _, _value, original), do: raise_merge_failed!(mod, original)

  defp context_merge(mod, context, data) do
    Map.merge(context, data, fn
      k, v1, v2 when k in @reserved ->
        if v1 == v2, do: v1, else: raise_merge_reserved!(mod, k, v2)

      _, _, v ->
        v
    end)
  end

  defp raise_merge_failed!(mod, value) do
    raise "expected ExUnit callback in #{inspect(mod)} to return :ok | keyword | map, " <>
            "got #{inspect(value)} instead"
  end

  defp raise_merge_reserved!(mod, key, value) do
    raise "ExUnit callback in #{inspect(mod)} is trying to set " <>
            "reserved field #{inspect(key)} to #{inspect(value)}"
  end

  defp escape(contents), do: Macro.escape(contents, unquote: true)

  @doc false
  def __describe_start__(module, line, message) do
    if Module.get_attribute(module, :ex_unit_describe) do
      raise "cannot call \"describe\" inside another \"describe\". See the documentation " <>
              "for ExUnit.Case.describe/2 on named setups and how to handle hierarchies"
    end

    used = Module.get_attribute(module, :ex_unit_used_describes)

    cond do
      not is_binary(message) ->
        raise ArgumentError, "describe name must be a string, got: #{inspect(message)}"

      is_map_key(used, message) ->
        raise ExUnit.DuplicateDescribeError,
              "describe #{inspect(message)} is already defined in #{inspect(module)}"

      true ->
        :ok
    end

    if Module.get_attribute(module, :describetag) != [] do
      raise "@describetag must be set inside describe/2 blocks"
    end

    Module.put_attribute(module, :ex_unit_saved_setup, Module.get_attribute(module, :ex_unit_setup))
    Module.put_attribute(module, :ex_unit_setup, [])
    Module.put_attribute(module, :ex_unit_describe, {line, message, map_size(used)})
    Module.put_attribute(module, :ex_unit_used_describes, Map.put(used, message, true))
    :ok
  end

  @doc false
  def __describe_end__(module) do
    {_line, message, _counter} = Module.get_attribute(module, :ex_unit_describe)

    case Module.get_attribute(module, :ex_unit_setup) do
      [] ->
        :ok

      callbacks ->
        setups = Module.get_attribute(module, :ex_unit_describe_setups)
        Module.put_attribute(module, :ex_unit_describe_setups, Map.put(setups, message, callbacks))
    end

    Module.put_attribute(module, :ex_unit_describe, nil)
    Module.put_attribute(module, :ex_unit_setup, Module.get_attribute(module, :ex_unit_saved_setup))
    Module.delete_attribute(module, :describetag)

    for attribute <- Module.get_attribute(module, :ex_unit_registered_describe_attributes) do
      Module.delete_attribute(module, attribute)
    end

    :ok
  end
end

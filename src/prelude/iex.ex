# IEx's public functions (configuration, colours, width, inspect options, after_spawn) over
# IEx.Config, an Agent holding nothing but an ETS table, the settings themselves being the :iex
# application's environment, as in iex. The shell starts IEx.Supervisor with it (IEx.App.start/0)
# and reads the settings for its prompts, results, colours and history (shell/iex-config.ts).
# Pry sessions: IEx.pry/0 and dbg (IEx.Pry.dbg/3 is Kernel.dbg/2's backend in the shell) in
# the shell's evaluator process hand it to the shell (:beamsh_pry.take_over/3, a nested
# evaluator loop: shell/evaluator.ts); any other process gets iex's answer where no shell can
# take it over. IEx.Pry can set no breakpoint, for want of a .beam file with debug info.
defmodule IEx do
  @moduledoc false

  def configure(options) do
    IEx.Config.configure(options)
  end

  def configuration do
    IEx.Config.configuration()
  end

  # What a helper returns to have the shell print no result (as shell/server.ts DONT_DISPLAY).
  def dont_display_result, do: :"do not show this result in output"

  def after_spawn(fun) when is_function(fun) do
    IEx.Config.after_spawn(fun)
  end

  def after_spawn do
    IEx.Config.after_spawn()
  end

  def started? do
    IEx.Config.started?()
  end

  def color(color, string) do
    case IEx.Config.color(color) do
      nil -> string
      ansi -> [ansi | string] |> IO.ANSI.format(true) |> IO.iodata_to_binary()
    end
  end

  def width do
    IEx.Config.width()
  end

  def inspect_opts do
    IEx.Config.inspect_opts()
  end

  defmacro pry() do
    quote do
      IEx.Pry.pry(binding(), __ENV__)
    end
  end

  defmacro break!(ast, stops \\ 1) do
    quote do
      IEx.__break__!(unquote(Macro.escape(ast)), unquote(Macro.escape(stops)), __ENV__)
    end
  end

  def break!(module, function, arity, stops \\ 1) when is_integer(arity) do
    IEx.Pry.break!(module, function, arity, stops)
  end

  @doc false
  def __break__!({:/, _, [call, arity]} = ast, stops, env) when arity in 0..255 do
    with {module, fun, []} <- Macro.decompose_call(call),
         module when is_atom(module) <- Macro.expand(module, env) do
      IEx.Pry.break!(module, fun, arity, stops)
    else
      _ -> raise_unknown_break_ast!(ast)
    end
  end

  def __break__!({{:., _, [module, fun]}, _, args} = ast, stops, env) do
    __break__!(ast, module, fun, args, true, stops, env)
  end

  def __break__!({:when, _, [{{:., _, [module, fun]}, _, args}, guards]} = ast, stops, env) do
    __break__!(ast, module, fun, args, guards, stops, env)
  end

  def __break__!(ast, _stops, _env) do
    raise_unknown_break_ast!(ast)
  end

  defp __break__!(ast, module, fun, args, guards, stops, env) do
    module = Macro.expand(module, env)

    unless is_atom(module) do
      raise_unknown_break_ast!(ast)
    end

    IEx.Pry.break!(module, fun, args, guards, env, stops)
  end

  defp raise_unknown_break_ast!(ast) do
    raise ArgumentError, """
    unknown expression to break on, expected one of:

      * Mod.fun/arity, such as: URI.parse/1
      * Mod.fun(arg1, arg2, ...), such as: URI.parse(_)
      * Mod.fun(arg1, arg2, ...) when guard, such as: URI.parse(var) when is_binary(var)

    Got #{Macro.to_string(ast)}
    """
  end
end

defmodule IEx.Config do
  @moduledoc false
  use Agent

  @table __MODULE__
  @agent __MODULE__
  @keys [
    :colors,
    :inspect,
    :history_size,
    :default_prompt,
    :continuation_prompt,
    :alive_prompt,
    :alive_continuation_prompt,
    :width,
    :parser
  ]

  def configuration() do
    Application.get_all_env(:iex) |> Keyword.take(@keys)
  end

  def width() do
    columns = columns()
    value = Application.get_env(:iex, :width) || 80
    min(value, columns)
  end

  defp columns() do
    case :io.columns() do
      {:ok, width} -> width
      {:error, _} -> 80
    end
  end

  def started?() do
    IEx.App.ensure_started()
    Process.whereis(@agent) != nil
  end

  def history_size(), do: Application.fetch_env!(:iex, :history_size)
  def default_prompt(), do: Application.fetch_env!(:iex, :default_prompt)
  def continuation_prompt(), do: Application.get_env(:iex, :continuation_prompt, default_prompt())
  def alive_prompt(), do: Application.fetch_env!(:iex, :alive_prompt)

  def alive_continuation_prompt(),
    do: Application.get_env(:iex, :alive_continuation_prompt, alive_prompt())

  def color(color) do
    color(color, Application.get_env(:iex, :colors, []))
  end

  defp color(color, colors) do
    if colors_enabled?(colors) do
      case Keyword.fetch(colors, color) do
        {:ok, value} -> value
        :error -> default_color(color)
      end
    else
      nil
    end
  end

  defp colors_enabled?(colors) do
    case Keyword.fetch(colors, :enabled) do
      {:ok, enabled} -> enabled
      :error -> IO.ANSI.enabled?()
    end
  end

  defp default_color(:eval_interrupt), do: [:yellow]
  defp default_color(:eval_result), do: [:yellow]
  defp default_color(:eval_error), do: [:red]
  defp default_color(:eval_info), do: [:normal]
  defp default_color(:stack_info), do: [:red]
  defp default_color(:blame_diff), do: [:red]
  defp default_color(:ls_directory), do: [:blue]
  defp default_color(:ls_device), do: [:green]
  defp default_color(:syntax_colors), do: IO.ANSI.syntax_colors()
  # (the documentation's colours)
  defp default_color(doc_color), do: Keyword.fetch!(IO.ANSI.Docs.default_options(), doc_color)

  def ansi_docs() do
    colors = Application.get_env(:iex, :colors, [])
    enabled = colors_enabled?(colors)
    [width: width(), enabled: enabled] ++ colors
  end

  def inspect_opts() do
    Application.get_env(:iex, :inspect, [])
    |> Keyword.put_new_lazy(:width, &width/0)
    |> update_syntax_colors()
  end

  defp update_syntax_colors(opts) do
    colors = Application.get_env(:iex, :colors, [])

    if syntax_colors = color(:syntax_colors, colors) do
      reset = [:reset | List.wrap(color(:eval_result, colors))]
      syntax_colors = [reset: reset] ++ syntax_colors
      Keyword.update(opts, :syntax_colors, syntax_colors, &Keyword.merge(syntax_colors, &1))
    else
      opts
    end
  end

  def start_link(_) do
    Agent.start_link(__MODULE__, :handle_init, [], name: @agent)
  end

  def after_spawn(fun) do
    IEx.App.ensure_started()
    Agent.update(@agent, __MODULE__, :handle_after_spawn, [fun])
  end

  def after_spawn() do
    IEx.App.ensure_started()
    :ets.lookup_element(@table, :after_spawn, 2)
  end

  def configure(options) do
    IEx.App.ensure_started()
    Agent.update(@agent, __MODULE__, :handle_configure, [options])
  end

  def handle_init do
    :ets.new(@table, [:named_table, :public])
    true = :ets.insert_new(@table, after_spawn: [])
    @table
  end

  def handle_after_spawn(tab, fun) do
    :ets.update_element(tab, :after_spawn, {2, [fun | after_spawn()]})
  end

  def handle_configure(tab, options) do
    Enum.each(options, &validate_option/1)

    configuration()
    |> Keyword.merge(options, &merge_option/3)
    |> update_configuration()

    tab
  end

  defp update_configuration(config) do
    Enum.each(config, fn {key, value} when key in @keys ->
      Application.put_env(:iex, key, value)
    end)
  end

  defp merge_option(:colors, old, new) when is_list(new), do: Keyword.merge(old, new)
  defp merge_option(:inspect, old, new) when is_list(new), do: Keyword.merge(old, new)
  defp merge_option(_key, _old, new), do: new

  defp validate_option({:colors, new}) when is_list(new), do: :ok
  defp validate_option({:inspect, new}) when is_list(new), do: :ok
  defp validate_option({:history_size, new}) when is_integer(new), do: :ok
  defp validate_option({:default_prompt, new}) when is_binary(new), do: :ok
  defp validate_option({:continuation_prompt, new}) when is_binary(new), do: :ok
  defp validate_option({:alive_prompt, new}) when is_binary(new), do: :ok
  defp validate_option({:alive_continuation_prompt, new}) when is_binary(new), do: :ok
  defp validate_option({:width, new}) when is_integer(new), do: :ok
  defp validate_option({:parser, tuple}) when tuple_size(tuple) == 3, do: :ok

  defp validate_option(option) do
    raise ArgumentError, "invalid configuration #{inspect(option)}"
  end
end

defmodule IEx.App do
  @moduledoc false


  # What the :iex application does as the shell starts: its supervisor (IEx.Config and
  # IEx.Pry under IEx.Supervisor) under a process that stays as its application master.
  # beamsh starts it when the shell first needs it (the shell's environment, prompts
  # included, is there from the start: shell/iex-config.ts), so that seeded runs that never
  # use IEx schedule exactly as before. Not started outside a shell.
  def ensure_started do
    if Process.whereis(IEx.Supervisor) == nil and Application.get_env(:iex, :default_prompt) != nil do
      parent = self()
      ref = make_ref()
      spawn(fn -> start(parent, ref) end)

      receive do
        ^ref -> :ok
      end
    end

    :ok
  end

  defp start(parent, ref) do
    {:ok, _} = Supervisor.start_link([IEx.Config, IEx.Pry], strategy: :one_for_one, name: IEx.Supervisor)
    send(parent, ref)
    Process.sleep(:infinity)
  end
end

defmodule IEx.Pry do
  @moduledoc false
  @behaviour GenServer

  @table __MODULE__
  @server __MODULE__
  @timeout :infinity
  @initial_counter 1

  # The shell's evaluator process prying (dbg or IEx.pry/0 in an input): the shell takes it
  # over (:beamsh_pry.take_over/3 enters a nested evaluator loop) and this returns
  # {:ok, next?} once continue/0, next/0 or respawn/0 ends the session. Any other process
  # (or no shell at all) gets iex's answer for a node without a shell.
  def pry(binding, %{__struct__: Macro.Env} = env) do
    %{file: file, line: line, module: module, function: function_arity} = env

    location =
      case function_arity do
        {function, arity} ->
          "#{Exception.format_mfa(module, function, arity)} (#{Path.relative_to_cwd(file)}:#{line})"

        _ ->
          "#{Path.relative_to_cwd(file)}:#{line}"
      end

    snippet =
      case whereami(file, line, 3) do
        {:ok, lines} -> IO.iodata_to_binary([?\n, ?\n, lines])
        :error -> ""
      end

    taken =
      if :erlang.function_exported(:beamsh_pry, :take_over, 3) do
        # (a native of the shell: absent in scripts)
        apply(:beamsh_pry, :take_over, [binding, env, location <> snippet])
      else
        :no_iex
      end

    case taken do
      {:ok, _next?} = done ->
        done

      :no_iex ->
        IO.puts(:stdio, "Cannot pry #{inspect(self())} at #{location}. Is an IEx shell running?")
        {:error, :no_iex}
    end
  end

  def pry(binding, opts) when is_list(opts) do
    {env, _binding} = Code.eval_quoted(quote(do: __ENV__), [], opts)
    pry(binding, env)
  end

  @doc false
  def pry_with_next(next?, binding, opts_or_env) when is_boolean(next?) do
    next? and pry(binding, opts_or_env) == {:ok, true}
  end

  # The lines of `file` around `line` (`radius` either side), numbered, that line in bold.
  def whereami(file, line, radius)
      when is_binary(file) and is_integer(line) and is_integer(radius) and radius > 0 do
    if File.regular?(file) do
      first = max(line - radius, 1)

      lines =
        file
        |> File.read!()
        |> String.split(~r/(?<=\n)/)
        |> Enum.with_index(1)
        |> Enum.filter(fn {_text, n} -> n >= first and n <= line + radius end)
        |> Enum.reject(fn {text, _n} -> text == "" end)
        |> Enum.map(fn {text, n} ->
          number = String.pad_leading(Integer.to_string(n), 5)

          if n == line,
            do: IO.ANSI.format_fragment([:bright, number, ": ", text, :normal]),
            else: [number, ": ", text]
        end)

      if lines == [], do: :error, else: {:ok, lines}
    else
      :error
    end
  end

  # Kernel.dbg/2's backend in the shell (the :elixir application's :dbg_callback while iex
  # runs): pry first, then print the code and its value without the location header. A
  # pipeline stops before each group of steps written on one line, as long as `next` is
  # answered; each group prints as it is run.
  @doc false
  def dbg({:|>, _meta, _args} = ast, options, %{__struct__: Macro.Env} = env) when is_list(options) do
    groups = ast |> Macro.unpipe() |> Enum.chunk_by(fn step -> step_line(step, env.line) end)
    [first | rest] = groups

    start =
      quote do
        env = __ENV__
        options = IEx.Pry.__dbg_options__(unquote(options))
        env = unquote(group_env(first, env))
        next? = IEx.Pry.pry_with_next(true, binding(), env)
        value = unquote(group_code(first))
        IEx.Pry.__dbg_pipe_step__(value, unquote(group_texts(first)), false, options)
      end

    Enum.reduce(rest, start, fn group, acc ->
      quote do
        unquote(acc)
        env = unquote(group_env(group, env))
        next? = IEx.Pry.pry_with_next(next?, binding(), env)
        value = unquote(group_code([{quote(do: value), 0} | group]))
        IEx.Pry.__dbg_pipe_step__(value, unquote(group_texts(group)), true, options)
      end
    end)
  end

  def dbg(ast, options, %{__struct__: Macro.Env} = env) when is_list(options) do
    options = quote(do: Keyword.put(unquote(options), :print_location, false))

    quote do
      IEx.Pry.pry(binding(), __ENV__)
      unquote(Macro.dbg(ast, options, env))
    end
  end

  @doc false
  def __dbg_options__(options) do
    if IO.ANSI.enabled?(),
      do: Keyword.put_new(options, :syntax_colors, IO.ANSI.syntax_colors()),
      else: options
  end

  # Prints one group of a pipeline's steps and the value it gave (IO.write's :ok is what the
  # last group leaves as the pipeline's value, as in iex 1.14).
  @doc false
  def __dbg_pipe_step__(value, texts, piped?, options) do
    code = Enum.intersperse(texts, [:faint, " |> ", :reset])
    code = if piped?, do: [:faint, "|> ", :reset | code], else: code
    IO.write(IO.ANSI.format([code, :faint, " #=> ", :reset, inspect(value, options), "\n\n"]))
  end

  defp step_line({{_name, meta, _args}, _index}, default) when is_list(meta), do: meta[:line] || default
  defp step_line(_step, default), do: default

  defp group_env(group, env) do
    line =
      Enum.find_value(group, fn
        {{_name, meta, _args}, _index} when is_list(meta) -> meta[:line]
        _ -> nil
      end)

    _ = env
    if line, do: quote(do: %{env | line: unquote(line)}), else: quote(do: env)
  end

  defp group_code([{first, _} | steps]) do
    Enum.reduce(steps, first, fn {step, index}, acc -> Macro.pipe(acc, step, index) end)
  end

  defp group_texts(group), do: Enum.map(group, fn {step, _index} -> Macro.to_string(step) end)

  # Breakpoints: a row {id, module, {function, arity}, condition, pending stops} in the
  # IEx.Pry table per breakpoint; the module is instrumented in memory
  # (:beamsh_pry_breaks.instrument/2, stdlib/iex-pry.ts): each function with a breakpoint
  # asks __break__/5 first, which takes a stop when the arguments meet the condition.
  def break(module, function, arity, breaks \\ 1)
      when is_atom(module) and is_atom(function) and arity in 0..255 and
             is_integer(breaks) and breaks >= 0 do
    break_call(module, function, arity, quote(do: _), breaks)
  end

  def break(module, function, args, guard, env, breaks \\ 1)
      when is_atom(module) and is_atom(function) and is_list(args) and is_integer(breaks) and
             breaks >= 0 do
    break_call(module, function, length(args), condition(args, guard, env), breaks)
  end

  defp break_call(module, function, arity, condition, breaks) do
    IEx.App.ensure_started()
    GenServer.call(@server, {:break, module, {function, arity}, condition, breaks}, @timeout)
  end

  def break!(module, function, arity, breaks \\ 1) do
    break_call!(module, function, arity, quote(do: _), breaks)
  end

  def break!(module, function, args, guard, env, breaks \\ 1)
      when is_atom(module) and is_atom(function) and is_list(args) and is_integer(breaks) and
             breaks >= 0 do
    break_call!(module, function, length(args), condition(args, guard, env), breaks)
  end

  defp break_call!(module, function, arity, condition, breaks) do
    case break_call(module, function, arity, condition, breaks) do
      {:ok, id} ->
        id

      {:error, kind} ->
        message =
          case kind do
            :missing_debug_info -> "module #{inspect(module)} was not compiled with debug_info"
            :no_beam_file -> "could not find .beam file for #{inspect(module)}"
            :non_elixir_module -> "module #{inspect(module)} was not written in Elixir"
            :outdated_debug_info -> "module #{inspect(module)} was not compiled with the latest debug_info"
            :recompilation_failed -> "the module could not be compiled with breakpoints (likely an internal error)"
            :unknown_function_arity -> "unknown function/macro #{Exception.format_mfa(module, function, arity)}"
          end

        raise "could not set breakpoint, " <> message
    end
  end

  # The arguments' patterns and guard, compiled in the caller's environment (so a guard that
  # cannot be one fails here) into a fun of the tuple of a call's arguments.
  defp condition(args, guard, env) do
    vars =
      args
      |> Macro.prewalker()
      |> Enum.filter(&match?({name, _, context} when is_atom(name) and is_atom(context), &1))
      |> Enum.reject(fn {name, _, _} -> String.starts_with?(Atom.to_string(name), "_") end)
      |> Enum.uniq()

    quoted =
      quote do
        fn
          unquote({:{}, [], args}) when unquote(guard) ->
            _ = unquote(vars)
            true

          _ ->
            false
        end
      end

    {fun, _binding} = Code.eval_quoted(quoted, [], env)
    fun
  end

  @doc false
  # The check a function with a breakpoint makes (`location`: its file and line): a stop is
  # taken when the arguments meet the condition and stops are pending (the counter goes down
  # to -1 at most, as iex's ETS update); then the function runs.
  def __break__(ref, {module, {function, arity}}, args, location, original) do
    stop? =
      case :ets.whereis(@table) != :undefined and :ets.lookup(@table, ref) do
        [{^ref, _, _, condition, _}] ->
          meets?(condition, args) and :ets.update_counter(@table, ref, {5, -1, -1, -1}) != -1

        _ ->
          false
      end

    if stop? do
      opts = [module: module, function: {function, arity}, file: location[:file], line: location[:line]]
      pry([], opts)
    end

    apply(original, args)
  end

  defp meets?(condition, args) when is_function(condition, 1), do: condition.(List.to_tuple(args))
  defp meets?(_condition, _args), do: true

  def reset_break(id) when is_integer(id) do
    IEx.App.ensure_started()
    GenServer.call(@server, {:reset_break, {id, :_, :_, :_, :_}}, @timeout)
  end

  def reset_break(module, function, arity) do
    IEx.App.ensure_started()
    GenServer.call(@server, {:reset_break, {:_, module, {function, arity}, :_, :_}}, @timeout)
  end

  def remove_breaks do
    IEx.App.ensure_started()
    GenServer.call(@server, :remove_breaks, @timeout)
  end

  def remove_breaks(module) do
    IEx.App.ensure_started()
    GenServer.call(@server, {:remove_breaks, module}, @timeout)
  end

  def breaks do
    IEx.App.ensure_started()
    @server |> GenServer.call(:breaks, @timeout) |> Enum.sort()
  end

  def child_spec(arg) do
    %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}}
  end

  def start_link(_) do
    GenServer.start_link(__MODULE__, :ok, name: @server)
  end

  def init(:ok) do
    Process.flag(:trap_exit, true)
    :ets.new(@table, [:named_table, :public, write_concurrency: true])
    {:ok, @initial_counter}
  end

  def handle_call({:break, module, fa, condition, breaks}, _from, counter) do
    # (a breakpoint already on this function keeps its id)
    {ref, next} =
      case :ets.match_object(@table, {:_, module, fa, :_, :_}) do
        [{ref, _, _, _, _}] -> {ref, counter}
        [] -> {counter, counter + 1}
      end

    case :beamsh_pry_breaks.breakable(module, fa) do
      :ok ->
        true = :ets.insert(@table, {ref, module, fa, condition, breaks})
        entries = for {ref, _, fa, _, _} <- :ets.match_object(@table, {:_, module, :_, :_, :_}), do: {ref, fa}

        case :beamsh_pry_breaks.instrument(module, entries) do
          :ok -> {:reply, {:ok, ref}, next}
          {:error, _} = error -> {:reply, error, next}
        end

      # (an id is used up even by a breakpoint that could not be set, as in iex)
      {:error, _} = error ->
        {:reply, error, next}
    end
  end

  def handle_call({:reset_break, pattern}, _from, counter) do
    reset =
      for {ref, module, fa, condition, _} <- :ets.match_object(@table, pattern) do
        if instrumented?(module) do
          :ets.insert(@table, {ref, module, fa, condition, 0})
          true
        else
          :ets.delete(@table, ref)
          false
        end
      end

    {:reply, if(Enum.any?(reset), do: :ok, else: :not_found), counter}
  end

  def handle_call(:breaks, _from, counter) do
    entries =
      for {id, module, fa, _condition, breaks} <- :ets.tab2list(@table), keep_instrumented(id, module) do
        {id, module, fa, max(breaks, 0)}
      end

    {:reply, entries, counter}
  end

  def handle_call(:remove_breaks, _from, _counter) do
    @table
    |> :ets.match({:_, :"$1", :_, :_, :_})
    |> List.flatten()
    |> Enum.uniq()
    |> Enum.each(&deinstrument_if_instrumented/1)

    true = :ets.delete_all_objects(@table)
    {:reply, :ok, @initial_counter}
  end

  def handle_call({:remove_breaks, module}, _from, counter) do
    reply = deinstrument_if_instrumented(module)
    true = :ets.match_delete(@table, {:_, module, :_, :_, :_})
    {:reply, reply, counter}
  end

  defp keep_instrumented(id, module) do
    instrumented?(module) or (:ets.delete(@table, id) and false)
  end

  # (the module's code as loaded again: what :code.load_binary/3 of its .beam gives)
  defp deinstrument_if_instrumented(module) do
    if instrumented?(module), do: :beamsh_pry_breaks.deinstrument(module), else: :ok
  end

  defp instrumented?(module) do
    Code.ensure_loaded?(module) and module.module_info(:attributes)[:iex_pry] == [true]
  end
end

# The helpers that are plain Elixir over the rest of the library (the shell's own, h/1, v/1,
# flush/0..., are natives it installs: shell/helpers/index.ts).
defmodule IEx.Helpers do
  @moduledoc false

  # A module is loaded again from its object code: only the library's modules have any.
  def l(module) when is_atom(module) do
    :code.purge(module)
    :code.load_file(module)
  end

  # beamsh's object code is no BEAM code: another node cannot load it.
  # The module's object code loaded on each node (:code.load_binary/3 there, by :rpc).
  def nl(nodes \\ Node.list(), module) when is_list(nodes) and is_atom(module) do
    case :code.get_object_code(module) do
      {^module, binary, path} ->
        results =
          for node <- nodes do
            case :rpc.call(node, :code, :load_binary, [module, path, binary]) do
              {:module, _} -> {node, :loaded, module}
              {:badrpc, reason} -> {node, :badrpc, reason}
              {:error, reason} -> {node, :error, reason}
              other -> {node, :error, other}
            end
          end

        {:ok, results}

      _ ->
        {:error, :nofile}
    end
  end

  def port(string) when is_binary(string) do
    :erlang.list_to_port('#Port<#{string}>')
  end

  def port(major, minor)
      when is_integer(major) and major >= 0 and is_integer(minor) and minor >= 0 do
    :erlang.list_to_port('#Port<' ++ Integer.to_charlist(major) ++ '.' ++ Integer.to_charlist(minor) ++ '>')
  end

  # h/1, t/1, b/1 and open/1 take code, not values: `h Enum.map/2` names a function. Each
  # macro hands IEx.Introspection what the code names (see decompose/2 there), so the helper
  # works wherever it is written: at the prompt, in a fn, in a module body, piped into.
  defmacro h(term) do
    quote do: IEx.Introspection.h(unquote(IEx.Introspection.decompose(term, __CALLER__)))
  end

  defmacro t(term) do
    quote do: IEx.Introspection.t(unquote(IEx.Introspection.decompose(term, __CALLER__)))
  end

  defmacro b(term) do
    quote do: IEx.Introspection.b(unquote(IEx.Introspection.decompose(term, __CALLER__)))
  end

  defmacro open(term) do
    quote do: IEx.Introspection.open(unquote(IEx.Introspection.decompose(term, __CALLER__)))
  end

  # Where the evaluator is (a pry session's location, or the :env IEx.Server.run/1 was
  # given): {file, line, stacktrace}, put in the evaluator's dictionary while an input runs.
  def open() do
    case Process.get(:iex_whereami) do
      # (IEx.Introspection.open/1 is the shell's native)
      {file, line, _} -> apply(IEx.Introspection, :open, [{file, line}])
      _ -> IO.puts(IEx.color(:eval_error, "Pry session is not currently enabled"))
    end

    dont_display_result()
  end

  def whereami(radius \\ 2) do
    case Process.get(:iex_whereami) do
      {file, line, stacktrace} ->
        IO.puts(IEx.color(:eval_info, ["Location: ", Path.relative_to_cwd(file), ":", Integer.to_string(line)]))

        case IEx.Pry.whereami(file, line, radius) do
          {:ok, lines} ->
            IO.write([?\n, lines, ?\n])

          :error ->
            IO.puts(IEx.color(:eval_error, "Could not extract source snippet. Location is not available."))
        end

        if stacktrace, do: IO.write([Exception.format_stacktrace(stacktrace), ?\n])

      _ ->
        IO.puts(IEx.color(:eval_error, "Pry session is not currently enabled"))
    end

    dont_display_result()
  end

  defmacro break!(ast, stops \\ 1) do
    quote do
      require IEx
      IEx.break!(unquote(ast), unquote(stops))
    end
  end

  def break!(module, function, arity, stops \\ 1) when is_integer(arity) do
    IEx.Pry.break!(module, function, arity, stops)
  end

  # The breakpoints as a table: ID, Module.function/arity and pending stops, each column as
  # wide as its widest cell plus two.
  def breaks do
    case IEx.Pry.breaks() do
      [] ->
        IO.puts(IEx.color(:eval_info, "No breakpoints set"))

      breaks ->
        rows =
          for {id, module, {function, arity}, stops} <- breaks do
            [Integer.to_string(id), Exception.format_mfa(module, function, arity), Integer.to_string(stops)]
          end

        rows = [["ID", "Module.function/arity", "Pending stops"] | rows]
        [id_width, mfa_width, stops_width] = Enum.zip_with(rows, fn column -> column |> Enum.map(&byte_size/1) |> Enum.max() end)
        [header | rows] = rows
        row = fn [id, mfa, stops] -> IO.puts([" ", String.pad_trailing(id, id_width + 2), " ", String.pad_trailing(mfa, mfa_width + 2), " ", stops]) end

        IO.puts("")
        row.(header)
        IO.puts([String.duplicate("-", id_width + 2), " ", String.duplicate("-", mfa_width + 2), " ", String.duplicate("-", stops_width + 2)])
        Enum.each(rows, row)
        IO.puts("")
    end

    dont_display_result()
  end

  def reset_break(id), do: IEx.Pry.reset_break(id)
  def reset_break(module, function, arity), do: IEx.Pry.reset_break(module, function, arity)
  def remove_breaks(), do: IEx.Pry.remove_breaks()
  def remove_breaks(module), do: IEx.Pry.remove_breaks(module)

  # The file's code is the macro's expansion: what it defines (variables, aliases, imports)
  # is then the shell's, as if typed at the prompt.
  defmacro import_file(path) when is_binary(path) do
    import_file_if_available(path, false)
  end

  defmacro import_file(_) do
    raise ArgumentError, "import_file/1 expects a literal binary as its argument"
  end

  @deprecated "Use import_file_if_available/1 instead"
  defmacro import_file(path, opts) when is_binary(path) and is_list(opts) do
    import_file_if_available(path, Keyword.get(opts, :optional, false))
  end

  defmacro import_file_if_available(path) when is_binary(path) do
    import_file_if_available(path, true)
  end

  defmacro import_file_if_available(_) do
    raise ArgumentError, "import_file_if_available/1 expects a literal binary as its argument"
  end

  defp import_file_if_available(path, optional?) when is_binary(path) do
    path = Path.expand(path)

    if not optional? or File.exists?(path) do
      if imported = Process.get(:iex_imported_paths) do
        if path in imported do
          IO.warn("path #{path} was already imported, skipping circular file imports", [])
        else
          Process.put(:iex_imported_paths, MapSet.put(imported, path))
          path |> File.read!() |> Code.string_to_quoted!(file: path)
        end
      else
        path |> File.read!() |> Code.string_to_quoted!(file: path)
      end
    end
  end

  # import/2 and use/2 of a module that may be missing (in a .iex.exs file shared by
  # projects): nothing at all when the module cannot be loaded.
  defmacro import_if_available(quoted_module, opts \\ []) do
    if Code.ensure_loaded?(Macro.expand(quoted_module, __CALLER__)) do
      quote(do: import(unquote(quoted_module), unquote(opts)))
    end
  end

  defmacro use_if_available(quoted_module, opts \\ []) do
    if Code.ensure_loaded?(Macro.expand(quoted_module, __CALLER__)) do
      quote(do: use(unquote(quoted_module), unquote(opts)))
    end
  end

  @runtime_info_topics [:system, :memory, :limits, :applications]

  def runtime_info(), do: runtime_info([:system, :memory, :limits])

  def runtime_info(topic) when is_atom(topic) and topic in @runtime_info_topics do
    runtime_info([topic])
  end

  def runtime_info(topics) when is_list(topics) do
    topics
    |> Enum.uniq()
    |> print_runtime_info()
  end

  defp print_runtime_info(topics) do
    Enum.each(topics, &print_runtime_info_topic/1)
    IO.puts("")
    IO.puts(pad_key("Showing topics") <> inspect(topics))
    IO.puts(pad_key("Additional topics") <> inspect(@runtime_info_topics -- topics))
    IO.puts("")
    IO.puts("To view a specific topic call runtime_info(topic)")
    IO.puts("")
    dont_display_result()
  end

  defp print_runtime_info_topic(:system) do
    print_pane("System and architecture")
    print_entry("Elixir version", System.version())
    print_entry("Erlang/OTP version", System.otp_release())
    print_entry("ERTS version", :erlang.system_info(:version))
    print_entry("Compiled for", :erlang.system_info(:system_architecture))
    print_entry("Schedulers", :erlang.system_info(:schedulers))
    print_entry("Schedulers online", :erlang.system_info(:schedulers_online))
  end

  defp print_runtime_info_topic(:memory) do
    print_pane("Memory")
    for {key, type} <- [Total: :total, Atoms: :atom, Binaries: :binary, Code: :code, ETS: :ets, Processes: :processes] do
      IO.puts(pad_key(key) <> format_bytes(:erlang.memory(type)))
    end
  end

  defp print_runtime_info_topic(:limits) do
    print_pane("Statistics / limits")
    IO.write(pad_key("Uptime"))
    :c.uptime()
    print_entry("Run queue", :erlang.statistics(:run_queue))
    for {key, count, limit} <- [
          {"Atoms", :atom_count, :atom_limit},
          {"ETS", :ets_count, :ets_limit},
          {"Ports", :port_count, :port_limit},
          {"Processes", :process_count, :process_limit}
        ] do
      count = :erlang.system_info(count)
      limit = :erlang.system_info(limit)
      IO.puts("#{pad_key(key)}#{count} / #{limit} (#{trunc(count / limit * 100)}% used)")
    end
  end

  defp print_runtime_info_topic(:applications) do
    print_pane("Loaded OTP Applications")
    started = Application.started_applications()

    for {app, _, version} = entry <- Enum.sort(Application.loaded_applications()) do
      IO.write(pad_key(app))
      IO.write(String.pad_trailing("#{version}", 20))
      if entry in started, do: IO.write("(started)")
      IO.puts("")
    end

    :ok
  end

  defp print_pane(title), do: IO.puts(IEx.color(:eval_result, ["\n## ", title, " \n"]))

  defp print_entry(_key, nil), do: :ok
  defp print_entry(key, value), do: IO.puts("#{pad_key(key)}#{value}")

  # whole units: GB, MB and KB from 1024 of each, else bytes
  defp format_bytes(bytes) when is_integer(bytes) do
    cond do
      bytes >= 1024 * 1024 * 1024 -> "#{div(bytes, 1024 * 1024 * 1024)} GB"
      bytes >= 1024 * 1024 -> "#{div(bytes, 1024 * 1024)} MB"
      bytes >= 1024 -> "#{div(bytes, 1024)} KB"
      true -> "#{bytes} B"
    end
  end

  defp pad_key(key), do: String.pad_trailing("#{key}:", 20, " ")

  defp dont_display_result, do: :"do not show this result in output"
end

# What the documentation helpers are given. decompose/2 turns the code written after h, t,
# b or open into the quoted value the helper is called with: `Mod` a module, `Mod.fun` a
# {module, name} pair, `Mod.fun/2` or `fun/2` a {module, name, arity} triple (a bare name
# is looked up in what the caller imports, then among the special forms, else Kernel's);
# anything else is left as code and evaluated, so `h 1` tells what it expects. The helpers
# themselves (h/1, t/1, b/1, open/1 on those values) are the shell's natives.
defmodule IEx.Introspection do
  @moduledoc false

  # What a helper printed (a native of IEx.Helpers or of this module: shell/helpers/index.ts),
  # written to the calling process's group leader, as IEx's helpers print; then its result.
  def __print__(text, result) do
    IO.write(text)
    result
  end

  # i/1: the term, what IEx.Info.info/1 says of it, and the protocols it implements (listed
  # by the helper's native), each text trimmed and indented under its heading.
  def __i__(term, protocols) do
    sections = [{"Term", inspect(term)}] ++ IEx.Info.info(term) ++ [{"Implemented protocols", protocols}]

    for {heading, text} <- sections do
      IO.puts(to_string(heading))
      IO.puts("  " <> (text |> to_string() |> String.trim() |> String.replace("\n", "\n  ")))
    end

    IEx.dont_display_result()
  end

  def decompose({:/, _, [call, arity]} = term, env) do
    case Macro.decompose_call(call) do
      {_module, :__info__, []} when arity == 1 -> {:{}, [], [Module, :__info__, 1]}
      {module, name, []} -> {:{}, [], [module, name, arity]}
      {name, []} -> {:{}, [], [owner({name, arity}, env), name, arity]}
      _ -> term
    end
  end

  def decompose(term, env) do
    case Macro.decompose_call(term) do
      {_module, :__info__, []} ->
        Macro.escape({Module, :__info__, 1})

      {module, name, []} ->
        {module, name}

      {name, [_, _]} ->
        if String.starts_with?(Atom.to_string(name), "sigil_"),
          do: {:{}, [], [owner({name, 2}, env), name, 2]},
          else: term

      {name, []} ->
        {owner(name, env), name}

      _ ->
        term
    end
  end

  # The module a bare name (or name/arity) refers to where the helper was called.
  defp owner(wanted, env) do
    imported(wanted, env.functions) || imported(wanted, env.macros) || special_form(wanted) || Kernel
  end

  defp imported(wanted, imports) do
    Enum.find_value(imports, fn {module, names} -> if names?(wanted, names), do: module end)
  end

  defp special_form(wanted) do
    if names?(wanted, Kernel.SpecialForms.__info__(:functions)) or
         names?(wanted, Kernel.SpecialForms.__info__(:macros)),
       do: Kernel.SpecialForms
  end

  defp names?({_, _} = name_arity, names), do: name_arity in names
  defp names?(name, names), do: Keyword.has_key?(names, name)
end

defmodule IEx.State do
  @moduledoc false
  # What IEx.Server and its evaluator pass each other with every input: the input still
  # pending (a parser state: "" or {buffer, last_op}), the counter, the prompt's prefix...
  defstruct parser_state: "",
            counter: 1,
            prefix: "iex",
            on_eof: :stop_evaluator,
            evaluator_options: [],
            previous_state: nil
end

defmodule IEx.Server do
  @moduledoc false
  # An IEx session run by Elixir code over the caller's group leader (what iex's terminal
  # does in beamsh is shell/server.ts): the banner, then a prompt and an input read by a
  # process of its own, sent to the evaluator (shell/iex-protocol.ts) until the input ends.

  def run(opts) when is_list(opts) do
    Process.flag(:trap_exit, true)
    start_session(opts)
  end

  def start_evaluator(opts) do
    # (the shell's evaluator: installed with the helpers, by the shell and under scripts)
    evaluator = opts[:evaluator] || apply(:beamsh_iex, :start_evaluator, [self(), Process.group_leader(), opts])
    Process.put(:evaluator, evaluator)
    evaluator
  end

  defp start_session(opts) do
    IO.puts(
      "Interactive Elixir (#{System.version()}) - press Ctrl+C to exit (type h() ENTER for help)"
    )

    evaluator = start_evaluator(opts)
    loop(session_state(opts), :ok, evaluator, Process.monitor(evaluator))
  end

  defp session_state(opts) do
    %IEx.State{
      prefix: Keyword.get(opts, :prefix, "iex"),
      on_eof: Keyword.get(opts, :on_eof, :stop_evaluator),
      previous_state: Keyword.get(opts, :previous_state),
      evaluator_options: Keyword.take(opts, [:dot_iex_path])
    }
  end

  defp loop(state, status, evaluator, ref) do
    server = self()
    prompt = prompt(status, state.prefix, state.counter)
    input = spawn(fn -> send(server, {:input, self(), IO.gets(:stdio, prompt)}) end)
    wait_input(state, evaluator, ref, input)
  end

  defp wait_input(state, evaluator, ref, input) do
    receive do
      {:input, ^input, code} when is_binary(code) ->
        send(evaluator, {:eval, self(), code, state})
        wait_eval(state, evaluator, ref)

      {:input, ^input, :eof} ->
        case state.on_eof do
          :halt -> System.halt(0)
          :stop_evaluator -> stop_evaluator(evaluator, ref)
        end

      {:input, ^input, {:error, :interrupted}} ->
        IO.puts(:stdio, IEx.color(:eval_error, "** (EXIT) interrupted"))
        loop(%{state | parser_state: ""}, :ok, evaluator, ref)

      {:input, ^input, {:error, _}} ->
        stop_evaluator(evaluator, ref)

      message ->
        other(message, state, evaluator, ref, input, &wait_input(&1, evaluator, ref, input))
    end
  end

  defp wait_eval(state, evaluator, ref) do
    receive do
      {:evaled, ^evaluator, status, new_state} ->
        loop(new_state, status, evaluator, ref)

      message ->
        other(message, state, evaluator, ref, nil, &wait_eval(&1, evaluator, ref))
    end
  end

  # The evaluator died (a linked process's exit killed it) or asked for a new one (respawn/0):
  # a new session; anything else the server receives is dropped, as IEx's server drops it.
  defp other({:DOWN, ref, :process, evaluator, reason}, state, evaluator, ref, input, _) do
    if reason != :normal do
      IO.puts(
        :stdio,
        IEx.color(
          :eval_error,
          "** (EXIT from #{inspect(evaluator)}) shell process exited with reason: " <>
            Exception.format_exit(reason)
        )
      )
    end

    restart(state, evaluator, ref, input)
  end

  defp other({:respawn, evaluator}, state, evaluator, ref, input, _) do
    restart(state, evaluator, ref, input)
  end

  defp other({:EXIT, pid, reason}, state, evaluator, ref, _input, continue) do
    if pid == Process.group_leader() do
      stop_evaluator(evaluator, ref)
      exit(reason)
    else
      continue.(state)
    end
  end

  defp other(_message, state, _evaluator, _ref, _input, continue), do: continue.(state)

  defp restart(state, evaluator, ref, input) do
    if input, do: Process.exit(input, :kill)
    IO.puts("")
    stop_evaluator(evaluator, ref)
    start_session(state.evaluator_options ++ [prefix: state.prefix, on_eof: state.on_eof])
  end

  defp stop_evaluator(evaluator, ref) do
    Process.delete(:evaluator)
    Process.demonitor(ref, [:flush])
    send(evaluator, {:done, self(), false})
    :ok
  end

  defp prompt(status, prefix, counter) do
    {kind, prefix} = if status == :incomplete, do: {:continuation, "..."}, else: {:prompt, prefix}

    template =
      case {kind, Node.alive?()} do
        {:prompt, false} -> IEx.Config.default_prompt()
        {:prompt, true} -> IEx.Config.alive_prompt()
        {:continuation, false} -> IEx.Config.continuation_prompt()
        {:continuation, true} -> IEx.Config.alive_continuation_prompt()
      end

    template
    |> String.replace("%counter", to_string(counter))
    |> String.replace("%prefix", to_string(prefix || "iex"))
    |> String.replace("%node", to_string(node()))
    |> Kernel.<>(" ")
  end
end

defmodule IEx.Evaluator do
  @moduledoc false

  # What the shell's evaluator (a process started by IEx.Server.start_evaluator/1) tells its
  # server between inputs: a variable's value (down a path of map keys), the names of the
  # variables starting with a prefix, fields of its environment. An evaluator that does not
  # answer in 5 seconds (it is running an input) gives nothing.
  def value_from_binding(evaluator, server, var_name, map_key_path) do
    ask(evaluator, server, :value_from_binding, [var_name, map_key_path], :error)
  end

  def variables_from_binding(evaluator, server, variable_prefix) do
    ask(evaluator, server, :variables_from_binding, [variable_prefix], [])
  end

  def fields_from_env(evaluator, server, fields) do
    ask(evaluator, server, :fields_from_env, [fields], %{})
  end

  defp ask(evaluator, server, question, args, otherwise) do
    ref = make_ref()
    send(evaluator, List.to_tuple([question, server, ref, self() | args]))

    receive do
      {^ref, answer} -> answer
    after
      5000 -> otherwise
    end
  end

  # What the shell's evaluator (shell/evaluator.ts) does in Elixir once an input sent by
  # IEx's protocol was evaluated: prints its result (or error) through the group leader and
  # answers the server with the state for the next input.
  def __evaled__(server, kind, text, status, state, {parser_state, counter}) do
    case kind do
      :result -> IO.puts(:stdio, IEx.color(:eval_result, text))
      :error -> IO.write(:stdio, text)
      nil -> :ok
    end

    if is_pid(server) do
      send(server, {:evaled, self(), status, %{state | parser_state: parser_state, counter: counter}})
    end

    :ok
  end
end

defmodule IEx.Broker do
  @moduledoc false
  # The shell an IEx.Server.run/1 session registered (the first one) and the evaluator a
  # shell process runs (kept in its dictionary under :evaluator, as start_evaluator/1 puts it).

  def shell do
    case :persistent_term.get({__MODULE__, :shell}, nil) do
      pid when is_pid(pid) -> if Process.alive?(pid), do: pid, else: nil
      _ -> nil
    end
  end

  def register(pid) when is_pid(pid) do
    if shell() == nil, do: :persistent_term.put({__MODULE__, :shell}, pid)
    :ok
  end

  def evaluator(shell \\ shell())
  def evaluator(nil), do: nil

  def evaluator(shell) when is_pid(shell) do
    with {:dictionary, dictionary} <- Process.info(shell, :dictionary),
         evaluator when is_pid(evaluator) <- Keyword.get(dictionary, :evaluator) do
      {evaluator, shell}
    else
      _ -> nil
    end
  end
end

defmodule IEx.Autocomplete do
  @moduledoc false
  # Tab completion: what the code before the cursor (given reversed, as the line editor
  # gives it) can be completed with. {:yes, text to insert, []}, {:yes, '', entries to list}
  # or {:no, '', []}. Variables, aliases and imports are the shell's, asked of its evaluator.

  @bitstring_modifiers ~w(big binary bitstring integer float little native signed size unit unsigned utf8 utf16 utf32)

  # The expansion for a remote shell: asked of `node`'s IEx.Autocomplete, nothing when it
  # cannot be reached.
  def remsh(node) do
    fn code ->
      case :rpc.call(node, IEx.Autocomplete, :expand, [code, IEx.Broker.shell()]) do
        {:badrpc, _} -> {:no, '', []}
        result -> result
      end
    end
  end

  def expand(code, shell \\ IEx.Broker.shell()) do
    case path_text(code, []) do
      nil -> expand_code(Enum.reverse(code), shell)
      path -> expand_path(path)
    end
  end

  defp expand_code(code, shell) do
    helper = typespec_helper(code)

    case Code.Fragment.cursor_context(code) do
      {:alias, alias} ->
        expand_aliases(List.to_string(alias), shell)

      {:unquoted_atom, atom} ->
        format(erlang_modules(List.to_string(atom)), List.to_string(atom))

      context when helper == ?b ->
        expand_typespecs(context, shell, &callbacks_of/1)

      context when helper == ?t ->
        expand_typespecs(context, shell, &types_of/1)

      {:dot, path, hint} ->
        expand_dot(path, List.to_string(hint), false, shell)

      {:dot_arity, path, hint} ->
        expand_dot(path, List.to_string(hint), true, shell)

      {:dot_call, path, hint} ->
        expand_dot_call(path, List.to_atom(hint), shell)

      :expr ->
        container(code, :expr, "", shell) || local_or_var("", shell)

      {:local_or_var, name} ->
        hint = List.to_string(name)
        container(code, :expr, hint, shell) || local_or_var(hint, shell)

      {:local_arity, name} ->
        format(locals(List.to_string(name), true, shell), List.to_string(name))

      {:local_call, name} ->
        local_call(List.to_atom(name), shell)

      {:operator, op} when op in [~c"::", ~c"-"] ->
        container(code, :operator, "", shell) ||
          format(locals(List.to_string(op), false, shell), List.to_string(op))

      {:operator, op} ->
        format(locals(List.to_string(op), false, shell), List.to_string(op))

      {:operator_arity, op} ->
        format(locals(List.to_string(op), true, shell), List.to_string(op))

      {:operator_call, _} ->
        local_or_var("", shell)

      {:sigil, []} ->
        sigils =
          for %{name: "sigil_" <> rest} <- locals("sigil_", false, shell),
              do: %{kind: :sigil, name: rest}

        format(locals("~", false, shell) ++ sigils, "~")

      {:sigil, [_]} ->
        {:yes, [], Enum.map(~w(" """ ' ''' \( / < [ { |), &String.to_charlist/1)}

      {:struct, struct} when is_list(struct) ->
        structs(List.to_string(struct), shell)

      {:struct, {:dot, {:alias, struct}, []}} when is_list(struct) ->
        structs(List.to_string(struct ++ ~c"."), shell)

      _ ->
        no()
    end
  end

  # `t Mod.` and `b Mod.` (or with a parenthesis) complete types and callbacks.
  defp typespec_helper([helper | rest]) when helper in [?b, ?t] do
    case drop_extra_spaces(rest) do
      [sep, char | _]
      when sep in [?\s, ?(] and
             (char in ?A..?Z or char in ?a..?z or char in ?0..?9 or char in [?_, ?:]) ->
        helper

      _ ->
        nil
    end
  end

  defp typespec_helper(_), do: nil

  defp drop_extra_spaces([?\s, ?\s | rest]), do: drop_extra_spaces([?\s | rest])
  defp drop_extra_spaces(rest), do: rest

  defp expand_typespecs({:dot, path, hint}, shell, fetch) do
    hint = List.to_string(hint)

    case dot_path(path, shell) do
      {:ok, mod} when is_atom(mod) -> mod |> fetch.() |> funs_matching(hint, false) |> format(hint)
      _ -> no()
    end
  end

  defp expand_typespecs(_, _, _), do: no()

  # (a library module's from the facts t/1 and b/1 show, a user's module's from its typespecs;
  # the facts' native is installed with the helpers)
  defp types_of(mod) do
    cond do
      not loaded?(mod) ->
        []

      names = apply(IEx.Introspection, :__typespec_names__, [mod, :types]) ->
        names

      true ->
        case Code.Typespec.fetch_types(mod) do
          {:ok, types} ->
            for {kind, {name, _, args}} <- types, kind in [:type, :opaque], do: {name, length(args)}

          :error ->
            []
        end
    end
  end

  defp callbacks_of(mod) do
    cond do
      not loaded?(mod) ->
        []

      names = apply(IEx.Introspection, :__typespec_names__, [mod, :callbacks]) ->
        names

      true ->
        case Code.Typespec.fetch_callbacks(mod) do
          {:ok, callbacks} ->
            for {{name, arity}, _} <- callbacks do
              case Atom.to_string(name) do
                "MACRO-" <> macro -> {String.to_atom(macro), arity - 1}
                _ -> {name, arity}
              end
            end

          :error ->
            []
        end
    end
  end

  ## Calls: a signature help

  defp local_call(fun, shell) do
    imports(shell)
    |> Enum.filter(fn {_, funs} -> List.keymember?(funs, fun, 0) end)
    |> Enum.flat_map(fn {module, _} -> signatures(fun, module) end)
    |> show_signatures(shell)
  end

  defp expand_dot_call(path, fun, shell) do
    case dot_path(path, shell) do
      {:ok, mod} when is_atom(mod) -> fun |> signatures(mod) |> show_signatures(shell)
      _ -> no()
    end
  end

  defp signatures(name, module) do
    case docs(module, [:function, :macro], name) do
      docs when is_list(docs) -> Enum.map(docs, fn {_, _, signature, _, _} -> Enum.join(signature, " ") end)
      nil -> []
    end
  end

  defp show_signatures([], shell), do: local_or_var("", shell)

  defp show_signatures(signatures, _shell) do
    [shortest | others] = Enum.sort_by(signatures, &String.length/1)
    if others != [], do: IO.write("\n" <> Enum.join(Enum.reverse(others), "\n"))
    yes("", [shortest])
  end

  ## Mod.fun, map.key, var.key

  defp expand_dot(path, hint, exact?, shell) do
    case dot_path(path, shell) do
      {:ok, mod} when is_atom(mod) and hint == "" ->
        format(elixir_modules(mod, "") ++ funs_matching(funs_of(mod), "", false), "")

      {:ok, mod} when is_atom(mod) ->
        mod |> funs_matching(hint, exact?) |> format(hint)

      {:ok, map} when is_map(map) ->
        case map_keys(map, hint) do
          [%{kind: :map_key, name: ^hint, map?: false}] -> no()
          keys -> format(keys, hint)
        end

      _ ->
        no()
    end
  end

  defp funs_matching(mod, hint, exact?) when is_atom(mod), do: funs_matching(funs_of(mod), hint, exact?)

  defp funs_matching(funs, hint, exact?) do
    for {fun, arity} <- funs,
        name = Atom.to_string(fun),
        if(exact?, do: name == hint, else: String.starts_with?(name, hint)) do
      %{kind: :function, name: name, arity: arity}
    end
    |> Enum.sort_by(&{&1.name, &1.arity})
  end

  defp map_keys(map, hint) do
    for {key, value} when is_atom(key) <- Map.to_list(map),
        name = Atom.to_string(key),
        String.starts_with?(name, hint) do
      %{kind: :map_key, name: name, map?: is_map(value)}
    end
    |> Enum.sort_by(& &1.name)
  end

  defp dot_path({:unquoted_atom, atom}, _shell), do: {:ok, List.to_atom(atom)}

  defp dot_path(path, shell) do
    case dot_path_segments(path, shell) do
      {:ok, [_ | _] = segments} -> value_in_binding(Enum.reverse(segments), shell)
      other -> other
    end
  end

  defp dot_path_segments({:var, var}, _shell), do: {:ok, [List.to_atom(var)]}

  defp dot_path_segments({:alias, alias}, shell),
    do: {:ok, alias |> List.to_string() |> String.split(".") |> resolve_alias(shell)}

  defp dot_path_segments({:dot, parent, key}, shell) do
    case dot_path_segments(parent, shell) do
      {:ok, [_ | _] = segments} -> {:ok, [List.to_atom(key) | segments]}
      _ -> :error
    end
  end

  defp dot_path_segments(_, _), do: :error

  ## Names

  defp local_or_var(hint, shell) do
    vars = for name <- variables(hint, shell) |> Enum.sort(), do: %{kind: :variable, name: name}
    format(vars ++ locals(hint, false, shell), hint)
  end

  defp locals(hint, exact?, shell) do
    imported = imports(shell) |> Enum.flat_map(&elem(&1, 1))
    funs_matching(imported ++ funs_of(Kernel.SpecialForms), hint, exact?)
  end

  defp erlang_modules(hint) do
    for mod <- modules_starting(hint, false),
        Macro.classify_atom(String.to_atom(mod)) in [:identifier, :unquoted],
        do: %{kind: :module, name: mod}
  end

  defp structs(hint, shell) do
    aliased =
      for {alias, mod} <- aliases(shell),
          [name] = Module.split(alias),
          String.starts_with?(name, hint),
          plain_struct?(mod),
          do: %{kind: :struct, name: name}

    modules =
      for "Elixir." <> name = full <- modules_starting("Elixir." <> hint, true),
          String.starts_with?(name, hint),
          plain_struct?(String.to_atom(full)),
          do: %{kind: :struct, name: name}

    format(aliased ++ modules, hint)
  end

  defp plain_struct?(mod) do
    loaded?(mod) and function_exported?(mod, :__struct__, 1) and
      not function_exported?(mod, :exception, 1)
  end

  # Inside %Struct{...}: the struct's keys not given yet; after `::` in a binary: modifiers.
  defp container(code, context, hint, shell) do
    case container_context(code, shell) do
      {:struct, mod, given} when context == :expr ->
        keys = Map.keys(Map.from_struct(mod.__struct__())) -- Keyword.keys(given)

        entries =
          for key <- Enum.sort(keys),
              name = Atom.to_string(key),
              if(hint == "", do: not String.starts_with?(name, "_"), else: String.starts_with?(name, hint)),
              do: %{kind: :keyword, name: name}

        format(entries, hint)

      :bitstring_modifier ->
        used = code |> List.to_string() |> String.split("::") |> List.last() |> String.split("-")

        for name <- @bitstring_modifiers, String.starts_with?(name, hint), name not in used do
          if name in ["size", "unit"],
            do: %{kind: :function, name: name, arity: 1},
            else: %{kind: :variable, name: name}
        end
        |> format(hint)

      _ ->
        nil
    end
  end

  defp container_context(code, shell) do
    with {:ok, quoted} <- Code.Fragment.container_cursor_to_quoted(code) do
      case Macro.path(quoted, &match?({:__cursor__, _, []}, &1)) do
        [cursor, {:%{}, _, pairs}, {:%, _, [{:__aliases__, _, aliases}, _]} | _] ->
          with {given, [^cursor]} <- Enum.split(pairs, -1),
               mod = resolve_alias(aliases, shell),
               true <- Keyword.keyword?(given) and loaded?(mod) and function_exported?(mod, :__struct__, 1) do
            {:struct, mod, given}
          else
            _ -> nil
          end

        [cursor, {:"::", _, [_, cursor]}, {:<<>>, _, [_ | _]} | _] ->
          :bitstring_modifier

        _ ->
          nil
      end
    else
      _ -> nil
    end
  end

  ## Aliases and modules

  defp expand_aliases(text, shell) do
    case String.split(text, ".") do
      [hint] ->
        aliased =
          for {alias, mod} <- aliases(shell),
              [name] = Module.split(alias),
              String.starts_with?(name, hint),
              do: %{kind: :module, name: name, module: mod}

        format(aliased ++ elixir_modules(Elixir, hint), hint)

      parts ->
        {parents, [hint]} = Enum.split(parts, -1)
        parents |> resolve_alias(shell) |> elixir_modules(hint) |> format(hint)
    end
  end

  defp resolve_alias([name | rest], shell) do
    case Keyword.fetch(aliases(shell), Module.concat(Elixir, name)) do
      {:ok, mod} when rest == [] -> mod
      {:ok, mod} -> Module.concat([mod | rest])
      :error -> Module.concat([name | rest])
    end
  end

  # The next segment of the modules under `parent` that starts with `hint`.
  defp elixir_modules(parent, hint) do
    prefix = Atom.to_string(parent)
    depth = length(String.split(prefix, ".")) + 1

    for mod <- modules_starting(prefix <> "." <> hint, parent == Elixir),
        parts = String.split(mod, "."),
        depth <= length(parts),
        name = Enum.at(parts, depth - 1),
        alias_segment?(name),
        uniq: true,
        do: %{kind: :module, name: name}
  end

  defp alias_segment?(<<first, rest::binary>>) when first in ?A..?Z,
    do: rest =~ ~r/\A[A-Za-z0-9_]*\z/

  defp alias_segment?(_), do: false

  defp modules_starting(hint, elixir_root?) do
    loaded = for {mod, _} <- :code.all_loaded(), do: Atom.to_string(mod)

    of_apps =
      for {app, _, _} <- Application.loaded_applications(),
          {:ok, mods} = :application.get_key(app, :modules),
          mod <- mods,
          do: Atom.to_string(mod)

    root = if elixir_root?, do: ["Elixir.Elixir"], else: []

    (root ++ loaded ++ of_apps)
    |> Enum.sort()
    |> Enum.dedup()
    |> Enum.filter(&String.starts_with?(&1, hint))
  end

  defp loaded?(Elixir), do: false
  defp loaded?(mod), do: Code.ensure_loaded?(mod)

  @doc false
  def exports(mod) do
    if Code.ensure_loaded?(mod) and function_exported?(mod, :__info__, 1) do
      mod.__info__(:macros) ++ (mod.__info__(:functions) -- [__info__: 1])
    else
      mod.module_info(:exports) -- [module_info: 0, module_info: 1]
    end
  end

  # A module's functions and macros as completion lists them: not those documented as
  # hidden (with every arity their defaults give), nor undocumented ones starting with _.
  defp funs_of(mod) do
    cond do
      not loaded?(mod) ->
        []

      docs = docs(mod, [:function, :macro]) ->
        hidden_arities =
          for {{_, name, arity}, _, _, :hidden, %{defaults: count}} <- docs,
              a <- (arity - count)..arity,
              do: {name, a}

        for {name, arity} = fun <- exports(mod) -- hidden_arities,
            not hidden?(fun, docs),
            do: {name, arity}

      true ->
        exports(mod)
    end
  end

  defp hidden?({name, arity}, docs) do
    case Enum.find(docs, &match?({{_, ^name, ^arity}, _, _, _, _}, &1)) do
      nil -> String.starts_with?(Atom.to_string(name), "_")
      {_, _, _, :hidden, _} -> true
      _ -> false
    end
  end

  defp docs(mod, kinds, fun \\ nil) do
    case Code.fetch_docs(mod) do
      {:docs_v1, _, _, _, _, _, docs} ->
        for {{kind, name, _}, _, _, _, _} = doc <- docs,
            kind in kinds,
            fun == nil or name == fun,
            do: doc

      _ ->
        nil
    end
  end

  ## Paths inside a string: "./lib/ma, "/tmp/x

  # Walking back from the cursor to the string's opening quote: a path is what follows
  # `"/`, `"./` or `"X:/` (nil for anything else, or inside an interpolation).
  defp path_text([], _acc), do: nil
  defp path_text([?{, ?# | _], _acc), do: nil
  defp path_text([?", ?\\ | rest], acc), do: path_text(rest, [?\\, ?" | acc])

  defp path_text([?/, ?:, drive, ?" | _], acc) when drive in ?a..?z or drive in ?A..?Z,
    do: [drive, ?:, ?/ | acc]

  defp path_text([?/, ?., ?" | _], acc), do: [?., ?/ | acc]
  defp path_text([?/, ?" | _], acc), do: [?/ | acc]
  defp path_text([?" | _], _acc), do: nil
  defp path_text([c | rest], acc), do: path_text(rest, [c | acc])

  defp expand_path(path) do
    text = List.to_string(path)
    hint = if List.last(path) in [?/, ?\\], do: "", else: Path.basename(text)
    dir = Path.dirname(text)
    shown = if dir == "." and not String.starts_with?(text, "."), do: "", else: dir

    case File.ls(dir) do
      {:ok, names} ->
        for name <- names,
            joined = Path.join(shown, name),
            String.starts_with?(joined, text) do
          %{kind: if(File.dir?(joined), do: :dir, else: :file), name: name}
        end

      _ ->
        []
    end
    |> format(hint)
  end

  ## The answer

  defp format([], _hint), do: no()

  defp format([only], hint) do
    case insertion(only, hint) do
      "" -> yes("", entry(only))
      text -> yes(text, [])
    end
  end

  defp format([first | _] = entries, hint) do
    names = Enum.map(entries, & &1.name)
    common = :binary.longest_common_prefix(names)

    if common in [0, byte_size(hint)] do
      yes("", Enum.flat_map(entries, &entry/1))
    else
      yes(binary_part(first.name, byte_size(hint), common - byte_size(hint)), [])
    end
  end

  defp yes(text, entries), do: {:yes, String.to_charlist(text), Enum.map(entries, &String.to_charlist/1)}
  defp no, do: {:no, [], []}

  defp entry(%{kind: :function, name: name, arity: arity}), do: ["#{name}/#{arity}"]
  defp entry(%{kind: :sigil, name: name}), do: ["~#{name} (sigil_#{name})"]
  defp entry(%{kind: :keyword, name: name}), do: ["#{name}:"]
  defp entry(%{name: name}), do: [name]

  # What completing the one candidate inserts (a module complete already gets its dot).
  defp insertion(%{kind: :module, name: hint}, hint), do: "."
  defp insertion(%{kind: :map_key, name: hint, map?: true}, hint), do: "."
  defp insertion(%{kind: :file, name: hint}, hint), do: "\""
  defp insertion(%{kind: :dir, name: name}, hint), do: rest_of(name, hint) <> "/"
  defp insertion(%{kind: :struct, name: name}, hint), do: rest_of(name, hint) <> "{"
  defp insertion(%{kind: :keyword, name: name}, hint), do: rest_of(name, hint) <> ": "
  defp insertion(%{name: name}, hint), do: rest_of(name, hint)

  defp rest_of(name, hint), do: binary_part(name, byte_size(hint), byte_size(name) - byte_size(hint))

  ## The shell's evaluator

  defp imports(shell) do
    case env_fields(shell, [:functions, :macros]) do
      %{functions: funs, macros: macros} -> funs ++ macros
      _ -> []
    end
  end

  defp aliases(shell) do
    case env_fields(shell, [:aliases]) do
      %{aliases: aliases} -> aliases
      _ -> []
    end
  end

  defp env_fields(shell, fields) do
    case IEx.Broker.evaluator(shell) do
      {evaluator, server} -> IEx.Evaluator.fields_from_env(evaluator, server, fields)
      nil -> %{}
    end
  end

  defp variables(hint, shell) do
    case IEx.Broker.evaluator(shell) do
      {evaluator, server} -> IEx.Evaluator.variables_from_binding(evaluator, server, hint)
      nil -> []
    end
  end

  defp value_in_binding([var | keys], shell) when is_atom(var) do
    case IEx.Broker.evaluator(shell) do
      {evaluator, server} -> IEx.Evaluator.value_from_binding(evaluator, server, var, keys)
      nil -> :error
    end
  end

  defp value_in_binding(_, _), do: :error
end

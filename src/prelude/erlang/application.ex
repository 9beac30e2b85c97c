# :application, the application controller as a shell sees it: the applications the node
# ships (OTP's and Elixir's, with their descriptions, versions and dependencies), which of
# them are loaded and started (the environment is Application's). No .app files exist
# here, so an application the node does not ship cannot be loaded ('no such file or
# directory', 'name.app'), as for a name iex does not find on its code path.
defmodule :application do
  @moduledoc false

  # behaviour_info/1 as erlc makes it of the module's -callback and -optional_callbacks
  # attributes, in their order (another argument fails in the function it inlines)
  def behaviour_info(:callbacks), do: [start: 2, stop: 1]
  def behaviour_info(:optional_callbacks), do: []
  def behaviour_info(other), do: :erlang.raise(:error, :function_clause, [{:application, :"-inlined-behaviour_info/1-", [other], []}])

  # name => {description, vsn, applications}
  defp shipped do
    %{
    kernel: {'ERTS  CXC 138 10', '8.5.3', []},
    stdlib: {'ERTS  CXC 138 10', '4.2', [:kernel]},
    compiler: {'ERTS  CXC 138 10', '8.2.3', [:kernel, :stdlib]},
    elixir: {'elixir', '1.14.0', [:kernel, :stdlib, :compiler]},
    iex: {'iex', '1.14.0', [:kernel, :stdlib, :elixir]},
    logger: {'logger', '1.14.0', [:kernel, :stdlib, :elixir]},
    crypto: {'CRYPTO', '5.1.2', [:kernel, :stdlib]},
    eex: {'eex', '1.14.0', [:kernel, :stdlib, :elixir]},
    ex_unit: {'ex_unit', '1.14.0', [:kernel, :stdlib, :elixir]},
    mix: {'mix', '1.14.0', [:kernel, :stdlib, :elixir]},
    asn1: {'The Erlang ASN1 compiler version 5.0.21', '5.0.21', [:kernel, :stdlib]},
    public_key: {'Public key infrastructure', '1.13.2', [:asn1, :crypto, :kernel, :stdlib]},
    ssl: {'Erlang/OTP SSL application', '10.8.7', [:crypto, :public_key, :kernel, :stdlib]},
    inets: {'INETS  CXC 138 49', '8.2.2', [:kernel, :stdlib]},
    sasl: {'SASL  CXC 138 11', '4.2', [:kernel, :stdlib]},
    runtime_tools: {'RUNTIME_TOOLS', '1.19', [:kernel, :stdlib]},
    mnesia: {'MNESIA  CXC 138 12', '4.21.3', [:kernel, :stdlib]},
    tools: {'DEVTOOLS  CXC 138 16', '3.5.3', [:kernel, :stdlib]},
    syntax_tools: {'Syntax tools', '3.0', [:stdlib]},
    parsetools: {'XLATETOOLS  CXC 138 xx', '2.4.1', [:kernel, :stdlib]}
    }
  end

  # Started when the node is up, most recent first (as which_applications/0 lists them): iex
  # is among them in the shell (whose :iex environment is there from the start,
  # shell/iex-config.ts), not under a script (`elixir file.exs`), which starts it on demand.
  defp booted do
    if Application.get_env(:iex, :default_prompt) != nil,
      do: [:logger, :iex, :elixir, :compiler, :stdlib, :kernel],
      else: [:logger, :elixir, :compiler, :stdlib, :kernel]
  end

  # The environment an application's .app file gives it, set as it is loaded (a key already
  # set, by configuration or put_env before, keeps its value).
  defp app_env(:iex) do
    [
      default_prompt: "%prefix(%counter)>",
      history_size: 20,
      inspect: [pretty: true],
      colors: [],
      alive_prompt: "%prefix(%node)%counter>"
    ]
  end

  defp app_env(_app), do: []

  defp load_env(app) do
    # (the table lists the most recently put first)
    for {key, value} <- Enum.reverse(app_env(app)), Application.__env_fetch__(app, key) == :undefined,
        do: Application.__env_put__(app, key, value)
  end

  # What an application's callback module starts with it: IEx's supervisor (IEx.Config,
  # IEx.Pry) for :iex.
  defp started(:iex), do: IEx.App.ensure_started()

  defp started(:logger) do
    {:ok, _pid} = Logger.App.start(:normal, [])
    :ok
  end

  defp started(_app), do: :ok

  # What an application's callback module does as it stops: Logger.App's stop/1 for :logger.
  defp stopped(:logger), do: Logger.App.stop(nil)
  defp stopped(_app), do: :ok

  def load(app) when is_atom(app) do
    call({:load, app})
  end

  def load({:application, app, _props}) when is_atom(app), do: load(app)

  def unload(app) when is_atom(app), do: call({:unload, app})

  def start(app), do: start(app, :temporary)

  def start(app, type) when is_atom(app) and type in [:permanent, :transient, :temporary] do
    with :ok <- call({:start, app}) do
      result = started(app)

      # (SASL's progress report, as OTP's application controller makes it once the
      # application started)
      if Logger.App.sasl_reports?() do
        :logger.info(%{label: {:application_controller, :progress}, report: [application: app, started_at: node()]}, %{
          domain: [:otp, :sasl],
          error_logger: %{tag: :info_report, type: :progress}
        })
      end

      result
    end
  end

  def stop(app) when is_atom(app) do
    case call({:stop, app}) do
      :ok ->
        stopped(app)
        # As OTP's application controller reports an application it stopped (Logger's
        # translator makes "Application app exited: :stopped" of it).
        :logger.notice(%{label: {:application_controller, :exit}, report: [application: app, exited: :stopped, type: :temporary]}, %{
          domain: [:otp],
          error_logger: %{tag: :info_report, type: :std_info}
        })
        :ok

      error ->
        error
    end
  end

  def ensure_started(app), do: ensure_started(app, :temporary)

  def ensure_started(app, type) when is_atom(app) do
    case start(app, type) do
      :ok -> :ok
      {:error, {:already_started, ^app}} -> :ok
      error -> error
    end
  end

  def ensure_all_started(app), do: ensure_all_started(app, :temporary)

  def ensure_all_started(app, _type) when is_atom(app) do
    case start_all(app, []) do
      {:ok, started} -> {:ok, Enum.reverse(started)}
      {:error, reason, _started} -> {:error, reason}
    end
  end

  defp start_all(app, started) do
    case start(app) do
      :ok ->
        {:ok, [app | started]}

      {:error, {:already_started, ^app}} ->
        {:ok, started}

      {:error, {:not_started, dep}} ->
        case start_all(dep, started) do
          {:ok, started} -> start_all(app, started)
          error -> error
        end

      {:error, reason} ->
        {:error, {app, reason}, started}
    end
  end

  def which_applications, do: which_applications(5000)

  def which_applications(_timeout) do
    for app <- call(:started), do: info(app)
  end

  def loaded_applications do
    for app <- call(:loaded), do: info(app)
  end

  defp info(app) do
    {description, vsn, _} = Map.fetch!(shipped(), app)
    {app, description, vsn}
  end

  # The application of a process is the one whose master is its group leader: beamsh starts
  # no application masters, so a process has none. A module's is the loaded application that
  # ships it.
  def get_application, do: :undefined
  def get_application(pid) when is_pid(pid), do: :undefined

  def get_application(module) when is_atom(module) do
    app = Application.__module_app__(module)
    if app != :undefined and app in call(:loaded), do: {:ok, app}, else: :undefined
  end

  # (of the calling process's application: none here, so [] as OTP answers outside one)
  def get_all_env() do
    case get_application() do
      {:ok, app} -> get_all_env(app)
      :undefined -> []
    end
  end

  def get_all_key() do
    case get_application() do
      {:ok, app} -> get_all_key(app)
      :undefined -> []
    end
  end

  # (how the caller's application is being started: only inside its start, never here)
  def start_type() do
    case get_application() do
      {:ok, _app} -> :local
      :undefined -> :undefined
    end
  end

  def get_key(key), do: get_key(:undefined, key)

  def get_key(app, key) when is_atom(app) and is_atom(key) do
    case get_all_key(app) do
      {:ok, keys} ->
        case List.keyfind(keys, key, 0) do
          {^key, value} -> {:ok, value}
          nil -> :undefined
        end

      _ ->
        :undefined
    end
  end

  def get_all_key(app) when is_atom(app) do
    if app in call(:loaded) do
      {description, vsn, apps} = Map.fetch!(shipped(), app)

      {:ok,
       [
         description: description,
         id: [],
         vsn: vsn,
         modules: Application.__app_modules__(app),
         maxP: :infinity,
         maxT: :infinity,
         registered: [],
         included_applications: [],
         optional_applications: [],
         applications: apps,
         env: get_all_env(app),
         mod: [],
         start_phases: :undefined
       ]}
    else
      :undefined
    end
  end

  # The environment's table is Application's (one per runtime, src/stdlib/application.ts).
  def get_env(key), do: get_env(:undefined, key)
  def get_env(app, key) when is_atom(app), do: Application.__env_fetch__(app, key)

  def get_env(app, key, default) when is_atom(app) do
    case Application.__env_fetch__(app, key) do
      {:ok, value} -> value
      :undefined -> default
    end
  end

  def get_all_env(app) when is_atom(app), do: Application.__env_all__(app)

  def set_env(app, key, value), do: set_env(app, key, value, [])

  def set_env(app, key, value, opts) when is_atom(app) and is_list(opts),
    do: Application.__env_put__(app, key, value)

  def set_env(config), do: set_env(config, [])

  # The whole configuration is checked before any of it is set, as the controller does.
  def set_env(config, opts) when is_list(config) and is_list(opts) do
    case check_config(config, []) do
      :ok ->
        for {app, params} <- config, {key, value} <- params, do: Application.__env_put__(app, key, value)
        :ok

      {:error, text} ->
        :erlang.error({:badarg, text}, [config, opts])
    end
  end

  defp check_config([], _seen), do: :ok

  defp check_config([{app, params} | rest], seen) when is_atom(app) do
    cond do
      app in seen -> {:error, 'duplicate application config: ' ++ text(app)}
      true -> with :ok <- check_params(app, params, []), do: check_config(rest, [app | seen])
    end
  end

  defp check_config([{app, _params} | _], _seen),
    do: {:error, 'application: ' ++ text(app) ++ '; application name must be an atom'}

  defp check_config([other | _], _seen), do: {:error, 'invalid application config: ' ++ text(other)}

  defp check_params(_app, [], _seen), do: :ok

  defp check_params(app, [{key, _} | rest], seen) when is_atom(key) do
    if key in seen do
      {:error, 'application: ' ++ text(app) ++ '; duplicate parameter: ' ++ text(key)}
    else
      check_params(app, rest, [key | seen])
    end
  end

  defp check_params(app, [{key, _} | _], _seen),
    do: {:error, 'application: ' ++ text(app) ++ '; invalid parameter name: ' ++ text(key)}

  defp check_params(app, [other | _], _seen),
    do: {:error, 'application: ' ++ text(app) ++ '; invalid parameter: ' ++ text(other)}

  defp check_params(app, _params, _seen),
    do: {:error, 'application: ' ++ text(app) ++ '; parameters must be a list'}

  # Names as ~ts writes them, other terms as ~tp.
  defp text(atom) when is_atom(atom), do: Atom.to_charlist(atom)
  defp text(term), do: :lists.flatten(:io_lib.format('~tp', [term]))

  def unset_env(app, key), do: unset_env(app, key, [])

  def unset_env(app, key, opts) when is_atom(app) and is_list(opts),
    do: Application.__env_delete__(app, key)

  # ---- the controller: one registered process holding the state ---------------------------

  defp call(request) do
    pid = controller()
    ref = make_ref()
    send(pid, {:"$application_call", self(), ref, request})

    receive do
      {^ref, reply} -> reply
    end
  end

  defp controller do
    case Process.whereis(:application_controller) do
      nil ->
        pid = :erlang.spawn(fn -> __controller__() end)

        try do
          Process.register(pid, :application_controller)
          pid
        rescue
          ArgumentError ->
            Process.exit(pid, :kill)
            controller()
        end

      pid ->
        pid
    end
  end

  # The controller's loop from the start (the system's own process under a shell or a
  # script: stdlib/system-procs.ts).
  @doc false
  def __controller__(), do: loop(%{started: booted(), loaded: booted()})

  defp loop(state) do
    receive do
      {:"$application_call", from, ref, request} ->
        {reply, new_state} = handle(request, state)
        # stack traces name the applications loaded (see Application.__loaded__/1)
        if new_state.loaded != state.loaded, do: Application.__loaded__(new_state.loaded)
        state = new_state
        send(from, {ref, reply})
        loop(state)
    end
  end

  defp handle({:load, app}, state) do
    cond do
      app in state.loaded -> {{:error, {:already_loaded, app}}, state}
      Map.has_key?(shipped(), app) ->
        load_env(app)
        {:ok, %{state | loaded: state.loaded ++ [app]}}

      true -> {{:error, {'no such file or directory', '#{app}.app'}}, state}
    end
  end

  defp handle({:unload, app}, state) do
    cond do
      app in state.started -> {{:error, {:running, app}}, state}
      app in state.loaded -> {:ok, %{state | loaded: List.delete(state.loaded, app)}}
      true -> {{:error, {:not_loaded, app}}, state}
    end
  end

  defp handle({:start, app}, state) do
    cond do
      app in state.started ->
        {{:error, {:already_started, app}}, state}

      not Map.has_key?(shipped(), app) ->
        {{:error, {'no such file or directory', '#{app}.app'}}, state}

      true ->
        {_, _, deps} = Map.fetch!(shipped(), app)

        if app not in state.loaded, do: load_env(app)

        case Enum.find(deps, &(&1 not in state.started)) do
          nil ->
            loaded = if app in state.loaded, do: state.loaded, else: state.loaded ++ [app]
            {:ok, %{state | started: [app | state.started], loaded: loaded}}

          dep ->
            loaded = if app in state.loaded, do: state.loaded, else: state.loaded ++ [app]
            {{:error, {:not_started, dep}}, %{state | loaded: loaded}}
        end
    end
  end

  defp handle({:stop, app}, state) do
    if app in state.started do
      {:ok, %{state | started: List.delete(state.started, app)}}
    else
      {{:error, {:not_started, app}}, state}
    end
  end

  defp handle(:started, state), do: {state.started, state}
  defp handle(:loaded, state), do: {state.loaded, state}
end

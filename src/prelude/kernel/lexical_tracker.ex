# Kernel.LexicalTracker: a :gen_server that collects what a piece of compiled code refers to
# (modules it calls at compile time or at run time, the modules whose exports it depends on,
# the application environment it read at compile time) and which of its imports and aliases
# went unused, as Elixir 1.14's tracker keeps them. Its API is Elixir's (internal to the
# compiler, public in behaviour: Kernel.LexicalTracker.references/1 is what tools read).
#
# beamsh's compiler warns about unused imports and aliases from its own record of them
# (src/runtime/compiler/lexical-tracker.ts); a tracker process is filled by the calls below.
defmodule Kernel.LexicalTracker do
  @moduledoc false
  @behaviour :gen_server

  @doc false
  def references(pid), do: :gen_server.call(pid, :references, :infinity)

  @doc false
  def start_link(), do: :gen_server.start_link(__MODULE__, :ok, [])

  @doc false
  def stop(pid), do: :gen_server.call(pid, :stop)

  @doc false
  def add_export(pid, module) when is_atom(module), do: :gen_server.cast(pid, {:add_export, module})

  @doc false
  def add_import(pid, module, fas, line, warn) when is_atom(module),
    do: :gen_server.cast(pid, {:add_import, module, fas, line, warn})

  @doc false
  def add_alias(pid, module, line, warn) when is_atom(module),
    do: :gen_server.cast(pid, {:add_alias, module, line, warn})

  @doc false
  def remote_dispatch(pid, module, mode) when is_atom(module),
    do: :gen_server.cast(pid, {:remote_dispatch, module, mode})

  @doc false
  def import_dispatch(pid, module, fa, mode) when is_atom(module),
    do: :gen_server.cast(pid, {:import_dispatch, module, fa, mode})

  @doc false
  def alias_dispatch(pid, module) when is_atom(module), do: :gen_server.cast(pid, {:alias_dispatch, module})

  @doc false
  def import_quoted(pid, module, function, arities) when is_atom(module),
    do: :gen_server.cast(pid, {:import_quoted, module, function, arities})

  @doc false
  def add_compile_env(pid, app, path, return), do: :gen_server.cast(pid, {:compile_env, app, path, return})

  @doc false
  def set_file(pid, file), do: :gen_server.cast(pid, {:set_file, file})

  @doc false
  def reset_file(pid), do: :gen_server.cast(pid, :reset_file)

  @doc false
  def write_cache(pid, value) do
    key = :erlang.unique_integer()
    :gen_server.cast(pid, {:write_cache, key, value})
    key
  end

  @doc false
  def read_cache(pid, key), do: :gen_server.call(pid, {:read_cache, key}, :infinity)

  @doc false
  def collect_unused_imports(pid), do: :gen_server.call(pid, :unused_imports, :infinity)

  @doc false
  def collect_unused_aliases(pid), do: :gen_server.call(pid, :unused_aliases, :infinity)

  # ---- the server -------------------------------------------------------------------------
  #
  # references: module => :compile | :runtime (a compile-time use wins over a run-time one)
  # exports: module => true; imports: module => %{module or {name, arity} => line} (the
  # entries not used yet); aliases: module => line (unused yet)

  @doc false
  def init(:ok) do
    {:ok, %{aliases: %{}, imports: %{}, references: %{}, exports: %{}, cache: %{}, compile_env: [], file: nil}}
  end

  @doc false
  def handle_call(:references, _from, state) do
    compile = for {module, :compile} <- state.references, do: module
    runtime = for {module, :runtime} <- state.references, do: module
    reply = {:lists.reverse(compile), Map.keys(state.exports), :lists.reverse(runtime), state.compile_env}
    {:reply, reply, state}
  end

  def handle_call(:unused_aliases, _from, state), do: {:reply, Enum.sort(state.aliases), state}
  def handle_call(:unused_imports, _from, state), do: {:reply, Enum.sort(state.imports), state}
  def handle_call({:read_cache, key}, _from, state), do: {:reply, Map.get(state.cache, key), state}
  def handle_call(:stop, _from, state), do: {:stop, :normal, :ok, state}

  @doc false
  def handle_cast({:write_cache, key, value}, state), do: {:noreply, %{state | cache: Map.put(state.cache, key, value)}}

  def handle_cast({:remote_dispatch, module, mode}, state),
    do: {:noreply, %{state | references: reference(state.references, module, mode)}}

  def handle_cast({:import_dispatch, module, fa, mode}, state) do
    imports = unused_without(state.imports, module, [module, fa])
    {:noreply, %{state | imports: imports, references: reference(state.references, module, mode)}}
  end

  def handle_cast({:alias_dispatch, module}, state), do: {:noreply, %{state | aliases: Map.delete(state.aliases, module)}}

  def handle_cast({:import_quoted, module, function, arities}, state) do
    used = [module | Enum.map(arities, &{function, &1})]
    {:noreply, %{state | imports: unused_without(state.imports, module, used)}}
  end

  def handle_cast({:set_file, file}, state), do: {:noreply, %{state | file: file}}
  def handle_cast(:reset_file, state), do: {:noreply, %{state | file: nil}}

  def handle_cast({:compile_env, app, path, return}, state),
    do: {:noreply, %{state | compile_env: :ordsets.add_element({app, path, return}, state.compile_env)}}

  def handle_cast({:add_export, module}, state), do: {:noreply, %{state | exports: Map.put(state.exports, module, true)}}

  # (an import or alias given warn: false is never reported unused: it is not kept)
  def handle_cast({:add_import, _module, _fas, _line, false}, state), do: {:noreply, state}

  def handle_cast({:add_import, module, fas, line, _warn}, state) do
    entries = Map.new([module | fas], &{&1, line})
    {:noreply, %{state | imports: Map.put(state.imports, module, entries)}}
  end

  def handle_cast({:add_alias, _module, _line, false}, state), do: {:noreply, state}
  def handle_cast({:add_alias, module, line, _warn}, state), do: {:noreply, %{state | aliases: Map.put(state.aliases, module, line)}}

  @doc false
  def handle_info(_msg, state), do: {:noreply, state}

  @doc false
  def terminate(_reason, _state), do: :ok

  @doc false
  def code_change(_old, state, _extra), do: {:ok, state}

  defp reference(references, module, :compile) when is_atom(module), do: Map.put(references, module, :compile)
  defp reference(references, module, :runtime) when is_atom(module), do: Map.put_new(references, module, :runtime)

  defp unused_without(imports, module, used) do
    case imports do
      %{^module => entries} -> Map.put(imports, module, Map.drop(entries, used))
      %{} -> imports
    end
  end
end

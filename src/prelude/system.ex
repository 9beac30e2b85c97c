# System's functions written in Elixir: the deprecated ones Elixir 1.14 still runs, the
# environment setters, running programs (System.cmd/3, shell/2) and trapping signals. The
# rest are natives (src/stdlib/system.ts).
defmodule System do
  defmodule EnvError do
    defexception [:env]

    @impl true
    def message(%{env: env}) do
      "could not fetch environment variable #{inspect(env)} because it is not set"
    end
  end

  def get_pid, do: IO.iodata_to_binary(:os.getpid())

  def stacktrace, do: []

  def fetch_env!(varname) when is_binary(varname) do
    System.get_env(varname) || raise(EnvError, env: varname)
  end

  def put_env(varname, value) when is_binary(varname) and is_binary(value) do
    if String.contains?(varname, "=") do
      raise ArgumentError, "cannot execute System.put_env/2 for key with \"=\", got: #{inspect(varname)}"
    end

    :os.putenv(String.to_charlist(varname), String.to_charlist(value))
    :ok
  end

  def put_env(enum) do
    Enum.each(enum, fn
      {key, nil} ->
        :os.unsetenv(to_charlist(key))

      {key, val} ->
        key = to_charlist(key)

        if ?= in key do
          raise ArgumentError, "cannot execute System.put_env/1 for key with \"=\", got: #{inspect(key)}"
        end

        :os.putenv(key, to_charlist(val))
    end)
  end

  def delete_env(varname) do
    :os.unsetenv(String.to_charlist(varname))
    :ok
  end

  def find_executable(program) when is_binary(program) do
    assert_no_null_byte!(program, "System.find_executable/1")

    case :os.find_executable(String.to_charlist(program)) do
      false -> nil
      path -> List.to_string(path)
    end
  end

  def cmd(command, args, opts \\ []) when is_binary(command) and is_list(args) do
    assert_no_null_byte!(command, "System.cmd/3")

    if not Enum.all?(args, &is_binary/1) do
      raise ArgumentError, "all arguments for System.cmd/3 must be binaries"
    end

    program = String.to_charlist(command)

    program =
      if Path.type(program) == :absolute do
        program
      else
        :os.find_executable(program) || :erlang.error(:enoent, [command, args, opts])
      end

    do_cmd({:spawn_executable, program}, [args: args], opts)
  end

  def shell(command, opts \\ []) when is_binary(command) do
    assert_no_null_byte!(command, "System.shell/2")
    sh = :os.find_executable('sh') || :erlang.error(:enoent, [command, opts])
    do_cmd({:spawn_executable, sh}, [args: ["-c", "(#{command}\n) </dev/null"]], opts)
  end

  # The program runs in a port (src/stdlib/ports.ts): its output goes into the collectable
  # as it comes, until its exit status.
  defp do_cmd(name, base_opts, opts) do
    {into, opts} = cmd_opts(opts, [:use_stdio, :exit_status, :binary, :hide] ++ base_opts, "")
    {initial, fun} = Collectable.into(into)

    try do
      collect(Port.open(name, opts), initial, fun)
    catch
      kind, reason ->
        fun.(initial, :halt)
        :erlang.raise(kind, reason, __STACKTRACE__)
    else
      {acc, status} -> {fun.(acc, :done), status}
    end
  end

  defp collect(port, acc, fun) do
    receive do
      {^port, {:data, data}} -> collect(port, fun.(acc, {:cont, data}), fun)
      {^port, {:exit_status, status}} -> {acc, status}
    end
  end

  defp cmd_opts([{:into, into} | t], opts, _into), do: cmd_opts(t, opts, into)
  defp cmd_opts([{:cd, dir} | t], opts, into) when is_binary(dir), do: cmd_opts(t, [{:cd, dir} | opts], into)
  defp cmd_opts([{:arg0, arg0} | t], opts, into) when is_binary(arg0), do: cmd_opts(t, [{:arg0, arg0} | opts], into)
  defp cmd_opts([{:stderr_to_stdout, true} | t], opts, into), do: cmd_opts(t, [:stderr_to_stdout | opts], into)
  defp cmd_opts([{:stderr_to_stdout, false} | t], opts, into), do: cmd_opts(t, opts, into)
  defp cmd_opts([{:parallelism, bool} | t], opts, into) when is_boolean(bool), do: cmd_opts(t, [{:parallelism, bool} | opts], into)
  defp cmd_opts([{:env, enum} | t], opts, into), do: cmd_opts(t, [{:env, validate_env(enum)} | opts], into)
  defp cmd_opts([{key, val} | _], _opts, _into), do: raise(ArgumentError, "invalid option #{inspect(key)} with value #{inspect(val)}")
  defp cmd_opts([], opts, into), do: {into, opts}

  defp validate_env(enum) do
    Enum.map(enum, fn
      {k, nil} -> {String.to_charlist(k), false}
      {k, v} -> {String.to_charlist(k), String.to_charlist(v)}
      other -> raise ArgumentError, "invalid environment key-value #{inspect(other)}"
    end)
  end

  defp assert_no_null_byte!(binary, operation) do
    if String.contains?(binary, "\0") do
      raise ArgumentError, "cannot execute #{operation} for program with null byte, got: #{inspect(binary)}"
    end

    binary
  end

  @signals [:sigquit, :sigterm, :sigusr1, :sighup, :sigabrt, :sigalrm, :sigusr2, :sigchld, :sigstop, :sigtstp]

  def trap_signal(signal, id \\ make_ref(), fun) when signal in @signals and is_function(fun, 0) do
    System.__trap__(signal, id, fun)
  end

  def untrap_signal(signal, id) when signal in @signals, do: System.__untrap__(signal, id)

  @doc false
  def __run_traps__(funs), do: Enum.each(funs, fn fun -> :ok = fun.() end)
end

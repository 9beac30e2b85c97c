# Mix.Shell, the behaviour of what Mix prints and asks through (Mix.shell/0), and
# Mix.Shell.IO, the one printing to standard output and error and reading standard input.
defmodule Mix.Shell do
  @moduledoc false


  @doc false
  def printable_app_name, do: Mix.ProjectStack.printable_app_name()

  # Runs `command` in the system's shell; its output (standard error too, unless
  # stderr_to_stdout: false) goes to `callback`; returns the exit status.
  def cmd(command, options \\ [], callback) when is_binary(command) and is_function(callback, 1) do
    env = for {k, v} <- Keyword.get(options, :env, []), do: {to_string(k), v && to_string(v)}
    opts = [stderr_to_stdout: Keyword.get(options, :stderr_to_stdout, true), env: env]
    opts = if dir = options[:cd], do: Keyword.put(opts, :cd, dir), else: opts
    {output, status} = System.shell(command, opts)
    if output != "", do: callback.(output)
    status
  end
end

defmodule Mix.Shell.IO do
  @moduledoc false
  @behaviour Mix.Shell

  def print_app do
    if name = Mix.Shell.printable_app_name() do
      IO.puts("==> #{name}")
    end

    :ok
  end

  def info(message) do
    print_app()
    IO.puts(IO.ANSI.format(message))
  end

  def error(message) do
    print_app()
    IO.puts(:stderr, IO.ANSI.format(red(message)))
  end

  def prompt(message) do
    print_app()
    IO.gets(message <> " ")
  end

  def yes?(message, options \\ []) do
    default = Keyword.get(options, :default, :yes)

    unless default in [:yes, :no] do
      raise ArgumentError, "expected :default to be either :yes or :no, got: #{inspect(default)}"
    end

    hint = if default == :yes, do: "[Yn]", else: "[yN]"

    case prompt(message <> " " <> hint) do
      answer when is_binary(answer) ->
        case answer |> String.trim() |> String.downcase() do
          "" -> default == :yes
          a -> a in ["y", "yes"]
        end

      _ ->
        false
    end
  end

  def cmd(command, opts \\ []) do
    print_app? = Keyword.get(opts, :print_app, true)

    Mix.Shell.cmd(command, opts, fn data ->
      if print_app?, do: print_app()
      IO.write(data)
    end)
  end

  defp red(message), do: [:red, :bright, message]
end

# Mix.Utils: the naming rules between mix commands and task modules ("compile.elixir" <=>
# Compile.Elixir) and the parsing of "Mod.fun/arity" strings, usable without a project.
defmodule Mix.Utils do
  def command_to_module(command, at \\ Elixir),
    do: Code.ensure_loaded(Module.concat(at, command_to_module_name(command)))

  def command_to_module_name(command) do
    command |> to_string() |> String.split(".") |> Enum.map_join(".", &Macro.camelize/1)
  end

  def module_name_to_command(module, nesting \\ 0)

  def module_name_to_command(module, nesting) when is_atom(module),
    do: module_name_to_command(inspect(module), nesting)

  def module_name_to_command(module, nesting) do
    module
    |> to_string()
    |> String.split(".")
    |> Enum.drop(nesting)
    |> Enum.map_join(".", &Macro.underscore/1)
  end

  @doc false
  def camelize(string), do: Macro.camelize(string)

  @doc false
  def underscore(string), do: Macro.underscore(string)

  # "Mod.fun/arity", ":mod.fun", "Mod" => {:ok, [module | fun and arity given]}; else :error.
  def parse_mfa(mfa) do
    with {:ok, quoted} <- Code.string_to_quoted(mfa),
         [_ | _] = parts <- mfa_parts(quoted) do
      {:ok, parts}
    else
      _ -> :error
    end
  end

  defp mfa_parts({:/, _, [call, arity]}) when is_integer(arity), do: mf_parts(call, [arity])
  defp mfa_parts(call), do: mf_parts(call, [])

  defp mf_parts({{:., _, [module, fun]}, _, []}, rest) when is_atom(fun), do: m_parts(module, [fun | rest])
  defp mf_parts(module, rest), do: m_parts(module, rest)

  defp m_parts({:__aliases__, _, parts}, rest), do: [Module.concat(parts) | rest]
  defp m_parts(atom, rest) when is_atom(atom), do: [atom | rest]
  defp m_parts(_, _), do: []
end

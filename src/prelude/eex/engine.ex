# EEx.Engine: the engine EEx builds templates with (and its callbacks, for other engines).
# The state keeps the template's static parts and dynamic expressions separately; the body
# becomes a block that binds each `<%= %>` value, converted with String.Chars, to a variable,
# then one binary of the text and those variables.
defmodule EEx.Engine do
  @moduledoc false

  # (Its callbacks, for other engines: init/1, handle_body/1, handle_text/3, handle_expr/3,
  # handle_begin/1 and handle_end/1, are listed with the library's behaviours.)

  def handle_assign({:@, meta, [{name, _, atom}]}) when is_atom(name) and is_atom(atom) do
    line = meta[:line] || 0
    quote(line: line, do: EEx.Engine.fetch_assign!(var!(assigns), unquote(name)))
  end

  def handle_assign(arg) do
    arg
  end

  @doc false
  def fetch_assign!(assigns, key) do
    case Access.fetch(assigns, key) do
      {:ok, value} ->
        value

      :error ->
        available = Enum.map(assigns, fn {k, _} -> k end)

        IO.warn(
          "assign @#{key} not available in EEx template. Please ensure all assigns are given as options. " <>
            "Available assigns: #{inspect(available)}"
        )

        nil
    end
  end

  def init(_opts) do
    %{binary: [], dynamic: [], vars_count: 0}
  end

  def handle_begin(state) do
    check_state!(state)
    %{state | binary: [], dynamic: []}
  end

  def handle_end(quoted) do
    handle_body(quoted)
  end

  def handle_body(state) do
    check_state!(state)
    text = {:<<>>, [], Enum.reverse(state.binary)}
    {:__block__, [], Enum.reverse([text | state.dynamic])}
  end

  def handle_text(state, _meta, text) do
    check_state!(state)
    %{state | binary: [text | state.binary]}
  end

  def handle_expr(state, "=", ast) do
    check_state!(state)
    %{binary: binary, dynamic: dynamic, vars_count: count} = state
    var = Macro.var(:"arg#{count}", __MODULE__)
    bind = quote do: unquote(var) = String.Chars.to_string(unquote(ast))
    segment = quote do: unquote(var) :: binary
    %{state | dynamic: [bind | dynamic], binary: [segment | binary], vars_count: count + 1}
  end

  def handle_expr(state, "", ast) do
    %{state | dynamic: [ast | state.dynamic]}
  end

  def handle_expr(_state, marker, _ast) when marker in ["/", "|"] do
    raise EEx.SyntaxError,
          "unsupported EEx syntax <%#{marker} %> (the syntax is valid but not supported by the current EEx engine)"
  end

  defp check_state!(%{binary: _, dynamic: _, vars_count: _}), do: :ok

  defp check_state!(state) do
    raise "unexpected EEx.Engine state: #{inspect(state)}. " <>
            "This typically means a bug or an outdated EEx.Engine or tool"
  end
end

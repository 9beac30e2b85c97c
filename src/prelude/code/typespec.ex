# Code.Typespec: reading a module's typespecs back. Elixir takes them from the debug info
# of the module's BEAM file; beamsh has no BEAM files (modules live in memory, as those
# defined in iex or a script do in Elixir, which have none either), so no module has any.
defmodule Code.Typespec do
  @moduledoc false

  def fetch_types(module) when is_atom(module) or is_binary(module), do: :error
  def fetch_specs(module) when is_atom(module) or is_binary(module), do: :error
  def fetch_callbacks(module) when is_atom(module) or is_binary(module), do: :error
end

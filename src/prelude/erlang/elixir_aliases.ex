# :elixir_aliases' naming functions (Module.concat/1,2 and safe_concat/1,2 call them): parts
# joined into one alias, "Elixir." first; safe_concat/1 only names an atom that exists.
defmodule :elixir_aliases do
  @moduledoc false

  def concat(parts), do: :beamsh_module.concat(parts)

  def safe_concat(parts), do: :erlang.binary_to_existing_atom(:beamsh_module.concat_name(parts), :utf8)
end

# IEx.Info, the protocol behind i/1: info/1 answers the sections i/1 shows about a term (as
# {name, text} pairs; i/1 adds "Term" and "Implemented protocols" around them). The built-in
# types' implementations are beamsh's (stdlib/iex-info.ts); a struct or any other term
# without its own implementation gets Any's, as in IEx.
defprotocol IEx.Info do
  @moduledoc false
  @fallback_to_any true

  def info(term)
end

defimpl IEx.Info, for: Tuple do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: Atom do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: List do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: BitString do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: Integer do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: Float do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: Function do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: PID do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: Port do
  # open while it is connected to a process
  def info(port) do
    open? = match?({:connected, _}, :erlang.port_info(port, :connected))
    [{"Data type", "Port"}, {"Open", open?}, {"Reference modules", "Port"}]
  end
end

defimpl IEx.Info, for: Reference do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: Map do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: Date do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: Time do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: NaiveDateTime do
  def info(term), do: :beamsh_iex_info.sections(term)
end

defimpl IEx.Info, for: Any do
  def info(term), do: :beamsh_iex_info.sections(term)
end

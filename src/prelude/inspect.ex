# The Inspect protocol. The documents of the built-in types and of the library's structs
# are built by natives (Inspect.Algebra.__native_doc__/2), which also serve inspect/2,
# IO.inspect and the shell: a value needs Elixir code only where it holds a struct with
# its own implementation, and then only for that struct (see runtime/elixir-callback.ts).
defprotocol Inspect do
  @fallback_to_any true
  def inspect(term, opts)
end

# (Called directly with a term of another type, or options that are no Inspect.Opts, each
# fails where Elixir's implementation does: at the first BIF or clause that refuses it.)
defimpl Inspect, for: Atom do
  def inspect(atom, %Inspect.Opts{} = opts) when is_atom(atom), do: Inspect.Algebra.__native_doc__(atom, opts)
  def inspect(atom, opts) when is_atom(atom), do: Inspect.Algebra.color(Macro.inspect_atom(:literal, atom), :atom, opts)
  def inspect(term, _opts), do: Macro.inspect_atom(:literal, term)
end

defimpl Inspect, for: BitString do
  def inspect(term, %Inspect.Opts{} = opts) when is_bitstring(term), do: Inspect.Algebra.__native_doc__(term, opts)
  def inspect(term, opts) when is_bitstring(term), do: raise(MatchError, term: opts)
  def inspect(term, _opts), do: :erlang.bit_size(term)
end

defimpl Inspect, for: Integer do
  def inspect(term, %Inspect.Opts{} = opts) when is_integer(term), do: Inspect.Algebra.__native_doc__(term, opts)
  def inspect(term, %Inspect.Opts{}), do: :erlang.integer_to_binary(term, 10)
end

defimpl Inspect, for: Float do
  def inspect(term, %Inspect.Opts{} = opts) when is_float(term), do: Inspect.Algebra.__native_doc__(term, opts)
  def inspect(term, opts) when is_integer(term) and abs(term) >= 1 and abs(term) < 10_000_000_000_000_000,
    do: Inspect.Algebra.color(Integer.to_string(term) <> ".0", :number, opts)

  def inspect(term, _opts) when is_integer(term), do: :erlang.float_to_list(term, [:short])
  def inspect(term, _opts) when not is_number(term), do: :erlang.abs(term)
  def inspect(term, opts), do: Inspect.Algebra.color(Float.to_string(term), :number, opts)
end

defimpl Inspect, for: Function do
  def inspect(term, opts) when is_function(term), do: Inspect.Algebra.__native_doc__(term, Inspect.Algebra.__given_opts__(opts))
  def inspect(term, _opts), do: :erlang.fun_info(term)
end

defimpl Inspect, for: PID do
  def inspect(term, opts) when is_pid(term), do: Inspect.Algebra.__native_doc__(term, Inspect.Algebra.__given_opts__(opts))
  def inspect(term, _opts), do: :erlang.pid_to_list(term)
end

defimpl Inspect, for: Port do
  def inspect(term, opts) when is_port(term), do: Inspect.Algebra.__native_doc__(term, Inspect.Algebra.__given_opts__(opts))
  def inspect(term, _opts), do: :erlang.port_to_list(term)
end

defimpl Inspect, for: Reference do
  def inspect(term, opts) when is_reference(term), do: Inspect.Algebra.__native_doc__(term, Inspect.Algebra.__given_opts__(opts))
  def inspect(term, _opts), do: :erlang.ref_to_list(term)
end

defimpl Inspect, for: Tuple do
  def inspect(term, %Inspect.Opts{} = opts) when is_tuple(term), do: Inspect.Algebra.__native_doc__(term, opts)
  def inspect(term, opts) when is_tuple(term), do: Inspect.Algebra.color("{", :tuple, opts)
  def inspect(term, _opts), do: :erlang.tuple_to_list(term)
end

defimpl Inspect, for: List do
  def inspect(term, %Inspect.Opts{} = opts) when is_list(term), do: Inspect.Algebra.__native_doc__(term, opts)
  def inspect(term, %Inspect.Opts{printable_limit: limit}), do: List.ascii_printable?(term, limit)
  def inspect(_term, opts), do: raise(MatchError, term: opts)
end

defimpl Inspect, for: Map do
  def inspect(map, %Inspect.Opts{} = opts) when is_map(map), do: Inspect.Algebra.__map_doc__(map, opts)
  def inspect(map, opts) when is_map(map), do: Inspect.Algebra.color("%{", :map, opts)
  def inspect(map, _opts), do: :maps.to_list(map)
end

defimpl Inspect,
  for: [Range, MapSet, Regex, Date, Time, NaiveDateTime, DateTime, Date.Range, Stream, URI, Version, Version.Requirement, HashDict, HashSet] do
  def inspect(term, opts), do: Inspect.Algebra.__native_doc__(term, opts)
end

defimpl Inspect, for: Any do
  def inspect(struct, opts), do: Inspect.Algebra.__native_doc__(struct, opts)
end

defimpl Inspect, for: Inspect.Error do
  def inspect(%{stacktrace: stacktrace} = inspect_error, _opts) do
    message = Exception.message(inspect_error)

    case stacktrace do
      [_ | _] ->
        "#Inspect.Error<\n" <>
          Inspect.Error.pad(message, 2) <>
          "\n\n  Stacktrace:\n\n" <> Exception.format_stacktrace(stacktrace) <> "\n>"

      [] ->
        "#Inspect.Error<\n  " <> Inspect.Error.pad(message, 2) <> "\n>"
    end
  end
end

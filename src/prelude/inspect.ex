# The Inspect protocol. The documents of the built-in types and of the library's structs
# are built by natives (Inspect.Algebra.__native_doc__/2), which also serve inspect/2,
# IO.inspect and the shell: a value needs Elixir code only where it holds a struct with
# its own implementation, and then only for that struct (see runtime/elixir-callback.ts).
defprotocol Inspect do
  @fallback_to_any true
  def inspect(term, opts)
end

defimpl Inspect, for: [Atom, BitString, Integer, Float, Function, PID, Port, Reference, Tuple, List] do
  def inspect(term, opts), do: Inspect.Algebra.__native_doc__(term, opts)
end

defimpl Inspect, for: Map do
  def inspect(map, opts), do: Inspect.Algebra.__map_doc__(map, opts)
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

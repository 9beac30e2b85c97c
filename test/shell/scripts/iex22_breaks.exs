# IEx.Pry's breakpoints outside a shell: set, listed, reset, removed; a module whose .beam
# is loaded again has none left; ids are used up by breakpoints that could not be set.
Application.ensure_all_started(:iex)
import IEx.Helpers

breaks()
IO.inspect IEx.Pry.break(URI, :decode_query, 2)
IO.inspect URI.module_info(:attributes)[:iex_pry]
IO.inspect IEx.Pry.breaks()
breaks()
IO.inspect IEx.Pry.break(URI, :decode_query, 2, 10)
IO.inspect IEx.Pry.break(URI, :parse, 1, 3)
IO.inspect IEx.Pry.break(URI, :unknown, 2)
IO.inspect IEx.Pry.break(:lists, :map, 2)
IO.inspect IEx.Pry.break(Base, :encode16, 1, 0)
breaks()

# A stop outside a shell says it cannot pry; the function still runs.
output = ExUnit.CaptureIO.capture_io(fn -> IO.inspect(URI.decode_query("foo=bar", %{})) end)
IO.puts(String.contains?(output, "Is an IEx shell running?"))
IO.puts(String.ends_with?(output, "%{\"foo\" => \"bar\"}\n"))
IO.inspect IEx.Pry.breaks()
IO.inspect Base.encode16("hi")

IO.inspect IEx.Pry.reset_break(URI, :parse, 1)
IO.inspect IEx.Pry.reset_break(9)
IO.inspect IEx.Pry.breaks()
:ets.insert(IEx.Pry, {1, URI, {:decode_query, 2}, {[], true}, -1})
IO.inspect IEx.Pry.breaks()

beam = :code.which(URI)
:code.purge(URI)
IO.inspect :code.load_binary(URI, beam, File.read!(beam))
IO.inspect URI.module_info(:attributes)[:iex_pry]
IO.inspect IEx.Pry.breaks()
IO.inspect IEx.Pry.reset_break(1)

IO.inspect break!(URI.decode_query(_, map) when is_map(map))
IO.inspect break!(URI.parse(_))
IO.inspect IEx.Pry.breaks()
IO.inspect IEx.Pry.remove_breaks(URI)
IO.inspect URI.module_info(:attributes)[:iex_pry]
IO.inspect IEx.Pry.breaks()
IO.inspect break!(Base.encode16/1)
IO.inspect remove_breaks()
IO.inspect IEx.Pry.breaks()
IO.inspect break!(String.upcase/1)

for call <- [fn -> break!(URI, :unknown, 2) end, fn -> break!(:lists, :map, 2) end] do
  try do
    call.()
  rescue
    e -> IO.inspect(e)
  end
end

IO.inspect nl([node()], URI)
IO.inspect nl([node()], :no_such_module)

# :io's reading functions written in Elixir (output is native, see src/stdlib/erlang-io.ts).
# The shell's standard input is in binary mode, as iex's: a line comes back as a binary.
defmodule :io do
  @moduledoc false

  def get_line(prompt), do: get_line(:standard_io, prompt)
  def get_line(device, prompt), do: IO.gets(device, prompt)

  # Reads lines until the format is used up (io_lib_fread's continuation).
  def fread(prompt, format), do: fread(:standard_io, prompt, format)
  def fread(device, prompt, format), do: fread_more(device, prompt, format, [])

  defp fread_more(device, prompt, format, cont) do
    case IO.gets(device, prompt) do
      :eof ->
        case :io_lib_fread.fread(cont, :eof, format) do
          {:done, result, _} -> result
          {:more, _} -> {:error, {:fread, :input}}
        end

      {:error, _} = err ->
        err

      line ->
        case :io_lib_fread.fread(cont, String.to_charlist(line), format) do
          {:done, result, _rest} -> result
          {:more, cont} -> fread_more(device, prompt, format, cont)
        end
    end
  end
end

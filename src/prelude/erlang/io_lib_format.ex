# io_lib_format's functions written in Elixir: unscan/1 (io_lib:unscan_format/1), fwrite,
# scan, build, fwrite_g, indentation. The scanning and building of formats are natives
# (src/stdlib/io-lib.ts, through :io_lib).
defmodule :io_lib_format do
  @moduledoc false

  # io_lib_format's own entries: scanning a format into its control sequences, building the
  # text of a scanned list, both at once (io_lib:format/2,3 is fwrite in a catch). A format
  # that does not fit its arguments raises ArgumentError here (OTP raises the error of the
  # step that failed, which io_lib turns into that).
  def fwrite(format, args), do: build(scan(format, args))
  def fwrite(format, args, options), do: build(scan(format, args), options)

  def scan(format, args) when is_atom(format), do: scan(Atom.to_charlist(format), args)
  def scan(format, args), do: :io_lib.scan_format(format, args)

  def build(cs), do: build(cs, [])
  def build(cs, options), do: :io_lib.build_text(cs, options)

  # The shortest text that reads back as the float.
  def fwrite_g(float), do: :erlang.float_to_list(float, [:short])

  # The column after writing the deep character list from column `i` (tabs stop every 8).
  def indentation([?\n | cs], _i), do: indentation(cs, 0)
  def indentation([?\t | cs], i), do: indentation(cs, div(i + 8, 8) * 8)
  def indentation([c | cs], i) when is_integer(c), do: indentation(cs, i + 1)
  def indentation([c | cs], i), do: indentation(cs, indentation(c, i))
  def indentation([], i), do: i

  # The text and arguments of a scan_format/2 list.
  def unscan(cs), do: {print(cs), args(cs)}

  defp args([%{args: as} | cs]), do: as ++ args(cs)
  defp args([_ | cs]), do: args(cs)
  defp args([]), do: []

  defp print([%{control_char: c, width: f, adjust: ad, precision: p, pad_char: pad, encoding: enc, strings: str} | cs]) do
    [?~] ++ field_width(f, ad) ++ precision(p, pad) ++ pad_char(pad) ++
      if(enc == :unicode, do: 't', else: '') ++ if(str == false, do: 'l', else: '') ++ [c] ++ print(cs)
  end

  defp print([c | cs]), do: [c | print(cs)]
  defp print([]), do: []

  defp field_width(:none, _), do: ''
  defp field_width(f, :left), do: Integer.to_charlist(-f)
  defp field_width(f, :right), do: Integer.to_charlist(f)

  defp precision(:none, ?\s), do: ''
  defp precision(:none, _), do: '.'
  defp precision(p, _), do: [?. | Integer.to_charlist(p)]

  defp pad_char(?\s), do: ''
  defp pad_char(pad), do: [?., pad]
end

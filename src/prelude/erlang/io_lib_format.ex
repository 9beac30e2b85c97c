# io_lib_format's functions written in Elixir: unscan/1 (io_lib:unscan_format/1). The
# scanning and building of formats are natives (src/stdlib/io-lib.ts, through :io_lib).
defmodule :io_lib_format do
  @moduledoc false

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

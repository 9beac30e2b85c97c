# Logger.Utils: what Logger's handler uses to shape a message before the backends see it.
# truncate/2 cuts chardata to a number of bytes (never in the middle of a code point, the
# cut marked " (truncated)"); scan_inspect/4 scans an Erlang format with its arguments
# (:io_lib.scan_format/2) and turns each ~p/~P/~w/~W into a ~ts of the argument inspected as
# Elixir, binaries cut to the truncate limit first; timestamp/2 is an event's time of day
# with milliseconds, local or UTC.
defmodule Logger.Utils do
  @moduledoc false

  def truncate(chardata, :infinity) when is_binary(chardata) or is_list(chardata), do: chardata

  def truncate(chardata, n) when is_integer(n) and n >= 0 do
    case cut(chardata, n) do
      {kept, left} when left >= 0 -> kept
      {kept, _} -> [kept, " (truncated)"]
    end
  end

  # {what is kept, bytes left}: a negative count means something was cut.
  defp cut(_, n) when n < 0, do: {"", n}

  defp cut(binary, n) when is_binary(binary) do
    left = n - byte_size(binary)
    if left < 0, do: {whole_code_points(binary_part(binary, 0, n)), left}, else: {binary, left}
  end

  defp cut(char, n) when is_integer(char) and char >= 0 and char < 0x80, do: {char, n - 1}
  defp cut(char, n) when is_integer(char) and char >= 0x80 and char < 0x800, do: {char, n - 2}
  defp cut(char, n) when is_integer(char) and char >= 0x800 and char < 0x10000, do: {char, n - 3}
  defp cut(char, n) when is_integer(char) and char >= 0x10000, do: {char, n - 4}
  defp cut(list, n) when is_list(list), do: cut_list(list, n, [])

  defp cut(other, _n) do
    raise ArgumentError,
          "cannot truncate chardata because it contains something that is not " <>
            "valid chardata: #{inspect(other)}"
  end

  defp cut_list(_rest, n, acc) when n < 0, do: {Enum.reverse(acc), n}
  defp cut_list([], n, acc), do: {Enum.reverse(acc), n}

  defp cut_list([head | tail], n, acc) do
    {head, n} = cut(head, n)
    cut_list(tail, n, [head | acc])
  end

  # (an improper tail: chardata such as ['ab' | "c"])
  defp cut_list(tail, n, acc) do
    {tail, n} = cut(tail, n)
    {:lists.reverse(acc, tail), n}
  end

  # A binary cut at a byte count: the bytes of a code point left incomplete at its end go.
  # (only the last 13 bytes are looked at: they hold at least the last two code points; bytes
  # that are no code point on their own stay when one follows them, as the start of the
  # window may fall inside a code point)
  defp whole_code_points(binary) do
    size = byte_size(binary)
    tail_size = min(size, 13)
    head = binary_part(binary, 0, size - tail_size)
    head <> drop_partial(binary_part(binary, size - tail_size, tail_size), "")
  end

  defp drop_partial(<<c::utf8, rest::binary>>, pending), do: pending <> <<c::utf8>> <> drop_partial(rest, "")
  defp drop_partial(<<byte, rest::binary>>, pending), do: drop_partial(rest, <<pending::binary, byte>>)
  defp drop_partial(<<>>, _pending), do: ""

  def scan_inspect(format, args, truncate, opts \\ %Inspect.Opts{})

  def scan_inspect(format, args, truncate, opts) when is_atom(format),
    do: scan_inspect(Atom.to_charlist(format), args, truncate, opts)

  def scan_inspect(format, args, truncate, opts) when is_binary(format),
    do: scan_inspect(:binary.bin_to_list(format), args, truncate, opts)

  def scan_inspect(format, [], _truncate, _opts) when is_list(format), do: :io_lib.scan_format(format, [])

  def scan_inspect(format, args, truncate, opts) when is_list(format) do
    # Binary arguments share the truncate budget, in order: once it is spent they are "".
    {args, _left} =
      Enum.map_reduce(args, truncate, fn
        arg, budget when is_binary(arg) and budget != :infinity -> cut(arg, budget)
        arg, budget -> {arg, budget}
      end)

    for spec <- :io_lib.scan_format(format, args), do: inspected(spec, opts)
  end

  # ~w and ~W print on one line, ~p and ~P to the spec's width (80 when it has none); ~P and
  # ~W take their depth as the inspect limit; the l modifier (strings: false) prints
  # charlists as lists.
  defp inspected(%{control_char: char, args: [term | rest], width: width, strings: strings?}, opts)
       when char in 'wWpP' do
    opts = %{
      opts
      | charlists: if(strings?, do: opts.charlists, else: :as_lists),
        limit: if(char in 'WP', do: hd(rest), else: opts.limit),
        width: if(char in 'wW', do: :infinity, else: width)
    }

    text = term |> Inspect.Algebra.to_doc(opts) |> Inspect.Algebra.format(if opts.width == :none, do: 80, else: opts.width)

    %{
      adjust: :right,
      args: [text],
      control_char: ?s,
      encoding: :unicode,
      pad_char: ?\s,
      precision: :none,
      strings: true,
      width: :none
    }
  end

  defp inspected(spec, _opts), do: spec

  def timestamp(timestamp \\ :os.system_time(:microsecond), utc_log?) do
    {date, {h, m, s}} =
      if utc_log?,
        do: :calendar.system_time_to_universal_time(timestamp, :microsecond),
        else: :calendar.system_time_to_local_time(timestamp, :microsecond)

    {date, {h, m, s, div(rem(timestamp, 1_000_000), 1000)}}
  end
end

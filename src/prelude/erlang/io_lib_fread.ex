# Formatted input as OTP 25's io_lib:fread/2,3 reads it: a format of ~ directives, literal
# characters and whitespace (which skips any whitespace) against a line of characters.
# Directives: ~d (integer, optional sign), ~u (unsigned; ~Nu in base N), ~- (an optional
# sign as 1 or -1), ~# (Erlang's based integer, base#digits), ~f (float with a fraction), ~s
# (characters up to whitespace), ~a (the same as an atom), ~c (one or N characters, spaces
# kept), ~l (how many characters have been read), ~~; a width limits a field, * reads
# without keeping, t reads Unicode. Answers {:ok, results, rest}, {:more, format, n, results}
# when the line ends first, :eof at the start of an ended input, or {:error, {:fread, what}}.
defmodule :io_lib_fread do
  @moduledoc false

  @ws [?\s, ?\t, ?\n, ?\r]

  def fread(format, line), do: fread(format, line, 0, [])

  # The re-entrant form :io.fread uses: characters are collected up to a newline, then the
  # line is read; a format not used up by then waits for more lines ({:more, continuation}).
  def fread([], chars, format), do: collect(format, [], 0, [], chars)
  def fread({format, stack, n, results}, chars, _format), do: collect(format, stack, n, results, chars)

  defp collect(format, [?\r | stack], n, results, [?\n | chars]), do: line(format, :lists.reverse(stack), n, results, chars, '\r\n')
  defp collect(format, stack, n, results, [?\n | chars]), do: line(format, :lists.reverse(stack), n, results, chars, '\n')
  defp collect(format, stack, n, results, []), do: {:more, {format, stack, n, results}}
  defp collect(format, [?\r | stack], n, results, chars), do: line(format, :lists.reverse(stack), n, results, chars, '\r')
  defp collect(format, stack, n, results, [c | chars]), do: collect(format, [c | stack], n, results, chars)
  defp collect(format, stack, n, results, chars), do: line(format, :lists.reverse(stack), n, results, chars, [])

  defp line(format0, line, n0, results0, more, newline) do
    chars = if is_list(more), do: more, else: []

    case fread(format0, line, n0, results0) do
      {:ok, results, []} -> {:done, {:ok, results}, chars}
      # The whitespace after what was read is kept for the next read.
      {:ok, results, rest} -> {:done, {:ok, results}, rest ++ newline ++ chars}
      {:more, format, n, results} when is_list(line) and is_list(more) -> collect(format, [], n + length(newline), results, more)
      {:more, format, n, results} when is_list(line) -> line(format, :eof, n + length(newline), results, more, [])
      other -> {:done, other, more}
    end
  end

  defp fread([?~ | format0] = all, line, n, results) do
    {format, width, sup, unicode} = field(format0)
    directive(format, width, sup, unicode, line, n, results, all)
  end

  defp fread([c | format], line, n, results) when c in @ws, do: skip_white(format, line, n, results)
  defp fread([c | format], [c | line], n, results), do: fread(format, line, n + 1, results)
  defp fread([_ | _], [_ | _], _n, _results), do: error(:input)
  defp fread([_ | _] = format, [], n, results), do: {:more, format, n, results}
  defp fread([_ | _], :eof, 0, []), do: :eof
  defp fread([_ | _], :eof, _n, _results), do: error(:input)
  defp fread([], line, _n, results), do: {:ok, :lists.reverse(results), line}

  defp skip_white(format, [c | line], n, results) when c in @ws, do: skip_white(format, line, n + 1, results)
  defp skip_white(format, line, n, results), do: fread(format, line, n, results)

  defp error(what), do: {:error, {:fread, what}}

  # ~[*][width][t]
  defp field([?* | format]), do: field(format, :none, true, false)
  defp field(format), do: field(format, :none, false, false)

  defp field([c | format], w, sup, u) when c in ?0..?9, do: field(format, if(w == :none, do: 0, else: w) * 10 + c - ?0, sup, u)
  defp field([?t | format], w, sup, _u), do: {format, w, sup, true}
  defp field(format, w, sup, u), do: {format, w, sup, u}

  defp keep(true, _value, results), do: results
  defp keep(false, value, results), do: [value | results]

  defp directive([?l | format], _w, sup, _u, line, n, results, _all), do: fread(format, line, n, keep(sup, n, results))
  defp directive(_format, _w, _sup, _u, [], n, results, all), do: {:more, all, n, results}
  defp directive(_format, _w, _sup, _u, :eof, 0, [], _all), do: :eof
  defp directive(_format, _w, _sup, _u, :eof, _n, _results, _all), do: error(:input)
  defp directive(format, w, sup, u, line, n, results, _all), do: directive(format, w, sup, u, line, n, results)

  defp directive([?f | format], :none, sup, false, line0, n0, res) do
    {line, n, cs} = float_cs(line0, n0)
    convert(cs, :float, sup, format, line, n, res)
  end

  defp directive([?f | format], w, sup, false, line0, n, res) do
    {line, cs} = chars(line0, w, false)
    convert(cs, :float, sup, format, line, n + w, res)
  end

  defp directive([?d | format], :none, sup, false, line0, n0, res) do
    {line, n, cs} = int_cs(line0, n0)
    convert(cs, {:integer, 10}, sup, format, line, n, res)
  end

  defp directive([?d | format], w, sup, false, line0, n, res) do
    {line, cs} = chars(line0, w, false)
    convert(cs, {:integer, 10}, sup, format, line, n + w, res)
  end

  defp directive([?u | format], :none, sup, false, line0, n0, res) do
    {line, n, cs} = digits(line0, n0, 10, [])
    convert(cs, {:unsigned, 10}, sup, format, line, n, res)
  end

  defp directive([?u | format], base, sup, false, line0, n0, res) when base >= 2 and base <= 36 do
    {line, n, cs} = digits(line0, n0, base, [])
    convert(cs, {:unsigned, base}, sup, format, line, n, res)
  end

  defp directive([?- | format], _w, sup, false, line, n, res) do
    case line do
      [?- | rest] -> fread(format, rest, n + 1, keep(sup, -1, res))
      [?+ | rest] -> fread(format, rest, n + 1, keep(sup, 1, res))
      _ -> fread(format, line, n, keep(sup, 1, res))
    end
  end

  defp directive([?# | format], :none, sup, false, line0, n0, res) do
    try do
      {line1, n1, b1} = base(line0, n0)
      b = abs(b1)
      true = b >= 2 and b <= 36
      {line2, n2, cs2} = digits(line1, n1, b, [])
      based(:lists.reverse(cs2), b1, sup, format, line2, n2, res)
    catch
      _, _ -> error(:based)
    end
  end

  defp directive([?# | format], w, sup, false, line0, n, res) do
    try do
      {line1, cs1} = chars(line0, w, false)
      {line2, _, b2} = base(:lists.reverse(cs1), n)
      true = b2 >= 2 and b2 <= 36
      based(line2, b2, sup, format, line1, n + w, res)
    catch
      _, _ -> error(:based)
    end
  end

  defp directive([?s | format], :none, sup, u, line0, n0, res) do
    {line, n, cs} = string_cs(line0, n0, u)
    string(cs, sup, u, format, line, n, res)
  end

  defp directive([?s | format], w, sup, u, line0, n, res) do
    {line, cs} = chars(line0, w, u)
    string(cs, sup, u, format, line, n + w, res)
  end

  defp directive([?a | format], :none, sup, u, line0, n0, res) do
    {line, n, cs} = string_cs(line0, n0, u)
    atom(cs, sup, format, line, n, res)
  end

  defp directive([?a | format], w, sup, false, line0, n, res) do
    {line, cs} = chars(line0, w, false)
    atom(cs, sup, format, line, n + w, res)
  end

  defp directive([?c | format], w, sup, u, line0, n, res) do
    count = if w == :none, do: 1, else: w
    {line, cs} = chars(line0, count, u)

    case cs do
      :error -> error(:character)
      _ -> fread(format, line, n + count, unicode(keep(sup, :lists.reverse(cs), res), u))
    end
  end

  defp directive([?~ | format], _w, _sup, _u, [?~ | line], n, res), do: fread(format, line, n + 1, res)
  defp directive(_format, _w, _sup, _u, _line, _n, _res), do: error(:format)

  # Converts the characters read (reversed), leading and trailing whitespace aside.
  defp convert(cs, kind, sup, format, line, n, res) do
    value =
      try do
        text = trim_white(:lists.reverse(cs))

        case kind do
          :float -> {:ok, :erlang.list_to_float(text)}
          {_, base} -> {:ok, :erlang.list_to_integer(text, base)}
        end
      rescue
        _ -> :error
      end

    case value do
      {:ok, v} -> fread(format, line, n, keep(sup, v, res))
      :error -> error(if is_tuple(kind), do: elem(kind, 0), else: kind)
    end
  end

  defp based(cs0, b, sup, format, line, n, res) do
    {cs, base} = if b < 0, do: {[?- | cs0], -b}, else: {cs0, b}
    fread(format, line, n, keep(sup, :erlang.list_to_integer(cs, base), res))
  end

  defp string(:error, _sup, _u, _format, _line, _n, _res), do: error(:string)

  defp string(cs0, sup, u, format, line, n, res) do
    cs = trim_white(:lists.reverse(trim_white(cs0)))
    fread(format, line, n, unicode(keep(sup, cs, res), u))
  end

  defp atom(:error, _sup, _format, _line, _n, _res), do: error(:atom)

  defp atom(cs0, sup, format, line, n, res) do
    cs = trim_white(:lists.reverse(trim_white(cs0)))
    fread(format, line, n, keep(sup, :erlang.list_to_atom(cs), res))
  end

  # A Unicode (~ts, ~tc) result is a list; otherwise latin-1 characters, also a list.
  defp unicode(res, _u), do: res

  # Exactly `count` characters of the line (a newline or, unless Unicode, a character past
  # latin-1 ends the field too early: :error).
  defp chars(line, count, u), do: chars(count, line, u, [])
  defp chars(0, line, _u, cs), do: {line, cs}
  defp chars(_k, [?\n | line], _u, _cs), do: {[?\n | line], :error}
  defp chars(k, [c | line], true, cs), do: chars(k - 1, line, true, [c | cs])
  defp chars(k, [c | line], false, cs) when c >= 0 and c <= 255, do: chars(k - 1, line, false, [c | cs])
  defp chars(_k, line, _u, _cs), do: {line, :error}

  defp int_cs(line0, n0) do
    {line1, n1} = skip_ws(line0, n0)
    {line, n, cs} = sign(line1, n1, [])
    digits(line, n, cs)
  end

  defp float_cs(line0, n0) do
    {line1, n1} = skip_ws(line0, n0)
    {line2, n2, cs2} = sign(line1, n1, [])
    {line, n, cs} = digits(line2, n2, cs2)

    case line do
      [?. | rest] ->
        {l, k, c} = digits(rest, n + 1, [?. | cs])

        case l do
          [e | rest2] when e in [?e, ?E] ->
            {l2, k2, c2} = sign(rest2, k + 1, [e | c])
            digits(l2, k2, c2)

          _ ->
            {l, k, c}
        end

      _ ->
        {line, n, cs}
    end
  end

  defp string_cs(line0, n0, u) do
    {line, n} = skip_ws(line0, n0)
    nonwhite(line, n, [], u)
  end

  defp nonwhite([c | _] = line, n, cs, _u) when c in @ws, do: {line, n, cs}
  defp nonwhite([c | _] = line, n, [], false) when c > 255, do: {line, n, :error}
  defp nonwhite([c | _] = line, n, cs, false) when c > 255, do: {line, n, cs}
  defp nonwhite([c | line], n, cs, u), do: nonwhite(line, n + 1, [c | cs], u)
  defp nonwhite([], n, cs, _u), do: {[], n, cs}

  defp trim_white([c | line]) when c in @ws, do: trim_white(line)
  defp trim_white(line), do: line

  defp skip_ws([c | line], n) when c in @ws, do: skip_ws(line, n + 1)
  defp skip_ws(line, n), do: {line, n}

  defp sign([s | line], n, cs) when s in [?+, ?-], do: {line, n + 1, [s | cs]}
  defp sign(line, n, cs), do: {line, n, cs}

  defp base(line0, n0) do
    {[?# | line1], n1, cs1} = int_cs(line0, n0)
    {line1, n1 + 1, :erlang.list_to_integer(:lists.reverse(cs1))}
  end

  defp digits(line, n, acc), do: digits(line, n, 10, acc)

  defp digits([c | line], n, base, acc) do
    if digit?(c, base), do: digits(line, n + 1, base, [c | acc]), else: {[c | line], n, acc}
  end

  defp digits([], n, _base, acc), do: {[], n, acc}

  # Decimal digits are always taken (a digit too big for the base fails the conversion).
  defp digit?(c, _base) when c in ?0..?9, do: true
  defp digit?(c, base) when c in ?a..?z, do: c - ?a + 10 < base
  defp digit?(c, base) when c in ?A..?Z, do: c - ?A + 10 < base
  defp digit?(_c, _base), do: false
end

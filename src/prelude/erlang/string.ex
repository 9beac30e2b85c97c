# The obsolete flat-list functions Erlang's :string still exports (the grapheme-aware API is
# native, src/stdlib/erlang-string.ts). They are plain list recursion, so a bad argument
# fails in the same helper OTP's does (e.g. FunctionClauseError in :string.strip_right/2).
defmodule :string do
  def len(s), do: length(s)
  def concat(s1, s2), do: s1 ++ s2

  def chr(s, c) when is_integer(c), do: chr(s, c, 1)
  defp chr([c | _], c, i), do: i
  defp chr([_ | rest], c, i), do: chr(rest, c, i + 1)
  defp chr([], _c, _i), do: 0

  def rchr(s, c) when is_integer(c), do: rchr(s, c, 1, 0)
  defp rchr([c | rest], c, i, _last), do: rchr(rest, c, i + 1, i)
  defp rchr([_ | rest], c, i, last), do: rchr(rest, c, i + 1, last)
  defp rchr([], _c, _i, last), do: last

  def str(s, sub) when is_list(sub), do: str(s, sub, 1)

  defp str([c | s], [c | sub] = whole, i) do
    if l_prefix(sub, s), do: i, else: str(s, whole, i + 1)
  end

  defp str([_ | s], sub, i), do: str(s, sub, i + 1)
  defp str([], _sub, _i), do: 0

  def rstr(s, sub) when is_list(sub), do: rstr(s, sub, 1, 0)

  defp rstr([c | s], [c | sub] = whole, i, last) do
    rstr(s, whole, i + 1, if(l_prefix(sub, s), do: i, else: last))
  end

  defp rstr([_ | s], sub, i, last), do: rstr(s, sub, i + 1, last)
  defp rstr([], _sub, _i, last), do: last

  defp l_prefix([c | pre], [c | string]), do: l_prefix(pre, string)
  defp l_prefix([], string) when is_list(string), do: true
  defp l_prefix(pre, string) when is_list(pre) and is_list(string), do: false

  def span(s, chars) when is_list(chars), do: span(s, chars, 0)
  defp span([c | s], chars, n), do: if(:lists.member(c, chars), do: span(s, chars, n + 1), else: n)
  defp span([], _chars, n), do: n

  def cspan(s, chars) when is_list(chars), do: cspan(s, chars, 0)
  defp cspan([c | s], chars, n), do: if(:lists.member(c, chars), do: n, else: cspan(s, chars, n + 1))
  defp cspan([], _chars, n), do: n

  def substr(s, 1) when is_list(s), do: s
  def substr(s, start) when is_integer(start) and start > 1, do: substr2(s, start)

  def substr(s, start, len) when is_integer(start) and start >= 1 and is_integer(len) and len >= 0 do
    substr1(substr2(s, start), len)
  end

  defp substr1([c | s], len) when len > 0, do: [c | substr1(s, len - 1)]
  defp substr1(s, _len) when is_list(s), do: []

  defp substr2(s, 1) when is_list(s), do: s
  defp substr2([_ | s], start), do: substr2(s, start - 1)

  def sub_string(s, start), do: substr(s, start)
  def sub_string(s, start, stop), do: substr(s, start, stop - start + 1)

  # Tokens are collected walking the string backwards, so each comes out in order.
  def tokens(s, seps) do
    case seps do
      [] ->
        case s do
          [] -> []
          [_ | _] -> [s]
        end

      [sep] ->
        tokens_single_1(:lists.reverse(s), sep, [])

      [_ | _] ->
        tokens_multiple_1(:lists.reverse(s), seps, [])
    end
  end

  defp tokens_single_1([sep | s], sep, toks), do: tokens_single_1(s, sep, toks)
  defp tokens_single_1([c | s], sep, toks), do: tokens_single_2(s, sep, toks, [c])
  defp tokens_single_1([], _sep, toks), do: toks

  defp tokens_single_2([sep | s], sep, toks, tok), do: tokens_single_1(s, sep, [tok | toks])
  defp tokens_single_2([c | s], sep, toks, tok), do: tokens_single_2(s, sep, toks, [c | tok])
  defp tokens_single_2([], _sep, toks, tok), do: [tok | toks]

  defp tokens_multiple_1([c | s], seps, toks) do
    if :lists.member(c, seps), do: tokens_multiple_1(s, seps, toks), else: tokens_multiple_2(s, seps, toks, [c])
  end

  defp tokens_multiple_1([], _seps, toks), do: toks

  defp tokens_multiple_2([c | s], seps, toks, tok) do
    if :lists.member(c, seps),
      do: tokens_multiple_1(s, seps, [tok | toks]),
      else: tokens_multiple_2(s, seps, toks, [c | tok])
  end

  defp tokens_multiple_2([], _seps, toks, tok), do: [tok | toks]

  def chars(c, n), do: chars(c, n, [])
  def chars(c, n, tail) when is_number(n) and n > 0, do: chars(c, n - 1, [c | tail])
  # Any other term compares greater than 0 and fails counting down (string.erl's line 1983).
  def chars(_c, n, _tail) when not is_number(n), do: :beamsh_errors.raise_at(:badarith, :string, :chars, 3, 1983, 1)

  def chars(c, 0, tail) when is_integer(c), do: tail

  def copies(chars, n) when is_list(chars) and is_integer(n) and n >= 0, do: copies(chars, n, [])
  defp copies(_chars, 0, acc), do: acc
  defp copies(chars, n, acc), do: copies(chars, n - 1, chars ++ acc)

  def words(s), do: words(s, ?\s)
  def words(s, c) when is_integer(c), do: w_count(strip(s, :both, c), c, 0)

  defp w_count([], _c, n), do: n + 1
  defp w_count([c | s], c, n), do: w_count(strip(s, :left, c), c, n + 1)
  defp w_count([_ | s], c, n), do: w_count(s, c, n)

  def sub_word(s, index), do: sub_word(s, index, ?\s)

  def sub_word(s, index, c) when is_integer(index) and is_integer(c) do
    if words(s, c) < index, do: [], else: s_word(strip(s, :left, c), index, c, 1, [])
  end

  defp s_word([], _stop, _c, _i, acc), do: :lists.reverse(acc)
  defp s_word([c | _], i, c, i, acc), do: :lists.reverse(acc)
  defp s_word([x | s], i, c, i, acc), do: s_word(s, i, c, i, [x | acc])
  defp s_word([c | s], stop, c, i, acc) when i < stop, do: s_word(strip(s, :left, c), stop, c, i + 1, acc)
  defp s_word([_ | s], stop, c, i, acc) when i < stop, do: s_word(s, stop, c, i, acc)

  def strip(s), do: strip(s, :both)
  def strip(s, :left), do: strip_left(s, ?\s)
  def strip(s, :right), do: strip_right(s, ?\s)
  def strip(s, :both), do: strip_right(strip_left(s, ?\s), ?\s)

  def strip(s, :right, c), do: strip_right(s, c)
  def strip(s, :left, c), do: strip_left(s, c)
  def strip(s, :both, c), do: strip_right(strip_left(s, c), c)

  defp strip_left([c | s], c), do: strip_left(s, c)
  defp strip_left([_ | _] = s, c) when is_integer(c), do: s
  defp strip_left([], c) when is_integer(c), do: []

  defp strip_right([c | s], c) do
    case strip_right(s, c) do
      [] -> []
      rest -> [c | rest]
    end
  end

  defp strip_right([x | s], c), do: [x | strip_right(s, c)]
  defp strip_right([], c) when is_integer(c), do: []

  def left(s, len) when is_integer(len), do: left(s, len, ?\s)

  def left(s, len, c) when is_integer(c) do
    n = length(s)

    cond do
      n > len -> substr(s, 1, len)
      n < len -> s ++ chars(c, len - n)
      n == len -> s
    end
  end

  def right(s, len) when is_integer(len), do: right(s, len, ?\s)

  def right(s, len, c) when is_integer(c) do
    n = length(s)

    cond do
      n > len -> substr(s, n - len + 1)
      n < len -> chars(c, len - n, s)
      n == len -> s
    end
  end

  def centre(s, len) when is_integer(len), do: centre(s, len, ?\s)
  def centre(s, 0, c) when is_list(s) and is_integer(c), do: []

  def centre(s, len, c) when is_integer(c) do
    n = length(s)

    cond do
      n > len ->
        substr(s, div(n - len, 2) + 1, len)

      n < len ->
        half = div(len - n, 2)
        chars(c, half, s ++ chars(c, len - (n + half)))

      n == len ->
        s
    end
  end

  def to_lower(s) when is_list(s), do: unquote(:"-to_lower/1-lc$^0/1-0-")(s)
  def to_lower(c) when is_integer(c), do: lower_char(c)
  def to_upper(s) when is_list(s), do: unquote(:"-to_upper/1-lc$^0/1-0-")(s)
  def to_upper(c) when is_integer(c), do: upper_char(c)

  # The functions the Erlang compiler makes of string.erl's list comprehensions (named as
  # it names them, for stack traces): an improper tail is a bad generator.
  defp unquote(:"-to_lower/1-lc$^0/1-0-")([c | s]), do: [lower_char(c) | unquote(:"-to_lower/1-lc$^0/1-0-")(s)]
  defp unquote(:"-to_lower/1-lc$^0/1-0-")([]), do: []
  defp unquote(:"-to_lower/1-lc$^0/1-0-")(other), do: :erlang.error({:bad_generator, other})

  defp unquote(:"-to_upper/1-lc$^0/1-0-")([c | s]), do: [upper_char(c) | unquote(:"-to_upper/1-lc$^0/1-0-")(s)]
  defp unquote(:"-to_upper/1-lc$^0/1-0-")([]), do: []
  defp unquote(:"-to_upper/1-lc$^0/1-0-")(other), do: :erlang.error({:bad_generator, other})

  # Latin-1 letters only.
  defp lower_char(c) when is_integer(c) and ((c >= ?A and c <= ?Z) or (c >= 0xC0 and c <= 0xD6) or (c >= 0xD8 and c <= 0xDE)), do: c + 32
  defp lower_char(c), do: c
  defp upper_char(c) when is_integer(c) and ((c >= ?a and c <= ?z) or (c >= 0xE0 and c <= 0xF6) or (c >= 0xF8 and c <= 0xFE)), do: c - 32
  defp upper_char(c), do: c

  def join([], sep) when is_list(sep), do: []
  def join([h | t], sep), do: h ++ :lists.append(unquote(:"-join/2-lc$^0/1-0-")(t, sep))

  defp unquote(:"-join/2-lc$^0/1-0-")([x | t], sep), do: [sep ++ x | unquote(:"-join/2-lc$^0/1-0-")(t, sep)]
  defp unquote(:"-join/2-lc$^0/1-0-")([], _sep), do: []
  defp unquote(:"-join/2-lc$^0/1-0-")(other, _sep), do: :erlang.error({:bad_generator, other})
end

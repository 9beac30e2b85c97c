# :io_lib's functions written in Elixir (the formatting ones are natives, see
# src/stdlib/io-lib.ts): formatted input, prompts, atom quoting.
defmodule :io_lib do
  @moduledoc false
  def fread(format, line), do: :io_lib_fread.fread(format, line)
  def fread(cont, chars, format), do: :io_lib_fread.fread(cont, chars, format)

  # A prompt as the shell's I/O server prints it: {:format, f, args} formatted, text as is
  # (~s), anything else ~p; a prompt that cannot be formatted is '???'.
  def format_prompt(prompt), do: format_prompt(prompt, :latin1)
  def format_prompt({:format, format, args}, _encoding), do: prompt_text(format, args)

  def format_prompt(prompt, encoding) when is_list(prompt) or is_atom(prompt) or is_binary(prompt),
    do: prompt_text(modifier(encoding, ?s), [prompt])

  def format_prompt(prompt, encoding), do: prompt_text(modifier(encoding, ?p), [prompt])

  defp prompt_text(format, args) do
    try do
      :io_lib.format(format, args)
    catch
      _, _ -> '???'
    end
  end

  defp modifier(:latin1, c), do: [?~, c]
  defp modifier(_, c), do: [?~, ?t, c]

  # Whether an atom written as `chars` needs quotes in Erlang syntax: a reserved word, or
  # not a lowercase letter followed by letters, digits, _ and @.
  @reserved [:after, :begin, :case, :try, :cond, :catch, :andalso, :orelse, :end, :fun, :if, :let, :of,
             :receive, :when, :bnot, :not, :div, :rem, :band, :and, :bor, :bxor, :bsl, :bsr, :or, :xor]

  def quote_atom(atom, _chars) when atom in @reserved, do: true
  def quote_atom(_atom, [c | cs]) when c in ?a..?z, do: not name_chars(cs)
  def quote_atom(_atom, [c | cs]) when c in ?ß..?ÿ and c != ?÷, do: not name_chars(cs)
  def quote_atom(_atom, _chars), do: true

  defp name_chars(cs), do: Enum.all?(cs, &name_char?/1)

  defp name_char?(c) when c in ?a..?z or c in ?A..?Z or c in ?0..?9 or c in [?_, ?@], do: true
  defp name_char?(c) when c in ?ß..?ÿ and c != ?÷, do: true
  defp name_char?(c) when c in ?À..?Þ and c != ?×, do: true
  defp name_char?(_), do: false

  # The text and arguments of a scan_format/2 list.
  def unscan_format(format_list), do: :io_lib_format.unscan(format_list)

  # The I/O protocol's collectors, as an I/O server calls them for get_chars, get_line and
  # get_until requests: each returns {:stop, result, rest} or a continuation for more data.
  def collect_chars(tag, data, n), do: collect_chars(tag, data, :latin1, n)

  def collect_chars(:start, data, :unicode, n) when is_binary(data) do
    {size, npos} = count_and_find_utf8(data, n)

    cond do
      size > n ->
        {b1, b2} = :erlang.split_binary(data, npos)
        {:stop, b1, b2}

      size < n ->
        {:binary, [data], n - size}

      true ->
        {:stop, data, :eof}
    end
  end

  def collect_chars(:start, data, :latin1, n) when is_binary(data) do
    size = byte_size(data)

    cond do
      size > n ->
        {b1, b2} = :erlang.split_binary(data, n)
        {:stop, b1, b2}

      size < n ->
        {:binary, [data], n - size}

      true ->
        {:stop, data, :eof}
    end
  end

  def collect_chars(:start, data, _, n) when is_list(data), do: collect_chars_list([], n, data)
  def collect_chars(:start, :eof, _, _), do: {:stop, :eof, :eof}
  def collect_chars({:binary, stack, _n}, :eof, _, _), do: {:stop, binrev(stack), :eof}

  def collect_chars({:binary, stack, n}, data, :unicode, _) do
    {size, npos} = count_and_find_utf8(data, n)

    cond do
      size > n ->
        {b1, b2} = :erlang.split_binary(data, npos)
        {:stop, binrev(stack, [b1]), b2}

      size < n ->
        {:binary, [data | stack], n - size}

      true ->
        {:stop, binrev(stack, [data]), :eof}
    end
  end

  def collect_chars({:binary, stack, n}, data, :latin1, _) do
    size = byte_size(data)

    cond do
      size > n ->
        {b1, b2} = :erlang.split_binary(data, n)
        {:stop, binrev(stack, [b1]), b2}

      size < n ->
        {:binary, [data | stack], n - size}

      true ->
        {:stop, binrev(stack, [data]), :eof}
    end
  end

  def collect_chars({:list, stack, n}, data, _, _), do: collect_chars_list(stack, n, data)
  def collect_chars([], chars, _, n), do: collect_chars1(n, chars, [])
  def collect_chars({left, sofar}, chars, _, _n), do: collect_chars1(left, chars, sofar)

  defp collect_chars1(n, chars, stack) when n <= 0, do: {:done, :lists.reverse(stack, []), chars}
  defp collect_chars1(n, [c | rest], stack), do: collect_chars1(n - 1, rest, [c | stack])
  defp collect_chars1(_n, :eof, []), do: {:done, :eof, []}
  defp collect_chars1(_n, :eof, stack), do: {:done, :lists.reverse(stack, []), []}
  defp collect_chars1(n, [], stack), do: {:more, {n, stack}}

  defp collect_chars_list(stack, 0, data), do: {:stop, :lists.reverse(stack, []), data}
  defp collect_chars_list(stack, _n, :eof), do: {:stop, :lists.reverse(stack, []), :eof}
  defp collect_chars_list(stack, n, []), do: {:list, stack, n}
  defp collect_chars_list(stack, n, [h | t]), do: collect_chars_list([h | stack], n - 1, t)

  # {count of UTF-8 characters, byte position after the first n of them (:none when fewer)}
  defp count_and_find_utf8(bin, n), do: cafu(bin, n, 0, 0, :none)

  defp cafu(<<>>, _n, count, _byte_count, save_pos), do: {count, save_pos}
  defp cafu(<<_::utf8, rest::binary>>, 0, count, byte_count, _save_pos), do: cafu(rest, -1, count + 1, 0, byte_count)
  defp cafu(<<_::utf8, rest::binary>>, n, count, _byte_count, save_pos) when n < 0, do: cafu(rest, -1, count + 1, 0, save_pos)

  defp cafu(<<_::utf8, rest::binary>> = whole, n, count, byte_count, save_pos),
    do: cafu(rest, n - 1, count + 1, byte_count + byte_size(whole) - byte_size(rest), save_pos)

  defp cafu(_other, _n, count, _byte_count, save_pos), do: {count, save_pos}

  def collect_line(tag, data, any), do: collect_line(tag, data, :latin1, any)

  def collect_line(:start, data, encoding, _) when is_binary(data), do: collect_line_bin(data, data, [], encoding)
  def collect_line(:start, data, _, _) when is_list(data), do: collect_line_list(data, [])
  def collect_line(:start, :eof, _, _), do: {:stop, :eof, :eof}
  def collect_line(stack, data, encoding, _) when is_binary(data), do: collect_line_bin(data, data, stack, encoding)
  def collect_line(stack, data, _, _) when is_list(data), do: collect_line_list(data, stack)
  def collect_line([b | _] = stack, :eof, _, _) when is_binary(b), do: {:stop, binrev(stack), :eof}
  def collect_line(stack, :eof, _, _), do: {:stop, :lists.reverse(stack, []), :eof}

  defp collect_line_bin(<<?\n, t::binary>>, data, stack0, _) do
    n = byte_size(data) - byte_size(t)
    <<line::binary-size(n), _::binary>> = data

    case stack0 do
      [] -> {:stop, line, t}
      [<<?\r>> | stack] when n == 1 -> {:stop, binrev(stack, [?\n]), t}
      _ -> {:stop, binrev(stack0, [line]), t}
    end
  end

  defp collect_line_bin(<<?\r, ?\n, t::binary>>, data, stack, _) do
    n = byte_size(data) - byte_size(t) - 2
    <<line::binary-size(n), _::binary>> = data
    {:stop, binrev(stack, [line, ?\n]), t}
  end

  defp collect_line_bin(<<?\r>>, data0, stack, _) do
    n = byte_size(data0) - 1
    <<data::binary-size(n), _::binary>> = data0
    [<<?\r>>, data | stack]
  end

  defp collect_line_bin(<<_, t::binary>>, data, stack, enc), do: collect_line_bin(t, data, stack, enc)
  defp collect_line_bin(<<>>, data, stack, _), do: [data | stack]

  defp collect_line_list([?\n | t], [?\r | stack]), do: {:stop, :lists.reverse(stack, '\n'), t}
  defp collect_line_list([?\n | t], stack), do: {:stop, :lists.reverse(stack, '\n'), t}
  defp collect_line_list([h | t], stack), do: collect_line_list(t, [h | stack])
  defp collect_line_list([], stack), do: stack

  def get_until(any, data, arg), do: get_until(any, data, :latin1, arg)

  def get_until(:start, data, encoding, xtra_arg), do: get_until([], data, encoding, xtra_arg)

  def get_until(cont, data, encoding, {mod, func, xtra_args}) do
    chars =
      cond do
        is_binary(data) and encoding == :unicode -> :unicode.characters_to_list(data, :utf8)
        is_binary(data) -> :erlang.binary_to_list(data)
        true -> data
      end

    case apply(mod, func, [cont, chars | xtra_args]) do
      {:done, result, buf} ->
        {:stop,
         cond do
           is_binary(data) and is_list(result) and encoding == :unicode ->
             :unicode.characters_to_binary(result, :unicode, :unicode)

           is_binary(data) and is_list(result) ->
             :erlang.iolist_to_binary(result)

           true ->
             result
         end, buf}

      {:more, new_cont} ->
        new_cont
    end
  end

  defp binrev(l), do: :erlang.list_to_binary(:lists.reverse(l, []))
  defp binrev(l, t), do: :erlang.list_to_binary(:lists.reverse(l, t))

  # The term cut at depth, as ~P would print it ('...' for what lies deeper); the term
  # itself when nothing is that deep.
  def limit_term(term, depth) do
    try do
      test_limit(term, depth)
      term
    catch
      :throw, :limit -> limit(term, depth)
    end
  end

  defp limit(_, 0), do: :...

  defp limit([h | t] = l, d) do
    cond do
      d == 1 -> [:...]
      :io_lib.printable_list(l) -> l
      true -> [limit(h, d - 1) | limit_tail(t, d - 1)]
    end
  end

  defp limit(term, d) when is_map(term), do: limit_map_body(:maps.iterator(term), d + 1, d, [])
  defp limit({} = t, _d), do: t
  defp limit(t, 1) when is_tuple(t), do: {:...}
  defp limit(t, d) when is_tuple(t), do: :erlang.list_to_tuple([limit(elem(t, 0), d - 1) | limit_tuple(t, 2, d - 1)])
  defp limit(term, _d), do: term

  defp limit_tail([], _d), do: []
  defp limit_tail(_, 1), do: [:...]
  defp limit_tail([h | t], d), do: [limit(h, d - 1) | limit_tail(t, d - 1)]
  defp limit_tail(other, d), do: limit(other, d - 1)

  defp limit_tuple(t, i, _d) when i > tuple_size(t), do: []
  defp limit_tuple(_, _i, 1), do: [:...]
  defp limit_tuple(t, i, d), do: [limit(elem(t, i - 1), d - 1) | limit_tuple(t, i + 1, d - 1)]

  defp limit_map_body(_i, 0, _d0, acc), do: :maps.from_list(acc)

  defp limit_map_body(i, d, d0, acc) do
    case :maps.next(i) do
      {k, v, next_i} -> limit_map_body(next_i, d - 1, d0, [{k, limit(v, d0 - 1)} | acc])
      :none -> :maps.from_list(acc)
    end
  end

  defp test_limit(_, 0), do: throw(:limit)

  defp test_limit([h | t] = l, d) when is_integer(d) do
    cond do
      d == 1 ->
        throw(:limit)

      :io_lib.printable_list(l) ->
        :ok

      true ->
        test_limit(h, d - 1)
        test_limit_tail(t, d - 1)
    end
  end

  defp test_limit(term, d) when is_map(term), do: test_limit_map_body(:maps.iterator(term), d)
  defp test_limit({}, _d), do: :ok
  defp test_limit(t, d) when is_tuple(t), do: test_limit_tuple(t, 1, tuple_size(t), d)
  defp test_limit(_term, _d), do: :ok

  defp test_limit_tail([], _d), do: :ok
  defp test_limit_tail(_, 1), do: throw(:limit)

  defp test_limit_tail([h | t], d) do
    test_limit(h, d - 1)
    test_limit_tail(t, d - 1)
  end

  defp test_limit_tail(other, d), do: test_limit(other, d - 1)

  defp test_limit_tuple(_t, i, sz, _d) when i > sz, do: :ok
  defp test_limit_tuple(_, _, _, 1), do: throw(:limit)

  defp test_limit_tuple(t, i, sz, d) do
    test_limit(elem(t, i - 1), d - 1)
    test_limit_tuple(t, i + 1, sz, d - 1)
  end

  defp test_limit_map_body(_i, 0), do: throw(:limit)

  defp test_limit_map_body(i, d) do
    case :maps.next(i) do
      {k, v, next_i} ->
        test_limit(k, d - 1)
        test_limit(v, d - 1)
        test_limit_map_body(next_i, d - 1)

      :none ->
        :ok
    end
  end

  # A binary written as <<...>> within t characters (-1: no limit) and depth d:
  # {chars, the part not written}.
  def write_binary(b, d, t) do
    {s, rest} = write_binary_body(b, d, tsub(t, 4), [])
    {[?<, ?<, :lists.reverse(s), ?>, ?>], rest}
  end

  defp tsub(t, _) when t < 0, do: t
  defp tsub(t, e) when t >= e, do: t - e
  defp tsub(_, _), do: 0

  defp write_binary_body(<<>> = b, _d, _t, acc), do: {acc, b}
  defp write_binary_body(b, d, t, acc) when d === 1 or t === 0, do: {['...' | acc], b}
  defp write_binary_body(<<x::8>>, _d, _t, acc), do: {[Integer.to_charlist(x) | acc], <<>>}

  defp write_binary_body(<<x::8, rest::bitstring>>, d, t, acc) do
    s = Integer.to_charlist(x)
    write_binary_body(rest, d - 1, tsub(t, length(s) + 1), [?,, s | acc])
  end

  defp write_binary_body(b, _d, _t, acc) do
    l = bit_size(b)
    <<x::size(l)>> = b
    {[Integer.to_charlist(l), ?: , Integer.to_charlist(x) | acc], <<>>}
  end

  # Strings and characters in Erlang's quoted syntax (io_lib.erl's write_string/2 and
  # string_char/4): \" \\ and the named escapes, other control characters in octal, and for
  # unicode_as_latin1 characters past ÿ as \x{...}.
  def write_atom(atom), do: write_possibly_quoted_atom(atom, &write_string/2)
  def write_atom_as_latin1(atom), do: write_possibly_quoted_atom(atom, &write_string_as_latin1/2)

  defp write_possibly_quoted_atom(atom, pfun) do
    chars = :erlang.atom_to_list(atom)
    if quote_atom(atom, chars), do: pfun.(chars, ?'), else: chars
  end

  def write_string(s), do: write_string(s, ?")
  def write_string(s, q), do: [q | write_string1(:unicode_as_unicode, s, q)]
  def write_unicode_string(s), do: write_string(s)
  def write_latin1_string(s), do: write_latin1_string(s, ?")
  def write_latin1_string(s, q), do: [q | write_string1(:latin1, s, q)]
  def write_string_as_latin1(s), do: write_string_as_latin1(s, ?")
  def write_string_as_latin1(s, q), do: [q | write_string1(:unicode_as_latin1, s, q)]

  defp write_string1(_, [], q), do: [q]
  defp write_string1(enc, [c | cs], q), do: string_char(enc, c, q, write_string1(enc, cs, q))

  defp string_char(_, q, q, tail), do: [?\\, q | tail]
  defp string_char(_, ?\\, _, tail), do: [?\\, ?\\ | tail]
  defp string_char(_, c, _, tail) when c >= ?\s and c <= ?~, do: [c | tail]
  defp string_char(:latin1, c, _, tail) when c >= ?\s and c <= 255, do: [c | tail]
  defp string_char(:unicode_as_unicode, c, _, tail) when c >= ?\s, do: [c | tail]
  defp string_char(:unicode_as_latin1, c, _, tail) when c >= ?\s and c <= 255, do: [c | tail]
  defp string_char(:unicode_as_latin1, c, _, tail) when c >= 255, do: '\\x{' ++ Integer.to_charlist(c, 16) ++ '}' ++ tail
  defp string_char(_, ?\n, _, tail), do: [?\\, ?n | tail]
  defp string_char(_, ?\r, _, tail), do: [?\\, ?r | tail]
  defp string_char(_, ?\t, _, tail), do: [?\\, ?t | tail]
  defp string_char(_, ?\v, _, tail), do: [?\\, ?v | tail]
  defp string_char(_, ?\b, _, tail), do: [?\\, ?b | tail]
  defp string_char(_, ?\f, _, tail), do: [?\\, ?f | tail]
  defp string_char(_, ?\e, _, tail), do: [?\\, ?e | tail]
  defp string_char(_, ?\d, _, tail), do: [?\\, ?d | tail]

  defp string_char(_, c, _, tail) when c < ?\s do
    c1 = Bitwise.bsr(c, 6) + ?0
    c2 = Bitwise.band(Bitwise.bsr(c, 3), 7) + ?0
    c3 = Bitwise.band(c, 7) + ?0
    [?\\, c1, c2, c3 | tail]
  end

  def write_char(?\s), do: '$\\s'
  def write_char(c) when is_integer(c) and c >= 0, do: [?$ | string_char(:unicode_as_unicode, c, -1, [])]
  def write_unicode_char(c), do: write_char(c)
  def write_latin1_char(lat1) when is_integer(lat1) and lat1 >= 0 and lat1 <= 255, do: [?$ | string_char(:latin1, lat1, -1, [])]
  def write_char_as_latin1(uni) when is_integer(uni) and uni >= 0, do: [?$ | string_char(:unicode_as_latin1, uni, -1, [])]
end

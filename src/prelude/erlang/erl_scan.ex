# :erl_scan as OTP 25 documents it: string/1,2,3 and the re-entrant tokens/3,4 over the
# scanner of `:beamsh_erl_scan` (src/stdlib/erl-scan.ts), which hands back each token with
# its line, column and text; the options (return, return_white_spaces, return_comments,
# text, {reserved_word_fun, f}, {text_fun, f}) decide here which names are reserved words
# and which annotations keep their text (:erl_anno). A continuation keeps the characters of
# the form not yet ended and rescans them with the next ones.
defmodule :erl_scan do
  @moduledoc false

  @reserved [:after, :begin, :case, :try, :cond, :catch, :andalso, :orelse, :end, :fun, :if, :let, :of, :receive, :when, :bnot, :not, :div, :rem, :band, :and, :bor, :bxor, :bsl, :bsr, :or, :xor]

  def reserved_word(atom) when atom in @reserved, do: true
  def reserved_word(_), do: false
  def f_reserved_word(atom), do: reserved_word(atom)

  def format_error({:string, quote, head}) do
    thing = if quote == ?', do: 'atom', else: 'string'
    :lists.flatten(['unterminated ', thing, ' starting with ', :io_lib.write_string(head, quote)])
  end

  def format_error({:illegal, type}), do: :lists.flatten(:io_lib.fwrite('illegal ~w', [type]))
  def format_error(:char), do: 'unterminated character'
  def format_error({:base, base}), do: :lists.flatten(:io_lib.fwrite('illegal base \'~w\'', [base]))
  def format_error(other), do: :lists.flatten(:io_lib.write(other))

  def string(string), do: string(string, 1, [])
  def string(string, start), do: string(string, start, [])

  def string(string, line, options) when is_list(string) and is_integer(line), do: string1(string, options(options), line, :no_col)

  def string(string, {line, col}, options) when is_list(string) and is_integer(line) and is_integer(col) and col >= 1,
    do: string1(string, options(options), line, col)

  defp string1(string, st, line, col) do
    case :beamsh_erl_scan.scan(string, line, col, flags(st), true, false) do
      {:ok, raw, _, line, col} -> {:ok, tokens_of(raw, st), location(line, col)}
      {:error, info, end_loc, _} -> {:error, info, end_loc}
    end
  end

  def tokens(cont, chars, start), do: tokens(cont, chars, start, [])

  def tokens([], chars, line, options) when is_integer(line), do: tokens1([], chars, options(options), line, :no_col)

  def tokens([], chars, {line, col}, options) when is_integer(line) and is_integer(col) and col >= 1,
    do: tokens1([], chars, options(options), line, col)

  def tokens({:erl_scan_continuation, acc, _, _, _, st, {line, col}, _}, chars, _start, _options),
    do: tokens1(acc, chars, st, line, col)

  defp tokens1(acc, :eof, st, line, col) do
    case :beamsh_erl_scan.scan(acc, line, col, flags(st), true, true) do
      {:ok, [], _, line, col} -> {:done, {:eof, location(line, col)}, :eof}
      {:ok, raw, rest, line, col} -> {:done, {:ok, tokens_of(raw, st), location(line, col)}, rest}
      {:error, info, end_loc, rest} -> {:done, {:error, info, end_loc}, rest}
    end
  end

  defp tokens1(acc, chars, st, line, col) when is_list(chars) do
    all = acc ++ chars

    case :beamsh_erl_scan.scan(all, line, col, flags(st), false, true) do
      {:ok, raw, rest, end_line, end_col} -> {:done, {:ok, tokens_of(raw, st), location(end_line, end_col)}, rest}
      {:error, info, end_loc, rest} -> {:done, {:error, info, end_loc}, rest}
      {:more, at_line, at_col} -> {:more, {:erl_scan_continuation, all, at_col, [], at_line, st, {line, col}, :beamsh}}
    end
  end

  def continuation_location({:erl_scan_continuation, _, :no_col, _, line, _, _, _}), do: line
  def continuation_location({:erl_scan_continuation, _, col, _, line, _, _, _}), do: {line, col}

  def column(token), do: :erl_anno.column(elem(token, 1))
  def end_location(token), do: :erl_anno.end_location(elem(token, 1))
  def line(token), do: :erl_anno.line(elem(token, 1))
  def location(token), do: :erl_anno.location(elem(token, 1))
  def text(token), do: :erl_anno.text(elem(token, 1))

  def category({category, _anno}), do: category
  def category({category, _anno, _symbol}), do: category
  def category(t), do: :erlang.error(:badarg, [t])

  def symbol({category, _anno}), do: category
  def symbol({_category, _anno, symbol}), do: symbol
  def symbol(t), do: :erlang.error(:badarg, [t])

  # ---- options: {:erl_scan, resword_fun, text_fun, ws, comment, has_fun} as OTP's record

  defp options(opts0) when is_list(opts0) do
    opts = :lists.foldr(fn :return, acc -> [:return_comments, :return_white_spaces | acc]; o, acc -> [o | acc] end, [], opts0)

    resword =
      case :lists.keyfind(:reserved_word_fun, 1, opts) do
        {:reserved_word_fun, f} when is_function(f, 1) -> f
        {:reserved_word_fun, _} -> :erlang.error(:badarg, [opts0])
        false -> &reserved_word/1
      end

    comment = :proplists.get_bool(:return_comments, opts)
    ws = :proplists.get_bool(:return_white_spaces, opts)
    text = :proplists.get_bool(:text, opts)
    text_fun_opt = :proplists.get_value(:text_fun, opts, :none)

    {has_fun, text_fun} =
      cond do
        text or text_fun_opt == :none -> {text, fn _, _ -> text end}
        true -> {true, text_fun_opt}
      end

    {:erl_scan, resword, text_fun, ws, comment, has_fun}
  end

  defp options(opt), do: options([opt])

  defp flags({:erl_scan, _, _, ws, comment, _}), do: {ws, comment}

  defp location(line, :no_col), do: line
  defp location(line, col), do: {line, col}

  defp tokens_of(raw, st), do: for(t <- raw, do: token(t, st))

  defp token({:"$name", line, col, text, name}, {:erl_scan, resword, _, _, _, _} = st) do
    if resword.(name), do: {name, anno(name, line, col, text, st)}, else: {:atom, anno(:atom, line, col, text, st), name}
  end

  defp token({cat, line, col, text}, st), do: {cat, anno(cat, line, col, text, st)}
  defp token({cat, line, col, text, symbol}, st), do: {cat, anno(cat, line, col, text, st), symbol}

  defp anno(_, line, col, _, {:erl_scan, _, _, _, _, false}), do: location(line, col)

  defp anno(cat, line, col, text, {:erl_scan, _, text_fun, _, _, true}) do
    if text_fun.(cat, text), do: :erl_anno.set_text(text, location(line, col)), else: location(line, col)
  end
end

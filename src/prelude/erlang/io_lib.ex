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
end

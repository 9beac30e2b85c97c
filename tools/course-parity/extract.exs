# Turns course pages (Markdown, Jekyll or HTML) into iex transcripts: one NAME.in per page
# holding what a learner following the page types into iex, in the page's order.
#
#   elixir tools/course-parity/extract.exs [options] --out DIR FILE...
#
# Code blocks are found in the page's order: Markdown fences (``` or ~~~, with an optional
# language), Jekyll's {% highlight LANG %} ... {% endhighlight %}, and HTML <pre><code>
# (tags stripped, entities decoded; the language from a class such as "elixir" or
# "language-elixir").
#
# A block with a line that starts with an iex prompt (`iex>`, `iex(3)>`, `iex(node@host)3>`)
# is a session: each prompt starts an input, `...>` lines continue it (or start one when no
# input is open: pages that show the continuation prompt alone after a comment), and
# a line without a prompt continues it only while the input is incomplete (iex's own test:
# the parser stops at the end of the input); other lines are printed output and are skipped.
# An input still incomplete at the end of its block is dropped (reported on stderr), since
# typing it would swallow the inputs that follow. Lines before a session's first prompt are
# typed first when the block is Elixir and they are complete code (a module defined and then
# used in the same block); comments, a shell command or iex's banner there are not.
# Any other block is typed as a whole when its language is Elixir (elixir, ex, exs, iex), or
# when it has no language and --all-blocks is given.
#
# Options:
#   --out DIR          where the NAME.in files go (NAME is the page's file name without
#                      extension; with --index, prefixed by its position: 03_NAME.in)
#   --all-blocks       type prompt-less blocks without a language too
#   --join MARK        a line ending in MARK continues on the next line (books that mark a
#                      line wrapped for print, e.g. --join "⏎")
#   --index            prefix names with the page's position on the command line
#   --min-inputs N     write a page only when it has at least N inputs (default 1)

defmodule CourseParity.Extract do
  @prompt ~r/^\s*iex(?:\([^)]*\))?>\s?(.*)$/
  @cont ~r/^\s*\.\.\.(?:\([^)]*\))?>\s?(.*)$/
  @elixir_langs ~w(elixir ex exs iex)

  def main(argv) do
    {opts, files} =
      OptionParser.parse!(argv,
        strict: [out: :string, all_blocks: :boolean, join: :string, index: :boolean, min_inputs: :integer]
      )

    out = opts[:out] || raise "--out DIR is required"
    File.mkdir_p!(out)
    width = files |> length() |> Integer.to_string() |> String.length() |> max(2)

    files
    |> Enum.with_index(1)
    |> Enum.each(fn {file, i} ->
      inputs = file |> File.read!() |> page_inputs(file, opts)
      base = Path.basename(file) |> Path.rootname()
      name = if opts[:index], do: "#{String.pad_leading("#{i}", width, "0")}_#{base}", else: base

      if length(inputs) >= Keyword.get(opts, :min_inputs, 1) do
        File.write!(Path.join(out, name <> ".in"), Enum.map_join(inputs, &ensure_newline/1))
        IO.puts("#{name}.in: #{length(inputs)} inputs")
      end
    end)
  end

  defp ensure_newline(text), do: if(String.ends_with?(text, "\n"), do: text, else: text <> "\n")

  def page_inputs(text, file, opts) do
    text
    |> blocks()
    |> Enum.flat_map(fn {lang, body} ->
      body = join_marked(body, opts[:join])
      lines = String.split(body, ~r/\r?\n/)

      cond do
        session?(lines) -> code_before_prompt(lines, lang, opts) ++ session_inputs(lines, file)
        lang in @elixir_langs -> if String.trim(body) == "", do: [], else: [String.trim_trailing(body)]
        lang == nil and opts[:all_blocks] -> if String.trim(body) == "", do: [], else: [String.trim_trailing(body)]
        true -> []
      end
    end)
  end

  defp join_marked(body, nil), do: body
  defp join_marked(body, mark), do: String.replace(body, ~r/#{Regex.escape(mark)}[ \t]*\r?\n/u, "")

  # {language or nil, text} for each code block, in the page's order
  def blocks(text) do
    fence = ~r/^([ \t]*)(```+|~~~+)[ \t]*([\w+-]*)[^\n]*\n(.*?)^[ \t]*\2[ \t]*$/ms
    jekyll = ~r/\{%-?\s*highlight\s+(\w+)[^%]*%\}\n?(.*?)\{%-?\s*endhighlight\s*-?%\}/s
    html = ~r/<pre\b[^>]*>\s*<code\b([^>]*)>(.*?)<\/code>/s

    found =
      (Regex.scan(fence, text, return: :index) |> Enum.map(&{:fence, &1})) ++
        (Regex.scan(jekyll, text, return: :index) |> Enum.map(&{:jekyll, &1})) ++
        (Regex.scan(html, text, return: :index) |> Enum.map(&{:html, &1}))

    found
    |> Enum.sort_by(fn {_, [{start, _} | _]} -> start end)
    |> drop_nested()
    |> Enum.map(fn {kind, [_ | groups]} -> block(kind, Enum.map(groups, &slice(text, &1))) end)
  end

  defp slice(_text, {-1, _}), do: ""
  defp slice(text, {start, len}), do: binary_part(text, start, len)

  # a fence inside an HTML block (or the other way round) belongs to the outer block
  defp drop_nested(found) do
    {kept, _} =
      Enum.reduce(found, {[], -1}, fn {_, [{start, len} | _]} = b, {acc, until} ->
        if start < until, do: {acc, until}, else: {[b | acc], start + len}
      end)

    Enum.reverse(kept)
  end

  defp block(:fence, [indent, _marker, lang, body]) do
    body =
      if indent == "" do
        body
      else
        body |> String.split("\n") |> Enum.map_join("\n", &String.replace_prefix(&1, indent, ""))
      end

    {lang_name(lang), body}
  end

  defp block(:jekyll, [lang, body]), do: {lang_name(lang), body}

  defp block(:html, [attrs, body]) do
    classes =
      case Regex.run(~r/class\s*=\s*["']([^"']*)["']/, attrs) do
        [_, c] -> String.split(c)
        _ -> []
      end

    lang =
      Enum.find_value(classes, fn c ->
        c = String.replace_prefix(c, "language-", "") |> String.replace_prefix("lang-", "")
        if c in @elixir_langs, do: c
      end)

    lang = lang || if(Enum.any?(classes, &(&1 in ~w(plain text no-highlight bash sh shell console))), do: "text")
    {lang_name(lang), body |> String.replace(~r/<[^>]*>/, "") |> decode_entities()}
  end

  defp lang_name(nil), do: nil
  defp lang_name(""), do: nil
  defp lang_name(lang), do: String.downcase(lang)

  defp decode_entities(text) do
    Regex.replace(~r/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/, text, fn whole, name ->
      case name do
        "#x" <> hex -> <<String.to_integer(hex, 16)::utf8>>
        "#" <> dec -> <<String.to_integer(dec)::utf8>>
        "amp" -> "&"
        "lt" -> "<"
        "gt" -> ">"
        "quot" -> "\""
        "apos" -> "'"
        "nbsp" -> " "
        "mdash" -> "—"
        "ndash" -> "–"
        "hellip" -> "…"
        _ -> whole
      end
    end)
  end

  # a session has a prompt on some line; a page may also show `...>` prompts alone (the
  # continuation prompt standing for the prompt) after a comment
  defp session?(lines) do
    Enum.any?(lines, &Regex.match?(@prompt, &1)) or
      case Enum.find(lines, &(not blank_or_comment?(&1))) do
        nil -> false
        first -> Regex.match?(@cont, first)
      end
  end

  defp blank_or_comment?(line), do: String.trim(line) == "" or String.starts_with?(String.trim_leading(line), "#")

  # the lines before a block's first prompt: a module defined before it is used in the same
  # block, typed first when the block is Elixir and the lines are complete code (a shell command
  # and iex's banner before the prompt are not)
  defp code_before_prompt(lines, lang, opts) do
    before = Enum.take_while(lines, &(not Regex.match?(@prompt, &1) and not Regex.match?(@cont, &1)))
    text = before |> Enum.join("\n") |> String.trim()
    elixir? = lang in @elixir_langs or (lang == nil and opts[:all_blocks])

    cond do
      Enum.all?(before, &blank_or_comment?/1) -> []
      not elixir? -> []
      match?({:ok, _}, Code.string_to_quoted(text)) -> [text]
      true -> []
    end
  end

  # the inputs of one session block: {done, current} where current is nil or the lines so far
  defp session_inputs(lines, file) do
    {done, current} =
      Enum.reduce(lines, {[], nil}, fn line, {done, current} ->
        prompt = Regex.run(@prompt, line) || (current == nil and Regex.run(@cont, line))
        cont = current != nil and Regex.run(@cont, line)

        cond do
          prompt -> {close(done, current, file), [Enum.at(prompt, 1)]}
          cont -> {done, current ++ [Enum.at(cont, 1)]}
          current != nil and incomplete?(current) -> {done, current ++ [line]}
          true -> {close(done, current, file), nil}
        end
      end)

    Enum.reverse(close(done, current, file))
  end

  defp close(done, nil, _file), do: done

  defp close(done, lines, file) do
    if incomplete?(lines) do
      IO.puts(:stderr, "#{file}: dropped an incomplete input: #{inspect(Enum.join(lines, "\n"))}")
      done
    else
      [Enum.join(lines, "\n") | done]
    end
  end

  # iex keeps reading while the parser fails at the very end of the input
  defp incomplete?(lines) do
    case Code.string_to_quoted(Enum.map_join(lines, &(&1 <> "\n"))) do
      {:error, {_, _, ""}} -> true
      _ -> false
    end
  end
end

CourseParity.Extract.main(System.argv())

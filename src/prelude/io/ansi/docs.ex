# IO.ANSI.Docs: documentation rendered for a terminal, as IEx's h/1 prints it. Markdown
# ("text/markdown") is read line by line into blocks (headings, paragraphs, quotes, lists,
# indented and fenced code, tables, reference link labels), and each paragraph's inline
# marks (*, _, **, __, `) become ANSI styles; Erlang's "application/erlang+html" trees are
# walked tag by tag. Written for beamsh from the behaviour of Elixir 1.14's module, checked
# against Elixir's own io/ansi/docs_test.exs and real iex.
defmodule IO.ANSI.Docs do
  @moduledoc false

  @word_breaks [" ", "\n", "\t"]
  @list_marks [?*, ?-, ?+]
  @emphasis [?_, ?*]
  # What may stand right before an opening mark or right after a closing one.
  @around_marks [?\s, ?', ?", ?!, ?@, ?#, ?$, ?%, ?^, ?&, ?-, ?+, ?(, ?), ?[, ?], ?{, ?}] ++
                  [?<, ?>, ?.]
  @shown_metadata [:deprecated, :guard, :since]

  @doc "The options every printing function starts from (colours as ANSI data, width 80)."
  @spec default_options() :: keyword
  def default_options do
    [
      enabled: true,
      doc_bold: [:bright],
      doc_code: [:cyan],
      doc_headings: [:yellow],
      doc_metadata: [:yellow],
      doc_quote: [:light_black],
      doc_inline_code: [:cyan],
      doc_table_heading: [:reverse],
      doc_title: [:reverse, :yellow],
      doc_underline: [:underline],
      width: 80
    ]
  end

  @doc "Prints each heading centred in the width, in the title style."
  @spec print_headings([String.t()], keyword) :: :ok
  def print_headings(headings, options \\ []) do
    opts = Keyword.merge(default_options(), options)
    width = opts[:width]
    close_block(opts)

    Enum.each(headings, fn heading ->
      centred = String.pad_leading(heading, div(width + String.length(heading), 2))
      centred = if opts[:enabled], do: String.pad_trailing(centred, width), else: centred
      styled_line(:doc_title, centred, opts)
    end)

    close_block(opts)
  end

  @doc "Prints the metadata IEx shows (delegate_to, deprecated, guard and since), then a blank line."
  @spec print_metadata(map, keyword) :: :ok
  def print_metadata(metadata, options \\ []) when is_map(metadata) do
    opts = Keyword.merge(default_options(), options)

    printed? =
      Enum.reduce(metadata, false, fn entry, printed? ->
        print_metadata_entry(entry, opts) || printed?
      end)

    printed? && IO.write("\n")
  end

  defp print_metadata_entry({key, value}, opts)
       when key in @shown_metadata and is_binary(value) do
    label = metadata_label(key, opts)
    indent = String.duplicate(" ", visible_length(label) + 1)
    print_wrapped([label | String.split(value, @word_breaks)], opts[:width], indent, true, "")
  end

  defp print_metadata_entry({key, value}, opts)
       when key in @shown_metadata and is_boolean(value) do
    IO.puts([metadata_label(key, opts), ?\s, Atom.to_string(value)])
  end

  defp print_metadata_entry({:delegate_to, {m, f, a}}, opts) do
    IO.puts([metadata_label(:delegate_to, opts), ?\s, Exception.format_mfa(m, f, a)])
  end

  defp print_metadata_entry(_entry, _opts), do: false

  defp metadata_label(key, opts) do
    IO.iodata_to_binary([style(:doc_metadata, opts), Atom.to_string(key), ?:, reset(opts)])
  end

  @doc "Prints a documentation body in its format: \"text/markdown\" or \"application/erlang+html\"."
  @spec print(term(), String.t(), keyword) :: :ok
  def print(doc, format, options \\ [])

  def print(doc, "text/markdown", options) when is_binary(doc) and is_list(options) do
    print_markdown(doc, options)
  end

  def print(doc, "application/erlang+html", options) when is_list(options) do
    print_erlang_html(doc, options)
  end

  def print(_doc, format, options) when is_binary(format) and is_list(options) do
    IO.puts("\nUnknown documentation format " <> inspect(format) <> "\n")
  end

  ## Erlang's application/erlang+html

  @doc false
  def print_erlang_html(doc, options) do
    opts = Keyword.merge(default_options(), options)
    IO.write(html(doc, "", opts))
  end

  @inline_tags [:a, :code, :em, :i, :strong, :b, :br]
  @inline_marks [i: "_", em: "*", strong: "**", b: "**", code: "`"]
  @headings [h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6]

  defp html(text, _indent, _opts) when is_binary(text), do: text
  defp html(nodes, indent, opts) when is_list(nodes), do: Enum.map(nodes, &html(&1, indent, opts))

  defp html({:div, [{:class, class} | _], children}, indent, opts) do
    bar = indent <> quote_bar(opts)
    body = children |> html_text(indent, opts) |> String.trim_trailing()
    title = class |> to_string() |> String.upcase()
    block([bar, title, "\n", bar, "\n", bar, String.replace(body, "\n", "\n" <> bar)])
  end

  defp html({:p, _, children}, indent, opts), do: [indent | html_paragraph(children, indent, opts)]

  defp html({tag, _, children}, indent, opts) when tag in [:h1, :h2, :h3, :h4, :h5, :h6] do
    level = Keyword.fetch!(@headings, tag)
    text = html(children, indent, opts)
    block([style(:doc_headings, opts), String.duplicate("#", level), " ", text, reset(opts)])
  end

  defp html({:br, _, []}, _indent, _opts), do: []

  defp html({tag, _, children}, indent, opts) when tag in [:i, :em, :strong, :b, :code] do
    styled_inline(Keyword.fetch!(@inline_marks, tag), html(children, indent, opts), opts)
  end

  defp html({:pre, _, [{:code, _, children}]}, indent, opts) do
    code_indent = indent <> "    "
    code = html_text(children, indent, opts)
    block([code_indent, String.replace(code, "\n", "\n" <> code_indent)])
  end

  defp html({:a, attributes, children}, indent, opts) do
    text = html(children, indent, opts)

    case attributes[:href] do
      href when href not in [nil, false] -> [text, " (", href, ")"]
      _ -> text
    end
  end

  defp html({:dl, _, children}, indent, opts), do: html(children, indent, opts)

  defp html({:dt, _, children}, indent, opts) do
    [indent, "  ", bullet(opts) | html_paragraph(children, indent <> "    ", opts)]
  end

  defp html({:dd, _, children}, indent, opts) do
    [indent, "    " | html_paragraph(children, indent <> "    ", opts)]
  end

  defp html({:ul, attributes, items}, indent, opts) do
    if attributes[:class] == "types" do
      inner = indent <> "    "
      specs = for {:li, _, lines} <- items, line <- lines, do: [inner, html(line, inner, opts), ?\n]
      if specs == [], do: [], else: [indent, "Typespecs:\n\n", specs, ?\n]
    else
      for {:li, _, children} <- items do
        [indent, "  ", bullet(opts) | html_paragraph(children, indent <> "    ", opts)]
      end
    end
  end

  defp html({:ol, _, items}, indent, opts) do
    numbered = Enum.with_index(items, 1)

    for {{:li, _, children}, n} <- numbered do
      [indent, "  ", Integer.to_string(n), ". " | html_paragraph(children, indent <> "     ", opts)]
    end
  end

  # Any other tag is shown as it is, its contents indented between its opening and closing.
  defp html({tag, _, children}, indent, opts) do
    inner = children |> html_text(indent <> "    ", opts) |> String.trim_trailing()
    tag = to_string(tag)
    block([indent, "<", tag, ">\n", inner, "\n", indent, "</", tag, ">"])
  end

  defp html_text(nodes, indent, opts), do: IO.iodata_to_binary(html(nodes, indent, opts))

  # A paragraph of inline content is filled into the width; anything else is laid out as is.
  defp html_paragraph(children, indent, opts) do
    text = html_text(children, indent, opts)

    if Enum.all?(children, &inline_node?/1) do
      text
      |> String.split(@word_breaks)
      |> fill_lines(opts[:width], indent, true, "")
      |> block()
    else
      String.trim_leading(text)
    end
  end

  defp inline_node?(text) when is_binary(text), do: true
  defp inline_node?({tag, _, _}), do: tag in @inline_tags
  defp inline_node?(_), do: false

  defp block(iodata), do: [iodata | "\n\n"]

  ## Markdown

  @doc false
  def print_markdown(doc, options) do
    opts = Keyword.merge(default_options(), options)

    doc
    |> String.split(["\r\n", "\n"])
    |> Enum.map(&String.trim_trailing/1)
    |> blocks([], "", opts)
  end

  # blocks(lines, paragraph, indent, opts): `paragraph` holds the pending paragraph's lines,
  # last first, with :no_wrap at its start when its first line is a list item's (laid out
  # already, so not indented again).
  defp blocks([], para, indent, opts), do: flush(para, indent, opts)

  defp blocks([line | rest] = lines, para, indent, opts) do
    case line_kind(line) do
      :heading ->
        flush(para, indent, opts)
        styled_line(:doc_headings, line, opts)
        close_block(opts)
        blocks(rest, [], "", opts)

      {:quote, text} ->
        flush(para, indent, opts)
        quote_block(rest, [text], indent, opts)

      :blank ->
        flush(para, indent, opts)
        blocks(rest, [], indent, opts)

      {:code, code} ->
        flush(para, indent, opts)
        code_block(rest, [code], indent, opts)

      {:fence, fence} ->
        flush(para, indent, opts)
        fenced_block(rest, [], fence, indent, opts)

      :other ->
        {text, spaces} = drop_spaces(line, 0, :infinity)

        cond do
          spaces <= 3 and link_label?(text) ->
            write_paragraph([line], indent, opts, true)
            blocks(rest, para, indent, opts)

          table_row?(text) and rest != [] and table_row?(hd(rest)) ->
            flush(para, indent, opts)
            table(lines, indent, opts)

          item = list_item(text) ->
            flush(para, indent, opts)
            {marker, first} = item
            marker = if marker == :bullet, do: bullet(opts), else: marker
            list_item_block(marker, first, rest, spaces, indent, opts)

          true ->
            blocks(rest, [text | para], indent, opts)
        end
    end
  end

  defp line_kind("# " <> _), do: :heading
  defp line_kind("## " <> _), do: :heading
  defp line_kind("### " <> _), do: :heading
  defp line_kind("#### " <> _), do: :heading
  defp line_kind("##### " <> _), do: :heading
  defp line_kind("###### " <> _), do: :heading
  defp line_kind(">" <> text), do: {:quote, text}
  defp line_kind(""), do: :blank
  defp line_kind("    " <> code), do: {:code, code}
  defp line_kind("```" <> _), do: {:fence, "```"}
  defp line_kind("~~~" <> _), do: {:fence, "~~~"}
  defp line_kind(_), do: :other

  # A list item's marker (:bullet, or the number with its ". ") and its text.
  defp list_item(<<mark, ?\s, text::binary>>) when mark in @list_marks, do: {:bullet, text}
  defp list_item(<<d, ?., ?\s, text::binary>>) when d in ?0..?9, do: {<<d, ?., ?\s>>, text}

  defp list_item(<<d1, d2, ?., ?\s, text::binary>>) when d1 in ?0..?9 and d2 in ?0..?9,
    do: {<<d1, d2, ?., ?\s>>, text}

  defp list_item(_), do: nil

  # The line without its leading spaces (at most `max` of them), and how many were taken.
  defp drop_spaces(" " <> rest, n, max) when n < max, do: drop_spaces(rest, n + 1, max)
  defp drop_spaces(rest, n, _max), do: {rest, n}

  ### Quotes: "> " lines; a line of ">" alone between two quoted lines starts a new paragraph.

  defp quote_block([">", ">" <> next | rest], quoted, indent, opts) do
    write_quote(quoted, indent, opts, true)
    IO.puts(quote_bar(opts))
    quote_block(rest, [next], indent, opts)
  end

  defp quote_block([">" <> text | rest], quoted, indent, opts) do
    quote_block(rest, [text | quoted], indent, opts)
  end

  defp quote_block(rest, quoted, indent, opts) do
    write_quote(quoted, indent, opts, false)
    blocks(rest, [], indent, opts)
  end

  defp write_quote(quoted, indent, opts, no_wrap?) do
    quoted
    |> Enum.reverse()
    |> Enum.map(&String.trim/1)
    |> write_lines(indent, opts, no_wrap?, quote_bar(opts))
  end

  ### Lists

  defp list_item_block(marker, first, rest, spaces, indent, opts) do
    # A top-level list is set in by two more columns.
    marker = if indent == "", do: "  " <> marker, else: marker
    inner = indent <> String.duplicate(" ", String.length(marker))
    {body, rest, ended?} = item_body(rest, spaces, byte_size(inner) - byte_size(indent), [])
    blocks(body, [indent <> marker <> first, :no_wrap], inner, opts)
    if ended?, do: close_block(opts)
    blocks(rest, [], indent, opts)
  end

  # The item's lines (up to `max` leading spaces taken off) until a blank line not followed
  # by an indented one, or an item of this list or an outer one.
  defp item_body([], _spaces, _max, acc), do: {Enum.reverse(acc), [], true}

  defp item_body([line | rest] = lines, spaces, max, acc) do
    {text, text_spaces} = drop_spaces(line, 0, max)

    cond do
      text_spaces <= spaces and list_item(text) != nil -> {Enum.reverse(acc), lines, false}
      text == "" and not match?([" " <> _ | _], rest) -> {Enum.reverse(acc), lines, true}
      true -> item_body(rest, spaces, max, [text | acc])
    end
  end

  ### Paragraphs

  defp flush(para, indent, opts) do
    case Enum.reverse(para) do
      [] -> :ok
      [:no_wrap] -> :ok
      [:no_wrap | lines] -> write_paragraph(lines, indent, opts, true)
      lines -> write_paragraph(lines, indent, opts, false)
    end
  end

  defp write_paragraph([], _indent, _opts, _no_wrap?), do: :ok
  defp write_paragraph(lines, indent, opts, no_wrap?), do: write_lines(lines, indent, opts, no_wrap?, "")

  # The lines joined, styled, and filled into what the indent leaves of the width. no_wrap?
  # leaves the first line unindented (it is laid out already) and the block open.
  defp write_lines(lines, indent, opts, no_wrap?, prefix) do
    lines
    |> Enum.join(" ")
    |> inline(opts)
    |> String.split(@word_breaks)
    |> print_wrapped(opts[:width] - byte_size(indent), indent, no_wrap?, prefix)

    if not no_wrap?, do: close_block(opts)
  end

  defp inline(text, opts), do: text |> links() |> marks(opts)

  ### Code

  defp code_block(["", "    " <> next | rest], code, indent, opts),
    do: code_block(rest, [next, "" | code], indent, opts)

  defp code_block(["    " <> next | rest], code, indent, opts),
    do: code_block(rest, [next | code], indent, opts)

  defp code_block(rest, code, indent, opts) do
    write_code(code, indent, opts)
    blocks(rest, [], indent, opts)
  end

  # A fence ends at a line that is the fence alone; indented code may follow it in one block.
  defp fenced_block([], code, _fence, indent, opts), do: write_code(code, indent, opts)
  defp fenced_block([fence | rest], code, fence, indent, opts), do: code_block(rest, code, indent, opts)
  defp fenced_block([line | rest], code, fence, indent, opts), do: fenced_block(rest, [line | code], fence, indent, opts)

  defp write_code(code, indent, opts) do
    margin = indent <> "    "
    styled_line(:doc_code, [margin | Enum.intersperse(Enum.reverse(code), "\n" <> margin)], opts)
    close_block(opts)
  end

  ### Tables

  defp table(lines, indent, opts) do
    {rows, rest} = Enum.split_while(lines, &table_row?/1)
    rows = Enum.map(rows, &table_cells(&1, opts))
    columns = rows |> Enum.map(&length/1) |> Enum.max()
    rows = Enum.map(rows, &(&1 ++ List.duplicate({"", 0}, columns - length(&1))))

    widths =
      Enum.reduce(rows, List.duplicate(0, columns), fn row, widths ->
        if separator_row?(row) do
          widths
        else
          Enum.zip_with(row, widths, fn {_, len}, width -> max(len, width) end)
        end
      end)

    # (an :alignments option, like a separator row, sets the columns' alignments)
    print_rows(rows, widths, opts[:alignments], opts)
    close_block(opts)
    blocks(rest, [], indent, opts)
  end

  defp table_row?(line), do: Regex.match?(~r/[:\ -]\|[:\ -]/, line)

  defp table_cells(line, opts) do
    line
    |> String.trim(" ")
    |> String.trim("|")
    |> String.split(~r/(?<!\\)\|/)
    |> Enum.map(fn cell ->
      cell = cell |> String.trim() |> String.replace("\\|", "|") |> inline(opts)
      {cell, visible_length(cell)}
    end)
  end

  # A row followed by a separator row is the heading; the first separator sets the alignments.
  defp print_rows([row, next | rest], widths, aligns, opts) do
    if separator_row?(next) do
      aligns = aligns || Enum.map(next, &alignment/1)
      print_row(row, widths, aligns, true, opts)
      print_rows(rest, widths, aligns, opts)
    else
      print_row(row, widths, aligns, false, opts)
      print_rows([next | rest], widths, aligns, opts)
    end
  end

  defp print_rows([row], widths, aligns, opts), do: print_row(row, widths, aligns, false, opts)
  defp print_rows([], _widths, _aligns, _opts), do: nil

  defp print_row(row, widths, aligns, heading?, opts) do
    aligns = aligns || List.duplicate(:left, length(row))

    text =
      [row, widths, aligns]
      |> Enum.zip()
      |> Enum.map_join(" | ", fn {cell, width, align} -> pad_cell(cell, width, align) end)

    if heading?, do: styled_line(:doc_table_heading, text, opts), else: IO.puts(text)
  end

  # Widths count what shows; the padding functions count the escapes too.
  defp pad_cell({text, len}, width, :left), do: String.pad_trailing(text, width + byte_size(text) - len)
  defp pad_cell({text, len}, width, :right), do: String.pad_leading(text, width + byte_size(text) - len)

  defp pad_cell({text, len}, width, :center) do
    width = width + byte_size(text) - len

    text
    |> String.pad_leading(div(width, 2) - div(len, 2) + len)
    |> String.pad_trailing(width + 1 - rem(width, 2))
  end

  defp alignment({text, _}) do
    case {String.starts_with?(text, ":"), String.ends_with?(text, ":")} do
      {true, true} -> :center
      {_, true} -> :right
      _ -> :left
    end
  end

  defp separator_row?(row), do: Enum.all?(row, fn {text, _} -> separator_cell?(text) end)

  defp separator_cell?(":" <> text), do: dashes?(text)
  defp separator_cell?(text), do: dashes?(text)

  defp dashes?("-" <> text), do: dashes?(text)
  defp dashes?(text), do: text in ["", ":"]

  ### Links

  # "[label]: target" at the start of a line (up to three spaces in) is printed as it is.
  defp link_label?("[" <> rest), do: label_close?(rest)
  defp link_label?(_), do: false

  defp label_close?("]: " <> _), do: true
  defp label_close?("]" <> _), do: false
  defp label_close?(<<_, rest::binary>>), do: label_close?(rest)
  defp label_close?(""), do: false

  # [text](target) becomes "text (target)"; underscores in URLs are escaped so they stay.
  defp links(text) do
    text = Regex.replace(~r/\[([^\]]*?)\]\((.*?)\)/, text, "\\1 (\\2)")
    Regex.replace(~r/[a-z][a-z0-9\+\-\.]*:\/\/\S*/i, text, &String.replace(&1, "_", "\\_"))
  end

  ### Inline marks
  #
  # `code` and the emphasis marks *, _ (underline), ** and __ (bold). An emphasis opens at
  # the start or after one of @around_marks and closes before one or at the end; a backtick
  # opens anywhere and closes at the next backtick. A backslash escapes the next character
  # outside code; "\\" is a backslash everywhere. A mark never closed stays as it was.
  # State: the open mark (nil, a char, or [c | c] for a double one), the open span's text
  # (its mark first, reversed), and what is done (reversed).

  defp marks(<<m, m, rest::binary>>, opts) when m in @emphasis, do: marks(rest, [m | m], [<<m, m>>], [], opts)
  defp marks(<<m, rest::binary>>, opts) when m in @emphasis, do: marks(rest, m, [<<m>>], [], opts)
  defp marks(text, opts), do: marks(text, nil, [], [], opts)

  defp marks(<<c, m, m, rest::binary>>, nil, span, done, opts)
       when rest != "" and c in @around_marks and m in @emphasis do
    marks(rest, [m | m], [<<m, m>>], [c, Enum.reverse(span) | done], opts)
  end

  defp marks(<<c, m, rest::binary>>, nil, span, done, opts)
       when rest != "" and c in @around_marks and m in @emphasis do
    marks(rest, m, [<<m>>], [c, Enum.reverse(span) | done], opts)
  end

  defp marks(<<?`, rest::binary>>, nil, span, done, opts) when rest != "" do
    marks(rest, ?`, ["`"], [Enum.reverse(span) | done], opts)
  end

  defp marks(<<?\\, ?\\, m, m, rest::binary>>, nil, span, done, opts)
       when rest != "" and m in @emphasis do
    marks(rest, [m | m], [<<m, m>>], [?\\, Enum.reverse(span) | done], opts)
  end

  defp marks(<<?\\, ?\\, m, rest::binary>>, nil, span, done, opts)
       when rest != "" and m in @emphasis do
    marks(rest, m, [<<m>>], [?\\, Enum.reverse(span) | done], opts)
  end

  defp marks(<<?\\, ?\\, rest::binary>>, open, span, done, opts),
    do: marks(rest, open, [?\\ | span], done, opts)

  defp marks(<<?\\, c, rest::binary>>, open, span, done, opts) when open != ?`,
    do: marks(rest, open, [c | span], done, opts)

  defp marks(<<m, m, c, rest::binary>>, [m | m], span, done, opts)
       when c in @around_marks and m in @emphasis do
    marks(<<c, rest::binary>>, nil, [], [close_span(span, opts) | done], opts)
  end

  defp marks(<<m, c, rest::binary>>, m, span, done, opts)
       when c in @around_marks and m in @emphasis do
    marks(<<c, rest::binary>>, nil, [], [close_span(span, opts) | done], opts)
  end

  defp marks(<<m, m>>, [m | m], span, done, opts) when m in @emphasis,
    do: marks("", nil, [], [close_span(span, opts) | done], opts)

  defp marks(<<m>>, m, span, done, opts) when m in @emphasis,
    do: marks("", nil, [], [close_span(span, opts) | done], opts)

  defp marks(<<?`, rest::binary>>, ?`, span, done, opts),
    do: marks(rest, nil, [], [close_span(span, opts) | done], opts)

  defp marks(<<c, rest::binary>>, open, span, done, opts), do: marks(rest, open, [c | span], done, opts)

  defp marks("", _open, span, done, _opts),
    do: IO.iodata_to_binary(Enum.reverse(done, [Enum.reverse(span)]))

  defp close_span(span, opts) do
    [mark | text] = Enum.reverse(span)
    styled_inline(mark, text, opts)
  end

  defp styled_inline(mark, text, opts) do
    if opts[:enabled] do
      [style(mark_style(mark), opts), text, IO.ANSI.reset()]
    else
      [mark, text, mark]
    end
  end

  defp mark_style(mark) when mark in ["**", "__"], do: :doc_bold
  defp mark_style(mark) when mark in ["*", "_"], do: :doc_underline
  defp mark_style("`"), do: :doc_inline_code

  ## Filling words into lines

  defp print_wrapped(words, width, indent, first?, prefix) do
    case fill_lines(words, width, indent, first?, prefix) do
      [] -> :ok
      lines -> IO.puts(lines)
    end
  end

  # Lines of at most `width` visible columns (a word longer than that has a line of its
  # own), joined by newlines; each after the first (or every one unless first?) starts with
  # `indent`, and each with `prefix`.
  defp fill_lines(words, width, indent, first?, prefix) do
    room = width - visible_length(prefix)

    words
    |> take_lines(room, [])
    |> Enum.with_index()
    |> Enum.map(fn {line, n} -> [if(n == 0 and first?, do: "", else: indent), prefix, line] end)
    |> Enum.intersperse(?\n)
  end

  defp take_lines([], _room, lines), do: Enum.reverse(lines)

  defp take_lines(words, room, lines) do
    {line, rest} = take_words(words, room, [])
    take_lines(rest, room, [Enum.join(line, " ") | lines])
  end

  defp take_words([], _room, taken), do: {Enum.reverse(taken), []}

  defp take_words([word | rest] = words, room, taken) do
    left = room - visible_length(word)

    cond do
      left > 0 -> take_words(rest, left - 1, [word | taken])
      taken == [] -> {[word], rest}
      true -> {Enum.reverse(taken), words}
    end
  end

  # Graphemes, not counting "\e[" one or two characters "m" sequences.
  defp visible_length(text), do: visible_length(text, 0)

  defp visible_length(<<?\e, ?[, _, _, ?m, rest::binary>>, n), do: visible_length(rest, n)
  defp visible_length(<<?\e, ?[, _, ?m, rest::binary>>, n), do: visible_length(rest, n)

  defp visible_length(text, n) do
    case String.next_grapheme(text) do
      {_, rest} -> visible_length(rest, n + 1)
      nil -> n
    end
  end

  ## Styles

  defp style(key, opts), do: IO.ANSI.format_fragment(opts[key], opts[:enabled])
  defp reset(opts), do: if(opts[:enabled], do: IO.ANSI.reset(), else: "")
  defp styled_line(key, text, opts), do: IO.puts([style(key, opts), text, reset(opts)])
  defp close_block(opts), do: IO.puts(reset(opts))
  defp quote_bar(opts), do: IO.iodata_to_binary([style(:doc_quote, opts), "> ", reset(opts)])
  defp bullet(opts), do: if(opts[:enabled], do: "• ", else: "* ")
end

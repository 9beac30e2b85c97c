# EEx.Compiler: reads a template into tokens, then drives an engine over them.
#
# Tokens: {:text, chars, meta}, {:expr | :start_expr | :middle_expr | :end_expr, marker,
# chars, meta}, {:comment, chars, meta} and {:eof, meta}, where meta is %{line:, column:}
# of where the text or tag starts. Whether a tag opens, continues or closes a block is read
# from its code's Elixir tokens (:beamsh_eex.tag_kind/1). Text is kept reversed while it is
# read, with the position it starts at as the last element.
defmodule EEx.Compiler do
  @moduledoc false

  @h_spaces [?\s, ?\t]
  @all_spaces [?\s, ?\t, ?\n, ?\r]

  def tokenize(contents, opts) when is_binary(contents) do
    tokenize(String.to_charlist(contents), opts)
  end

  def tokenize(contents, opts) when is_list(contents) do
    line = opts[:line] || 1
    indentation = opts[:indentation] || 0
    column = indentation + (opts[:column] || 1)
    state = %{trim: opts[:trim] || false, indentation: indentation, file: opts[:file] || "nofile"}

    {contents, line, column} =
      (state.trim && skip_leading_space(contents, line, column, state)) || {contents, line, column}

    scan(contents, line, column, state, [{line, column}], [])
  end

  # ---- reading tokens ---------------------------------------------------------------

  defp scan('<%%' ++ rest, line, column, state, text, acc) do
    scan(rest, line, column + 3, state, [?%, ?< | text], acc)
  end

  defp scan('<%!--' ++ rest, line, column, state, text, acc) do
    case read_comment(rest, line, column + 5, state, []) do
      {:ok, end_line, end_column, rest, chars} ->
        token = {:comment, Enum.reverse(chars), %{line: line, column: column}}
        after_tag(rest, end_line, end_column, state, text, acc, &[token | &1])

      {:error, line, column, message} ->
        {:error, message, %{line: line, column: column}}
    end
  end

  defp scan('<%#' ++ rest, line, column, state, text, acc) do
    case read_code(rest, line, column + 3, state, []) do
      {:ok, _chars, end_line, end_column, rest} ->
        after_tag(rest, end_line, end_column, state, text, acc, & &1)

      {:error, line, column, message} ->
        {:error, message, %{line: line, column: column}}
    end
  end

  defp scan('<%' ++ rest, line, column, state, text, acc) do
    {marker, rest} = marker(rest)

    case read_code(rest, line, column + 2 + length(marker), state, []) do
      {:ok, chars, end_line, end_column, rest} ->
        {kind, chars} = kind_of(chars)

        marker =
          if kind in [:middle_expr, :end_expr] and marker != '' do
            warn(state.file, line, column, "unexpected beginning of EEx tag \"<%#{marker}\" on \"<%#{marker}#{chars}%>\", please remove \"#{marker}\"")
            ''
          else
            marker
          end

        token = {kind, marker, chars, %{line: line, column: column}}
        after_tag(rest, end_line, end_column, state, text, acc, &[token | &1])

      {:error, line, column, message} ->
        {:error, message, %{line: line, column: column}}
    end
  end

  defp scan('\n' ++ rest, line, _column, state, text, acc) do
    scan(rest, line + 1, state.indentation + 1, state, [?\n | text], acc)
  end

  defp scan([c | rest], line, column, state, text, acc) do
    scan(rest, line, column + 1, state, [c | text], acc)
  end

  defp scan([], line, column, _state, text, acc) do
    {:ok, Enum.reverse([{:eof, %{line: line, column: column}} | flush(text, acc)])}
  end

  # After a tag: with :trim, the spaces and newlines around it go (the text before it keeps
  # one newline, as does the text after it when it starts another line). `add` puts the
  # tag's token after the text before it.
  defp after_tag(rest, line, column, state, text, acc, add) do
    {rest, line, column, text} =
      if state.trim do
        {rest, line, column} = trim_after(rest, line, column, 0, state)
        {rest, line, column, trim_before(text, 0)}
      else
        {rest, line, column, text}
      end

    scan(rest, line, column, state, [{line, column}], add.(flush(text, acc)))
  end

  defp flush([{_line, _column}], acc), do: acc

  defp flush(text, acc) do
    [{line, column} | chars] = Enum.reverse(text)
    [{:text, chars, %{line: line, column: column}} | acc]
  end

  defp marker([m | rest]) when m in [?=, ?/, ?|], do: {[m], rest}
  defp marker(rest), do: {'', rest}

  defp read_comment([?-, ?-, ?%, ?> | rest], line, column, _state, chars), do: {:ok, line, column + 4, rest, chars}
  defp read_comment('\n' ++ rest, line, _column, state, chars), do: read_comment(rest, line + 1, state.indentation + 1, state, [?\n | chars])
  defp read_comment([c | rest], line, column, state, chars), do: read_comment(rest, line, column + 1, state, [c | chars])
  defp read_comment([], line, column, _state, _chars), do: {:error, line, column, "missing token '--%>'"}

  defp read_code([?%, ?> | rest], line, column, _state, chars), do: {:ok, Enum.reverse(chars), line, column + 2, rest}
  defp read_code('\n' ++ rest, line, _column, state, chars), do: read_code(rest, line + 1, state.indentation + 1, state, [?\n | chars])
  defp read_code([c | rest], line, column, state, chars), do: read_code(rest, line, column + 1, state, [c | chars])
  defp read_code([], line, column, _state, _chars), do: {:error, line, column, "missing token '%>'"}

  # What a tag's code does to blocks; the code of one that opens or continues a block with
  # `do` or `else` (and the like) gets a trailing space, so the pieces join as Elixir code.
  defp kind_of(chars) do
    case :beamsh_eex.tag_kind(List.to_string(chars)) do
      {kind, :spaced} -> {kind, with_trailing_space(chars)}
      kind -> {kind, chars}
    end
  end

  defp with_trailing_space(chars) do
    if List.last(chars) == ?\s, do: chars, else: chars ++ ' '
  end

  # ---- trimming ---------------------------------------------------------------------

  defp skip_leading_space([c | rest], line, column, state) when c in @h_spaces,
    do: skip_leading_space(rest, line, column + 1, state)

  defp skip_leading_space([?\r, ?\n | rest], line, _column, state),
    do: skip_leading_space(rest, line + 1, state.indentation + 1, state)

  defp skip_leading_space([?\n | rest], line, _column, state),
    do: skip_leading_space(rest, line + 1, state.indentation + 1, state)

  defp skip_leading_space([?<, ?% | _] = rest, line, column, _state), do: {rest, line, column}
  defp skip_leading_space(_, _, _, _), do: false

  # `text` is reversed: its end comes first.
  defp trim_before(text, newlines) do
    case drop_spaces(text, 0) do
      {[?\n, ?\r | rest], _} -> trim_before(rest, newlines + 1)
      {[?\n | rest], _} -> trim_before(rest, newlines + 1)
      _ when newlines > 0 -> [?\n | text]
      _ -> text
    end
  end

  defp trim_after(rest, line, column, last_column, state) do
    case drop_spaces(rest, column) do
      {[?\r, ?\n | more], column} -> trim_after(more, line + 1, state.indentation + 1, column + 1, state)
      {[?\n | more], column} -> trim_after(more, line + 1, state.indentation + 1, column, state)
      {[], column} -> {[], line, column}
      _ when last_column > 0 -> {[?\n | rest], line - 1, last_column}
      _ -> {rest, line, column}
    end
  end

  defp drop_spaces([c | rest], column) when c in @h_spaces, do: drop_spaces(rest, column + 1)
  defp drop_spaces(chars, column), do: {chars, column}

  defp warn(file, line, column, message) do
    IO.write(:stderr, "warning: #{message}\n  #{file}:#{line}:#{column}\n\n")
  end

  # ---- from tokens to code ----------------------------------------------------------

  def compile(tokens, opts) do
    engine = opts[:engine] || EEx.SmartEngine

    state = %{
      engine: engine,
      file: opts[:file] || "nofile",
      line: opts[:line] || 1,
      quoted: [],
      start_line: nil,
      start_column: nil,
      parser_options: opts[:parser_options] || Code.get_compiler_option(:parser_options)
    }

    build(tokens, engine.init(opts), [], state)
  end

  defp build([{:comment, _chars, _meta} | rest], buffer, scope, state) do
    build(rest, buffer, scope, state)
  end

  defp build([{:text, chars, meta} | rest], buffer, scope, state) do
    text = IO.chardata_to_string(chars)

    buffer =
      if function_exported?(state.engine, :handle_text, 3) do
        state.engine.handle_text(buffer, [line: meta.line, column: meta.column], text)
      else
        state.engine.handle_text(buffer, text)
      end

    build(rest, buffer, scope, state)
  end

  defp build([{:expr, marker, chars, meta} | rest], buffer, scope, state) do
    options = [file: state.file, line: meta.line, column: code_column(meta.column, marker)] ++ state.parser_options
    expr = Code.string_to_quoted!(chars, options)
    buffer = state.engine.handle_expr(buffer, IO.chardata_to_string(marker), expr)
    build(rest, buffer, scope, state)
  end

  defp build([{:start_expr, marker, chars, meta} | rest], buffer, scope, state) do
    if marker == '' do
      warn(state.file, meta.line, meta.column, "the contents of this expression won't be output unless the EEx block starts with \"<%=\"")
    end

    {rest, line, code} = middle_right_after(rest, chars) || {rest, meta.line, chars}
    inner = %{state | quoted: [], line: line, start_line: meta.line, start_column: code_column(meta.column, marker)}
    {block, rest} = build(rest, state.engine.handle_begin(buffer), [code | scope], inner)
    buffer = state.engine.handle_expr(buffer, IO.chardata_to_string(marker), block)
    build(rest, buffer, scope, state)
  end

  defp build([{:middle_expr, '', chars, meta} | rest], buffer, [current | scope], state) do
    {code, state} = placeholder(current, meta.line, buffer, chars, state)
    build(rest, state.engine.handle_begin(buffer), [code | scope], %{state | line: meta.line})
  end

  defp build([{:middle_expr, _, chars, meta} | _], _buffer, [], state) do
    raise EEx.SyntaxError, message: "unexpected middle of expression <%#{chars}%>", file: state.file, line: meta.line, column: meta.column
  end

  defp build([{:end_expr, '', chars, meta} | rest], buffer, [current | _], state) do
    {code, state} = placeholder(current, meta.line, buffer, chars, state)
    options = [file: state.file, line: state.start_line, column: state.start_column] ++ state.parser_options
    block = code |> Code.string_to_quoted!(options) |> put_parts(state.quoted)
    {block, rest}
  end

  defp build([{:end_expr, _, chars, meta} | _], _buffer, [], state) do
    raise EEx.SyntaxError, message: "unexpected end of expression <%#{chars}%>", file: state.file, line: meta.line, column: meta.column
  end

  defp build([{:eof, _meta}], buffer, [], state) do
    state.engine.handle_body(buffer)
  end

  defp build([{:eof, meta}], _buffer, _scope, state) do
    raise EEx.SyntaxError, message: "unexpected end of string, expected a closing '<% end %>'", file: state.file, line: meta.line, column: meta.column
  end

  # The code so far of the enclosing block, a call standing for the part just read
  # (`__EEX__(n);`), newlines to keep lines right, then the tag's code.
  defp placeholder(current, line, buffer, chars, state) do
    key = length(state.quoted)
    code = current ++ '__EEX__(' ++ Integer.to_charlist(key) ++ ');' ++ List.duplicate(?\n, line - state.line) ++ chars
    {code, %{state | quoted: [{key, state.engine.handle_end(buffer)} | state.quoted]}}
  end

  # A block's first clause may follow its opening tag directly (`<%= case x do %> <% 1 -> %>`).
  defp middle_right_after([{:comment, _, _} | rest], code), do: middle_right_after(rest, code)

  defp middle_right_after([{:text, text, _} | rest], code) do
    if Enum.all?(text, &(&1 in @all_spaces)), do: middle_right_after(rest, code ++ text), else: nil
  end

  defp middle_right_after([{:middle_expr, _, chars, meta} | rest], code), do: {rest, meta.line, code ++ chars}
  defp middle_right_after(_tokens, _code), do: nil

  defp put_parts({:__EEX__, _, [key]}, parts) do
    {^key, part} = List.keyfind(parts, key, 0)
    part
  end

  defp put_parts({left, meta, right}, parts), do: {put_parts(left, parts), meta, put_parts(right, parts)}
  defp put_parts({left, right}, parts), do: {put_parts(left, parts), put_parts(right, parts)}
  defp put_parts(list, parts) when is_list(list), do: Enum.map(list, &put_parts(&1, parts))
  defp put_parts(other, _parts), do: other

  # Where a tag's code starts: after `<%` and its marker.
  defp code_column(column, marker), do: column + 2 + length(marker)
end

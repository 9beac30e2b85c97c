# String.replace/4 with a replacement function: the native cuts the subject into text and
# matches; the user's function runs here, on the machine (Regex.replace/4 likewise).
defmodule String do
  def replace(subject, pattern, replacement, options \\ [])
      when is_binary(subject) and
             (is_binary(replacement) or is_function(replacement, 1)) and
             is_list(options) do
    replace_guarded(subject, pattern, replacement, options)
  end

  defp replace_guarded(subject, [], _, _), do: subject

  # (an empty pattern: the function's answer for "" around each grapheme, as Elixir's
  # intersperse_fun/3 does; the first answer comes first)
  defp replace_guarded(subject, "", replacement, options) when is_function(replacement, 1) do
    if Keyword.get(options, :global, true) do
      intersperse_fun(subject, replacement, [replacement.("")])
    else
      IO.iodata_to_binary([replacement.("") | subject])
    end
  end

  defp replace_guarded(subject, pattern, replacement, options) when is_function(replacement, 1) do
    global = Keyword.get(options, :global, true)
    parts = String.__replace_parts__(subject, pattern, global)
    join_replaced(parts, fn match -> replacement.(match) end, [])
  end

  defp replace_guarded(subject, pattern, replacement, options),
    do: String.__replace__(subject, pattern, replacement, options)

  defp intersperse_fun(subject, replacement, acc) do
    case String.next_grapheme(subject) do
      {current, rest} -> intersperse_fun(rest, replacement, [replacement.(""), current | acc])
      nil -> IO.iodata_to_binary(:lists.reverse(acc))
    end
  end

  defp join_replaced([text], _fun, acc), do: IO.iodata_to_binary(:lists.reverse([text | acc]))

  defp join_replaced([text, match | rest], fun, acc),
    do: join_replaced(rest, fun, [fun.(match), text | acc])
end

# String.splitter/2,3: a lazy String.split/3, one part per step.
defmodule String do
  def splitter(string, pattern, options \\ [])

  def splitter(string, "", options) when is_binary(string) and is_list(options) do
    if Keyword.get(options, :trim, false) do
      Stream.unfold(string, &String.next_grapheme/1)
    else
      # "" first, then each grapheme, then "" again
      Stream.unfold({:start, string}, fn
        {:start, rest} -> {"", rest}
        :done -> nil
        "" -> {"", :done}
        rest -> String.next_grapheme(rest)
      end)
    end
  end

  def splitter(string, [], options) when is_binary(string) and is_list(options) do
    if string == "" and Keyword.get(options, :trim, false) do
      Stream.duplicate(string, 0)
    else
      Stream.duplicate(string, 1)
    end
  end

  # (the pattern is compiled at once, as :binary.compile_pattern/1 checks it)
  def splitter(string, pattern, options) when is_binary(string) and is_list(options) do
    pattern = if is_tuple(pattern), do: pattern, else: :binary.compile_pattern(pattern)
    trim = Keyword.get(options, :trim, false)
    Stream.unfold(string, &next_split(&1, pattern, trim))
  end

  defp next_split(:done, _pattern, _trim), do: nil
  defp next_split("", _pattern, false), do: {"", :done}
  defp next_split("", _pattern, true), do: nil

  defp next_split(rest, pattern, trim) do
    case :binary.split(rest, pattern) do
      ["", after_match] when trim -> next_split(after_match, pattern, trim)
      [part, after_match] -> {part, after_match}
      [part] -> {part, :done}
    end
  end
end

# Functions Elixir 1.14 deprecated but still runs (old tutorials call them; the compiler
# warns, from the library's deprecation table).
defmodule String do
  def strip(string), do: String.trim(string)
  def strip(string, char), do: String.trim(string, <<char::utf8>>)

  def lstrip(string), do: String.trim_leading(string)
  def lstrip(string, char) when is_integer(char), do: String.replace_leading(string, <<char::utf8>>, "")

  def rstrip(string), do: String.trim_trailing(string)
  def rstrip(string, char) when is_integer(char), do: String.replace_trailing(string, <<char::utf8>>, "")

  def rjust(subject, length), do: rjust(subject, length, ?\s)

  def rjust(subject, length, pad) when is_integer(pad) and is_integer(length) and length >= 0,
    do: pad(:leading, subject, length, [<<pad::utf8>>])

  def ljust(subject, length), do: ljust(subject, length, ?\s)

  def ljust(subject, length, pad) when is_integer(pad) and is_integer(length) and length >= 0,
    do: pad(:trailing, subject, length, [<<pad::utf8>>])

  # (Elixir's private pad/4, which pad_leading/3 and pad_trailing/3 share: the subject's
  # length first, so a subject that is not a binary fails in String.length/1 under it)
  defp pad(kind, string, count, [padding]) do
    string_length = String.length(string)

    if string_length >= count do
      string
    else
      case kind do
        :leading -> String.pad_leading(string, count, padding)
        :trailing -> String.pad_trailing(string, count, padding)
      end
    end
  end

  def to_char_list(string), do: String.to_charlist(string)
end

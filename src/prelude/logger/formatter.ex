# Logger.Formatter: compiles a console format ("$time $metadata[$level] $message\n") into
# a list of parts and fills it for one event, as Logger's console backend prints events.
defmodule Logger.Formatter do
  @patterns [:time, :date, :message, :level, :node, :metadata, :levelpad]
  @default "\n$time $metadata[$level] $message\n"
  @replacement "�"

  # Invalid code points in chardata become U+FFFD, invalid UTF-8 bytes too.
  def prune(binary) when is_binary(binary), do: prune_binary(binary, "")
  def prune([h | t]) when h in 0..1_114_111, do: [h | prune(t)]
  def prune([h | t]), do: [prune(h) | prune(t)]
  def prune([]), do: []
  def prune(_), do: @replacement

  defp prune_binary(<<c::utf8, rest::binary>>, acc), do: prune_binary(rest, <<acc::binary, c::utf8>>)
  defp prune_binary(<<_, rest::binary>>, acc), do: prune_binary(rest, acc <> @replacement)
  defp prune_binary(<<>>, acc), do: acc

  def compile(nil), do: compile(@default)
  def compile({mod, fun}) when is_atom(mod) and is_atom(fun), do: {mod, fun}

  # Text between $names is kept as it is; each $name is an atom.
  def compile(str) when is_binary(str) do
    for part <- Regex.split(~r/(?<head>)\$[a-z]+(?<tail>)/, str, on: [:head, :tail], trim: true) do
      case part do
        "$" <> name -> compile_code(String.to_atom(name))
        text -> text
      end
    end
  end

  defp compile_code(:levelpad) do
    IO.warn("$levelpad in Logger message format is deprecated, please remove it")
    :levelpad
  end

  defp compile_code(name) when name in @patterns, do: name
  defp compile_code(name), do: raise(ArgumentError, "$#{name} is an invalid format pattern")

  def format_time({hh, mi, ss, ms}), do: [two(hh), ?:, two(mi), ?:, two(ss), ?., three(ms)]

  def format_date({yy, mm, dd}), do: [Integer.to_string(yy), ?-, two(mm), ?-, two(dd)]

  defp two(n) when n < 10, do: [?0, Integer.to_string(n)]
  defp two(n), do: Integer.to_string(n)

  defp three(n) when n < 10, do: [?0, ?0, Integer.to_string(n)]
  defp three(n) when n < 100, do: [?0, Integer.to_string(n)]
  defp three(n), do: Integer.to_string(n)

  def format({mod, fun}, level, msg, timestamp, metadata),
    do: apply(mod, fun, [level, msg, timestamp, metadata])

  def format(parts, level, msg, timestamp, metadata) do
    for part <- parts, do: part(part, level, msg, timestamp, metadata)
  end

  defp part(:message, _level, msg, _ts, _md), do: msg
  defp part(:date, _level, _msg, {date, _}, _md), do: format_date(date)
  defp part(:time, _level, _msg, {_, time}, _md), do: format_time(time)
  defp part(:level, level, _msg, _ts, _md), do: Atom.to_string(level)
  defp part(:node, _level, _msg, _ts, _md), do: Atom.to_string(node())
  defp part(:metadata, _level, _msg, _ts, []), do: ""
  defp part(:metadata, _level, _msg, _ts, md), do: metadata(md)
  defp part(:levelpad, level, _msg, _ts, _md) when level in [:info, :warn], do: " "
  defp part(:levelpad, _level, _msg, _ts, _md), do: ""
  defp part(text, _level, _msg, _ts, _md), do: text

  # key=value pairs, each followed by a space; values that cannot be shown are left out.
  defp metadata([]), do: []

  defp metadata([{key, value} | rest]) do
    case shown(key, value) do
      nil -> metadata(rest)
      text -> [to_string(key), ?=, text, ?\s | metadata(rest)]
    end
  end

  defp shown(key, _) when key in [:time, :gl, :report_cb], do: nil
  defp shown(_, nil), do: nil
  defp shown(_, value) when is_binary(value), do: value
  defp shown(_, value) when is_integer(value), do: Integer.to_string(value)
  defp shown(_, value) when is_float(value), do: Float.to_string(value)
  defp shown(_, value) when is_pid(value), do: :erlang.pid_to_list(value)

  defp shown(_, value) when is_atom(value) do
    case Atom.to_string(value) do
      "Elixir." <> name -> name
      "nil" -> ""
      name -> name
    end
  end

  defp shown(_, value) when is_reference(value) do
    '#Ref' ++ rest = :erlang.ref_to_list(value)
    rest
  end

  defp shown(:file, value) when is_list(value), do: value

  defp shown(:domain, [first | _] = domain) when is_atom(first),
    do: Enum.map_intersperse(domain, ?., &Atom.to_string/1)

  defp shown(key, {mod, fun, arity}) when key in [:mfa, :initial_call] and is_atom(mod) and is_atom(fun) and is_integer(arity),
    do: Exception.format_mfa(mod, fun, arity)

  defp shown(_, value) when is_list(value), do: nil

  defp shown(_, value) do
    case String.Chars.impl_for(value) do
      nil -> nil
      impl -> impl.to_string(value)
    end
  end
end

# URI as Elixir 1.14 documents it: parsing (parse/1 leniently, new/1 and new!/1 strictly
# through :uri_string), merging relative references (RFC 3986 section 5.2), query strings
# in both encodings, percent-encoding. The struct, to_string/1 and default_port/1,2 are
# natives (src/stdlib/uri.ts). Function names and guards follow Elixir's, so a bad argument
# fails where iex says it does (e.g. decode/1 of a non-binary in URI.unpercent/3).
defmodule URI.Error do
  defexception [:action, :reason, :part]

  def message(%{action: action, reason: reason, part: part}) do
    "cannot #{action} due to reason #{reason}: #{inspect(part)}"
  end
end

defmodule URI do
  ## Query strings

  def encode_query(enumerable, encoding \\ :www_form) do
    Enum.map_join(enumerable, "&", &encode_kv_pair(&1, encoding))
  end

  defp encode_kv_pair({key, _}, _encoding) when is_list(key) do
    :erlang.error(ArgumentError.exception("encode_query/2 keys cannot be lists, got: #{inspect(key)}"))
  end

  defp encode_kv_pair({_, value}, _encoding) when is_list(value) do
    :erlang.error(ArgumentError.exception("encode_query/2 values cannot be lists, got: #{inspect(value)}"))
  end

  defp encode_kv_pair({key, value}, :rfc3986) do
    encode(Kernel.to_string(key), &char_unreserved?/1) <>
      "=" <> encode(Kernel.to_string(value), &char_unreserved?/1)
  end

  defp encode_kv_pair({key, value}, :www_form) do
    encode_www_form(Kernel.to_string(key)) <> "=" <> encode_www_form(Kernel.to_string(value))
  end

  def decode_query(query, map \\ %{}, encoding \\ :www_form)

  def decode_query(query, %_{} = dict, encoding) when is_binary(query) do
    deprecated_decode_query(query, dict, encoding)
  end

  def decode_query(query, map, encoding) when is_binary(query) and is_map(map) do
    decode_query_into_map(query, map, encoding)
  end

  def decode_query(query, dict, encoding) when is_binary(query) do
    deprecated_decode_query(query, dict, encoding)
  end

  defp decode_query_into_map(query, map, encoding) do
    case decode_next_query_pair(query, encoding) do
      nil -> map
      {{key, value}, rest} -> decode_query_into_map(rest, Map.put(map, key, value), encoding)
    end
  end

  # A non-map accumulator (a keyword list, a dict struct) is deprecated in 1.14: it is
  # filled with put/3 of its own module, after the warning.
  defp deprecated_decode_query(query, dict, encoding) do
    IO.warn("URI.decode_query/3 expects the second argument to be a map, other usage is deprecated")
    decode_query_into_dict(query, dict, encoding)
  end

  defp decode_query_into_dict(query, dict, encoding) do
    case decode_next_query_pair(query, encoding) do
      nil ->
        dict

      {{key, value}, rest} ->
        dict =
          case dict do
            %module{} -> module.put(dict, key, value)
            _ -> Keyword.put(dict, key, value)
          end

        decode_query_into_dict(rest, dict, encoding)
    end
  end

  def query_decoder(query, encoding \\ :www_form) when is_binary(query) do
    Stream.unfold(query, &decode_next_query_pair(&1, encoding))
  end

  defp decode_next_query_pair("", _encoding), do: nil

  defp decode_next_query_pair(query, encoding) do
    {pair, rest} =
      case :binary.split(query, "&") do
        [pair, rest] -> {pair, rest}
        [pair] -> {pair, ""}
      end

    decoded =
      case :binary.split(pair, "=") do
        [key, value] -> {decode_with_encoding(key, encoding), decode_with_encoding(value, encoding)}
        [key] -> {decode_with_encoding(key, encoding), ""}
      end

    {decoded, rest}
  end

  defp decode_with_encoding(string, :www_form), do: decode_www_form(string)
  defp decode_with_encoding(string, :rfc3986), do: decode(string)

  ## Characters

  def char_reserved?(character) do
    character in ':/?#[]@!$&\'()*+,;='
  end

  def char_unreserved?(character) do
    character in ?0..?9 or character in ?a..?z or character in ?A..?Z or character in '~_-.'
  end

  def char_unescaped?(character) do
    char_reserved?(character) or char_unreserved?(character)
  end

  ## Percent-encoding

  def encode(string, predicate \\ &char_unescaped?/1)
      when is_binary(string) and is_function(predicate, 1) do
    percent_all(string, predicate, false, "")
  end

  def encode_www_form(string) when is_binary(string) do
    percent_all(string, &char_unreserved?/1, true, "")
  end

  # Each byte kept when `keep?` says so, else "%XY"; with `plus`, a space becomes "+".
  defp percent_all(<<byte, rest::binary>>, keep?, plus, acc) do
    piece =
      cond do
        plus and byte == ?\s -> "+"
        keep?.(byte) -> <<byte>>
        true -> <<?%, hex(div(byte, 16)), hex(rem(byte, 16))>>
      end

    percent_all(rest, keep?, plus, acc <> piece)
  end

  defp percent_all(<<>>, _keep?, _plus, acc), do: acc

  defp hex(n) when n <= 9, do: n + ?0
  defp hex(n), do: n + ?A - 10

  def decode(uri), do: unpercent(uri, "", false)

  def decode_www_form(string) when is_binary(string), do: unpercent(string, "", true)

  defp unpercent(<<?+, tail::binary>>, acc, spaces = true) do
    unpercent(tail, <<acc::binary, ?\s>>, spaces)
  end

  defp unpercent(<<?%, tail::binary>>, acc, spaces) do
    case tail do
      <<hex1, hex2, rest::binary>> ->
        case {hex_value(hex1), hex_value(hex2)} do
          {high, low} when is_integer(high) and is_integer(low) ->
            unpercent(rest, <<acc::binary, high * 16 + low>>, spaces)

          _ ->
            unpercent(tail, <<acc::binary, ?%>>, spaces)
        end

      _ ->
        unpercent(tail, <<acc::binary, ?%>>, spaces)
    end
  end

  defp unpercent(<<head, tail::binary>>, acc, spaces) do
    unpercent(tail, <<acc::binary, head>>, spaces)
  end

  defp unpercent(<<>>, acc, _spaces), do: acc

  defp hex_value(n) when n in ?A..?F, do: n - ?A + 10
  defp hex_value(n) when n in ?a..?f, do: n - ?a + 10
  defp hex_value(n) when n in ?0..?9, do: n - ?0
  defp hex_value(_n), do: nil

  ## Parsing

  def new(%URI{} = uri), do: {:ok, uri}

  def new(binary) when is_binary(binary) do
    case :uri_string.parse(binary) do
      %{} = parts -> {:ok, from_parts(parts)}
      {:error, :invalid_uri, part} -> {:error, Kernel.to_string(part)}
    end
  end

  def new!(%URI{} = uri), do: uri

  def new!(binary) when is_binary(binary) do
    case :uri_string.parse(binary) do
      %{} = parts ->
        from_parts(parts)

      {:error, reason, part} ->
        :erlang.error(URI.Error.exception(action: :parse, reason: reason, part: Kernel.to_string(part)))
    end
  end

  # :uri_string's parts as a struct: an empty path is nil, the scheme lowercase, and a
  # scheme without an explicit port gets its default port.
  defp from_parts(%{path: ""} = parts), do: from_parts(%{parts | path: nil})

  defp from_parts(parts) do
    uri = Map.merge(%URI{}, parts)

    case parts do
      %{scheme: scheme} ->
        scheme = String.downcase(scheme, :ascii)

        cond do
          Map.has_key?(parts, :port) -> %{uri | scheme: scheme}
          port = URI.default_port(scheme) -> %{uri | scheme: scheme, port: port}
          true -> %{uri | scheme: scheme}
        end

      %{} ->
        uri
    end
  end

  def parse(%URI{} = uri), do: uri

  def parse(string) when is_binary(string) do
    # RFC 3986, appendix B: scheme, authority, path, query, fragment
    regex = ~r{^(([a-z][a-z0-9\+\-\.]*):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?}i
    groups = Regex.run(regex, string)
    group = fn n -> Enum.at(groups, n) end

    scheme = empty_to_nil(group.(2))
    path = empty_to_nil(group.(5))
    query = query_of(group.(6))
    fragment = group.(9)
    {authority, userinfo, host, port} = split_authority(group.(3))
    scheme = scheme && String.downcase(scheme)
    port = port || (scheme && URI.default_port(scheme))

    %URI{
      scheme: scheme,
      path: path,
      query: query,
      fragment: fragment,
      authority: authority,
      userinfo: userinfo,
      host: host,
      port: port
    }
  end

  defp query_of("?" <> query), do: query
  defp query_of(_other), do: nil

  defp split_authority(nil), do: {nil, nil, nil, nil}
  defp split_authority(""), do: {nil, nil, nil, nil}
  defp split_authority("//"), do: {"", nil, "", nil}

  defp split_authority("//" <> authority) do
    [_, _, userinfo, host | rest] =
      Regex.run(~r/(^(.*)@)?(\[[a-zA-Z0-9:.]*\]|[^:]*)(:(\d*))?/, authority) ++ [nil, nil]

    port = Enum.at(rest, 1)
    host = if empty_to_nil(host), do: host |> String.trim_leading("[") |> String.trim_trailing("]")
    port = if empty_to_nil(port), do: String.to_integer(port)
    {authority, empty_to_nil(userinfo), host, port}
  end

  defp empty_to_nil(""), do: nil
  defp empty_to_nil(other), do: other

  ## Merging and queries

  def merge(uri, rel)

  def merge(%URI{host: nil}, _rel) do
    :erlang.error(ArgumentError.exception("you must merge onto an absolute URI"))
  end

  def merge(_base, %URI{scheme: rel_scheme} = rel) when rel_scheme != nil do
    %{rel | path: remove_dot_segments_from_path(rel.path)}
  end

  def merge(base, %URI{host: host} = rel) when host != nil do
    %{rel | scheme: base.scheme, path: remove_dot_segments_from_path(rel.path)}
  end

  def merge(%URI{} = base, %URI{path: nil} = rel) do
    %{base | query: rel.query || base.query, fragment: rel.fragment}
  end

  def merge(%URI{} = base, %URI{} = rel) do
    %{base | path: merge_paths(base.path, rel.path), query: rel.query, fragment: rel.fragment}
  end

  def merge(base, rel), do: merge(parse(base), parse(rel))

  defp merge_paths(nil, rel_path), do: merge_paths("/", rel_path)
  defp merge_paths(_, "/" <> _ = rel_path), do: remove_dot_segments_from_path(rel_path)

  defp merge_paths(base_path, rel_path) do
    # the base's last segment is replaced by the relative path
    [_ | base_segments] = reversed_segments(base_path)

    reversed_segments(rel_path)
    |> Kernel.++(base_segments)
    |> remove_dot_segments([])
    |> Enum.join("/")
  end

  defp remove_dot_segments_from_path(nil), do: nil

  defp remove_dot_segments_from_path(path) do
    path |> reversed_segments() |> remove_dot_segments([]) |> Enum.join("/")
  end

  # Segments come reversed (last first); the result is in order. A ".." at the end of the
  # input removes the segment before it; "." segments vanish; ".." pops the previous segment
  # unless only ".." are left to pop (then it stays, as for a path above the root).
  defp remove_dot_segments([], [head, ".." | acc]), do: remove_dot_segments([], [head | acc])
  defp remove_dot_segments([], acc), do: acc
  defp remove_dot_segments(["." | tail], acc), do: remove_dot_segments(tail, acc)

  defp remove_dot_segments([head | tail], ["..", ".." | _] = acc),
    do: remove_dot_segments(tail, [head | acc])

  defp remove_dot_segments(segments, [_, ".." | acc]), do: remove_dot_segments(segments, acc)
  defp remove_dot_segments([head | tail], acc), do: remove_dot_segments(tail, [head | acc])

  defp reversed_segments(path), do: path |> String.split("/") |> Enum.reverse()

  def append_query(%URI{} = uri, query) when is_binary(query) and uri.query in [nil, ""] do
    %{uri | query: query}
  end

  def append_query(%URI{} = uri, query) when is_binary(query) do
    if String.ends_with?(uri.query, "&") do
      %{uri | query: uri.query <> query}
    else
      %{uri | query: uri.query <> "&" <> query}
    end
  end
end

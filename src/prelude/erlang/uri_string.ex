# :uri_string (OTP 25) beside its native parse/1 (src/stdlib/uri-string.ts): recompose/1,
# normalize/1,2, resolve/2,3, transcode/2, percent_decode/1, quote/1,2, unquote/1,
# compose_query/1,2, dissect_query/1, allowed_characters/0, is_host/1, is_path/1.
# Laid out as uri_string.erl's functions (same private names, so a clause that does not
# match names the function OTP's would), with its errors: {:error, atom, data} tuples thrown
# inside and returned where OTP catches them, raised where OTP lets them through.
defmodule :uri_string do
  @moduledoc false

  # ---- API ----

  def normalize(uri_map), do: normalize(uri_map, [])

  def normalize(uri_map, []) when is_map(uri_map) do
    try do
      recompose(normalize_map(uri_map))
    catch
      :throw, {:error, atom, rest} -> {:error, atom, rest}
    end
  end

  def normalize(uri_map, [:return_map]) when is_map(uri_map) do
    try do
      normalize_map(uri_map)
    catch
      :throw, {:error, atom, rest} -> {:error, atom, rest}
    end
  end

  def normalize(uri_string, []) do
    case :uri_string.parse(uri_string) do
      value when is_map(value) ->
        try do
          recompose(normalize_map(value))
        catch
          :throw, {:error, atom, rest} -> {:error, atom, rest}
        end

      error ->
        error
    end
  end

  def normalize(uri_string, [:return_map]) do
    case :uri_string.parse(uri_string) do
      value when is_map(value) ->
        try do
          normalize_map(value)
        catch
          :throw, {:error, atom, rest} -> {:error, atom, rest}
        end

      error ->
        error
    end
  end

  def recompose(map) do
    case is_valid_map(map) do
      false ->
        {:error, :invalid_map, map}

      true ->
        try do
          t0 = update_scheme(map, :empty)
          t1 = update_userinfo(map, t0)
          t2 = update_host(map, t1)
          t3 = update_port(map, t2)
          t4 = update_path(map, t3)
          t5 = update_query(map, t4)
          update_fragment(map, t5)
        catch
          :throw, {:error, atom, rest} -> {:error, atom, rest}
        end
    end
  end

  def resolve(uri_map, base_uri_map), do: resolve(uri_map, base_uri_map, [])

  def resolve(uri_map, base_uri_map, options) when is_map(uri_map) do
    case resolve_map(uri_map, base_uri_map) do
      target when is_map(target) ->
        case options do
          [:return_map] -> target
          [] -> recompose(target)
        end

      error ->
        error
    end
  end

  def resolve(uri_string, base_uri_map, options) do
    case :uri_string.parse(uri_string) do
      uri_map when is_map(uri_map) -> resolve(uri_map, base_uri_map, options)
      error -> error
    end
  end

  def transcode(uri_string, options) when is_binary(uri_string) do
    try do
      in_enc = :proplists.get_value(:in_encoding, options, :utf8)
      out_enc = :proplists.get_value(:out_encoding, options, :utf8)
      list = convert_to_list(uri_string, in_enc)
      output = transcode(list, [], in_enc, out_enc)
      convert_to_binary(output, :utf8, out_enc)
    catch
      :throw, {:error, atom, rest} -> {:error, atom, rest}
    end
  end

  def transcode(uri_string, options) when is_list(uri_string) do
    in_enc = :proplists.get_value(:in_encoding, options, :utf8)
    out_enc = :proplists.get_value(:out_encoding, options, :utf8)
    flattened = flatten_list(uri_string, in_enc)

    try do
      transcode(flattened, [], in_enc, out_enc)
    catch
      :throw, {:error, atom, rest} -> {:error, atom, rest}
    end
  end

  def allowed_characters() do
    input = Enum.to_list(0..127)

    [
      scheme: Enum.filter(input, &is_scheme/1),
      userinfo: Enum.filter(input, &is_userinfo/1),
      host: Enum.filter(input, &is_host/1),
      ipv4: Enum.filter(input, &is_ipv4/1),
      ipv6: Enum.filter(input, &is_ipv6/1),
      regname: Enum.filter(input, &is_reg_name/1),
      path: Enum.filter(input, &is_path/1),
      query: Enum.filter(input, &is_query/1),
      fragment: Enum.filter(input, &is_fragment/1),
      reserved: Enum.filter(input, &is_reserved/1),
      unreserved: Enum.filter(input, &is_unreserved/1)
    ]
  end

  def percent_decode(uri_map) when is_map(uri_map) do
    fun = fn
      k, v when k in [:userinfo, :host, :path, :query, :fragment] ->
        case raw_decode(v) do
          {:error, reason, input} -> throw({:error, {:invalid, {k, {reason, input}}}})
          other -> other
        end

      _, v ->
        v
    end

    try do
      :maps.map(fun, uri_map)
    catch
      :throw, return -> return
    end
  end

  def percent_decode(uri) when is_list(uri) or is_binary(uri), do: raw_decode(uri)

  # (quote and unquote are special forms in Elixir: the names are given as atoms)
  def unquote(:quote)(d), do: encode(d, &is_unreserved/1)

  def unquote(:quote)(d, safe), do: encode(d, fn c -> is_unreserved(c) or :lists.member(c, safe) end)

  def unquote(:unquote)(d), do: raw_decode(d)

  def compose_query(list), do: compose_query(list, encoding: :utf8)

  def compose_query([], _options), do: []

  def compose_query(list, options) do
    try do
      compose_query(list, options, false, <<>>)
    catch
      :throw, {:error, atom, rest} -> {:error, atom, rest}
    end
  end

  defp compose_query([{key, true} | rest], options, is_list, acc) do
    separator = get_separator(rest)
    k = form_urlencode(key, options)
    compose_query(rest, options, is_list or is_list(key), <<acc::binary, k::binary, separator::binary>>)
  end

  defp compose_query([{key, value} | rest], options, is_list, acc) do
    separator = get_separator(rest)
    k = form_urlencode(key, options)
    v = form_urlencode(value, options)
    is_list_new = is_list or is_list(key) or is_list(value)
    compose_query(rest, options, is_list_new, <<acc::binary, k::binary, "=", v::binary, separator::binary>>)
  end

  defp compose_query([], _options, is_list, acc) do
    case is_list do
      true -> convert_to_list(acc, :utf8)
      false -> acc
    end
  end

  def dissect_query(<<>>), do: []
  def dissect_query([]), do: []

  def dissect_query(query_string) when is_list(query_string) do
    try do
      b = convert_to_binary(query_string, :utf8, :utf8)
      dissect_query_key(b, true, [], <<>>, <<>>)
    catch
      :throw, {:error, atom, rest} -> {:error, atom, rest}
    end
  end

  def dissect_query(query_string) do
    try do
      dissect_query_key(query_string, false, [], <<>>, <<>>)
    catch
      :throw, {:error, atom, rest} -> {:error, atom, rest}
    end
  end

  def is_host(?:), do: true
  def is_host(char), do: is_unreserved(char) or is_sub_delim(char)

  def is_path(?/), do: true
  def is_path(char), do: is_pchar(char)

  # ---- character classes ----

  defp is_pchar(c) when c in [?%, ?:, ?@], do: true
  defp is_pchar(c), do: is_unreserved(c) or is_sub_delim(c)

  defp is_scheme(c) when c in [?+, ?-, ?.], do: true
  defp is_scheme(c), do: is_alpha(c) or is_digit(c)

  defp is_userinfo(c) when c in [?%, ?:], do: true
  defp is_userinfo(c), do: is_unreserved(c) or is_sub_delim(c)

  defp is_reg_name(?%), do: true
  defp is_reg_name(c), do: is_unreserved(c) or is_sub_delim(c)

  defp is_ipv4(?.), do: true
  defp is_ipv4(c), do: is_digit(c)

  defp is_ipv6(c) when c in [?:, ?.], do: true
  defp is_ipv6(c), do: is_hex_digit(c)

  defp is_query(c) when c in [?/, ??], do: true
  defp is_query(c), do: is_pchar(c)

  defp is_fragment(c) when c in [?/, ??], do: true
  defp is_fragment(c), do: is_pchar(c)

  defp is_reserved(c), do: c in ':/?#[]@!$&\'()*+,;='

  defp is_sub_delim(c), do: c in '!$&\'()*+,;='

  defp is_unreserved(c) when c in [?-, ?., ?_, ?~], do: true
  defp is_unreserved(c), do: is_alpha(c) or is_digit(c)

  defp is_alpha(c) when (?A <= c and c <= ?Z) or (?a <= c and c <= ?z), do: true
  defp is_alpha(_), do: false

  defp is_digit(c) when ?0 <= c and c <= ?9, do: true
  defp is_digit(_), do: false

  defp is_hex_digit(c) when (?0 <= c and c <= ?9) or (?a <= c and c <= ?f) or (?A <= c and c <= ?F), do: true
  defp is_hex_digit(_), do: false

  defp hex2dec(x) when x >= ?0 and x <= ?9, do: x - ?0
  defp hex2dec(x) when x >= ?A and x <= ?F, do: x - ?A + 10
  defp hex2dec(x) when x >= ?a and x <= ?f, do: x - ?a + 10

  defp dec2hex(x) when x >= 0 and x <= 9, do: x + ?0
  defp dec2hex(x) when x >= 10 and x <= 15, do: x + ?A - 10

  # ---- encoding and decoding components ----

  defp encode_scheme([]), do: throw({:error, :invalid_scheme, ''})
  defp encode_scheme(<<>>), do: throw({:error, :invalid_scheme, <<>>})

  defp encode_scheme(scheme) do
    case validate_scheme(scheme) do
      true -> scheme
      false -> throw({:error, :invalid_scheme, scheme})
    end
  end

  defp encode_userinfo(cs), do: encode(cs, &is_userinfo/1)

  defp encode_host(cs) do
    case classify_host(cs) do
      :regname -> cs
      :ipv4 -> cs
      :ipv6 -> bracket_ipv6(cs)
      :other -> encode(cs, &is_reg_name/1)
    end
  end

  defp encode_path(cs), do: encode(cs, &is_path/1)
  defp encode_query(cs), do: encode(cs, &is_query/1)
  defp encode_fragment(cs), do: encode(cs, &is_fragment/1)

  defp decode(cs), do: decode(cs, <<>>)

  defp decode(l, acc) when is_list(l) do
    b0 = :unicode.characters_to_binary(l)
    b1 = decode(b0, acc)
    :unicode.characters_to_list(b1)
  end

  defp decode(<<?%, c0, c1, cs::binary>>, acc) do
    case is_hex_digit(c0) and is_hex_digit(c1) do
      true ->
        b = hex2dec(c0) * 16 + hex2dec(c1)

        case is_unreserved(b) do
          false -> decode(cs, <<acc::binary, ?%, hex_to_upper(c0), hex_to_upper(c1)>>)
          true -> decode(cs, <<acc::binary, b>>)
        end

      false ->
        throw({:error, :invalid_percent_encoding, <<?%, c0, c1>>})
    end
  end

  defp decode(<<c, cs::binary>>, acc), do: decode(cs, <<acc::binary, c>>)
  defp decode(<<>>, acc), do: check_utf8(acc)

  defp raw_decode(cs), do: raw_decode(cs, <<>>)

  defp raw_decode(l, acc) when is_list(l) do
    try do
      b0 = :unicode.characters_to_binary(l)
      b1 = raw_decode(b0, acc)
      :unicode.characters_to_list(b1)
    catch
      :throw, {:error, atom, rest} -> {:error, atom, rest}
    end
  end

  defp raw_decode(<<?%, c0, c1, cs::binary>>, acc) do
    case is_hex_digit(c0) and is_hex_digit(c1) do
      true -> raw_decode(cs, <<acc::binary, hex2dec(c0) * 16 + hex2dec(c1)>>)
      false -> throw({:error, :invalid_percent_encoding, <<?%, c0, c1>>})
    end
  end

  defp raw_decode(<<c, cs::binary>>, acc), do: raw_decode(cs, <<acc::binary, c>>)
  defp raw_decode(<<>>, acc), do: check_utf8(acc)

  defp check_utf8(cs) do
    case :unicode.characters_to_list(cs) do
      {:incomplete, _, _} -> throw({:error, :invalid_utf8, cs})
      {:error, _, _} -> throw({:error, :invalid_utf8, cs})
      _ -> cs
    end
  end

  defp hex_to_upper(h) when ?a <= h and h <= ?f, do: h - 32
  defp hex_to_upper(h) when (?0 <= h and h <= ?9) or (?A <= h and h <= ?F), do: h
  defp hex_to_upper(h), do: throw({:error, :invalid_input, h})

  defp encode(component, fun) when is_list(component) do
    b = :unicode.characters_to_binary(component)
    :unicode.characters_to_list(encode(b, fun, <<>>))
  end

  defp encode(component, fun) when is_binary(component), do: encode(component, fun, <<>>)

  defp encode(<<char::utf8, rest::binary>>, fun, acc) do
    c = encode_codepoint_binary(char, fun)
    encode(rest, fun, <<acc::binary, c::binary>>)
  end

  defp encode(<<char, rest::binary>>, _fun, _acc), do: throw({:error, :invalid_input, <<char, rest::binary>>})
  defp encode(<<>>, _fun, acc), do: acc

  defp encode_codepoint_binary(c, fun) do
    case fun.(c) do
      false -> percent_encode_binary(c)
      true -> <<c>>
    end
  end

  defp percent_encode_binary(code), do: percent_encode_binary(<<code::utf8>>, <<>>)

  defp percent_encode_binary(<<a::4, b::4, rest::binary>>, acc),
    do: percent_encode_binary(rest, <<acc::binary, ?%, dec2hex(a), dec2hex(b)>>)

  defp percent_encode_binary(<<>>, acc), do: acc

  defp validate_scheme([]), do: true

  defp validate_scheme([h | t]) do
    case is_scheme(h) do
      true -> validate_scheme(t)
      false -> false
    end
  end

  defp validate_scheme(<<>>), do: true

  defp validate_scheme(<<h, rest::binary>>) do
    case is_scheme(h) do
      true -> validate_scheme(rest)
      false -> false
    end
  end

  defp classify_host([]), do: :other
  defp classify_host(addr) when is_binary(addr), do: classify_host_ipv6(:unicode.characters_to_list(addr))
  defp classify_host(addr), do: classify_host_ipv6(addr)

  defp classify_host_ipv6(addr) do
    case :inet.parse_ipv6strict_address(addr) do
      {:ok, _} -> :ipv6
      {:error, _} -> classify_host_ipv4(addr)
    end
  end

  defp classify_host_ipv4(addr) do
    case :inet.parse_ipv4strict_address(addr) do
      {:ok, _} -> :ipv4
      {:error, _} -> classify_host_regname(addr)
    end
  end

  defp classify_host_regname([]), do: :regname

  defp classify_host_regname([h | t]) do
    case is_reg_name(h) do
      true -> classify_host_regname(t)
      false -> :other
    end
  end

  defp bracket_ipv6(addr) when is_binary(addr), do: concat(<<?[, addr::binary>>, <<?]>>)
  defp bracket_ipv6(addr) when is_list(addr), do: [?[ | addr] ++ ']'

  # ---- recompose ----

  defp is_valid_map(%{path: path} = map) do
    (starts_with_two_slash(path) and is_valid_map_host(map)) or
      (:maps.is_key(:userinfo, map) and is_valid_map_host(map)) or
      (:maps.is_key(:port, map) and is_valid_map_host(map)) or
      all_fields_valid(map)
  end

  defp is_valid_map(%{}), do: false

  defp is_valid_map_host(map), do: :maps.is_key(:host, map) and all_fields_valid(map)

  defp all_fields_valid(map) do
    fun = fn
      k, _, acc when k in [:scheme, :userinfo, :host, :port, :path, :query, :fragment] -> acc
      _, _, _ -> false
    end

    :maps.fold(fun, true, map)
  end

  defp starts_with_two_slash([?/, ?/ | _]), do: true
  defp starts_with_two_slash(<<"//", _::binary>>), do: true
  defp starts_with_two_slash(_), do: false

  defp update_scheme(%{scheme: scheme}, _), do: add_colon_postfix(encode_scheme(scheme))
  defp update_scheme(%{}, _), do: :empty

  defp update_userinfo(%{userinfo: userinfo}, :empty), do: add_auth_prefix(encode_userinfo(userinfo))
  defp update_userinfo(%{userinfo: userinfo}, uri), do: concat(uri, add_auth_prefix(encode_userinfo(userinfo)))
  defp update_userinfo(%{}, :empty), do: :empty
  defp update_userinfo(%{}, uri), do: uri

  defp update_host(%{host: host}, :empty), do: add_auth_prefix(encode_host(host))
  defp update_host(%{host: host} = map, uri), do: concat(uri, add_host_prefix(map, encode_host(host)))
  defp update_host(%{}, :empty), do: :empty
  defp update_host(%{}, uri), do: uri

  defp update_port(%{port: :undefined}, uri), do: concat(uri, <<":">>)
  defp update_port(%{port: port}, uri), do: concat(uri, add_colon(encode_port(port)))
  defp update_port(%{}, uri), do: uri

  defp update_path(%{path: path}, :empty), do: encode_path(path)

  defp update_path(%{host: _, path: path0}, uri) do
    path = make_path_absolute(maybe_flatten_list(path0))
    concat(uri, encode_path(path))
  end

  defp update_path(%{path: path}, uri), do: concat(uri, encode_path(path))
  defp update_path(%{}, :empty), do: :empty
  defp update_path(%{}, uri), do: uri

  defp update_query(%{query: query}, :empty), do: encode_query(query)
  defp update_query(%{query: query}, uri), do: concat(uri, add_question_mark(encode_query(query)))
  defp update_query(%{}, :empty), do: :empty
  defp update_query(%{}, uri), do: uri

  defp update_fragment(%{fragment: fragment}, :empty), do: add_hashmark(encode_fragment(fragment))
  defp update_fragment(%{fragment: fragment}, uri), do: concat(uri, add_hashmark(encode_fragment(fragment)))
  defp update_fragment(%{}, :empty), do: ''
  defp update_fragment(%{}, uri), do: uri

  defp concat(a, b) when is_binary(a) and is_binary(b), do: <<a::binary, b::binary>>
  defp concat(a, b) when is_binary(a) and is_list(b), do: :unicode.characters_to_list(a) ++ b
  defp concat(a, b) when is_list(a), do: a ++ maybe_to_list(b)

  defp add_hashmark(comp) when is_binary(comp), do: <<?#, comp::binary>>
  defp add_hashmark(comp) when is_list(comp), do: [?# | comp]

  defp add_question_mark(comp) when is_binary(comp), do: <<??, comp::binary>>
  defp add_question_mark(comp) when is_list(comp), do: [?? | comp]

  defp add_colon(comp) when is_binary(comp), do: <<?:, comp::binary>>

  defp add_colon_postfix(comp) when is_binary(comp), do: <<comp::binary, ?:>>
  defp add_colon_postfix(comp) when is_list(comp), do: comp ++ ':'

  defp add_auth_prefix(comp) when is_binary(comp), do: <<"//", comp::binary>>
  defp add_auth_prefix(comp) when is_list(comp), do: [?/, ?/ | comp]

  defp add_host_prefix(%{userinfo: _}, host) when is_binary(host), do: <<?@, host::binary>>
  defp add_host_prefix(%{}, host) when is_binary(host), do: <<"//", host::binary>>
  defp add_host_prefix(%{userinfo: _}, host) when is_list(host), do: [?@ | host]
  defp add_host_prefix(%{}, host) when is_list(host), do: [?/, ?/ | host]

  defp maybe_to_list(comp) when is_binary(comp), do: :unicode.characters_to_list(comp)
  defp maybe_to_list(comp), do: comp

  defp encode_port(port), do: :erlang.integer_to_binary(port)

  defp make_path_absolute(<<>>), do: <<>>
  defp make_path_absolute([]), do: []
  defp make_path_absolute(<<"/", _::binary>> = path), do: path
  defp make_path_absolute([?/ | _] = path), do: path
  defp make_path_absolute(path) when is_binary(path), do: concat(<<?/>>, path)
  defp make_path_absolute(path) when is_list(path), do: concat('/', path)

  defp maybe_flatten_list(path) when is_binary(path), do: path
  defp maybe_flatten_list(path), do: :unicode.characters_to_list(path)

  # ---- resolve ----

  defp resolve_map(%{scheme: _} = uri_map, _), do: normalize_path_segment(uri_map)

  defp resolve_map(uri_map, %{scheme: _} = base_uri_map),
    do: resolve_map(uri_map, base_uri_map, resolve_path_type(uri_map))

  defp resolve_map(_uri_map, base_uri_map) when is_map(base_uri_map), do: {:error, :invalid_scheme, ''}

  defp resolve_map(uri_map, base_uri_string) do
    case :uri_string.parse(base_uri_string) do
      %{scheme: _} = base_uri_map -> resolve_map(uri_map, base_uri_map, resolve_path_type(uri_map))
      base_uri_map when is_map(base_uri_map) -> {:error, :invalid_scheme, ''}
      error -> error
    end
  end

  defp resolve_path_type(uri_map) do
    case :erlang.iolist_to_binary(:maps.get(:path, uri_map, <<>>)) do
      <<>> -> :empty_path
      <<?/, _::bits>> -> :absolute_path
      _ -> :relative_path
    end
  end

  defp resolve_map(%{host: _} = uri, %{scheme: scheme}, _),
    do: normalize_path_segment(Map.put(uri, :scheme, scheme))

  defp resolve_map(uri, base_uri, :empty_path) do
    keys =
      case :maps.is_key(:query, uri) do
        true -> [:scheme, :userinfo, :host, :port, :path]
        false -> [:scheme, :userinfo, :host, :port, :path, :query]
      end

    :maps.merge(uri, :maps.with(keys, base_uri))
  end

  defp resolve_map(uri, base_uri, :absolute_path),
    do: normalize_path_segment(:maps.merge(uri, :maps.with([:scheme, :userinfo, :host, :port], base_uri)))

  defp resolve_map(%{path: path} = uri, base_uri, :relative_path) do
    normalize_path_segment(
      :maps.merge(
        %{uri | path: merge_paths(path, base_uri)},
        :maps.with([:scheme, :userinfo, :host, :port], base_uri)
      )
    )
  end

  defp merge_paths(path, %{path: base_path0} = base_uri) do
    case {base_uri, :erlang.iolist_size(base_path0)} do
      {%{host: _}, 0} ->
        merge_paths_absolute(path)

      _ ->
        case :string.split(base_path0, <<?/>>, :trailing) do
          [base_path, _] when is_binary(path) -> :unicode.characters_to_binary([base_path, ?/, path])
          [base_path, _] when is_list(path) -> :unicode.characters_to_list([base_path, ?/, path])
          [_] -> path
        end
    end
  end

  defp merge_paths_absolute(path) when is_binary(path), do: <<?/, path::binary>>
  defp merge_paths_absolute(path) when is_list(path), do: :unicode.characters_to_list([?/, path])

  # ---- transcode ----

  defp transcode([?%, _c0, _c1 | _rest] = l, acc, in_enc, out_enc), do: transcode_pct(l, acc, <<>>, in_enc, out_enc)
  defp transcode([_c | _rest] = l, acc, in_enc, out_enc), do: transcode(l, acc, [], in_enc, out_enc)

  defp transcode([?%, _c0, _c1 | _rest] = l, acc, list, in_enc, out_enc),
    do: transcode_pct(l, list ++ acc, <<>>, in_enc, out_enc)

  defp transcode([c | rest], acc, list, in_enc, out_enc), do: transcode(rest, acc, [c | list], in_enc, out_enc)
  defp transcode([], acc, list, _in_enc, _out_enc), do: :lists.reverse(list ++ acc)

  defp transcode_pct([?%, c0, c1 | rest] = l, acc, b, in_enc, out_enc) do
    case is_hex_digit(c0) and is_hex_digit(c1) do
      true -> transcode_pct(rest, acc, <<b::binary, hex2dec(c0) * 16 + hex2dec(c1)>>, in_enc, out_enc)
      false -> throw({:error, :invalid_percent_encoding, l})
    end
  end

  defp transcode_pct([_c | _rest] = l, acc, b, in_enc, out_enc) do
    out_binary = convert_to_binary(b, in_enc, out_enc)
    pct_enc_utf8 = percent_encode_segment(out_binary)
    out = :lists.reverse(convert_to_list(pct_enc_utf8, :utf8))
    transcode(l, out ++ acc, [], in_enc, out_enc)
  end

  defp transcode_pct([], acc, b, in_enc, out_enc) do
    out_binary = convert_to_binary(b, in_enc, out_enc)
    pct_enc_utf8 = percent_encode_segment(out_binary)
    out = convert_to_list(pct_enc_utf8, :utf8)
    :lists.reverse(acc, out)
  end

  defp convert_to_binary(binary, in_enc, out_enc) do
    case :unicode.characters_to_binary(binary, in_enc, out_enc) do
      {:error, _list, rest} -> throw({:error, :invalid_input, rest})
      {:incomplete, _list, rest} -> throw({:error, :invalid_input, rest})
      result -> result
    end
  end

  defp convert_to_list(binary, in_enc) do
    case :unicode.characters_to_list(binary, in_enc) do
      {:error, _list, rest} -> throw({:error, :invalid_input, rest})
      {:incomplete, _list, rest} -> throw({:error, :invalid_input, rest})
      result -> result
    end
  end

  defp flatten_list([], _), do: []
  defp flatten_list(l, in_enc), do: flatten_list(l, in_enc, [])

  defp flatten_list([h | t], in_enc, acc) when is_binary(h) do
    l = convert_to_list(h, in_enc)
    flatten_list(t, in_enc, :lists.reverse(l, acc))
  end

  defp flatten_list([h | t], in_enc, acc) when is_list(h), do: flatten_list(h ++ t, in_enc, acc)
  defp flatten_list([h | t], in_enc, acc), do: flatten_list(t, in_enc, [h | acc])
  defp flatten_list([], _in_enc, acc), do: :lists.reverse(acc)
  defp flatten_list(arg, _, _), do: throw({:error, :invalid_input, arg})

  defp percent_encode_segment(segment), do: percent_encode_binary(segment, <<>>)

  # ---- queries ----

  defp get_separator([]), do: <<>>
  defp get_separator(_l), do: <<"&">>

  defp form_urlencode(cs, [{:encoding, :latin1}]) when is_list(cs) do
    b = convert_to_binary(cs, :utf8, :utf8)
    html5_byte_encode(base10_encode(b))
  end

  defp form_urlencode(cs, [{:encoding, :latin1}]) when is_binary(cs), do: html5_byte_encode(base10_encode(cs))

  defp form_urlencode(cs, [{:encoding, encoding}])
       when (is_list(cs) and encoding == :utf8) or encoding == :unicode do
    html5_byte_encode(convert_to_binary(cs, :utf8, encoding))
  end

  defp form_urlencode(cs, [{:encoding, encoding}])
       when (is_binary(cs) and encoding == :utf8) or encoding == :unicode,
       do: html5_byte_encode(cs)

  defp form_urlencode(cs, [{:encoding, encoding}]) when is_list(cs) or is_binary(cs),
    do: throw({:error, :invalid_encoding, encoding})

  defp form_urlencode(cs, _), do: throw({:error, :invalid_input, cs})

  defp base10_encode(cs), do: base10_encode(cs, <<>>)
  defp base10_encode(<<>>, acc), do: acc

  defp base10_encode(<<h::utf8, t::binary>>, acc) when h > 255 do
    base10 = convert_to_binary(:erlang.integer_to_list(h, 10), :utf8, :utf8)
    base10_encode(t, <<acc::binary, "&#", base10::binary, ?;>>)
  end

  defp base10_encode(<<h::utf8, t::binary>>, acc), do: base10_encode(t, <<acc::binary, h>>)

  defp html5_byte_encode(b), do: html5_byte_encode(b, <<>>)
  defp html5_byte_encode(<<>>, acc), do: acc
  defp html5_byte_encode(<<?\s, t::binary>>, acc), do: html5_byte_encode(t, <<acc::binary, ?+>>)

  defp html5_byte_encode(<<h, t::binary>>, acc) do
    case is_url_char(h) do
      true ->
        html5_byte_encode(t, <<acc::binary, h>>)

      false ->
        <<a::4, b::4>> = <<h>>
        html5_byte_encode(t, <<acc::binary, ?%, dec2hex(a), dec2hex(b)>>)
    end
  end

  defp html5_byte_encode(h, _acc), do: throw({:error, :invalid_input, h})

  defp is_url_char(c)
       when c in [0x2A, 0x2D, 0x2E, 0x5F] or (0x30 <= c and c <= 0x39) or (0x41 <= c and c <= 0x5A) or
              (0x61 <= c and c <= 0x7A),
       do: true

  defp is_url_char(_), do: false

  defp dissect_query_key(<<?=, t::binary>>, is_list, acc, key, value),
    do: dissect_query_value(t, is_list, acc, key, value)

  defp dissect_query_key(<<"&#", t::binary>>, is_list, acc, key, value),
    do: dissect_query_key(t, is_list, acc, <<key::binary, "&#">>, value)

  defp dissect_query_key(<<?&, _::binary>> = t, is_list, acc, key, <<>>),
    do: dissect_query_value(t, is_list, acc, key, true)

  defp dissect_query_key(<<h, t::binary>>, is_list, acc, key, value),
    do: dissect_query_key(t, is_list, acc, <<key::binary, h>>, value)

  defp dissect_query_key(<<>> = t, is_list, acc, key, <<>>), do: dissect_query_value(t, is_list, acc, key, true)

  defp dissect_query_value(<<?&, t::binary>>, is_list, acc, key, value) do
    k = form_urldecode(is_list, key)
    v = form_urldecode(is_list, value)
    dissect_query_key(t, is_list, [{k, v} | acc], <<>>, <<>>)
  end

  defp dissect_query_value(<<h, t::binary>>, is_list, acc, key, value),
    do: dissect_query_value(t, is_list, acc, key, <<value::binary, h>>)

  defp dissect_query_value(<<>>, is_list, acc, key, value) do
    k = form_urldecode(is_list, key)
    v = form_urldecode(is_list, value)
    :lists.reverse([{k, v} | acc])
  end

  defp form_urldecode(_, true), do: true
  defp form_urldecode(true, b), do: convert_to_list(base10_decode(form_urldecode(b, <<>>)), :utf8)
  defp form_urldecode(false, b), do: base10_decode(form_urldecode(b, <<>>))
  defp form_urldecode(<<>>, acc), do: acc
  defp form_urldecode(<<?+, t::binary>>, acc), do: form_urldecode(t, <<acc::binary, ?\s>>)

  defp form_urldecode(<<?%, c0, c1, t::binary>>, acc) do
    case is_hex_digit(c0) and is_hex_digit(c1) do
      true ->
        form_urldecode(t, <<acc::binary, hex2dec(c0) * 16 + hex2dec(c1)>>)

      false ->
        l = convert_to_list(<<?%, c0, c1, t::binary>>, :utf8)
        throw({:error, :invalid_percent_encoding, l})
    end
  end

  defp form_urldecode(<<h::utf8, t::binary>>, acc), do: form_urldecode(t, <<acc::binary, h::utf8>>)
  defp form_urldecode(<<h, _::binary>>, _acc), do: throw({:error, :invalid_character, [h]})

  defp base10_decode(cs), do: base10_decode(cs, <<>>)
  defp base10_decode(<<>>, acc), do: acc
  defp base10_decode(<<"&#", t::binary>>, acc), do: base10_decode_unicode(t, acc)
  defp base10_decode(<<h::utf8, t::binary>>, acc), do: base10_decode(t, <<acc::binary, h::utf8>>)
  defp base10_decode(<<h, _::binary>>, _), do: throw({:error, :invalid_input, [h]})

  defp base10_decode_unicode(b, acc), do: base10_decode_unicode(b, 0, acc)

  defp base10_decode_unicode(<<h::utf8, t::binary>>, codepoint, acc) when ?0 <= h and h <= ?9,
    do: base10_decode_unicode(t, codepoint * 10 + (h - ?0), acc)

  defp base10_decode_unicode(<<?;, t::binary>>, codepoint, acc), do: base10_decode(t, <<acc::binary, codepoint::utf8>>)
  defp base10_decode_unicode(<<h, _::binary>>, _, _), do: throw({:error, :invalid_input, [h]})

  # ---- normalize ----

  defp normalize_map(uri_map) do
    uri_map
    |> normalize_case()
    |> normalize_percent_encoding()
    |> normalize_undefined_port()
    |> normalize_scheme_based()
    |> normalize_path_segment()
  end

  defp normalize_case(%{scheme: scheme, host: host} = map),
    do: %{map | scheme: to_lower(scheme), host: to_lower(host)}

  defp normalize_case(%{host: host} = map), do: %{map | host: to_lower(host)}
  defp normalize_case(%{scheme: scheme} = map), do: %{map | scheme: to_lower(scheme)}
  defp normalize_case(%{} = map), do: map

  defp normalize_percent_encoding(map) do
    fun = fn
      k, v when k in [:userinfo, :host, :path, :query, :fragment] -> decode(v)
      _, v -> v
    end

    :maps.map(fun, map)
  end

  defp to_lower(cs) when is_list(cs) do
    b = convert_to_binary(cs, :utf8, :utf8)
    convert_to_list(to_lower(b), :utf8)
  end

  defp to_lower(cs) when is_binary(cs), do: to_lower(cs, <<>>)

  defp to_lower(<<c, cs::binary>>, acc) when ?A <= c and c <= ?Z, do: to_lower(cs, <<acc::binary, c + 32>>)
  defp to_lower(<<c, cs::binary>>, acc), do: to_lower(cs, <<acc::binary, c>>)
  defp to_lower(<<>>, acc), do: acc

  defp normalize_path_segment(map) do
    path = :maps.get(:path, map, :undefined)
    :maps.put(:path, remove_dot_segments(path), map)
  end

  defp remove_dot_segments(path) when is_binary(path), do: remove_dot_segments(path, <<>>)

  defp remove_dot_segments(path) when is_list(path) do
    b = convert_to_binary(path, :utf8, :utf8)
    convert_to_list(remove_dot_segments(b, <<>>), :utf8)
  end

  defp remove_dot_segments(<<>>, output), do: output
  defp remove_dot_segments(<<"../", t::binary>>, output), do: remove_dot_segments(t, output)
  defp remove_dot_segments(<<"./", t::binary>>, output), do: remove_dot_segments(t, output)
  defp remove_dot_segments(<<"/./", t::binary>>, output), do: remove_dot_segments(<<?/, t::binary>>, output)
  defp remove_dot_segments(<<"/.">>, output), do: remove_dot_segments(<<?/>>, output)

  defp remove_dot_segments(<<"/../", t::binary>>, output),
    do: remove_dot_segments(<<?/, t::binary>>, remove_last_segment(output))

  defp remove_dot_segments(<<"/..">>, output), do: remove_dot_segments(<<?/>>, remove_last_segment(output))
  defp remove_dot_segments(<<?.>>, output), do: remove_dot_segments(<<>>, output)
  defp remove_dot_segments(<<"..">>, output), do: remove_dot_segments(<<>>, output)

  defp remove_dot_segments(input, output) do
    {first, rest} = first_path_segment(input)
    remove_dot_segments(rest, <<output::binary, first::binary>>)
  end

  defp first_path_segment(input) do
    f = first_path_segment(input, <<>>)
    :erlang.split_binary(input, byte_size(f))
  end

  defp first_path_segment(<<?/, t::binary>>, acc), do: first_path_segment_end(t, <<acc::binary, ?/>>)
  defp first_path_segment(<<c, t::binary>>, acc), do: first_path_segment_end(t, <<acc::binary, c>>)

  defp first_path_segment_end(<<>>, acc), do: acc
  defp first_path_segment_end(<<?/, _::binary>>, acc), do: acc
  defp first_path_segment_end(<<c, t::binary>>, acc), do: first_path_segment_end(t, <<acc::binary, c>>)

  defp remove_last_segment(<<>>), do: <<>>

  defp remove_last_segment(b) do
    {init, last} = :erlang.split_binary(b, byte_size(b) - 1)

    case last do
      <<?/>> -> init
      _char -> remove_last_segment(init)
    end
  end

  defp normalize_scheme_based(map) do
    scheme = :maps.get(:scheme, map, :undefined)
    port = :maps.get(:port, map, :undefined)
    path = :maps.get(:path, map, :undefined)
    normalize_scheme_based(map, scheme, port, path)
  end

  defp normalize_scheme_based(map, scheme, port, path) when scheme in ['http', "http"],
    do: normalize_http_path(normalize_default_port(map, port, 80), path)

  defp normalize_scheme_based(map, scheme, port, path) when scheme in ['https', "https"],
    do: normalize_http_path(normalize_default_port(map, port, 443), path)

  defp normalize_scheme_based(map, scheme, port, _path) when scheme in ['ftp', "ftp"],
    do: normalize_default_port(map, port, 21)

  defp normalize_scheme_based(map, scheme, port, _path) when scheme in ['ssh', "ssh", 'sftp', "sftp"],
    do: normalize_default_port(map, port, 22)

  defp normalize_scheme_based(map, scheme, port, _path) when scheme in ['tftp', "tftp"],
    do: normalize_default_port(map, port, 69)

  defp normalize_scheme_based(map, _, _, _), do: map

  defp normalize_default_port(map, port, default) do
    case port do
      ^default -> :maps.remove(:port, map)
      _else -> map
    end
  end

  defp normalize_undefined_port(%{port: :undefined} = map), do: :maps.remove(:port, map)
  defp normalize_undefined_port(%{} = map), do: map

  defp normalize_http_path(map, path) do
    case path do
      [] -> %{map | path: '/'}
      <<>> -> %{map | path: "/"}
      _else -> map
    end
  end
end

# :uri_string (OTP 25): every public function over many argument shapes, errors included.
t = fn f ->
  try do
    IO.inspect(f.())
  rescue
    e -> IO.puts("raise " <> Exception.format_banner(:error, e, []))
  catch
    k, v -> IO.puts("caught #{inspect k} #{inspect v}")
  end
end
t.(fn -> :uri_string.allowed_characters() end)
for u <- ["HTTP://www.Example.com:80/a/./b/../c?q=%7e#F", 'HTTPS://A.com:443', "ftp://x:21/", "ssh://h:22", "sftp://h:22/", "tftp://h:69", "http://h:8080", "http://h:", "/a/b/../../../c", "a/./b", "mid/content=5/../6", "http://%41%2f@h/%7Euser%2Fx?%61#%62", "http://h/%zz", "x:%C3%A9", "http://[::1]:80/", 'foo://[::1]/a', "http://a b", "", '', "http://h/%ff"] do
  t.(fn -> :uri_string.normalize(u) end)
  t.(fn -> :uri_string.normalize(u, [:return_map]) end)
end
t.(fn -> :uri_string.normalize(%{scheme: "HTTP", host: "A.B", path: ""}) end)
t.(fn -> :uri_string.normalize(%{scheme: 'http', host: 'X', port: :undefined, path: ''}, [:return_map]) end)
t.(fn -> :uri_string.normalize("x", [:foo]) end)
t.(fn -> :uri_string.normalize(5) end)
for m <- [%{scheme: "http", host: "h", port: 80, path: "/x", query: "a=1", fragment: "top"},
          %{scheme: 'http', host: 'h', path: 'x'}, %{host: "h", path: "p"}, %{path: "a b"}, %{path: 'a b ü'},
          %{scheme: "1http", path: ""}, %{scheme: "", path: ""}, %{scheme: '', path: ''}, %{host: "::1", path: ""}, %{host: '::1', path: '/'},
          %{host: "1.2.3.4", path: ""}, %{host: "a b", path: ""}, %{userinfo: "u:p", host: "h", path: ""}, %{userinfo: 'u p', host: "h", path: ""},
          %{port: 1, path: ""}, %{port: :undefined, host: "h", path: ""}, %{path: "//x"}, %{path: "//x", host: "h"}, %{foo: 1, path: ""}, %{}, %{host: "h"},
          %{query: "a b", path: ""}, %{fragment: 'f g', path: ""}, %{scheme: "http", path: 'p', query: "q"}, %{path: <<255>>}, %{path: "ü"},
          %{scheme: "a+b", host: "h", path: "", fragment: ""}] do
  t.(fn -> :uri_string.recompose(m) end)
end
t.(fn -> :uri_string.recompose(5) end)
for {r, b} <- [{"g", "http://a/b/c/d;p?q"}, {"../g", "http://a/b/c/d;p?q"}, {"../../../g", "http://a/b/c/d;p?q"}, {"?y", "http://a/b/c/d;p?q"}, {"#s", "http://a/b/c/d;p?q"}, {"", "http://a/b/c/d;p?q"},
               {"//g", "http://a/b/c/d;p?q"}, {"/./g", "http://a/b/c/d;p?q"}, {"g;x=1/../y", "http://a/b/c/d;p?q"}, {'g', 'http://a/b'}, {"g", "http://a"}, {"x", "/rel"}, {"x", "a b"},
               {"http:g", "http://a/b"}, {"a b", "http://a"}, {"g", %{scheme: "http", host: "a", path: "/b/c"}}, {%{path: "g"}, %{path: "x"}}, {'../x', "foo:a/b/c"}, {"x", "foo:"}] do
  t.(fn -> :uri_string.resolve(r, b) end)
  t.(fn -> :uri_string.resolve(r, b, [:return_map]) end)
end
t.(fn -> :uri_string.resolve("g", "http://a", [:bad]) end)
for {s, o} <- [{"foo%00bar", []}, {"foo%C3%A9", [in_encoding: :utf8, out_encoding: :latin1]}, {"foo%E9", [in_encoding: :latin1, out_encoding: :utf8]}, {'foo%E9bar', [in_encoding: :latin1, out_encoding: :utf8]},
               {["foo", 'bar%C3%A9', ["x"]], [in_encoding: :utf8, out_encoding: :latin1]}, {"%zz", []}, {'%zz', []}, {"", []}, {'', []}, {"abc", [out_encoding: {:utf16, :big}]}, {"%C3%A9x", [out_encoding: :utf16]}, {'a', :bad}, {[1|2], []}, {"%E9", []}, {<<255, 0>>, []}] do
  t.(fn -> :uri_string.transcode(s, o) end)
end
for s <- ["%41b%20c", 'a%2fb', "%zz", '%zz', "%", "a%4", "%ff", '%ff', "%C3%A9", 'é%C3%A9', 5] do
  t.(fn -> :uri_string.percent_decode(s) end)
  t.(fn -> :uri_string.unquote(s) end)
end
t.(fn -> :uri_string.percent_decode(%{path: "%41", port: 1, scheme: "%zz", query: "a%20"}) end)
t.(fn -> :uri_string.percent_decode(%{path: "%zz"}) end)
t.(fn -> :uri_string.percent_decode(%{path: '%zz'}) end)
t.(fn -> :uri_string.percent_decode(%{path: "%ff", host: '%fe'}) end)
for s <- ["a b/c?", 'ä ö', "ü€𝄞", <<255>>, "~._-", 'x'] do
  t.(fn -> :uri_string.quote(s) end)
  t.(fn -> :uri_string.quote(s, '/ ') end)
  t.(fn -> :uri_string.quote(s, 'ü€') end)
end
t.(fn -> :uri_string.quote(5) end)
for q <- [[{"foo bar", "1"}, {"city", "örebro"}], [{'foo bar', '1'}, {'city', 'örebro'}], [{"a", true}, {"b", "€"}], [], [{"a", true}], [{"a*-._~!", "x+y"}], [{"k", 5}], [{"k", 'a'}, {"v", "b"}], [{"€", "€"}]] do
  t.(fn -> :uri_string.compose_query(q) end)
  t.(fn -> :uri_string.compose_query(q, encoding: :latin1) end)
  t.(fn -> :uri_string.compose_query(q, encoding: :unicode) end)
  t.(fn -> :uri_string.compose_query(q, encoding: :utf16) end)
  t.(fn -> :uri_string.compose_query(q, []) end)
end
t.(fn -> :uri_string.compose_query(5) end)
t.(fn -> :uri_string.compose_query([5]) end)
for q <- ["foo+bar=1&city=%C3%B6rebro", 'foo+bar=1&city=%C3%B6rebro', "a&b=&c", "a=1&a=2", "&", "=", "a=%zz", 'a=%zz', "a=&#8364;&b=&#x;", "x=&#1;&y", "k=a=b", "a&&b", "", '', <<255>>, "a=%FF", 5] do
  t.(fn -> :uri_string.dissect_query(q) end)
end
for c <- [?:, ?/, ?a, ?%, ?@, ?[, 0, 300] do
  t.(fn -> {:uri_string.is_host(c), :uri_string.is_path(c)} end)
end
t.(fn -> :uri_string.is_host(:a) end)

# :filename (OTP 25): absname/1,2, absname_join/2, append/2, flatten/1, nativename/1, validate/1, basedir/2,3.
t = fn f ->
  try do
    IO.inspect(f.())
  rescue
    e -> IO.puts("raise " <> Exception.format_banner(:error, e, []))
  catch
    k, v -> IO.puts("caught #{inspect k} #{inspect v}")
  end
end
File.cd!("/tmp")
for {n, b} <- [{"foo", "/usr"}, {'foo', "/usr"}, {"foo", '/usr'}, {'/etc/x', '/usr'}, {"../x", "/a/b"}, {:foo, '/x'}, {'x', :y}, {["a", "b"], "/z"}, {"a", [1000]}] do
  t.(fn -> :filename.absname(n, b) end)
end
t.(fn -> :filename.absname("foo") end)
t.(fn -> :filename.absname('foo') end)
t.(fn -> :filename.absname(:foo) end)
t.(fn -> :filename.absname_join("/usr", 'local') end)
t.(fn -> :filename.absname_join('/usr', [:a, 'b']) end)
t.(fn -> :filename.absname_join('/usr', "/x") end)
for {d, n} <- [{"a", "b"}, {'a', 'b'}, {"a", 'b'}, {'a', "b"}, {'a/', '/b'}, {"", ""}, {'a', :b}, {:a, 'b'}, {[1000], "x"}] do
  t.(fn -> :filename.append(d, n) end)
end
for x <- ["a", 'a', [:a, 'b', ["c", :d]], :foo, [], [1|:x], 5] do
  t.(fn -> :filename.flatten(x) end)
end
for x <- ["a//b/", 'a//b/', [:a, '/b'], "/", :x, 5] do
  t.(fn -> :filename.nativename(x) end)
end
for x <- ["a", "", <<0>>, "a\0b", 'abc', '', [0], [-1], [0xD800], [0x110000], :a, :"", [:a, 'b'], ['a', "b"], 5, [1.0]] do
  t.(fn -> :filename.validate(x) end)
end
System.put_env("HOME", "/home/u")
Enum.each(~w(XDG_CONFIG_HOME XDG_DATA_HOME XDG_DATA_DIRS XDG_CONFIG_DIRS APPDATA LOCALAPPDATA), &System.delete_env/1)
System.put_env("XDG_CACHE_HOME", "/c")
for ty <- [:user_cache, :user_config, :user_data, :user_log, :site_config, :site_data, :other] do
  t.(fn -> :filename.basedir(ty, "app") end)
  t.(fn -> :filename.basedir(ty, 'app', %{version: "1.0"}) end)
  t.(fn -> :filename.basedir(ty, "app", %{os: :darwin}) end)
  t.(fn -> :filename.basedir(ty, "app", %{os: :windows, author: "me", version: '2'}) end)
  t.(fn -> :filename.basedir(ty, "app", %{os: :windows, author: "me"}) end)
  t.(fn -> :filename.basedir(ty, "app", %{os: :linux, author: "me"}) end)
end
System.put_env("APPDATA", "C:/AD")
t.(fn -> :filename.basedir(:user_cache, "app", %{os: :windows}) end)
t.(fn -> :filename.basedir(:user_config, "app", %{os: :windows}) end)
System.put_env("LOCALAPPDATA", "C:/LAD")
t.(fn -> :filename.basedir(:user_log, "app", %{os: :windows}) end)
t.(fn -> :filename.basedir(:user_cache, :app) end)
t.(fn -> :filename.basedir("x", "app") end)
t.(fn -> :filename.basedir(:user_cache, "app", [])  end)
t.(fn -> :filename.basedir(:user_cache, "app", %{os: :beos})  end)

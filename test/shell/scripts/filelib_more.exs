t = fn f ->
  try do
    IO.inspect(f.())
  rescue
    e -> IO.puts("raise " <> Exception.format_banner(:error, e, []))
  catch
    k, v -> IO.puts("caught #{inspect k} #{inspect v}")
  end
end
# :filelib (OTP 25): the /2 questions with a file module, wildcard/3, fold_files/5,6,
# find_file/2,3, find_source/1,2,3 and safe_relative_path/2, over a tree made here.
root = Path.join(System.tmp_dir!(), "filelib_more_#{System.unique_integer([:positive])}")
for d <- ~w(d/sub/deep proj/ebin proj/src proj/priv proj/c_src), do: File.mkdir_p!(Path.join(root, d))
for {f, text} <- [{"d/a.txt", "hi\n"}, {"d/b.erl", "hello\n"}, {"d/sub/c.txt", "x\n"}, {"d/sub/deep/e.txt", "y\n"}, {"proj/src/m.erl", "m\n"}, {"proj/c_src/n.c", "c\n"}],
  do: File.write!(Path.join(root, f), text)
File.ln_s!("sub", Path.join(root, "d/link"))
File.ln_s!("../a.txt", Path.join(root, "d/sub/up"))
File.cd!(root)
for f <- ['d', "d/a.txt", 'd/nope', 'd/link', "d/sub/deep"] do
  t.(fn -> {:filelib.is_dir(f, :file), :filelib.is_file(f, :file), :filelib.is_regular(f, :file), :filelib.file_size(f, :file), is_tuple(:filelib.last_modified(f, :file))} end)
end
t.(fn -> :filelib.is_dir('d', :nomod) end)
t.(fn -> :filelib.is_dir('d', "file") end)
t.(fn -> :filelib.wildcard('*.txt', 'd', :file) |> Enum.sort() end)
t.(fn -> :filelib.wildcard('**/*.txt', 'd', :file) |> Enum.sort() end)
t.(fn -> :filelib.fold_files('d', '.*\\.txt$', false, fn f, acc -> [f | acc] end, []) |> Enum.sort() end)
t.(fn -> :filelib.fold_files("d", "\\.txt$", true, fn f, acc -> [f | acc] end, []) |> Enum.sort() end)
t.(fn -> :filelib.fold_files('d', '', true, fn f, acc -> [f | acc] end, [], :file) |> Enum.sort() end)
t.(fn -> :filelib.fold_files('nope', '', true, fn f, acc -> [f | acc] end, :none) end)
t.(fn -> :filelib.fold_files('d', '(', true, fn f, acc -> [f | acc] end, []) end)
t.(fn -> :filelib.find_source('proj/ebin/m.beam') end)
t.(fn -> :filelib.find_source('m.beam', 'proj/ebin') end)
t.(fn -> :filelib.find_source('n.so', 'proj/priv') end)
t.(fn -> :filelib.find_source('x.beam', 'proj/ebin') end)
t.(fn -> :filelib.find_source('m.beam', 'proj/ebin', [{'.beam', '.erl', [{'ebin', 'src'}]}]) end)
t.(fn -> :filelib.find_source('m.beam', 'proj/ebin', [{'.beam', '.erl', [{'ebin', 'lib'}]}]) end)
t.(fn -> :filelib.find_file('m.erl', 'proj/ebin') end)
t.(fn -> :filelib.find_file('m.erl', 'proj/ebin', [{'ebin', 'src'}]) end)
t.(fn -> :filelib.find_file('m.erl', 'proj/ebin', [{'ebin', 'c_src'}]) end)
t.(fn -> :filelib.find_file('n.c', 'proj/priv') end)
for {p, c} <- [{'a/b', 'd'}, {"a/../b", "d"}, {'../a', 'd'}, {'/abs', 'd'}, {'a/./b/..', 'd'}, {'.', 'd'}, {'', 'd'}, {"link/deep", "d"}, {'link/../..', 'd'}, {'sub/up/x', 'd'}, {'a/b/../../..', '.'}] do
  t.(fn -> :filelib.safe_relative_path(p, c) end)
end
File.cd!("/")
File.rm_rf!(root)

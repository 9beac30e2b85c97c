# File.cp/cp_r keep modes, copy symbolic links as links (or what they point to with
# dereference_symlinks: true), leave a file copied onto itself alone; File.copy/3 copies
# from and to open devices; a path with a null byte is refused; Node's refusals are :badarg.
root = Path.join(System.tmp_dir!(), "beamsh_file_cp_copy")
File.rm_rf!(root)
File.mkdir_p!(Path.join(root, "src/sub"))
File.cd!(root)
File.write!("src/a.txt", "hello\n")
File.chmod!("src/a.txt", 0o751)
File.write!("src/sub/b.txt", "bee\n")
File.ln_s!("a.txt", "src/rel_link")
File.ln_s!(Path.join(root, "src/sub"), "src/abs_link")

IO.inspect File.cp("src/a.txt", "a_copy.txt")
IO.inspect File.stat!("a_copy.txt").mode
IO.inspect File.cp("src/a.txt", "src/a.txt")
IO.inspect File.cp("src/a.txt", "src")
IO.inspect File.cp("missing", "x")
IO.inspect File.cp_r("src/a.txt", "src/a.txt")
IO.inspect File.cp("src/sub/b.txt", "a_copy.txt", on_conflict: fn _, _ -> false end)
IO.inspect File.read!("a_copy.txt")

{:ok, files} = File.cp_r("src", "dest")
IO.inspect files |> Enum.map(&Path.relative_to(&1, root)) |> Enum.sort()
IO.inspect File.lstat!("dest/rel_link").type
IO.inspect File.read_link("dest/rel_link")
IO.inspect File.lstat!("dest/abs_link").type
IO.inspect File.cp_r("src", "dest")

{:ok, files} = File.cp_r("src", "deref", dereference_symlinks: true)
IO.inspect files |> Enum.map(&Path.relative_to(&1, root)) |> Enum.sort()
IO.inspect File.lstat!("deref/rel_link").type
IO.inspect File.lstat!("deref/abs_link").type
IO.inspect File.ls!("deref/abs_link")

{:ok, dev} = File.open("src/a.txt")
IO.inspect File.copy(dev, "from_device.txt")
File.close(dev)
IO.inspect File.read!("from_device.txt")
{:ok, out} = File.open("to_device.txt", [:write])
IO.inspect File.copy("src/sub/b.txt", out, 2)
File.close(out)
IO.inspect File.read!("to_device.txt")
IO.inspect File.copy("src/a.txt", "partial.txt", 3)
IO.inspect File.read!("partial.txt")
IO.inspect(try do File.copy("src/a.txt", {"partial.txt", [:append]}) rescue e -> e.__struct__ end)
IO.inspect File.copy("src", "x")

for f <- [fn -> File.rm_rf("a\0b") end, fn -> File.cp_r("a\0b", "x") end, fn -> Path.wildcard("a\0b") end, fn -> File.read("a\0b") end, fn -> File.rm_rf!("a\0b") end] do
  IO.inspect(try do f.() rescue e -> e end)
end

File.cd!(System.tmp_dir!())
File.rm_rf!(root)

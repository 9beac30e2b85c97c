# Code.require_file/1,2, compile_file/1,2, load_file/1,2, eval_file/1,2, required_files/0,
# unrequire_files/1, :code.load_abs/1 and :code.load_file/1.
rel = fn files -> Enum.map(files, &Path.relative_to_cwd/1) end
IO.inspect(Code.required_files())
IO.inspect(Code.require_file("code_files/zy.ex") |> Enum.map(&elem(&1, 0)))
IO.inspect(Code.require_file("zy.ex", "code_files"))
IO.inspect(rel.(Code.required_files()))
IO.inspect(CodeFilesZ.z())
IO.inspect(Code.compile_file("code_files/zy.ex") |> Enum.map(&elem(&1, 0)))
IO.inspect(Code.eval_file("value.exs", "code_files"))
IO.inspect(Code.unrequire_files([Path.expand("code_files/zy.ex")]))
IO.inspect(Code.required_files())
IO.inspect(Code.load_file("code_files/zy.ex") |> Enum.map(&elem(&1, 0)))
IO.inspect(rel.(Code.required_files()))
IO.inspect(Code.require_file("code_files/zy.ex"))

try do
  Code.eval_file("code_files/none.exs")
rescue
  e in Code.LoadError -> IO.inspect({e.reason, Path.relative_to_cwd(e.file), e.message =~ "could not load"})
end

IO.inspect(:code.load_abs('code_files/none'))
IO.inspect(:code.load_file(:none))
IO.inspect(:code.load_file(Enum))

# The library's modules declare the behaviours Elixir's do (module_info/__info__ list them);
# outside a module __MODULE__ is nil, so __MODULE__.Foo is Foo.
for m <- [Agent.Server, DynamicSupervisor, PartitionSupervisor, StringIO, ExUnit.Server, ExUnit.RunnerStats] do
  IO.inspect {m, Keyword.get(m.__info__(:attributes), :behaviour)}
end
IO.inspect Code.eval_string("__MODULE__.Foo")
IO.inspect Code.eval_string("alias __MODULE__.Bar; Bar")

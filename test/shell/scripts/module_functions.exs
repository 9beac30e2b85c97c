# Module's functions: on modules being built, and their errors on compiled ones.
defmodule Try do
  def it(f) do
    IO.inspect(f.())
  rescue
    e -> IO.puts("#{inspect(e.__struct__)}: #{Exception.message(e)}")
  end
end

Try.it(fn -> Module.definitions_in(Enum) end)
Try.it(fn -> Module.definitions_in(Enum, :def) end)
Try.it(fn -> Module.defines?(Enum, {:map, 2}) end)
Try.it(fn -> Module.defines?(Enum, {:map, 2}, :def) end)
Try.it(fn -> Module.get_definition(Enum, {:map, 2}) end)
Try.it(fn -> Module.delete_definition(Enum, {:map, 2}) end)
Try.it(fn -> Module.attributes_in(Enum) end)
Try.it(fn -> Module.overridables_in(Enum) end)
Try.it(fn -> Module.overridable?(Enum, {:map, 2}) end)
Try.it(fn -> Module.defines_type?(Enum, {:t, 0}) end)
Try.it(fn -> Module.spec_to_callback(Enum, {:map, 2}) end)
Try.it(fn -> Module.has_attribute?(Enum, :foo) end)
Try.it(fn -> Module.get_attribute(Enum, :foo) end)
Try.it(fn -> Module.get_attribute(Enum, :foo, 1) end)
Try.it(fn -> Module.put_attribute(Enum, :foo, 1) end)
Try.it(fn -> Module.delete_attribute(Enum, :foo) end)
Try.it(fn -> Module.register_attribute(Enum, :foo, []) end)
Try.it(fn -> Module.make_overridable(Enum, map: 2) end)
Try.it(fn -> Module.eval_quoted(Enum, quote(do: 1)) end)
Try.it(fn -> Module.eval_quoted(Nope, quote(do: 1), [a: 1], 5) end)
Try.it(fn -> Module.open?(Enum) end)
Try.it(fn -> Module.open?(:nope) end)
Try.it(fn -> Module.definitions_in(1) end)
Try.it(fn -> Module.definitions_in(Enum, :x) end)
Try.it(fn -> Module.defines?(Enum, {:map, 256}) end)
Try.it(fn -> Module.create("x", quote(do: 1), []) end)
Try.it(fn -> Module.create(X, quote(do: 1), 3) end)
Try.it(fn -> Module.create(X, quote(do: 1), []) end)

{:module, Created, beam, {:a, 0}} = Module.create(Created, quote(do: def(a, do: __ENV__.line)), line: 7, file: "y.ex")
IO.inspect({is_binary(beam), Created.a()})
{:module, Created2, _, last} = Module.create(Created2, quote(do: (def(a, do: {Path.basename(__ENV__.file), __ENV__.line}); :done)), Macro.Env.location(__ENV__))
IO.inspect({last, Created2.a()})

Try.it(fn -> Module.split(:lists) end)
Try.it(fn -> Module.split("Elixir.A.B") end)
Try.it(fn -> Module.split("A.B") end)
Try.it(fn -> Module.split(1) end)
Try.it(fn -> Module.split(Very.Long.Name) end)
Try.it(fn -> Module.concat(1, 2) end)
Try.it(fn -> Module.concat([1]) end)
Try.it(fn -> Module.concat([Foo, nil, "Bar", "Elixir.Baz", :"Elixir", :lists, ".Dot"]) end)
Try.it(fn -> Module.concat(["Elixir", Foo]) end)
Try.it(fn -> Module.concat("Elixir.Foo", :bar) end)
Try.it(fn -> Module.concat([]) end)
Try.it(fn -> Module.safe_concat([Foo, NoSuchAliasHereAtAll]) end)
Try.it(fn -> Module.safe_concat(List, Chars) end)
Try.it(fn -> map_size(Module.reserved_attributes()) end)

defmodule Built do
  IO.inspect(Module.attributes_in(__MODULE__) |> Enum.sort(), label: "fresh")
  IO.inspect(Module.has_attribute?(__MODULE__, :moduledoc), label: "moduledoc registered")
  IO.inspect(Module.has_attribute?(__MODULE__, :doc), label: "doc registered")
  @doc "x"
  IO.inspect(Module.has_attribute?(__MODULE__, :doc), label: "doc pending")

  def a(x) when x > 1, do: x + 1
  def a(_), do: 0
  defp b, do: 1
  defmacro c(x), do: x
  @type t :: integer
  @typep u :: atom
  @opaque o :: atom
  @spec d(u) :: t
  def d(x), do: b() + x
  @foo 1
  Module.register_attribute(__MODULE__, :bar, accumulate: true)
  Module.register_attribute(__MODULE__, :baz, [])
  @bar 1
  @bar 2
  IO.inspect({@foo, @baz, @bar}, label: "values")
  IO.inspect(Module.attributes_in(__MODULE__) |> Enum.sort(), label: "attrs")
  IO.inspect(Module.has_attribute?(__MODULE__, :baz), label: "has baz")
  IO.inspect(Module.get_attribute(__MODULE__, :baz, :dflt), label: "get baz")
  IO.inspect(Module.delete_attribute(__MODULE__, :bar), label: "del bar")
  IO.inspect(Module.has_attribute?(__MODULE__, :bar), label: "has bar")
  IO.inspect(Module.get_attribute(__MODULE__, :bar), label: "get bar")
  IO.inspect(Module.delete_attribute(__MODULE__, :baz), label: "del baz")
  IO.inspect(Module.has_attribute?(__MODULE__, :baz), label: "has baz")
  IO.inspect(Module.delete_attribute(__MODULE__, :nothing), label: "del nothing")
  IO.inspect(Module.definitions_in(__MODULE__), label: "defs")
  IO.inspect(Module.definitions_in(__MODULE__, :defp), label: "defps")
  IO.inspect(Module.defines?(__MODULE__, {:c, 1}, :defmacro), label: "c macro")
  IO.inspect(Module.defines_type?(__MODULE__, {:t, 0}), label: "t")
  IO.inspect(Module.defines_type?(__MODULE__, {:u, 0}), label: "u")
  IO.inspect(Module.defines_type?(__MODULE__, {:o, 0}), label: "o")
  IO.inspect(Module.defines_type?(__MODULE__, {:z, 0}), label: "z")
  IO.inspect(Module.spec_to_callback(__MODULE__, {:d, 1}), label: "spec_to_callback d")
  IO.inspect(Module.spec_to_callback(__MODULE__, {:a, 1}), label: "spec_to_callback a")
  IO.inspect(Module.get_definition(__MODULE__, {:b, 0}), label: "get_definition b")
  IO.inspect(Module.get_definition(__MODULE__, {:a, 1}, skip_clauses: true), label: "get_definition a")
  IO.inspect(Module.get_definition(__MODULE__, {:zz, 1}), label: "get_definition zz")
  IO.inspect(Module.delete_definition(__MODULE__, {:a, 1}), label: "delete a")
  IO.inspect(Module.delete_definition(__MODULE__, {:a, 1}), label: "delete a again")
  IO.inspect(Module.definitions_in(__MODULE__), label: "defs")
  defoverridable d: 1
  IO.inspect(Module.overridables_in(__MODULE__), label: "overridables")
  IO.inspect(Module.overridable?(__MODULE__, {:d, 1}), label: "overridable d")
  IO.inspect(Module.overridable?(__MODULE__, {:b, 0}), label: "overridable b")
  IO.inspect(Module.defines?(__MODULE__, {:d, 1}), label: "defines d")
  IO.inspect(Module.definitions_in(__MODULE__), label: "defs")
  def d(x), do: super(x) * 2
  IO.inspect(Module.defines?(__MODULE__, {:d, 1}), label: "defines d")
  IO.inspect(Module.overridables_in(__MODULE__), label: "overridables")
  IO.inspect(Module.eval_quoted(__MODULE__, quote(do: def(e, do: :e)), y: 5), label: "eval def")
  IO.inspect(Module.eval_quoted(__MODULE__, {:+, [], [Macro.var(:y, nil), 1]}, y: 5), label: "eval binding")
  IO.inspect(Module.eval_quoted(__ENV__, quote(do: __ENV__.line), [], line: 44), label: "eval env")
  Try.it(fn -> Module.make_overridable(__MODULE__, [{:nope, 0}]) end)
  Try.it(fn -> Module.make_overridable(__MODULE__, [:bad]) end)
  Try.it(fn -> Module.make_overridable(__MODULE__, GenServer) end)
  Try.it(fn -> Module.make_overridable(__MODULE__, NoSuchBehaviour) end)
  Try.it(fn -> Module.make_overridable(__MODULE__, Enum) end)
end

IO.inspect(Built.d(3))
IO.inspect(Built.e())
IO.inspect(function_exported?(Built, :a, 1))
IO.inspect(Built.__info__(:functions))
IO.inspect(Built.behaviour_info(:callbacks))

defmodule ReadOnly do
  @after_compile __MODULE__
  def __after_compile__(_env, _bytecode) do
    Try.it(fn -> Module.put_attribute(__MODULE__, :x, 1) end)
    Try.it(fn -> Module.get_attribute(__MODULE__, :x) end)
    Try.it(fn -> Module.open?(__MODULE__) end)
    Try.it(fn -> Module.delete_definition(__MODULE__, {:x, 0}) end)
  end
end

f = fn _ast, s -> s end
IO.puts(Macro.to_string(quote(do: [{Foo, :bar}, {:a, 1}]), f))
IO.puts(Macro.to_string(quote(do: Foo.bar([{Foo, :bar}])), f))
IO.puts(Macro.to_string(quote(do: Foo.bar(1, [{Foo, :bar}])), f))
IO.puts(Macro.to_string(quote(do: %{Foo => 1, a: 2}), f))
IO.puts(Macro.to_string(quote(do: %{:"Elixir.Foo" => 1}), f))
IO.puts(Macro.to_string(quote(do: foo(a: 1, b: 2)), f))
IO.puts(Macro.to_string(quote(do: [{:"a b", 1}]), f))
IO.puts(Macro.to_string([{Foo, :bar}], f))

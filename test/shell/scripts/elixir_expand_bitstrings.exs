# :elixir_expand.expand/3 gives bitstrings as elixir_bitstring expands them: each segment
# with its type and specifiers in build_spec's order (type, endianness, sign, unit, size),
# inferred types for segments written without one, bitstrings inside merged, `<>` chains as
# one bitstring, interpolated literals inlined, and a comprehension's bitstring generator
# with its segments as a bitstring of their own.
defmodule ExpandBits.Sizes do
  defmacro seventeen, do: 17
end

defmodule ExpandBits do
  import ExpandBits.Sizes

  def show(quoted) do
    env = :elixir_env.reset_vars(__ENV__)
    {expanded, _, _} = :elixir_expand.expand(quoted, :elixir_env.env_to_ex(env), env)
    clean = &Keyword.drop(&1, [:version, :line, :alignment, :inferred_bitstring_spec, :context, :imports])
    IO.inspect(Macro.prewalk(expanded, &Macro.update_meta(&1, clean)))
    IO.puts(Macro.to_string(expanded))
  end

  def run do
    show(quote(do: (a = 1; <<a>>)))
    show(quote(do: (a = 1; <<a::13*6>>)))
    show(quote(do: (a = "x"; <<a::_*6-binary>>)))
    show(quote(do: (a = "x"; <<a::binary-(13 * 6)-binary>>)))
    show(quote(do: (a = 1; <<a::seventeen()>>)))
    show(quote(do: (a = 1; <<a::little-signed-integer-size(8)-unit(2)>>)))
    show(quote(do: (a = 1.0; <<a::float-native-16>>)))
    show(quote(do: (a = "x"; <<a::bytes-little>>)))
    show(quote(do: (a = "x"; <<a::bits>>)))
    show(quote(do: (a = ?x; <<a::utf16-big>>)))
    show(quote(do: <<"a", 1.5, 2, <<3::3>>::bits, "b"::utf8>>))
    show(quote(do: (x = 1; y = 2; <<x, <<y::signed-native>>, 3>>)))
    show(quote(do: (x = "x"; "foo" <> x <> "bar")))
    show(quote(do: (x = 1; "foo" <> <<x::size(4), 2::size(4)>>)))
    show(quote(do: (x = 2; <<1::size(x)-unit(8)>>)))
    show(quote(do: "a#{"b"}c"))
    show(quote(do: <<a::8, rest::binary>> = "abc"))
    show(quote(do: for(<<a::8, b::binary-size(2) <- "abcdef">>, do: {a, b})))
    show(quote(do: for(<<c <- "ab">>, do: c)))
  end
end

ExpandBits.run()

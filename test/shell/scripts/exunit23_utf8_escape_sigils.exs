# ::utf8 segments match only well-formed UTF-8 (a stray continuation byte, an overlong form,
# a surrogate or a code point above U+10FFFF is no match); Code.Identifier.escape/2,3 as
# inspect and ExUnit.Diff escape strings; Macro.expand_once/2 of the calendar sigils.
IO.inspect(match?(<<_::utf8, _::binary>>, <<200, 255>>))
f = fn <<c::utf8, r::binary>> -> {c, r}; <<b, r::binary>> -> {:byte, b, r} end
IO.inspect f.(<<200, 255>>)
IO.inspect f.(<<0xE0, 0x80, 0x80>>)
IO.inspect f.(<<0xED, 0xA0, 0x80>>)
IO.inspect f.(<<0xF4, 0x90, 0x80, 0x80>>)
IO.inspect f.(<<0xC0, 0x80>>)
for s <- ["a\"b\n", "x\#{y}", <<0, 1, 200, 255>>, "\uFEFF\u0085\u200B\u{10FFFF}\e", "abc'", "é"] do
  IO.inspect(Code.Identifier.escape(s, ?") |> elem(0) |> IO.iodata_to_binary())
  IO.inspect(Code.Identifier.escape(s, ?') |> elem(0) |> IO.iodata_to_binary())
  IO.inspect(Code.Identifier.escape(s, nil))
  IO.inspect(Code.Identifier.escape(s, ?", 2))
end
for q <- [quote(do: ~D[2017-10-01]), quote(do: ~T[10:00:01.5]), quote(do: ~N[2017-10-01 10:00:00]), quote(do: ~U[2017-10-01 10:00:00Z]), quote(do: ~D[2017-10-01]x), quote(do: ~D[#{x}])] do
  IO.inspect(try do Macro.expand_once(q, __ENV__) rescue e -> e end)
end

# JSON string encoding shared by the test generators.
defmodule GenSupport do
  def json(s) when is_binary(s) do
    body =
      for <<c::utf8 <- s>>, into: "" do
        cond do
          c == ?" -> "\\\""
          c == ?\\ -> "\\\\"
          c < 0x20 or c == 0x7F or c in 0x80..0x9F or c in 0x2028..0x2029 ->
            "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")
          c > 0xFFFF ->
            v = c - 0x10000
            "\\u" <> Integer.to_string(0xD800 + div(v, 0x400), 16) <> "\\u" <> Integer.to_string(0xDC00 + rem(v, 0x400), 16)
          true -> <<c::utf8>>
        end
      end

    "\"" <> body <> "\""
  end
end

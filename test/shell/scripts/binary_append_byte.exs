# `acc <> <<byte>>` and `<<acc::binary, byte>>` append one byte (a fast path): the same
# binaries, and the same errors, as any other binary construction.
defmodule AppendByte do
  def cat(acc, v), do: acc <> <<v>>
  def seg(acc, v), do: <<acc::binary, v>>
  def bits(acc, v), do: <<acc::bitstring, v>>
  def loop(acc, _f, []), do: acc
  def loop(acc, f, [v | vs]), do: loop(f.(acc, v), f, vs)

  def try(f) do
    f.()
  rescue
    e -> {:error, e.__struct__, Exception.message(e)}
  end
end

values = [65, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xFF, 0, 256 + 66, -1, 2 ** 70 + 67, 0xF0, 0x9F, 0x98, 0x80]
for f <- [&AppendByte.cat/2, &AppendByte.seg/2, &AppendByte.bits/2] do
  a = AppendByte.loop("", f, values)
  IO.inspect(a)
  IO.inspect({byte_size(a), String.valid?(a)})
  # appending to an older binary leaves the newer one as it was
  b = AppendByte.loop("é", f, [0xFF, 1])
  c = f.(AppendByte.loop("é", f, [0xFF]), 2)
  d = f.(b, 3)
  IO.inspect({b, c, d})
  # a valid prefix completed byte by byte is a string again
  IO.inspect(AppendByte.loop("", f, [0xE2, 0x82, 0xAC, ?!]))
end

IO.inspect(AppendByte.bits(<<1::1>>, 2))
IO.inspect(AppendByte.try(fn -> AppendByte.cat(<<1::1>>, 2) end))
IO.inspect(AppendByte.try(fn -> AppendByte.seg(<<1::1>>, 2) end))
IO.inspect(AppendByte.try(fn -> AppendByte.cat(:a, 1) end))
IO.inspect(AppendByte.try(fn -> AppendByte.cat("a", :b) end))
IO.inspect(AppendByte.try(fn -> AppendByte.cat(:a, :b) end))
IO.inspect(AppendByte.try(fn -> AppendByte.cat("a", 1.5) end))
IO.inspect(AppendByte.try(fn -> AppendByte.seg(:a, 1) end))
IO.inspect(AppendByte.try(fn -> AppendByte.seg("a", :b) end))
IO.inspect(AppendByte.try(fn -> AppendByte.seg(:a, :b) end))
IO.inspect(AppendByte.try(fn -> AppendByte.bits(:a, 1) end))
IO.inspect(AppendByte.try(fn -> AppendByte.bits("a", "b") end))

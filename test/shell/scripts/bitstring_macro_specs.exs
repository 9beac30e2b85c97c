# A macro of the module used as a bitstring segment's type (a local macro, in a function).
defmodule BS1 do
  defmacrop refb_spec do
    quote do
      1 * 8 - big - signed - integer
    end
  end

  defmacrop signed_16 do
    quote do
      big - signed - integer - unit(16)
    end
  end

  def build(refb, sec) do
    <<byte_size(refb)::refb_spec, refb::binary, byte_size(sec)::size(1)-signed_16, sec::binary>>
  end

  def parse(<<n::refb_spec, rest::binary>>), do: {n, rest}
end
IO.inspect BS1.build("sample", "another")
IO.inspect BS1.parse(<<3, "abc">>)

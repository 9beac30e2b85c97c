# :rand's debugging helpers, as OTP 25's rand.erl has them (the generators themselves are
# natives, src/stdlib/erlang-rand.ts): bc64/1, the bit count of an integer below 2^64 by
# comparisons from the top bit down (so anything above a number counts 64, as in term
# order), and float2str/1, a float's sign, hidden bit, fraction in hex and exponent.
defmodule :rand do
  def bc64(v), do: bc(v, 0x8000000000000000, 64)

  defp bc(v, b, n) when b <= v, do: n
  defp bc(v, b, n), do: bc(v, :erlang.bsr(b, 1), n - 1)

  def float2str(n) do
    <<s::1, e::11, m::52>> = <<:erlang.float(n)::float>>
    :lists.flatten(
      :io_lib.format(~c"~c~c.~13.16.0bE~b", [
        if(s == 1, do: ?-, else: ?+),
        if(e == 0, do: ?0, else: ?1),
        m,
        e - 0x3FF
      ])
    )
  end
end

# Erlang's deprecated :random (Wichmann-Hill AS183, three small prime moduli), still in
# OTP 25 and still in old tutorials: the same numbers as the BEAM's from the same seeds.
# The state lives in the process dictionary under :random_seed, as OTP keeps it.
defmodule :random do
  @prime1 30269
  @prime2 30307
  @prime3 30323

  def seed0, do: {3172, 9814, 20125}

  def seed do
    case seed_put(seed0()) do
      :undefined -> seed0()
      {_, _, _} = tuple -> tuple
    end
  end

  def seed(int) when is_integer(int) do
    a1 = Bitwise.band(Bitwise.bsr(int, 16), 0xFFFFFFF)
    a2 = Bitwise.band(int, 0xFFFFFF)
    a3 = Bitwise.bor(Bitwise.bsr(int, 36), Bitwise.bsr(a2, 16))
    seed(a1, a2, a3)
  end

  def seed({a1, a2, a3}), do: seed(a1, a2, a3)

  def seed(a1, a2, a3) do
    seed_put({rem(abs(a1), @prime1 - 1) + 1, rem(abs(a2), @prime2 - 1) + 1, rem(abs(a3), @prime3 - 1) + 1})
  end

  defp seed_put(seed) do
    case Process.put(:random_seed, seed) do
      nil -> :undefined
      old -> old
    end
  end

  def uniform do
    {a1, a2, a3} =
      case Process.get(:random_seed) do
        nil -> seed0()
        tuple -> tuple
      end

    {r, next} = step(a1, a2, a3)
    Process.put(:random_seed, next)
    r
  end

  def uniform(n) when is_integer(n) and n >= 1, do: trunc(uniform() * n) + 1

  def uniform_s({a1, a2, a3}), do: step(a1, a2, a3)

  def uniform_s(n, state0) when is_integer(n) and n >= 1 do
    {f, state1} = uniform_s(state0)
    {trunc(f * n) + 1, state1}
  end

  defp step(a1, a2, a3) do
    b1 = rem(a1 * 171, @prime1)
    b2 = rem(a2 * 172, @prime2)
    b3 = rem(a3 * 170, @prime3)
    r = b1 / @prime1 + b2 / @prime2 + b3 / @prime3
    {r - trunc(r), {b1, b2, b3}}
  end
end

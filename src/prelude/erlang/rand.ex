# Erlang's :rand (OTP 25): pseudo random numbers that are the BEAM's, number for number, for a
# given algorithm and seed. A state is {handler, alg_state}: the handler map names the
# algorithm (type), its word size (bits, or max for the old ones), how many low bits are weak,
# and the funs that step it (next, and uniform/uniform_n/jump where the algorithm has its
# own). The process's state lives in its dictionary under :rand_seed; the first call
# without one seeds the default algorithm (exsss) from the node, the pid, the time and a
# unique integer, as OTP does.
#
# Algorithms: exsss (xorshift116**, the default), exsp and exsplus (xorshift116+), exrop
# (xoroshiro116+), exs1024s and exs1024 (xorshift1024*), exs64 (xorshift64*); not yet
# exro928ss. normal/0,2 and normal_s/1,3 use the polar method, not OTP's ziggurat, so their
# values are normally distributed but not the BEAM's for a given seed. Seeds are an integer (through SplitMix64), a list of integers or the
# traditional {a1, a2, a3}.
defmodule :rand do
  import Bitwise

  @m58 (1 <<< 58) - 1
  @m64 (1 <<< 64) - 1
  @two_pow_minus53 1.11022302462515657e-16

  ## The state

  def export_seed do
    case Process.get(:rand_seed) do
      {%{type: alg}, alg_state} -> {alg, alg_state}
      _ -> :undefined
    end
  end

  def export_seed_s({%{type: alg}, alg_state}), do: {alg, alg_state}

  def seed(alg), do: seed_put(seed_s(alg))

  def seed_s({handler, _alg_state} = state) when is_map(handler), do: state

  def seed_s({alg, alg_state}) when is_atom(alg) do
    {handler, _seed_fun} = mk_alg(alg)
    {handler, alg_state}
  end

  def seed_s(alg), do: seed_s(alg, default_seed())

  def seed(alg, seed), do: seed_put(seed_s(alg, seed))

  def seed_s(:default, seed), do: seed_s(:exsss, seed)

  def seed_s(alg, seed) do
    {handler, seed_fun} = mk_alg(alg)
    {handler, seed_fun.(seed)}
  end

  defp default_seed do
    {:erlang.phash2([{node(), self()}]), :erlang.system_time(), :erlang.unique_integer()}
  end

  defp seed_put(state) do
    Process.put(:rand_seed, state)
    state
  end

  defp seed_get do
    case Process.get(:rand_seed) do
      nil -> seed(:exsss)
      state -> state
    end
  end

  # A handler's funs are rand.erl's `fun Name/Arity`: local funs printed with its fun index.
  defp f(name, arity, index), do: :rand.__local_fun__(name, arity, index)

  defp mk_alg(:exs64), do: {%{type: :exs64, max: @m64, next: f(:exs64_next, 1, 9)}, &exs64_seed/1}

  defp mk_alg(:exsplus),
    do: {%{type: :exsplus, max: @m58, next: f(:exsp_next, 1, 5), jump: f(:exsplus_jump, 1, 3)}, &exsplus_seed/1}

  defp mk_alg(:exsp) do
    {%{
       type: :exsp,
       bits: 58,
       weak_low_bits: 1,
       next: f(:exsp_next, 1, 5),
       uniform: f(:exsp_uniform, 1, 7),
       uniform_n: f(:exsp_uniform, 2, 8),
       jump: f(:exsplus_jump, 1, 3)
     }, &exsplus_seed/1}
  end

  defp mk_alg(:exsss) do
    {%{
       type: :exsss,
       bits: 58,
       next: f(:exsss_next, 1, 0),
       uniform: f(:exsss_uniform, 1, 1),
       uniform_n: f(:exsss_uniform, 2, 2),
       jump: f(:exsplus_jump, 1, 3)
     }, &exsss_seed/1}
  end

  defp mk_alg(:exs1024),
    do: {%{type: :exs1024, max: @m64, next: f(:exs1024_next, 1, 11), jump: f(:exs1024_jump, 1, 12)}, &exs1024_seed/1}

  defp mk_alg(:exs1024s) do
    {%{type: :exs1024s, bits: 64, weak_low_bits: 3, next: f(:exs1024_next, 1, 11), jump: f(:exs1024_jump, 1, 12)},
     &exs1024_seed/1}
  end

  defp mk_alg(:exrop) do
    {%{
       type: :exrop,
       bits: 58,
       weak_low_bits: 1,
       next: f(:exrop_next, 1, 14),
       uniform: f(:exrop_uniform, 1, 15),
       uniform_n: f(:exrop_uniform, 2, 16),
       jump: f(:exrop_jump, 1, 17)
     }, &exrop_seed/1}
  end

  ## Uniform numbers

  def uniform do
    {x, state} = uniform_s(seed_get())
    seed_put(state)
    x
  end

  def uniform(n) do
    {x, state} = uniform_s(n, seed_get())
    seed_put(state)
    x
  end

  def uniform_s({%{uniform: uniform}, _} = state), do: uniform.(state)

  def uniform_s({%{bits: bits, next: next} = handler, r0}) do
    {v, r1} = next.(r0)
    {(v >>> (bits - 53)) * @two_pow_minus53, {handler, r1}}
  end

  def uniform_s({%{max: max, next: next} = handler, r0}) do
    {v, r1} = next.(r0)
    {v / (max + 1), {handler, r1}}
  end

  def uniform_s(n, {%{uniform_n: uniform_n}, _} = state) when is_integer(n) and n >= 1, do: uniform_n.(n, state)

  def uniform_s(n, {%{bits: bits, next: next} = handler, r0}) when is_integer(n) and n >= 1 do
    {v, r1} = next.(r0)
    fit(n, handler, r1, v, (1 <<< bits) - n, fn -> uniform_s(n, {handler, r1}) end)
  end

  def uniform_s(n, {%{max: max, next: next} = handler, r0}) when is_integer(n) and n >= 1 do
    {v, r1} = next.(r0)

    if n <= max do
      {rem(v, n) + 1, {handler, r1}}
    else
      {trunc(v / (max + 1) * n) + 1, {handler, r1}}
    end
  end

  # A value v of a word in 1..range: v itself when it fits, else v's remainder unless v
  # lies in the incomplete top stretch of the word (then `retry`); ranges wider than the
  # word take more words (range/4).
  defp fit(range, handler, r, v, max_minus_range, retry) do
    cond do
      max_minus_range < 0 ->
        range(range, handler, r, v)

      v < range ->
        {v + 1, {handler, r}}

      true ->
        i = rem(v, range)
        if v - i <= max_minus_range, do: {i + 1, {handler, r}}, else: retry.()
    end
  end

  defp range(range, %{next: next, bits: bits} = handler, r, v) do
    weak = Map.get(handler, :weak_low_bits, 0)
    shift = bits - weak
    shift_mask = bnot((1 <<< weak) - 1)
    range_minus_1 = range - 1

    if band(range, range_minus_1) == 0 do
      {v1, r1, _} = widen(range >>> bits, next, r, v, shift_mask, shift, bits)
      {band(v1, range_minus_1) + 1, {handler, r1}}
    else
      {v1, r1, b} = widen(range >>> (bits - 2), next, r, v, shift_mask, shift, bits)
      i = rem(v1, range)

      if v1 - i <= (1 <<< b) - range do
        {i + 1, {handler, r1}}
      else
        {v2, r2} = next.(r1)
        range(range, handler, r2, v2)
      end
    end
  end

  defp widen(range, next, r, v, shift_mask, shift, b) do
    if range <= 1 do
      {v, r, b}
    else
      {v1, r1} = next.(r)
      widen(range >>> shift, next, r1, bor(band(v, shift_mask) <<< shift, v1), shift_mask, shift, b + shift)
    end
  end

  def uniform_real do
    {x, state} = uniform_real_s(seed_get())
    seed_put(state)
    x
  end

  # Floats in (0.0, 1.0] keeping 53 random mantissa bits however small the number: the
  # top 56 bits of a word, and more words while the leading bits are zeros.
  def uniform_real_s({%{bits: bits, next: next} = handler, r0}) do
    {v1, r1} = next.(r0)
    real_first(handler, next, v1 >>> (bits - 56), r1, bits)
  end

  def uniform_real_s({%{max: _, next: next} = handler, r0}) do
    {v1, r1} = next.(r0)
    real_first(handler, next, band(v1, (1 <<< 56) - 1), r1, 56)
  end

  defp real_first(handler, next, m1, r1, bits) do
    case top_bits(m1, -56) do
      {:ok, x} ->
        {x, {handler, r1}}

      :more ->
        {v2, r2} = next.(r1)
        real_more(handler, next, m1, -56, r2, v2, bits)
    end
  end

  # m1 holds 56 fresh bits for exponent bit_no: when 53 significant ones are there, the float.
  defp top_bits(m1, bit_no) do
    cond do
      m1 >= 1 <<< 55 -> {:ok, (m1 >>> 3) * :math.pow(2.0, bit_no + 3)}
      m1 >= 1 <<< 54 -> {:ok, (m1 >>> 2) * :math.pow(2.0, bit_no + 2)}
      m1 >= 1 <<< 53 -> {:ok, (m1 >>> 1) * :math.pow(2.0, bit_no + 1)}
      m1 >= 1 <<< 52 -> {:ok, m1 * :math.pow(2.0, bit_no)}
      true -> :more
    end
  end

  defp real_more(handler, _next, m0, -1064, r1, v1, bits) do
    b0 = 53 - bit_count(m0, 52)
    {bor(m0 <<< b0, v1 >>> (bits - b0)) * :math.pow(2.0, -1064 - b0), {handler, r1}}
  end

  defp real_more(handler, next, m0, bit_no, r1, v1, bits) do
    cond do
      m0 >= 1 <<< 51 ->
        {bor(m0 <<< 1, v1 >>> (bits - 1)) * :math.pow(2.0, bit_no - 1), {handler, r1}}

      m0 >= 1 <<< 50 ->
        {bor(m0 <<< 2, v1 >>> (bits - 2)) * :math.pow(2.0, bit_no - 2), {handler, r1}}

      m0 >= 1 <<< 49 ->
        {bor(m0 <<< 3, v1 >>> (bits - 3)) * :math.pow(2.0, bit_no - 3), {handler, r1}}

      m0 == 0 ->
        m1 = v1 >>> (bits - 56)

        case top_bits(m1, bit_no - 56) do
          {:ok, x} ->
            {x, {handler, r1}}

          :more when bit_no == -1008 ->
            if m1 >= 1 <<< 42, do: real_next(handler, next, m1, bit_no - 56, r1), else: uniform_real_s({handler, r1})

          :more ->
            real_next(handler, next, m1, bit_no - 56, r1)
        end

      true ->
        b0 = 53 - bit_count(m0, 49)
        {bor(m0 <<< b0, v1 >>> (bits - b0)) * :math.pow(2.0, bit_no - b0), {handler, r1}}
    end
  end

  defp real_next(%{bits: bits} = handler, next, m0, bit_no, r0) do
    {v1, r1} = next.(r0)
    real_more(handler, next, m0, bit_no, r1, v1, bits)
  end

  defp real_next(%{max: _} = handler, next, m0, bit_no, r0) do
    {v1, r1} = next.(r0)
    real_more(handler, next, m0, bit_no, r1, band(v1, (1 <<< 56) - 1), 56)
  end

  # The number of significant bits of v, known to be below 2^n.
  defp bit_count(v, n), do: if(v == 0, do: 0, else: length(Integer.digits(v, 2))) |> min(n)

  ## Bytes

  def bytes(n) do
    {bytes, state} = bytes_s(n, seed_get())
    seed_put(state)
    bytes
  end

  def bytes_s(n, {%{bits: bits, next: next} = handler, r}) when is_integer(n) and n >= 0 do
    bytes_r(n, handler, next, r, bits, Map.get(handler, :weak_low_bits, 0))
  end

  def bytes_s(n, {%{max: mask, next: next} = handler, r}) when is_integer(n) and n >= 0 and mask >= @m58 do
    bytes_r(n, handler, next, r, 58, 2)
  end

  defp bytes_r(n, handler, next, r, bits, weak) do
    good_bytes = (bits - weak) >>> 3
    good_bits = good_bytes <<< 3
    bytes_r(n, handler, next, r, <<>>, good_bytes, good_bits, bits - good_bits)
  end

  defp bytes_r(n, handler, next, r0, acc, good_bytes, good_bits, shift) when n > good_bytes do
    {v, r1} = next.(r0)
    bytes_r(n - good_bytes, handler, next, r1, <<acc::binary, (v >>> shift)::size(good_bits)>>, good_bytes, good_bits, shift)
  end

  defp bytes_r(n, handler, next, r0, acc, _good_bytes, good_bits, _shift) do
    {v, r1} = next.(r0)
    size = n <<< 3
    {<<acc::binary, (v >>> (good_bits - size))::size(size)>>, {handler, r1}}
  end

  ## Jumps

  def jump, do: seed_put(jump(seed_get()))

  def jump({%{jump: jump}, _} = state), do: jump.(state)
  def jump({%{}, _}), do: :erlang.error(:not_implemented)

  ## Normal distribution: Box and Muller's polar method over uniform_real_s/1 pairs

  def normal do
    {x, state} = normal_s(seed_get())
    seed_put(state)
    x
  end

  def normal(mean, variance), do: mean + :math.sqrt(variance) * normal()

  def normal_s(state0) do
    {u1, state1} = uniform_real_s(state0)
    {u2, state2} = uniform_real_s(state1)
    v1 = 2 * u1 - 1
    v2 = 2 * u2 - 1
    s = v1 * v1 + v2 * v2

    if s >= 1 or s == 0 do
      normal_s(state2)
    else
      {v1 * :math.sqrt(-2 * :math.log(s) / s), state2}
    end
  end

  def normal_s(mean, variance, state0) when variance > 0 do
    {x, state} = normal_s(state0)
    {mean + :math.sqrt(variance) * x, state}
  end

  ## Seeding helpers: integers through SplitMix64, lists masked (not all zeros)

  def splitmix64_next(x0) do
    x = band(x0 + 0x9E3779B97F4A7C15, @m64)
    z0 = band(bxor(x, x >>> 30) * 0xBF58476D1CE4E5B9, @m64)
    z1 = band(bxor(z0, z0 >>> 27) * 0x94D049BB133111EB, @m64)
    {band(bxor(z1, z1 >>> 31), @m64), x}
  end

  defp seed58(0, _x), do: []

  defp seed58(n, x) do
    {z, x1} = seed58(x)
    [z | seed58(n - 1, x1)]
  end

  defp seed58(x0) do
    {z0, x} = splitmix64_next(x0)

    case band(z0, @m58) do
      0 -> seed58(x)
      z -> {z, x}
    end
  end

  defp seed64(0, _x), do: []

  defp seed64(n, x) do
    {z, x1} = seed64(x)
    [z | seed64(n - 1, x1)]
  end

  defp seed64(x0) do
    case splitmix64_next(x0) do
      {0, x} -> seed64(x)
      zx -> zx
    end
  end

  defp seed58_nz(n, seeds), do: seed_nz(n, seeds, 58, false)
  defp seed64_nz(n, seeds), do: seed_nz(n, seeds, 64, false)

  defp seed_nz(_n, [], _m, false), do: :erlang.error(:zero_seed)
  defp seed_nz(0, [_ | _], _m, _nz), do: :erlang.error(:too_many_seed_integers)
  defp seed_nz(0, [], _m, _nz), do: []
  defp seed_nz(n, [], m, true), do: [0 | seed_nz(n - 1, [], m, true)]

  defp seed_nz(n, [s | ss], m, nz) do
    if is_integer(s) do
      r = band(s, (1 <<< m) - 1)
      [r | seed_nz(n - 1, ss, m, nz or r != 0)]
    else
      :erlang.error(:non_integer_seed)
    end
  end

  ## exs64: xorshift64*

  defp exs64_seed(l) when is_list(l) do
    [r] = seed64_nz(1, l)
    r
  end

  defp exs64_seed(a) when is_integer(a) do
    [r] = seed64(1, a)
    r
  end

  defp exs64_seed({a1, a2, a3}) do
    {v1, _} = exs64_next(band(a1, 0xFFFFFFFF) * 4_294_967_197 + 1)
    {v2, _} = exs64_next(band(a2, 0xFFFFFFFF) * 4_294_967_231 + 1)
    {v3, _} = exs64_next(band(a3, 0xFFFFFFFF) * 4_294_967_279 + 1)
    rem(v1 * v2 * v3, @m64 - 1) + 1
  end

  def exs64_next(r) do
    r1 = bxor(r, r >>> 12)
    r2 = bxor(r1, band(r1, (1 <<< 39) - 1) <<< 25)
    r3 = bxor(r2, r2 >>> 27)
    {band(r3 * 2_685_821_657_736_338_717, @m64), r3}
  end

  ## exsss, exsp, exsplus: xorshift116 with the ** or + scrambler; state [s1 | s0]

  defp exsplus_seed(l) when is_list(l) do
    [s0, s1] = seed58_nz(2, l)
    [s0 | s1]
  end

  defp exsplus_seed(x) when is_integer(x) do
    [s0, s1] = seed58(2, x)
    [s0 | s1]
  end

  defp exsplus_seed({a1, a2, a3}) do
    {_, r1} = exsp_next([band(a1 * 4_294_967_197 + 1, @m58) | band(a2 * 4_294_967_231 + 1, @m58)])
    {_, r2} = exsp_next([band(a3 * 4_294_967_279 + 1, @m58) | tl(r1)])
    r2
  end

  defp exsss_seed(l) when is_list(l) do
    [s0, s1] = seed58_nz(2, l)
    [s0 | s1]
  end

  defp exsss_seed(x) when is_integer(x) do
    [s0, s1] = seed58(2, x)
    [s0 | s1]
  end

  defp exsss_seed({a1, a2, a3}) do
    {_, x0} = seed58(a1)
    {s0, x1} = seed58(bxor(a2, x0))
    {s1, _} = seed58(bxor(a3, x1))
    [s0 | s1]
  end

  # One xorshift116 step: the new s1 from s0 and s1.
  defp exs_step(s0, s1) do
    s1b = bxor(band(s1, @m58), band(s1, (1 <<< 34) - 1) <<< 24)
    s1b |> bxor(s0) |> bxor(s1b >>> 11) |> bxor(s0 >>> 41)
  end

  def exsp_next([s1 | s0]) do
    s0_1 = band(s0, @m58)
    new_s1 = exs_step(s0_1, s1)
    {band(s0_1 + new_s1, @m58), [s0_1 | new_s1]}
  end

  def exsss_next([s1 | s0]) do
    s0_1 = band(s0, @m58)
    new_s1 = exs_step(s0_1, s1)
    {starstar(s0_1), [s0_1 | new_s1]}
  end

  # ((s * 5) rotl 7) * 9 on 58 bits.
  defp starstar(s) do
    va = band(s * 5, @m58)
    vb = bor(band(va <<< 7, @m58), va >>> 51)
    band(vb * 9, @m58)
  end

  def exsp_uniform({handler, r0}) do
    {i, r1} = exsp_next(r0)
    {(i >>> 5) * @two_pow_minus53, {handler, r1}}
  end

  def exsss_uniform({handler, r0}) do
    {i, r1} = exsss_next(r0)
    {(i >>> 5) * @two_pow_minus53, {handler, r1}}
  end

  def exsp_uniform(range, {handler, r}) do
    {v, r1} = exsp_next(r)
    fit(range, handler, r1, v, (1 <<< 58) - range, fn -> exsp_uniform(range, {handler, r1}) end)
  end

  def exsss_uniform(range, {handler, r}) do
    {v, r1} = exsss_next(r)
    fit(range, handler, r1, v, (1 <<< 58) - range, fn -> exsss_uniform(range, {handler, r1}) end)
  end

  def exsplus_jump({handler, s}), do: {handler, exsp_jump(s)}

  # 2^64 steps at once: the xor of the states at the jump polynomial's one bits.
  def exsp_jump(s) do
    {s1, as1} = exsp_jump(s, [0 | 0], 0x02F8EA6BC32C797, 58)
    {_, as2} = exsp_jump(s1, as1, 0x345D2A0F85F788C, 58)
    as2
  end

  defp exsp_jump(s, as, _j, 0), do: {s, as}

  defp exsp_jump([s0 | s1] = s, [as0 | as1], j, n) do
    {_, ns} = exsp_next(s)

    if band(j, 1) == 1 do
      exsp_jump(ns, [bxor(as0, s0) | bxor(as1, s1)], j >>> 1, n - 1)
    else
      exsp_jump(ns, [as0 | as1], j >>> 1, n - 1)
    end
  end

  ## exs1024s, exs1024: xorshift1024*; state {words, used words reversed}

  defp exs1024_seed(l) when is_list(l), do: {seed64_nz(16, l), []}
  defp exs1024_seed(x) when is_integer(x), do: {seed64(16, x), []}

  defp exs1024_seed({a1, a2, a3}) do
    b1 = band((band(a1, 0x1FFFFF) + 1) * 2_097_131, 0x1FFFFF)
    b2 = band((band(a2, 0x1FFFFF) + 1) * 2_097_133, 0x1FFFFF)
    b3 = band((band(a3, 0x1FFFFF) + 1) * 2_097_143, 0x1FFFFF)
    {exs1024_gen(16, bor(bor(bor(b1 <<< 43, b2 <<< 22), b3 <<< 1), 1), []), []}
  end

  defp exs1024_gen(0, _r, l), do: l

  defp exs1024_gen(n, r, l) do
    {x, r2} = exs64_next(r)
    exs1024_gen(n - 1, r2, [x | l])
  end

  defp exs1024_calc(s0, s1) do
    s11 = bxor(s1, band(s1, (1 <<< 33) - 1) <<< 31)
    s12 = bxor(s11, s11 >>> 11)
    s01 = bxor(s0, s0 >>> 30)
    ns1 = bxor(s01, s12)
    {band(ns1 * 1_181_783_497_276_652_981, @m64), ns1}
  end

  def exs1024_next({[s0, s1 | l3], rl}) do
    {x, ns1} = exs1024_calc(s0, s1)
    {x, {[ns1 | l3], [s0 | rl]}}
  end

  def exs1024_next({[h], rl}), do: exs1024_next({[h | :lists.reverse(rl)], []})

  @exs1024_jump [
    0x0196E1DDBE5A1561,
    0x0239F070B5837A3C,
    0x03F393CC68796CD2,
    0x0248316F404489AF,
    0x039A30088BFFBAC2,
    0x02FEA70DC2D9891F,
    0x032AE0D9644CAEC4,
    0x0313AAC17D8EFA43,
    0x02F132E055642626,
    0x01EE975283D71C93,
    0x00552321B06F5501,
    0x00C41D10A1E6A569,
    0x019158ECF8AA1E44,
    0x004E9FC949D0B5FC,
    0x0363DA172811FDDA,
    0x030E38C3B99181F2,
    0x0000000A118038FC
  ]

  def exs1024_jump({handler, {l, rl}}) do
    p = length(rl)
    as = exs1024_jump({l, rl}, List.duplicate(0, 16), @exs1024_jump, 0x00242F96ECA9C41D, 58, 1024)
    {asl, asr} = :lists.split(16 - p, as)
    {handler, {asl, :lists.reverse(asr)}}
  end

  defp exs1024_jump(_s, as, _jl, _j, _n, 0), do: as
  defp exs1024_jump(s, as, [h | t], _j, 0, tn), do: exs1024_jump(s, as, t, h, 58, tn)

  defp exs1024_jump({l, rl} = s, as, jl, j, n, tn) do
    {_, ns} = exs1024_next(s)

    if band(j, 1) == 1 do
      as2 = :lists.zipwith(fn x, y -> bxor(x, y) end, as, l ++ :lists.reverse(rl))
      exs1024_jump(ns, as2, jl, j >>> 1, n - 1, tn - 1)
    else
      exs1024_jump(ns, as, jl, j >>> 1, n - 1, tn - 1)
    end
  end

  ## exrop: xoroshiro116+; state [s0 | s1]

  defp exrop_seed(l) when is_list(l) do
    [s0, s1] = seed58_nz(2, l)
    [s0 | s1]
  end

  defp exrop_seed(x) when is_integer(x) do
    [s0, s1] = seed58(2, x)
    [s0 | s1]
  end

  defp exrop_seed({a1, a2, a3}) do
    [_ | s1] = exrop_next_s(band(a1 * 4_294_967_197 + 1, @m58), band(a2 * 4_294_967_231 + 1, @m58))
    exrop_next_s(band(a3 * 4_294_967_279 + 1, @m58), s1)
  end

  defp rotl58(x, n), do: bor(band(x <<< n, @m58), x >>> (58 - n))

  defp exrop_next_s(s0, s1) do
    s1a = bxor(s1, s0)
    [rotl58(s0, 24) |> bxor(s1a) |> bxor(band(s1a <<< 2, @m58)) | rotl58(s1a, 35)]
  end

  def exrop_next([s0 | s1]), do: {band(s0 + s1, @m58), exrop_next_s(s0, s1)}

  def exrop_uniform({handler, r}) do
    {v, r1} = exrop_next(r)
    {(v >>> 5) * @two_pow_minus53, {handler, r1}}
  end

  def exrop_uniform(range, {handler, r}) do
    {v, r1} = exrop_next(r)
    fit(range, handler, r1, v, (1 <<< 58) - range, fn -> exrop_uniform(range, {handler, r1}) end)
  end

  def exrop_jump({handler, s}) do
    jump = 0x9863200F83FCD4A11293241FCB12A
    exrop_jump(s, 0, 0, bor(1 <<< 58, band(jump, @m58)), [jump >>> 58], handler)
  end

  defp exrop_jump(_s, s0, s1, 0, [], handler), do: {handler, [s0 | s1]}
  defp exrop_jump(s, s0, s1, 1, [j | js], handler), do: exrop_jump(s, s0, s1, j, js, handler)

  defp exrop_jump([t0 | t1], s0, s1, j, js, handler) do
    ns = exrop_next_s(t0, t1)

    if band(j, 1) == 1 do
      exrop_jump(ns, bxor(s0, t0), bxor(s1, t1), j >>> 1, js, handler)
    else
      exrop_jump(ns, s0, s1, j >>> 1, js, handler)
    end
  end
end

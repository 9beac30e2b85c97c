# to_string/1 of a float (Float.to_string/1, :erlang.float_to_binary(f, [:short]), io_lib's ~p
# and ~w) picks fixed or scientific notation by OTP's rule: by the number of shortest digits
# and where the last one stands, and scientific for integers at or beyond 2^53.
floats =
  for m <- [1.0, 1.5, 1.234, 1.2345678, 9.007199254740992, 1.2345678901234567],
      e <- -8..22,
      sign <- [1, -1],
      do: sign * m * :math.pow(10, e)

near = for k <- [49, 50, 51, 52, 53, 54, 55], d <- [-2, -1, 0, 1, 2], do: :math.pow(2, k) + d
tens = for k <- [1, 2], d <- -3..3, do: (2 ** 52 + d) / 5 * k * 10

for f <- floats ++ near ++ tens do
  IO.puts("#{f} #{Float.to_string(f)} #{:erlang.float_to_binary(f, [:short])} #{:io_lib.format('~p ~w', [f, f])}")
end

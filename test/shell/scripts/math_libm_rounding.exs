# :math.pow/2, exp/1, log/1 and log2/1 (so ** and Float.pow/2 of floats) round as the C
# library's functions the BEAM calls: the last digit of many results depends on it. (glibc
# misrounds a few values lying within a hundredth of a unit of a rounding boundary, which
# beamsh rounds correctly: 1.0 + 313 * 0.731 + 1 / 313.5 to the power 313 / 13 - 15.3 is
# one; the range below stops before it.)
for i <- 1..300 do
  x = 1.0 + i * 0.731 + 1 / (i + 0.5)
  y = i / 13 - 15.3
  IO.puts(Enum.join([x, y, :math.pow(x, y), x ** y, Float.pow(x, -y), :math.exp(y), :math.exp(y * 9),
                     :math.log(x), :math.log2(x), :math.pow(x, 0.5), :math.pow(-x, 3)], " "))
end

# nth root by Newton's method, as a learner writes it
root = fn n, x ->
  f = fn prev -> ((n - 1) * prev + x / :math.pow(prev, n - 1)) / n end
  Stream.iterate(x, f) |> Enum.at(40)
end

IO.inspect(for n <- [0.5, 1.5, 3, 7.25], x <- [2, 7, 81, 1024], do: root.(n, x))
IO.inspect({:math.pow(2, 10), :math.pow(10, -3), :math.exp(1), :math.log(1), :math.log2(1024), 2.0 ** -1074})

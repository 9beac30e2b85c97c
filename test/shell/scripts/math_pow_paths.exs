# :math.pow/2, :math.exp/1, log/1 and log2/1 on both sides of the bounds where beamsh's
# fast path (a positive normal base, an exponent whose result stays well inside the normal
# range) hands over to the general one: the last digit must be the BEAM's on both sides.
bases = [2.5, 0.3, 1.0000001, 7.0, 123.456, 1.0e-300, 2.2250738585072014e-308, 1.0e300, 0.999, 4.0e-320]
exps = [-1080.3, -650.0, -120.7, -2.0, -0.5, 0.5, 1.5, 2.0, 3.0, 13.7, 99.1, 650.0, 1080.3]

for x <- bases, y <- exps do
  r =
    try do
      :math.pow(x, y)
    rescue
      e -> e.__struct__
    end

  IO.puts("pow(#{x}, #{y}) = #{inspect(r)}")
end

for x <- [-2.5, -0.3, -7.0], y <- [-3.0, 2.0, 3.0, 11.0, -0.5] do
  r =
    try do
      :math.pow(x, y)
    rescue
      e -> e.__struct__
    end

  IO.puts("pow(#{x}, #{y}) = #{inspect(r)}")
end

# e^z just inside and outside 650 in magnitude (where the fast path stops), and near the ends
for z <- [-745.2, -708.5, -650.0001, -649.9999, -1.0e-10, 0.0, -0.0, 1.0e-10, 0.7, 649.9999, 650.0001, 709.7] do
  IO.puts("exp(#{z}) = #{inspect(:math.exp(z))}")
end

for x <- [4.0e-320, 2.2250738585072014e-308, 0.1, 1.0, 3.0, 1.0e300] do
  IO.puts("log(#{x}) = #{inspect(:math.log(x))}, log2 = #{inspect(:math.log2(x))}")
end

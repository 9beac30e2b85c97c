IO.puts 1
IO.puts zz

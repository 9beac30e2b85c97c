IO.puts "first"
y = 5
IO.puts zz
IO.puts "third"

IO.puts "first"
a = 1
IO.puts "after"

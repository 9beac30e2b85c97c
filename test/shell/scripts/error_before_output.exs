IO.puts "first"
x = 1
IO.puts "second #{x}"
foo(3)
IO.puts "third"

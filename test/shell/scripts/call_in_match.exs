IO.puts 1
x = foo(3)

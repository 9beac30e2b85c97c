IO.puts 1
IO.puts [foo(3)]

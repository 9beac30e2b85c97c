IO.puts 1
zz

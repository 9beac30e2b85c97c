IO.puts foo(3)

IO.puts 1
{foo(1), 2}

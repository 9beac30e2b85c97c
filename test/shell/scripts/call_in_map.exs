IO.puts 1
%{a: foo(1)}

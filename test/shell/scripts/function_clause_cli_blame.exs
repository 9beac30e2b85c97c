# A script's uncaught FunctionClauseError is printed by Elixir's command line
# (Kernel.CLI.format_error/3): in the clauses of an Elixir function, what matched is between
# + and what did not between - (no ANSI colours); iex's marks only what did not match.
x = :eof
String.upcase(x)
IO.puts(:unreached)

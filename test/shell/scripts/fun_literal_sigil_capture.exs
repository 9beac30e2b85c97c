# A variable bound to a literal is not among a fun's free variables on the BEAM (the compiler
# puts the literal in the fun's code), so a stack entry of the fun shows its own arity. Word,
# string and charlist sigils without interpolation are literals too.
words = ~w(alpha beta)
atoms = ~w(alpha beta)a
text = ~s(alpha)
chars = ~c(alpha)
upper = ~W(alpha beta)
computed = String.split("alpha beta")

check = fn f ->
  try do
    Enum.each(["gamma"], f)
  rescue
    e -> IO.inspect({e.message, hd(__STACKTRACE__)})
  end
end

check.(fn x -> if x in words, do: :ok, else: raise("not a word: #{x}") end)
check.(fn x -> if x in atoms, do: :ok, else: raise("not an atom: #{x}") end)
check.(fn x -> if x == text, do: :ok, else: raise("not the text: #{x}") end)
check.(fn x -> if x == chars, do: :ok, else: raise("not the chars: #{x}") end)
check.(fn x -> if x in upper, do: :ok, else: raise("not in upper: #{x}") end)
check.(fn x -> if x in computed, do: :ok, else: raise("not computed: #{x}") end)

Enum.each(~w(alpha delta), fn needle ->
  if Enum.find_index(words, fn w -> w == needle end), do: IO.puts(needle), else: raise("#{needle} is missing")
end)

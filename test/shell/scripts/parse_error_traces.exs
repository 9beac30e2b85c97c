try do
  Code.eval_string("a +")
rescue
  _ -> IO.inspect(__STACKTRACE__)
end
try do
  Code.format_string!("a +")
rescue
  _ -> IO.inspect(__STACKTRACE__)
end
f = fn -> Code.string_to_quoted!("1 +") end
try do
  f.()
rescue
  _ -> IO.inspect(__STACKTRACE__)
end
Code.eval_string("a +", [], file: "/tmp/lead/t/x.exs")

f = fn -> raise "y" end
try do f.() rescue _ -> IO.inspect(Enum.take(__STACKTRACE__, 2)) end
g = fn x -> fn y -> x / y end end
h = g.(1)
try do h.(0) rescue e -> IO.inspect({e, Enum.take(__STACKTRACE__, 2)}) end
# (g applied twice: the Erlang compiler does not inline it, so the inner fun captures x)
try do g.(2).(0) rescue e -> IO.inspect({e, Enum.take(__STACKTRACE__, 2)}) end
# (a captured variable bound to a literal is put in the fun: no variable of it)
one = 1
nonlit = String.length("ab")
try do Enum.map([0], fn z -> {one / z} end) rescue _ -> IO.inspect(Enum.at(__STACKTRACE__, 1)) end
try do Enum.map([0], fn z -> {nonlit / z} end) rescue _ -> IO.inspect(Enum.at(__STACKTRACE__, 1)) end
k = fn 1 -> :one end
try do k.(2) rescue e -> IO.puts(Exception.message(e)); IO.inspect(Enum.take(__STACKTRACE__, 2)) end
{:module, :elixir_compiler_0, :"-__FILE__/1-fun-0-", 0} |> IO.inspect()
IO.inspect(Function.info(f)[:module])
IO.inspect(Function.info(f)[:name])
IO.inspect(Function.info(h)[:name])
Enum.map([0], fn z -> 1 / z end)
IO.puts("never")

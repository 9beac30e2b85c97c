# Registry compares keys as terms (:_ is a key like any other) in match/count_match/
# unregister_match, checks select specs and its options, and refuses :via names for
# duplicate registries; Regex's extended mode skips only PCRE's pattern white space and
# scan/3 with no group to capture is []; cancel_timer/2 takes :async and :info.
{:ok, _} = Registry.start_link(keys: :duplicate, name: Dup)
{:ok, _} = Registry.start_link(keys: :unique, name: Uni)
{:ok, _} = Registry.register(Dup, "hello", :value)
{:ok, _} = Registry.register(Dup, :_, :foo)
{:ok, _} = Registry.register(Dup, :_, :bar)
{:ok, _} = Registry.register(Uni, {1, :atom}, 1)
IO.inspect Registry.match(Dup, :_, :_) |> Enum.map(&elem(&1, 1)) |> Enum.sort()
IO.inspect Registry.count_match(Dup, :_, :_)
IO.inspect Registry.count_match(Dup, "hello", :_)
IO.inspect Registry.match(Uni, :_, :_)
IO.inspect Registry.match(Uni, {1, :atom}, :"$1", [{:is_integer, :"$1"}]) |> length()
IO.inspect Registry.unregister_match(Dup, :_, :foo)
IO.inspect Registry.keys(Dup, self()) |> Enum.sort()
IO.inspect Registry.count_select(Dup, [{{:_, :_, :_}, [], [true]}])
IO.inspect Registry.select(Dup, [{{:"$1", :_, :"$2"}, [], [{{:"$1", :"$2"}}]}]) |> Enum.sort()
IO.inspect(try do Registry.select(Dup, [{:_, [], [true]}]) rescue e -> e.message end)
IO.inspect(try do Registry.count_select(Uni, [:oops]) rescue e -> e.message end)
IO.inspect(try do Registry.start_link(keys: :unique, name: "x") rescue e -> e.message end)
IO.inspect(try do Registry.start_link(keys: :unique, name: Comp, compressed: :yes) rescue e -> e.message end)
IO.inspect(try do Agent.start_link(fn -> 0 end, name: {:via, Registry, {Dup, "via"}}) rescue e -> e.message end)
{:ok, agent} = Agent.start_link(fn -> 0 end, name: {:via, Registry, {Uni, "via"}})
IO.inspect Registry.lookup(Uni, "via") == [{agent, nil}]

s = "  x\u2003\u2003x "
IO.inspect Regex.escape(s)
IO.inspect Regex.match?(Regex.compile!(Regex.escape(s), "ux"), s)
IO.inspect Regex.match?(~r/a b # comment
  c/x, "abc")
IO.inspect Regex.scan(~r/cd/, "abcd", capture: :all_names)
IO.inspect Regex.scan(~r/c(?<foo>d)/, "abcd", capture: :all_names)
IO.inspect Regex.scan(~r/c(d)/, "abcd", capture: [])

t = Process.send_after(self(), :hello, 100_000)
IO.inspect Process.cancel_timer(t, async: true)
receive do {:cancel_timer, ^t, r} -> IO.inspect(is_integer(r)) end
t = Process.send_after(self(), :hello, 100_000)
IO.inspect Process.cancel_timer(t, async: true, info: false)
receive do m -> IO.inspect(m) after 50 -> IO.puts "no message" end
t = Process.send_after(self(), :hello, 100_000)
IO.inspect Process.cancel_timer(t, info: false)
IO.inspect Process.cancel_timer(t, async: true)
receive do {:cancel_timer, ^t, r} -> IO.inspect(r) after 50 -> IO.puts "no message" end
IO.inspect(try do :erlang.cancel_timer(t, [:bogus]) rescue e -> e end)
IO.inspect(try do :erlang.cancel_timer(t, :x) rescue e -> e end)

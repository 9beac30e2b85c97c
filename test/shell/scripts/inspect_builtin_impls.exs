# The user's Inspect implementation for a type the library implements (PID, Float, List)
# replaces the library's: inspect/2, IO.inspect and nested terms use it, and defining it
# warns that a shipped module is redefined. :erlang.pid_to_list/1 is not inspect.
defimpl Inspect, for: PID do
  def inspect(pid, _opts), do: "#PID " <> IO.iodata_to_binary(:erlang.pid_to_list(pid))
end

IO.puts(inspect(self()) =~ ~r/^#PID <\d+\.\d+\.\d+>$/)

defimpl Inspect, for: Float do
  def inspect(f, opts), do: Inspect.Algebra.concat(["F", Inspect.Algebra.to_doc(round(f), opts)])
end

IO.puts(inspect(1.5))
IO.inspect([1.5, {2.5, %{a: 3.5}}])
IO.puts(inspect(1.5, pretty: true))

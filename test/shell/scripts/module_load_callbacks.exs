# @on_load runs the (public or private) function as the module loads: an answer other than
# :ok leaves it unloaded. @compile {:autoload, false} compiles without loading.
# @after_verify callbacks run once the file's modules are verified: at the end of the file
# here; right away in a process that is not compiling a file.
defmodule AV do
  @after_verify __MODULE__
  @after_verify {__MODULE__, :other}
  def __after_verify__(m), do: IO.inspect({:verify, m})
  def other(m), do: IO.inspect({:other, m})
end
IO.puts "after defmodule AV"

defmodule A do
  @on_load :init
  defp init do
    IO.puts "loading A"
    :ok
  end
  def hi, do: :hi
end
IO.inspect A.hi()
IO.inspect A.__info__(:attributes) |> Keyword.delete(:vsn)

defmodule B do
  @on_load {:init, 0}
  def init, do: :nope
  def hi, do: :hi
end
IO.inspect :code.is_loaded(B)
IO.inspect(try do B.hi() rescue e -> e end)

defmodule NoAuto do
  @compile {:autoload, false}
  def hi, do: :hi
end
IO.inspect :code.is_loaded(NoAuto)
IO.inspect(try do NoAuto.hi() rescue e -> e.__struct__ end)

# (a process of its own verifies its module right away)
task = Task.async(fn ->
  defmodule Inner do
    @after_verify __MODULE__
    def __after_verify__(m), do: IO.inspect({:inner_verify, m})
  end
  IO.puts "after defmodule Inner"
end)
Task.await(task)
IO.puts "end of file"

# The entries of Elixir's own functions under a stream that raises: a function that runs
# the stream through Enumerable.reduce/3 (Enum.reverse/1 for Enum.to_list/1) waits at that
# call, as the stream's funs run under it.
defmodule T do
  def run(n) do
    try do
      case n do
        1 -> Stream.map([1, 2], fn x -> raise "boom #{x}" end) |> Enum.to_list()
        2 -> Stream.resource(fn -> 0 end, fn _ -> raise "res" end, fn _ -> :ok end) |> Enum.map(& &1)
        3 -> File.stream!("no-such-file.txt") |> Enum.count()
        5 -> [1] |> Stream.map(fn _ -> raise "m" end) |> Enum.each(&IO.inspect/1)
        7 -> Stream.map(1..2, fn _ -> raise "r" end) |> Enum.into([])
      end
    rescue
      e -> IO.puts(Exception.format(:error, e, Enum.take(__STACKTRACE__, 4)))
    end
  end
end

Enum.each([1, 2, 3, 5, 7], &T.run/1)
File.stream!("no-such-file.txt") |> Enum.to_list()

# Exception.format_banner/3 and format/3 of user exceptions: message/1 runs (in the caller's
# process, also under format/3), and one that raises is reported as Exception.message/1 does.
defmodule Oops do
  defexception [:x]
  def message(_), do: raise "oops"
end

defmodule Fine do
  defexception [:n]
  def message(%{n: n}), do: "fine #{n}"
end

defmodule Run do
  def run do
    IO.puts Exception.format_banner(:error, %Oops{})
    IO.puts Exception.format(:error, %Oops{}, [])
    IO.puts Exception.format(:error, %Fine{n: 1}, [{Run, :run, 0, [file: 'x.ex', line: 3]}])
    IO.puts Exception.format_banner(:error, %Fine{n: 2})
    spawn(fn -> IO.puts Exception.format_banner(:error, %Oops{}) end)
    Process.sleep(100)
  end
end

Run.run()

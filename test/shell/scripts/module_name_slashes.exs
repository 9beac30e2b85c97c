try do
 defmodule :"foo/bar", do: :ok
rescue e -> IO.inspect({e.line, e.description})
end
try do
 defmodule :"foo\\bar", do: :ok
rescue e -> IO.inspect({e.line, e.description})
end
name = :"a/b"
try do
 defmodule name, do: :ok
rescue e -> IO.inspect({e.line, e.description})
end
try do
 defmodule nil, do: :ok
rescue e -> IO.inspect({e.line, e.description})
end

try do
 defmodule :"foo/bar", do: :ok
rescue e -> IO.inspect e
end
try do
 defmodule :"foo\\bar", do: :ok
rescue e -> IO.inspect e
end
name = :"a/b"
try do
 defmodule name, do: :ok
rescue e -> IO.inspect e
end
try do
 defmodule nil, do: :ok
rescue e -> IO.inspect e
end

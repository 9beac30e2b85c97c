defmodule M do
  defstruct a: 1
end
IO.inspect %M{}

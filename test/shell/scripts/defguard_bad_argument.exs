defmodule G2 do
  defguard bad(x, 1) when x
end

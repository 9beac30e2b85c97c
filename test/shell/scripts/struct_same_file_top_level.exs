# A struct defined in this file cannot be built at the file's top level: the
# whole file expands before the module is compiled. The error comes as the
# struct expands, before the warnings of the code after it.
defmodule Point do
  defstruct x: 0, y: 0
end

origin = %Point{}
origin
IO.inspect(origin)

# The same in a pattern: Point.__struct__/0 is what a pattern's keys are checked against.
defmodule Point do
  defstruct x: 0, y: 0
end

%Point{x: x} = %{__struct__: Point, x: 1, y: 2}
x
IO.inspect(x)

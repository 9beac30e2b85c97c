# A literal key given twice in a map pattern is a compile error.
x = 1

case %{a: 1} do
  %{a: 1, a: ^x} -> :matched
end

# A defguard's body is expanded where it is defined: an imported macro needs no import at the caller.
defmodule GI do
  import Integer, only: [is_even: 1]
  defguard is_ev(x) when is_even(x) and x > 0
end

defmodule GIU do
  require GI
  def f(x) when GI.is_ev(x), do: :even
  def f(_), do: :other
  def g(x), do: GI.is_ev(x)
end

IO.inspect({GIU.f(2), GIU.f(3), GIU.f(-2), GIU.g(4), GIU.g(5)})

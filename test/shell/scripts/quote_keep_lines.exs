# location: :keep — a definition quoted with it runs at the quoted lines; other code at the caller's
defmodule KeepMacros do
  defmacro defraise do
    quote location: :keep do
      def will_raise(_a, _b), do: raise("oops")
    end
  end

  defmacro will_raise do
    quote(location: :keep, do: raise("oops"))
  end

  defmacro env_line do
    quote location: :keep do
      __ENV__.line
    end
  end
end

defmodule KeepUser do
  import KeepMacros
  defraise()
  def outside do
    will_raise()
  end
  def line, do: env_line()
end

for f <- [fn -> KeepUser.will_raise(1, 2) end, fn -> KeepUser.outside() end] do
  try do
    f.()
  rescue
    _ -> IO.inspect(hd(__STACKTRACE__))
  end
end
IO.inspect(KeepUser.line())
IO.inspect(quote(location: :keep, do: foo(1)))

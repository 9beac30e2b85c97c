# A binary construction that fails in compiled code (a module's function, the file's own top
# level) is caught as :badarg (or :system_limit) with the cause in the function's stack
# entry (error_info for :erl_erts_errors.format_bs_fail/2), rescued as the ArgumentError
# explaining that cause, and the entry shows the line of the binary.
defmodule Build do
  def attempt(f) do
    try do
      f.()
    catch
      kind, reason -> IO.inspect({kind, reason, Keyword.get(elem(hd(__STACKTRACE__), 3), :error_info), elem(hd(__STACKTRACE__), 3)[:line]})
    end

    try do
      f.()
    rescue
      e -> IO.puts(Exception.message(e))
    end
  end

  def concat(x), do: "s" <> x
  def integer(x), do: <<x::integer>>
  def float(x), do: <<x::float>>
  def utf8(x), do: <<x::utf8>>
  def utf16(x), do: <<x::utf16>>
  def sized(x), do: <<x::binary-size(4)>>
  def whole(x), do: <<x::binary>> <> "a"

  def size(x, n) do
    IO.write("")
    <<x::size(n)>>
  end

  def binary_size(x, n), do: <<x::binary-size(n)>>
  def bits_size(x, n), do: <<x::bitstring-size(n)>>
  def float_size(x, n), do: <<x::float-size(n)>>
  def middle(x), do: <<1, x::binary, 2>>
  def sized_after(x, n, y), do: <<y::binary, x::size(n)>>
  def unit(x, n), do: <<x::size(n)-unit(8)>>
  def chain(x, y), do: x <> y <> "z"
  def into(list), do: for(x <- list, into: "", do: x)
end

Build.attempt(fn -> Build.concat(:x) end)
Build.attempt(fn -> Build.integer(:x) end)
Build.attempt(fn -> Build.float(:x) end)
Build.attempt(fn -> Build.utf8(-1) end)
Build.attempt(fn -> Build.utf16(:a) end)
Build.attempt(fn -> Build.sized("ab") end)
Build.attempt(fn -> Build.whole(<<1::3>>) end)
Build.attempt(fn -> Build.size(1, -1) end)
Build.attempt(fn -> Build.size(1, :a) end)
Build.attempt(fn -> Build.size(:a, -1) end)
Build.attempt(fn -> Build.size(1, 1.0) end)
Build.attempt(fn -> Build.binary_size("a", -1) end)
Build.attempt(fn -> Build.binary_size("a", :a) end)
Build.attempt(fn -> Build.bits_size("a", -1) end)
Build.attempt(fn -> Build.float_size(1.0, -1) end)
Build.attempt(fn -> Build.float_size(1.0, :a) end)
Build.attempt(fn -> Build.middle(3) end)
Build.attempt(fn -> Build.sized_after(1, -1, :x) end)
Build.attempt(fn -> Build.unit(1, -1) end)
Build.attempt(fn -> Build.chain("a", 1) end)
Build.attempt(fn -> Build.chain(1, 1) end)
Build.attempt(fn -> Build.size(1, 100000000000000000000000) end)
Build.attempt(fn -> Build.into(["a", :b]) end)

x = Enum.count([1])
IO.puts("top level")

try do
  <<x::binary, "a">>
catch
  kind, reason -> IO.inspect({kind, reason, hd(__STACKTRACE__)})
end

<<x::binary>>

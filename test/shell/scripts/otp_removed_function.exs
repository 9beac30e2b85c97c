# A function OTP removed: UndefinedFunctionError's blamed message says why, as
# otp_internal:obsolete/3 tells (Exception.message/1 alone does not blame).
defmodule R do
  def f do
    :erlang.get_stacktrace()
  end

  def g, do: :erlang.hash(1, 2)
end

try do
  R.g()
rescue
  e -> IO.puts(Exception.message(e))
end

try do
  R.g()
rescue
  e ->
    {blamed, _} = Exception.blame(:error, e, __STACKTRACE__)
    IO.puts(Exception.message(blamed))
end

R.f()

# Regenerates src/stdlib/otp-removed.json with real Elixir 1.14 / OTP 25:
#
#   elixir src/stdlib/otp-removed.gen.exs        (from the repository root)
#
# OTP keeps, for the functions it removed, why (`:otp_internal.obsolete/3` answers
# `{:removed, text}`): Elixir's UndefinedFunctionError adds that text to its message for a
# loaded module (", use the new try/catch syntax for retrieving the stack backtrace" for
# :erlang.get_stacktrace/0). OTP's source is not installed everywhere, so the candidates are
# read off the compiled otp_internal (the atoms its obsolete/3 compares its arguments with)
# and each asked: {module: [[fun, arity, text], ...]} ("*" for any function, -1 for any arity).
defmodule OtpRemoved do
  @arities 0..12

  def table do
    {:beam_file, _, _, _, _, code} = :beam_disasm.file(:code.which(:otp_internal))
    {:function, :obsolete, 3, _, instrs} = Enum.find(code, &match?({:function, :obsolete, 3, _, _}, &1))
    selects = for {:select_val, _, _, {:list, l}} <- instrs, {:atom, x} <- l, do: x
    eqs = for {:test, :is_eq_exact, _, [_, {:atom, x}]} <- instrs, do: x
    atoms = Enum.uniq(selects ++ eqs)

    for m <- atoms, rows = rows(m, atoms), rows != [] do
      {Atom.to_string(m), rows}
    end
    |> Enum.sort()
  end

  defp rows(m, atoms) do
    case removed(m, :"$no such function$", 0) do
      nil ->
        for f <- Enum.sort(atoms), row <- fun_rows(m, f), do: row

      text ->
        [["*", -1, text]]
    end
  end

  defp fun_rows(m, f) do
    texts = for a <- @arities, do: {a, removed(m, f, a)}
    any = removed(m, f, 99)

    if any != nil and Enum.all?(texts, fn {_, t} -> t == any end) do
      [[Atom.to_string(f), -1, any]]
    else
      for {a, t} <- texts, t != nil, do: [Atom.to_string(f), a, t]
    end
  end

  defp removed(m, f, a) do
    case :otp_internal.obsolete(m, f, a) do
      {:removed, text} when is_list(text) -> List.to_string(text)
      _ -> nil
    end
  end

  def json(s) when is_binary(s) do
    body =
      for <<c::utf8 <- s>>, into: "" do
        cond do
          c == ?" -> "\\\""
          c == ?\\ -> "\\\\"
          c < 0x20 -> "\\u" <> String.pad_leading(Integer.to_string(c, 16), 4, "0")
          true -> <<c::utf8>>
        end
      end

    "\"" <> body <> "\""
  end

  def json(n) when is_integer(n), do: Integer.to_string(n)
  def json(list) when is_list(list), do: "[" <> Enum.map_join(list, ",", &json/1) <> "]"
end

File.write!(
  "src/stdlib/otp-removed.json",
  "{\n" <> Enum.map_join(OtpRemoved.table(), ",\n", fn {m, rows} -> OtpRemoved.json(m) <> ":" <> OtpRemoved.json(rows) end) <> "\n}\n"
)

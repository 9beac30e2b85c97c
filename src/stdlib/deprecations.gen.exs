# Regenerates src/stdlib/deprecations.json with real Elixir 1.14 / OTP 25:
#
#   elixir src/stdlib/deprecations.gen.exs        (from the repository root)
#
# Elixir warns when code calls a deprecated function. For Elixir's modules the reason is
# what the module's `__info__(:deprecated)` gives (its `@deprecated` attributes); for
# Erlang's modules it is `:otp_internal.obsolete/3`, capitalized, with "It will be removed
# in ..." in front when OTP says when (as Module.Types.Of does). This keeps both tables:
#   {"elixir": {module: [[fun, arity, reason], ...]},
#    "erlang": {module: [[fun, arity, reason], ...]}}   (fun "*" and arity -1: any function)
defmodule Deprecations do
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

  def object(pairs) do
    "{\n" <> Enum.map_join(pairs, ",\n", fn {k, v} -> json(k) <> ":" <> json(v) end) <> "\n}"
  end

  def elixir do
    for app <- [:elixir, :logger, :iex, :ex_unit, :eex, :mix],
        Application.load(app) in [:ok, {:error, {:already_loaded, app}}],
        {:ok, mods} = :application.get_key(app, :modules),
        mod <- mods,
        Code.ensure_loaded?(mod),
        function_exported?(mod, :__info__, 1),
        deps = info_deprecated(mod),
        deps != [] do
      rows = for {{f, a}, reason} <- Enum.sort(deps), do: [Atom.to_string(f), a, reason]
      {Atom.to_string(mod), rows}
    end
    |> Enum.sort()
  end

  defp info_deprecated(mod) do
    mod.__info__(:deprecated)
  rescue
    _ -> []
  end

  # The heads of otp_internal:obsolete/3 in OTP's source, asked for their reasons.
  def erlang do
    [src] = Path.wildcard(Path.join(:code.lib_dir(:stdlib), "src/otp_internal.erl"))
    {:ok, forms} = :epp.parse_file(String.to_charlist(src), [])

    heads =
      for {:function, _, :obsolete, 3, clauses} <- forms,
          {:clause, _, [m, f, a], _, _} <- clauses,
          m != {:var, 0, :_} and match?({:atom, _, _}, m),
          do: {elem(m, 2), lit(f), lit(a)}

    heads
    |> Enum.flat_map(fn {m, f, a} ->
      case reason(m, f, a) do
        nil -> []
        text -> [{Atom.to_string(m), [if(f == :_, do: "*", else: Atom.to_string(f)), if(a == :_, do: -1, else: a), text]}]
      end
    end)
    |> Enum.group_by(&elem(&1, 0), &elem(&1, 1))
    |> Enum.sort()
  end

  defp lit({:var, _, :_}), do: :_
  defp lit({_, _, v}), do: v

  defp reason(m, f, a) do
    probe = if f == :_, do: :any_function, else: f
    arity = if a == :_, do: 0, else: a

    case :otp_internal.obsolete(m, probe, arity) do
      {:deprecated, s} when is_list(s) -> s |> List.to_string() |> String.capitalize()
      {:deprecated, s, r} when is_list(s) and is_list(r) -> "It will be removed in #{r}. " <> (s |> List.to_string() |> String.capitalize())
      _ -> nil
    end
  end
end

File.write!(
  "src/stdlib/deprecations.json",
  "{\"elixir\":" <> Deprecations.object(Deprecations.elixir()) <> ",\n\"erlang\":" <> Deprecations.object(Deprecations.erlang()) <> "}\n"
)

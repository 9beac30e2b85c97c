# Erlang format strings (io_lib:format/2's control sequences) as Logger renders them: ~p, ~P,
# ~w and ~W by inspect (Logger's translation), the others as Erlang does. A format that does
# not fit its arguments gives "ERROR: format - args", as Logger prints it.
defmodule :beamsh_format do
  @moduledoc false

  def format(format, args) do
    chars =
      cond do
        is_atom(format) -> Atom.to_charlist(format)
        is_binary(format) -> String.to_charlist(format)
        true -> format
      end

    try do
      directives(chars, args, [])
    catch
      :bad_format -> "ERROR: " <> inspect(chars) <> " - " <> inspect(args)
    end
  end

  defp directives([], [], acc), do: acc |> Enum.reverse() |> IO.chardata_to_string()
  defp directives([], _, _), do: throw(:bad_format)

  defp directives([?~ | rest], args, acc) do
    {spec, rest} = spec(rest, %{width: nil, precision: nil, pad: ?\s, t: false, l: false})
    {text, args} = control(spec, args)
    directives(rest, args, [text | acc])
  end

  defp directives([c | rest], args, acc), do: directives(rest, args, [<<c::utf8>> | acc])

  # ~F.P.PadModC: field width, precision, pad character, then t/l modifiers and the control.
  defp spec(chars, spec) do
    {width, chars} = number(chars)
    spec = %{spec | width: width}

    {spec, chars} =
      case chars do
        [?. | rest] ->
          {precision, rest} = number(rest)
          spec = %{spec | precision: precision}

          case rest do
            [?., pad | rest] -> {%{spec | pad: pad}, rest}
            _ -> {spec, rest}
          end

        _ ->
          {spec, chars}
      end

    modifiers(chars, spec)
  end

  defp number(chars) do
    {digits, rest} = Enum.split_while(chars, &(&1 in ?0..?9))
    if digits == [], do: {nil, rest}, else: {List.to_integer(digits), rest}
  end

  defp modifiers([?t | rest], spec), do: modifiers(rest, %{spec | t: true})
  defp modifiers([?l | rest], spec), do: modifiers(rest, %{spec | l: true})
  defp modifiers([c | rest], spec), do: {Map.put(spec, :control, c), rest}
  defp modifiers([], _spec), do: throw(:bad_format)

  defp control(%{control: ?n}, args), do: {"\n", args}
  defp control(%{control: ?~}, args), do: {"~", args}

  defp control(%{control: c} = spec, [term | args]) when c in [?p, ?w] do
    {inspected(term, spec, :infinity), args}
  end

  defp control(%{control: c} = spec, [term, limit | args]) when c in [?P, ?W] do
    {inspected(term, spec, limit), args}
  end

  defp control(%{control: ?s} = spec, [term | args]) do
    text =
      cond do
        is_atom(term) -> Atom.to_string(term)
        is_binary(term) -> term
        is_list(term) -> IO.chardata_to_string(term)
        true -> throw(:bad_format)
      end

    {pad(text, spec), args}
  end

  defp control(%{control: ?c} = spec, [char | args]) when is_integer(char) do
    {String.duplicate(<<char::utf8>>, spec.precision || 1), args}
  end

  defp control(%{control: c} = spec, [n | args]) when c in [?b, ?B] and is_integer(n) do
    text = Integer.to_string(n, spec.precision || 10)
    text = if c == ?b, do: String.downcase(text), else: text
    {pad(text, spec), args}
  end

  defp control(%{control: ?i}, [_ | args]), do: {"", args}

  defp control(%{control: c} = spec, [x | args]) when c in [?e, ?f, ?g] and is_number(x) do
    digits = spec.precision || 6

    text =
      case c do
        ?f -> :erlang.float_to_binary(x / 1, decimals: digits)
        _ -> scientific(x / 1, digits)
      end

    {pad(text, spec), args}
  end

  defp control(_spec, _args), do: throw(:bad_format)

  # Logger's rendering of ~p/~w: inspect, pretty within 80 columns for ~p.
  defp inspected(term, spec, limit) do
    opts = [pretty: true, width: if(spec.control in [?w, ?W], do: :infinity, else: spec.width || 80)]
    opts = if limit == :infinity, do: opts, else: Keyword.put(opts, :limit, limit)
    opts = if spec.l, do: Keyword.put(opts, :charlists, :as_lists), else: opts
    inspect(term, opts)
  end

  defp scientific(x, digits) do
    [mantissa, exp] = String.split(:erlang.float_to_binary(x, scientific: digits - 1), "e")
    {sign, exp} = if String.starts_with?(exp, "-"), do: {"-", String.slice(exp, 1..-1)}, else: {"+", String.trim_leading(exp, "+")}
    mantissa <> "e" <> sign <> Integer.to_string(String.to_integer(exp))
  end

  defp pad(text, %{width: nil}), do: text

  defp pad(text, %{width: width, pad: pad}) do
    len = String.length(text)
    if len >= width, do: text, else: String.duplicate(<<pad::utf8>>, width - len) <> text
  end
end

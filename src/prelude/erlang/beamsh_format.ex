# Erlang format strings as Elixir's Logger renders them (Logger.Utils.scan_inspect/3): ~p,
# ~P, ~w and ~W by inspect (pretty within 80 columns or the given width for ~p and ~P, on
# one line for ~w and ~W, ~l printing charlists as lists), every other control sequence by
# :io_lib.format/2. A format that does not fit its arguments gives "ERROR: format - args".
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
      render(chars, args, [], [])
    catch
      :bad_format -> "ERROR: " <> inspect(chars) <> " - " <> inspect(args)
      :error, _ -> "ERROR: " <> inspect(chars) <> " - " <> inspect(args)
    end
  end

  # `plain` gathers text and control sequences for :io_lib.format/2 (with their arguments in
  # `plain_args`) until an inspected one comes.
  defp render([], [], plain, acc), do: IO.chardata_to_string(Enum.reverse([erlang(plain) | acc]))
  defp render([], _args, _plain, _acc), do: throw(:bad_format)

  defp render([?~ | rest], args, plain, acc) do
    {spec, control, rest} = control_sequence(rest, [])
    {taken, args} = take_args(spec, control, args)

    if control in 'pPwW' do
      render(rest, args, [], [inspected(spec, control, taken), erlang(plain) | acc])
    else
      render(rest, args, [{[?~ | spec] ++ [control], taken} | plain], acc)
    end
  end

  defp render([c | rest], args, plain, acc), do: render(rest, args, [{[c], []} | plain], acc)

  defp erlang([]), do: ""

  defp erlang(plain) do
    {format, args} =
      plain
      |> Enum.reverse()
      |> Enum.reduce({[], []}, fn {f, a}, {fs, as} -> {[fs | f], as ++ a} end)

    :io_lib.format(List.flatten(format), args) |> IO.chardata_to_string()
  end

  # Everything between ~ and the control character: field width, precision, pad character
  # (whatever follows the second dot), modifiers.
  defp control_sequence([?. | rest], spec) do
    case Enum.count(spec, &(&1 == ?.)) do
      1 ->
        case rest do
          [pad | rest] -> control_sequence(rest, [pad, ?. | spec])
          [] -> throw(:bad_format)
        end

      _ ->
        control_sequence(rest, [?. | spec])
    end
  end

  defp control_sequence([c | rest], spec) when c in '0123456789*-tl', do: control_sequence(rest, [c | spec])
  defp control_sequence([c | rest], spec), do: {Enum.reverse(spec), c, rest}
  defp control_sequence([], _spec), do: throw(:bad_format)

  # The arguments a sequence consumes: one per *, then none (~n, ~~), two (~P, ~W, ~X, ~x) or one.
  defp take_args(spec, control, args) do
    stars = Enum.count(spec, &(&1 == ?*))

    own =
      cond do
        control in '~n' -> 0
        control in 'PWXx' -> 2
        true -> 1
      end

    if length(args) < stars + own, do: throw(:bad_format)
    Enum.split(args, stars + own)
  end

  defp inspected(spec, control, taken) do
    width = Enum.take_while(spec, &(&1 in '0123456789'))
    [term | limit] = taken

    opts = [pretty: true, width: if(control in 'wW', do: :infinity, else: if(width == [], do: 80, else: List.to_integer(width)))]
    opts = if control in 'PW', do: Keyword.put(opts, :limit, hd(limit)), else: opts
    opts = if ?l in spec, do: Keyword.put(opts, :charlists, :as_lists), else: opts
    inspect(term, opts)
  end
end

# OptionParser: command-line switches into keyword lists, as Elixir 1.14 documents it:
# --long, --long=value, --no-long for booleans, -a aliases, switch types (boolean, count,
# integer, float, string) and :keep, :switches or :strict, parse_head/2 stopping at the first
# argument, next/2 one step at a time, to_argv/2 and split/1 (shell-like quoting).
defmodule OptionParser do
  def parse(argv, opts \\ []) when is_list(argv) and is_list(opts), do: run(argv, config(opts), [], [], [], true)

  def parse!(argv, opts \\ []) when is_list(argv) and is_list(opts) do
    case parse(argv, opts) do
      {parsed, args, []} -> {parsed, args}
      {_, _, errors} -> raise OptionParser.ParseError, errors_text(errors, opts)
    end
  end

  def parse_head(argv, opts \\ []) when is_list(argv) and is_list(opts), do: run(argv, config(opts), [], [], [], false)

  def parse_head!(argv, opts \\ []) when is_list(argv) and is_list(opts) do
    case parse_head(argv, opts) do
      {parsed, args, []} -> {parsed, args}
      {_, _, errors} -> raise OptionParser.ParseError, errors_text(errors, opts)
    end
  end

  def next(argv, opts \\ []) when is_list(argv) and is_list(opts), do: step(argv, config(opts))

  # Accumulates options, arguments and invalid switches (all reversed) until argv ends, a
  # "--", or (parse_head) the first argument.
  defp run([], _config, opts, args, invalid, _all?), do: {Enum.reverse(opts), Enum.reverse(args), Enum.reverse(invalid)}

  defp run(argv, config, opts, args, invalid, all?) do
    case step(argv, config) do
      {:ok, key, value, rest} ->
        run(rest, config, store(opts, key, value, List.wrap(Keyword.get(config.switches, key))), args, invalid, all?)

      {:invalid, switch, value, rest} ->
        run(rest, config, opts, args, [{switch, value} | invalid], all?)

      {:undefined, switch, _value, rest} ->
        run(rest, config, opts, args, if(config.strict?, do: [{switch, nil} | invalid], else: invalid), all?)

      {:error, ["--" | rest]} ->
        {Enum.reverse(opts), Enum.reverse(args, rest), Enum.reverse(invalid)}

      {:error, [arg | rest] = remaining} ->
        if all?,
          do: run(rest, config, opts, [arg | args], invalid, all?),
          else: {Enum.reverse(opts), Enum.reverse(args, remaining), Enum.reverse(invalid)}
    end
  end

  defp step([], _config), do: {:error, []}
  defp step(["--" | _] = argv, _config), do: {:error, argv}
  defp step(["-" | _] = argv, _config), do: {:error, argv}
  defp step(["- " <> _ | _] = argv, _config), do: {:error, argv}

  defp step(["--" <> switch | rest], config) do
    {name, value} = name_and_value(switch)

    if String.contains?(name, "_"),
      do: {:undefined, "--" <> name, value, rest},
      else: tagged(long_tag(name, config), value, "--" <> name, rest, config)
  end

  defp step(["-" <> switch | rest] = argv, config) do
    {name, value} = name_and_value(switch)
    original = "-" <> name

    cond do
      value == nil and digit_first?(name) ->
        {:error, argv}

      String.contains?(name, ["-", "_"]) ->
        {:undefined, original, value, rest}

      String.length(name) == 1 ->
        tagged(alias_tag(name, config), value, original, rest, config)

      true ->
        key = key_of(name, config.allow_nonexistent_atoms?)
        target = config.aliases[key]

        if key && target do
          IO.warn("multi-letter aliases are deprecated, got: #{inspect(key)}")
          tagged({:default, target}, value, original, rest, config)
        else
          step(expand_letters(name, value) ++ rest, config)
        end
    end
  end

  defp step(argv, _config), do: {:error, argv}

  defp tagged(:unknown, value, original, rest, _config) do
    {value, _kinds, rest} = take_value(value, [], rest)
    {:undefined, original, value, rest}
  end

  defp tagged({tag, key}, value, original, rest, %{switches: switches, strict?: strict?}) do
    if strict? and not Keyword.has_key?(switches, key) do
      {:undefined, original, value, rest}
    else
      {kinds, value} =
        case tag do
          :negated -> if value, do: {[:invalid], value}, else: {List.wrap(switches[key]), false}
          :default -> {List.wrap(switches[key]), value}
        end

      {value, kinds, rest} = take_value(value, kinds, rest)

      case typed(value, kinds) do
        {:ok, typed_value} -> {:ok, key, typed_value, rest}
        :invalid -> {:invalid, original, value, rest}
      end
    end
  end

  # A switch without "=value" takes the next argument as its value unless it is a boolean or
  # a counter, or the next argument is another switch (a negative number is a value).
  defp take_value(nil, kinds, rest) do
    cond do
      :boolean in kinds -> {true, kinds, rest}
      :count in kinds -> {nil, kinds, rest}
      value_next?(rest) -> {hd(rest), kinds, tl(rest)}
      kinds == [] -> {true, kinds, rest}
      true -> {nil, [:invalid], rest}
    end
  end

  defp take_value(value, kinds, rest), do: {value, kinds, rest}

  defp value_next?(["-" | _]), do: true
  defp value_next?(["- " <> _ | _]), do: true
  defp value_next?(["-" <> arg | _]), do: digit_first?(arg)
  defp value_next?([]), do: false
  defp value_next?(_), do: true

  defp typed(value, kinds) do
    cond do
      :invalid in kinds -> :invalid
      :boolean in kinds -> boolean(value)
      :count in kinds -> if value == nil, do: {:ok, 1}, else: :invalid
      :integer in kinds -> number(Integer.parse(value))
      :float in kinds -> number(Float.parse(value))
      true -> {:ok, value}
    end
  end

  defp boolean(value) when value in [true, "true"], do: {:ok, true}
  defp boolean(value) when value in [false, "false"], do: {:ok, false}
  defp boolean(_value), do: :invalid

  defp number({n, ""}), do: {:ok, n}
  defp number(_), do: :invalid

  defp store(opts, key, value, kinds) do
    cond do
      :count in kinds -> Keyword.update(opts, key, value, &(&1 + 1))
      :keep in kinds -> [{key, value} | opts]
      true -> [{key, value} | Keyword.delete(opts, key)]
    end
  end

  defp long_tag("no-" <> name = original, %{switches: switches, allow_nonexistent_atoms?: allow?}) do
    negated = key_of(name, allow?)

    cond do
      negated && :boolean in List.wrap(switches[negated]) -> {:negated, negated}
      key = key_of(original, allow?) -> {:default, key}
      true -> :unknown
    end
  end

  defp long_tag(name, %{allow_nonexistent_atoms?: allow?}) do
    case key_of(name, allow?) do
      nil -> :unknown
      key -> {:default, key}
    end
  end

  defp alias_tag(letter, %{aliases: aliases, allow_nonexistent_atoms?: allow?}) do
    case aliases[atom_of(letter, allow?)] do
      nil -> :unknown
      key -> {:default, key}
    end
  end

  # "-abc" is "-a -b -c"; digits at the end and a "=value" go to the last letter.
  defp expand_letters(name, value) do
    {letters, digits} = name |> String.to_charlist() |> Enum.split_while(&(&1 not in ?0..?9))
    switches = letters |> List.to_string() |> String.graphemes() |> Enum.map(&("-" <> &1))
    {last, first} = List.pop_at(switches, -1)
    suffix = if(digits != [], do: "=#{digits}", else: "") <> if(value, do: "=#{value}", else: "")
    first ++ [last <> suffix]
  end

  defp name_and_value(switch) do
    case :binary.split(switch, "=") do
      [name] -> {name, nil}
      [name, value] -> {name, value}
    end
  end

  defp key_of(name, allow?), do: name |> String.replace("-", "_") |> atom_of(allow?)

  defp atom_of(name, true), do: String.to_atom(name)

  defp atom_of(name, false) do
    try do
      String.to_existing_atom(name)
    rescue
      ArgumentError -> nil
    end
  end

  defp digit_first?(<<c, _::binary>>) when c in ?0..?9, do: true
  defp digit_first?(_), do: false

  defp config(opts) do
    {switches, strict?} =
      cond do
        opts[:switches] && opts[:strict] ->
          raise ArgumentError, ":switches and :strict cannot be given together"

        switches = opts[:switches] ->
          check_types(switches)
          {switches, false}

        strict = opts[:strict] ->
          check_types(strict)
          {strict, true}

        true ->
          IO.warn("not passing the :switches or :strict option to OptionParser is deprecated")
          {[], false}
      end

    %{aliases: opts[:aliases] || [], allow_nonexistent_atoms?: opts[:allow_nonexistent_atoms] || false, strict?: strict?, switches: switches}
  end

  defp check_types(switches) do
    Enum.each(switches, fn {_name, types} ->
      case List.wrap(types) -- [:boolean, :count, :integer, :float, :string, :keep] do
        [] -> :ok
        unknown -> raise ArgumentError, "invalid switch types/modifiers: " <> Enum.map_join(unknown, ", ", &inspect/1)
      end
    end)
  end

  def to_argv(enum, options \\ []) do
    switches = Keyword.get(options, :switches, [])

    Enum.flat_map(enum, fn
      {_key, nil} -> []
      {key, true} -> [switch_text(key, "--")]
      {key, false} -> [switch_text(key, "--no-")]
      {key, value} -> if switches[key] == :count, do: List.duplicate(switch_text(key, "--"), value), else: [switch_text(key, "--"), to_string(value)]
    end)
  end

  defp switch_text(key, prefix) when is_atom(key), do: prefix <> String.replace(Atom.to_string(key), "_", "-")

  # Splits on spaces, honouring '...' and "..." quotes and backslash escapes.
  def split(string) when is_binary(string), do: split_words(String.trim_leading(string, " "), "", [], nil)

  defp split_words(<<?\\, q, rest::binary>>, word, words, q), do: split_words(rest, <<word::binary, q>>, words, q)
  defp split_words(<<q, rest::binary>>, word, words, nil) when q in [?", ?'], do: split_words(rest, word, words, q)
  defp split_words(<<q, rest::binary>>, word, words, q), do: split_words(rest, word, words, nil)
  defp split_words(<<?\\, c, rest::binary>>, word, words, nil) when c in [?\s, ?', ?"], do: split_words(rest, <<word::binary, c>>, words, nil)
  defp split_words(<<?\s, rest::binary>>, word, words, nil), do: split_words(String.trim_leading(rest, " "), "", [word | words], nil)
  defp split_words(<<c, rest::binary>>, word, words, q), do: split_words(rest, <<word::binary, c>>, words, q)
  defp split_words(<<>>, "", words, nil), do: Enum.reverse(words)
  defp split_words(<<>>, word, words, nil), do: Enum.reverse([word | words])

  defp split_words(<<>>, _word, _words, q) do
    raise "argv string did not terminate properly, a #{<<q>>} was opened but never closed"
  end

  defp errors_text(errors, opts) do
    types = opts[:switches] || opts[:strict]
    count = length(errors)
    "#{count} #{if count == 1, do: "error", else: "errors"} found!\n" <> Enum.map_join(errors, "\n", &error_text(&1, opts, types))
  end

  defp error_text({switch, nil}, opts, types) do
    if type = type_of(switch, opts, types) do
      "#{switch} : Missing argument of type #{type}"
    else
      case closest(switch, types) do
        {similar, score} when score > 0.8 -> "#{switch} : Unknown option. Did you mean --#{similar}?"
        _ -> "#{switch} : Unknown option"
      end
    end
  end

  defp error_text({switch, value}, opts, types) do
    "#{switch} : Expected type #{type_of(switch, opts, types)}, got #{inspect(value)}"
  end

  defp type_of(switch, opts, types) do
    key = switch |> String.trim_leading("-") |> key_of(opts[:allow_nonexistent_atoms] || false)

    case opts[:aliases][key] do
      nil -> types[key]
      target -> types[target]
    end
  end

  defp closest(switch, types) do
    key = switch |> String.trim_leading("-") |> String.replace("-", "_")

    Enum.reduce(types, {nil, 0}, fn {name, _}, {_, best} = acc ->
      name = Atom.to_string(name)
      score = String.jaro_distance(name, key)
      if score < best, do: acc, else: {String.replace(name, "_", "-"), score}
    end)
  end
end

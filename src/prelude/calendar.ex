# Calendar.strftime/2,3 in Elixir: its options may be functions (month_names, am_pm_names,
# ...), called as the format needs them. The rest of Calendar is native (calendar-iso.ts);
# __calendar__/2 takes over natives that met a calendar other than Calendar.ISO
# (compatible_calendars?/2 and the sigils ~D ~T ~N ~U), and __text__/2 gives such a struct's
# to_string and inspect text (runtime/inspect.ts).
defmodule Calendar do
  def put_time_zone_database(database) when is_atom(database),
    do: Application.put_env(:elixir, :time_zone_database, database)

  @doc false
  def __calendar__(:compatible_calendars?, [calendar, calendar]), do: true

  def __calendar__(:compatible_calendars?, [calendar1, calendar2]),
    do: calendar1.day_rollover_relative_to_midnight_utc() == calendar2.day_rollover_relative_to_midnight_utc()

  def __calendar__(:sigil_D, [string, []]) do
    {{:ok, {year, month, day}}, calendar} = sigil_parse(string, :parse_date, "Date")
    %Date{calendar: calendar, year: year, month: month, day: day}
  end

  def __calendar__(:sigil_T, [string, []]) do
    {{:ok, {hour, minute, second, microsecond}}, calendar} = sigil_parse(string, :parse_time, "Time")
    %Time{calendar: calendar, hour: hour, minute: minute, second: second, microsecond: microsecond}
  end

  def __calendar__(:sigil_N, [string, []]) do
    {{:ok, {year, month, day, hour, minute, second, microsecond}}, calendar} =
      sigil_parse(string, :parse_naive_datetime, "NaiveDateTime")

    %NaiveDateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute,
      second: second, microsecond: microsecond}
  end

  def __calendar__(:sigil_U, [string, []]) do
    {{:ok, {year, month, day, hour, minute, second, microsecond}, offset}, calendar} =
      sigil_parse(string, :parse_utc_datetime, "UTC DateTime")

    if offset != 0 do
      raise ArgumentError,
            "cannot parse #{inspect(string)} as UTC DateTime for #{inspect(calendar)}, reason: :non_utc_offset"
    end

    %DateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute,
      second: second, microsecond: microsecond, time_zone: "Etc/UTC", zone_abbr: "UTC", utc_offset: 0, std_offset: 0}
  end

  # the calendar named after the last space (a word starting with a capital letter)
  defp sigil_parse(string, fun, context) do
    parts = :binary.split(string, " ", [:global])
    <<_, _::binary>> = last = List.last(parts)
    string = binary_part(string, 0, byte_size(string) - byte_size(last) - 1)
    calendar = String.to_atom("Elixir." <> last)

    case apply(calendar, fun, [string]) do
      {:error, reason} ->
        raise ArgumentError,
              "cannot parse #{inspect(string)} as #{context} for #{inspect(calendar)}, reason: #{inspect(reason)}"

      result ->
        {result, calendar}
    end
  end

  @doc false
  def __text__(kind, %{calendar: calendar} = struct) do
    text =
      case struct do
        %Date{year: year, month: month, day: day} ->
          calendar.date_to_string(year, month, day)

        %Time{hour: hour, minute: minute, second: second, microsecond: microsecond} ->
          calendar.time_to_string(hour, minute, second, microsecond)

        %NaiveDateTime{} ->
          %{year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: microsecond} = struct
          calendar.naive_datetime_to_string(year, month, day, hour, minute, second, microsecond)

        %DateTime{} ->
          %{year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: microsecond,
            time_zone: time_zone, zone_abbr: zone_abbr, utc_offset: utc_offset, std_offset: std_offset} = struct

          calendar.datetime_to_string(year, month, day, hour, minute, second, microsecond, time_zone, zone_abbr,
            utc_offset, std_offset)
      end

    case {kind, struct} do
      {:to_string, _} -> text
      {:inspect, %Date{}} -> "~D[" <> text <> " " <> inspect(calendar) <> "]"
      {:inspect, %Time{}} -> "~T[" <> text <> " " <> inspect(calendar) <> "]"
      {:inspect, %NaiveDateTime{}} -> "~N[" <> text <> " " <> inspect(calendar) <> "]"
      {:inspect, %DateTime{utc_offset: 0, std_offset: 0, time_zone: "Etc/UTC"}} -> "~U[" <> text <> " " <> inspect(calendar) <> "]"
      {:inspect, %DateTime{}} -> "#DateTime<" <> text <> " " <> inspect(calendar) <> ">"
    end
  end
  def strftime(date_or_time_or_datetime, string_format, user_options \\ [])
      when is_map(date_or_time_or_datetime) and is_binary(string_format) do
    string_format
    |> strftime_parse(date_or_time_or_datetime, strftime_options(user_options), [])
    |> IO.iodata_to_binary()
  end

  # The parsed pieces, in order: characters and strings.
  defp strftime_parse("", _datetime, _options, acc), do: Enum.reverse(acc)

  defp strftime_parse("%" <> rest, datetime, options, acc) do
    {width, pad, rest} = strftime_modifiers(rest, nil, nil)
    strftime_format(rest, width, pad, datetime, options, acc)
  end

  defp strftime_parse(<<char, rest::binary>>, datetime, options, acc),
    do: strftime_parse(rest, datetime, options, [char | acc])

  # "-" (no padding), "0", "_" (spaces) and a width, then each format's defaults
  defp strftime_modifiers("-" <> rest, width, nil), do: strftime_modifiers(rest, width, "")
  defp strftime_modifiers("0" <> rest, nil, nil), do: strftime_modifiers(rest, nil, ?0)
  defp strftime_modifiers("_" <> rest, width, nil), do: strftime_modifiers(rest, width, ?\s)

  defp strftime_modifiers(<<digit, rest::binary>>, width, pad) when digit in ?0..?9,
    do: strftime_modifiers(rest, (width || 0) * 10 + (digit - ?0), pad)

  defp strftime_modifiers(<<format, _::binary>> = rest, width, nil) do
    pad = if format in 'aAbBpPZ', do: ?\s, else: ?0
    strftime_modifiers(rest, width, pad)
  end

  defp strftime_modifiers(<<format, _::binary>> = rest, nil, pad) do
    width =
      cond do
        format in 'dHImMSy' -> 2
        format == ?j -> 3
        format in 'Yz' -> 4
        true -> 0
      end

    strftime_modifiers(rest, width, pad)
  end

  defp strftime_modifiers(rest, width, pad), do: {width, pad, rest}

  defp strftime_format(<<format, rest::binary>>, width, pad, datetime, options, acc)
       when format in 'cxX' do
    {key, invoked} =
      case format do
        ?c -> {:preferred_datetime, :preferred_datetime_invoked}
        ?x -> {:preferred_date, :preferred_date_invoked}
        ?X -> {:preferred_time, :preferred_time_invoked}
      end

    if Map.fetch!(options, invoked) do
      :erlang.error(ArgumentError.exception("tried to format #{key} within another #{key} format"))
    end

    # the nested result is padded by its number of pieces, as Elixir does
    pieces = strftime_parse(Map.fetch!(options, key), datetime, %{options | invoked => true}, [])
    pieces = List.duplicate(pad, max(width - length(pieces), 0)) ++ pieces
    strftime_parse(rest, datetime, options, [pieces | acc])
  end

  defp strftime_format("f" <> rest, _width, _pad, datetime, options, acc) do
    {microsecond, precision} = datetime.microsecond

    result =
      microsecond
      |> Integer.to_string()
      |> String.pad_leading(6, "0")
      |> binary_part(0, max(precision, 1))

    strftime_parse(rest, datetime, options, [result | acc])
  end

  defp strftime_format("z" <> rest, width, pad, datetime, options, acc) do
    result =
      case datetime do
        %{utc_offset: utc_offset, std_offset: std_offset} ->
          offset = utc_offset + std_offset
          seconds = abs(offset)
          number = Integer.to_string(div(seconds, 3600) * 100 + rem(div(seconds, 60), 60))
          [if(offset >= 0, do: "+", else: "-"), strftime_pad(number, width, pad)]

        _ ->
          ""
      end

    strftime_parse(rest, datetime, options, [result | acc])
  end

  defp strftime_format(<<format, rest::binary>> = all, width, pad, datetime, options, acc) do
    text =
      case format do
        ?% -> "%"
        ?a -> options.abbreviated_day_of_week_names.(Date.day_of_week(datetime))
        ?A -> options.day_of_week_names.(Date.day_of_week(datetime))
        ?b -> options.abbreviated_month_names.(datetime.month)
        ?B -> options.month_names.(datetime.month)
        ?d -> Integer.to_string(datetime.day)
        ?H -> Integer.to_string(datetime.hour)
        ?I -> Integer.to_string(rem(datetime.hour + 23, 12) + 1)
        ?j -> Integer.to_string(Date.day_of_year(datetime))
        ?m -> Integer.to_string(datetime.month)
        ?M -> Integer.to_string(datetime.minute)
        ?p -> datetime.hour |> strftime_am_pm(options) |> String.upcase()
        ?P -> datetime.hour |> strftime_am_pm(options) |> String.downcase()
        ?q -> Integer.to_string(Date.quarter_of_year(datetime))
        ?S -> Integer.to_string(datetime.second)
        ?u -> Integer.to_string(Date.day_of_week(datetime))
        ?y -> Integer.to_string(rem(datetime.year, 100))
        ?Y -> Integer.to_string(datetime.year)
        ?Z -> Map.get(datetime, :zone_abbr, "")
        _ -> strftime_invalid(all)
      end

    strftime_parse(rest, datetime, options, [strftime_pad(text, width, pad) | acc])
  end

  defp strftime_format(rest, _width, _pad, _datetime, _options, _acc), do: strftime_invalid(rest)

  defp strftime_invalid(rest) do
    {next, _} = String.next_grapheme(rest) || {"", ""}
    :erlang.error(ArgumentError.exception("invalid strftime format: %#{next}"))
  end

  defp strftime_am_pm(hour, options) when hour > 11, do: options.am_pm_names.(:pm)
  defp strftime_am_pm(_hour, options), do: options.am_pm_names.(:am)

  # pads by bytes, with the pad character (or "" for none) in front
  defp strftime_pad(string, count, padding) do
    missing = count - byte_size(string)
    if missing > 0, do: List.duplicate(padding, missing) ++ [string], else: string
  end

  @months {"January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"}
  @days {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

  defp strftime_options(user_options) do
    defaults = %{
      preferred_date: "%Y-%m-%d",
      preferred_time: "%H:%M:%S",
      preferred_datetime: "%Y-%m-%d %H:%M:%S",
      am_pm_names: fn
        :am -> "am"
        :pm -> "pm"
      end,
      month_names: fn month -> elem(@months, month - 1) end,
      day_of_week_names: fn day -> elem(@days, day - 1) end,
      abbreviated_month_names: fn month -> binary_part(elem(@months, month - 1), 0, 3) end,
      abbreviated_day_of_week_names: fn day -> binary_part(elem(@days, day - 1), 0, 3) end,
      preferred_datetime_invoked: false,
      preferred_date_invoked: false,
      preferred_time_invoked: false
    }

    Enum.reduce(user_options, defaults, fn {key, value}, acc ->
      if Map.has_key?(acc, key) do
        %{acc | key => value}
      else
        :erlang.error(ArgumentError.exception("unknown option #{inspect(key)} given to Calendar.strftime/3"))
      end
    end)
  end
end

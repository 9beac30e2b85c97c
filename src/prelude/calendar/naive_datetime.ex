# NaiveDateTime in calendars other than Calendar.ISO: the natives (stdlib/date-time.ts) hand
# a call that meets another calendar to __calendar__/2 (calendar-iso.ts: routeCalendars),
# which goes through the calendar's callbacks as Elixir 1.14's NaiveDateTime does.
defmodule NaiveDateTime do
  @doc false
  def __calendar__(:utc_now, [calendar]), do: calendar |> DateTime.utc_now() |> DateTime.to_naive()

  def __calendar__(:local_now, [calendar]) do
    case NaiveDateTime.convert(NaiveDateTime.local_now(), calendar) do
      {:ok, value} ->
        value

      {:error, :incompatible_calendars} ->
        raise ArgumentError,
              ~s(cannot get "local now" in target calendar #{inspect(calendar)}, ) <>
                "reason: cannot convert from Calendar.ISO to #{inspect(calendar)}."
    end
  end

  def __calendar__(:new, [year, month, day, hour, minute, second]),
    do: __calendar__(:new, [year, month, day, hour, minute, second, {0, 0}, Calendar.ISO])

  def __calendar__(:new, [year, month, day, hour, minute, second, microsecond]),
    do: __calendar__(:new, [year, month, day, hour, minute, second, microsecond, Calendar.ISO])

  def __calendar__(:new, [year, month, day, hour, minute, second, microsecond, calendar]) when is_integer(microsecond),
    do: __calendar__(:new, [year, month, day, hour, minute, second, {microsecond, 6}, calendar])

  def __calendar__(:new, [year, month, day, hour, minute, second, microsecond, calendar]) do
    cond do
      not calendar.valid_date?(year, month, day) ->
        {:error, :invalid_date}

      not calendar.valid_time?(hour, minute, second, microsecond) ->
        {:error, :invalid_time}

      true ->
        {:ok, %NaiveDateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute,
          second: second, microsecond: microsecond}}
    end
  end

  def __calendar__(:new!, args) do
    case __calendar__(:new, args) do
      {:ok, naive} -> naive
      {:error, reason} -> raise ArgumentError, "cannot build naive datetime, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:add, [naive, amount]), do: __calendar__(:add, [naive, amount, :second])
  def __calendar__(:add, [naive, amount, :day]) when is_integer(amount), do: __calendar__(:add, [naive, amount * 86400, :second])
  def __calendar__(:add, [naive, amount, :hour]) when is_integer(amount), do: __calendar__(:add, [naive, amount * 3600, :second])
  def __calendar__(:add, [naive, amount, :minute]) when is_integer(amount), do: __calendar__(:add, [naive, amount * 60, :second])

  def __calendar__(:add, [%{microsecond: {_, precision}, calendar: calendar} = naive, amount, unit]) when is_integer(amount) do
    naive
    |> __iso_days__()
    |> Calendar.ISO.add_day_fraction_to_iso_days(amount, System.convert_time_unit(86400, :second, unit))
    |> __from_iso_days__(calendar, precision)
  end

  def __calendar__(:diff, [naive1, naive2]), do: __calendar__(:diff, [naive1, naive2, :second])
  def __calendar__(:diff, [naive1, naive2, :day]), do: div(__calendar__(:diff, [naive1, naive2, :second]), 86400)
  def __calendar__(:diff, [naive1, naive2, :hour]), do: div(__calendar__(:diff, [naive1, naive2, :second]), 3600)
  def __calendar__(:diff, [naive1, naive2, :minute]), do: div(__calendar__(:diff, [naive1, naive2, :second]), 60)

  def __calendar__(:diff, [%{calendar: calendar1} = naive1, %{calendar: calendar2} = naive2, unit]) do
    if not Calendar.compatible_calendars?(calendar1, calendar2) do
      raise ArgumentError,
            "cannot calculate the difference between #{inspect(naive1)} and " <>
              "#{inspect(naive2)} because their calendars are not compatible " <>
              "and thus the result would be ambiguous"
    end

    Calendar.ISO.iso_days_to_unit(__iso_days__(naive1), unit) - Calendar.ISO.iso_days_to_unit(__iso_days__(naive2), unit)
  end

  def __calendar__(:to_string, [%{calendar: calendar} = naive]) do
    %{year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: microsecond} = naive
    calendar.naive_datetime_to_string(year, month, day, hour, minute, second, microsecond)
  end

  def __calendar__(:from_iso8601, [string, calendar]) do
    with {:ok, {year, month, day, hour, minute, second, microsecond}} <- Calendar.ISO.parse_naive_datetime(string) do
      NaiveDateTime.convert(
        %NaiveDateTime{year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: microsecond},
        calendar
      )
    end
  end

  def __calendar__(:from_iso8601!, [string, calendar]) do
    case __calendar__(:from_iso8601, [string, calendar]) do
      {:ok, naive} -> naive
      {:error, reason} -> raise ArgumentError, "cannot parse #{inspect(string)} as naive datetime, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:to_iso8601, [naive]), do: __calendar__(:to_iso8601, [naive, :extended])
  def __calendar__(:to_iso8601, [naive, format]), do: naive |> NaiveDateTime.convert!(Calendar.ISO) |> NaiveDateTime.to_iso8601(format)

  def __calendar__(:from_erl, [{{year, month, day}, {hour, minute, second}}, microsecond, calendar]) do
    with {:ok, naive} <- NaiveDateTime.new(year, month, day, hour, minute, second, microsecond),
         do: NaiveDateTime.convert(naive, calendar)
  end

  def __calendar__(:from_erl!, [tuple, microsecond, calendar]) do
    case __calendar__(:from_erl, [tuple, microsecond, calendar]) do
      {:ok, naive} -> naive
      {:error, reason} -> raise ArgumentError, "cannot convert #{inspect(tuple)} to naive datetime, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:from_gregorian_seconds, [seconds, {microsecond, precision}, calendar]) do
    {year, month, day, hour, minute, second, {microsecond, _}} =
      calendar.naive_datetime_from_iso_days(Calendar.ISO.gregorian_seconds_to_iso_days(seconds, microsecond))

    %NaiveDateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
      microsecond: {microsecond, precision}}
  end

  def __calendar__(:to_gregorian_seconds, [%{microsecond: {microsecond, _}} = naive]) do
    {days, {parts, ppd}} = __iso_days__(naive)
    {days * 86400 + div(parts * 86400, ppd), microsecond}
  end

  def __calendar__(:compare, [%{calendar: calendar1} = naive1, %{calendar: calendar2} = naive2]) do
    if Calendar.compatible_calendars?(calendar1, calendar2) do
      case {__iso_days__(naive1), __iso_days__(naive2)} do
        {first, second} when first > second -> :gt
        {first, second} when first < second -> :lt
        _ -> :eq
      end
    else
      raise ArgumentError, """
      cannot compare #{inspect(naive1)} with #{inspect(naive2)}.

      This comparison would be ambiguous as their calendars have incompatible day rollover moments.
      Specify an exact time of day (using `DateTime`s) to resolve this ambiguity
      """
    end
  end

  def __calendar__(:convert, [%{calendar: calendar} = naive, calendar]) do
    %{year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: microsecond} = naive

    {:ok, %NaiveDateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute,
      second: second, microsecond: microsecond}}
  end

  def __calendar__(:convert, [%{calendar: naive_calendar, microsecond: {_, precision}} = naive, calendar]) do
    if Calendar.compatible_calendars?(naive_calendar, calendar) do
      {:ok, naive |> __iso_days__() |> __from_iso_days__(calendar, precision)}
    else
      {:error, :incompatible_calendars}
    end
  end

  @doc false
  def __iso_days__(%{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
        microsecond: microsecond}),
      do: calendar.naive_datetime_to_iso_days(year, month, day, hour, minute, second, microsecond)

  @doc false
  def __from_iso_days__(iso_days, calendar, precision) do
    {year, month, day, hour, minute, second, {microsecond, _}} = calendar.naive_datetime_from_iso_days(iso_days)

    %NaiveDateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
      microsecond: {microsecond, precision}}
  end

  # Elixir's convert!/2 over convert/2, so convert/2's errors show under it
  def convert!(naive_datetime, calendar) do
    case NaiveDateTime.convert(naive_datetime, calendar) do
      {:ok, value} ->
        value

      {:error, :incompatible_calendars} ->
        raise ArgumentError,
              "cannot convert #{inspect(naive_datetime)} to target calendar #{inspect(calendar)}, " <>
                "reason: #{inspect(naive_datetime.calendar)} and #{inspect(calendar)} " <>
                "have different day rollover moments, making this conversion ambiguous"
    end
  end

  def to_erl(%{calendar: _} = naive_datetime) do
    %{year: year, month: month, day: day, hour: hour, minute: minute, second: second} =
      NaiveDateTime.convert!(naive_datetime, Calendar.ISO)

    {{year, month, day}, {hour, minute, second}}
  end
end

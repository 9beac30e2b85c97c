# DateTime in calendars other than Calendar.ISO, and with time zone databases other than
# Calendar.UTCOnlyTimeZoneDatabase: the natives (stdlib/date-time.ts) hand such a call to
# __calendar__/2 (calendar-iso.ts: routeCalendars), which goes through the calendar's and
# the database's callbacks as Elixir 1.14's DateTime does.
defmodule DateTime do
  @doc false
  def __calendar__(:utc_now, [calendar]), do: DateTime.from_unix!(System.os_time(), :native, calendar)

  def __calendar__(:new, [date, time]), do: __calendar__(:new, [date, time, "Etc/UTC", Calendar.get_time_zone_database()])
  def __calendar__(:new, [date, time, time_zone]), do: __calendar__(:new, [date, time, time_zone, Calendar.get_time_zone_database()])

  def __calendar__(:new, [%Date{calendar: calendar} = date, %Time{calendar: calendar} = time, "Etc/UTC", _db]) do
    %{year: year, month: month, day: day} = date
    %{hour: hour, minute: minute, second: second, microsecond: microsecond} = time

    {:ok, %DateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
      microsecond: microsecond, std_offset: 0, utc_offset: 0, zone_abbr: "UTC", time_zone: "Etc/UTC"}}
  end

  def __calendar__(:new, [date, time, time_zone, database]) do
    with {:ok, naive} <- NaiveDateTime.new(date, time), do: __calendar__(:from_naive, [naive, time_zone, database])
  end

  def __calendar__(:new!, [date, time]), do: __calendar__(:new!, [date, time, "Etc/UTC", Calendar.get_time_zone_database()])
  def __calendar__(:new!, [date, time, time_zone]), do: __calendar__(:new!, [date, time, time_zone, Calendar.get_time_zone_database()])

  def __calendar__(:new!, [date, time, time_zone, database]) do
    case __calendar__(:new, [date, time, time_zone, database]) do
      {:ok, datetime} ->
        datetime

      {:ambiguous, dt1, dt2} ->
        raise ArgumentError,
              "cannot build datetime with #{inspect(date)} and #{inspect(time)} because such " <>
                "instant is ambiguous in time zone #{time_zone} as there is an overlap " <>
                "between #{inspect(dt1)} and #{inspect(dt2)}"

      {:gap, dt1, dt2} ->
        raise ArgumentError,
              "cannot build datetime with #{inspect(date)} and #{inspect(time)} because such " <>
                "instant does not exist in time zone #{time_zone} as there is a gap " <>
                "between #{inspect(dt1)} and #{inspect(dt2)}"

      {:error, reason} ->
        raise ArgumentError,
              "cannot build datetime with #{inspect(date)} and #{inspect(time)}, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:from_unix, [integer, unit, calendar]) do
    with {:ok, datetime} <- DateTime.from_unix(integer, unit), do: DateTime.convert(datetime, calendar)
  end

  def __calendar__(:from_unix!, [integer | _] = args) do
    case __calendar__(:from_unix, unix_args(args)) do
      {:ok, datetime} -> datetime
      {:error, :invalid_unix_time} -> raise ArgumentError, "invalid Unix time #{integer}"
    end
  end

  def __calendar__(:from_naive, [naive, time_zone]), do: __calendar__(:from_naive, [naive, time_zone, Calendar.get_time_zone_database()])

  def __calendar__(:from_naive, [naive, "Etc/UTC", _]),
    do: {:ok, with_period(naive, "Etc/UTC", %{std_offset: 0, utc_offset: 0, zone_abbr: "UTC"})}

  def __calendar__(:from_naive, [%{calendar: Calendar.ISO} = naive, time_zone, database]) do
    case database.time_zone_periods_from_wall_datetime(naive, time_zone) do
      {:ok, period} ->
        {:ok, with_period(naive, time_zone, period)}

      {:ambiguous, first_period, second_period} ->
        {:ambiguous, with_period(naive, time_zone, first_period), with_period(naive, time_zone, second_period)}

      {:gap, {first_period, first_until_wall}, {second_period, second_from_wall}} ->
        # the last microsecond before the gap, and the first wall time after it
        before = first_until_wall |> Map.replace!(:microsecond, {999_999, 6}) |> NaiveDateTime.add(-1)
        {:gap, with_period(before, time_zone, first_period), with_period(second_from_wall, time_zone, second_period)}

      {:error, _} = error ->
        error
    end
  end

  def __calendar__(:from_naive, [%{calendar: calendar} = naive, time_zone, database]) do
    iso_result =
      with {:ok, in_iso} <- NaiveDateTime.convert(naive, Calendar.ISO) do
        __calendar__(:from_naive, [in_iso, time_zone, database])
      end

    case iso_result do
      {:ok, datetime} ->
        DateTime.convert(datetime, calendar)

      {kind, dt1, dt2} when kind in [:ambiguous, :gap] ->
        with {:ok, dt1} <- DateTime.convert(dt1, calendar),
             {:ok, dt2} <- DateTime.convert(dt2, calendar),
             do: {kind, dt1, dt2}

      {:error, _} = error ->
        error
    end
  end

  def __calendar__(:from_naive!, [naive, time_zone]), do: __calendar__(:from_naive!, [naive, time_zone, Calendar.get_time_zone_database()])

  def __calendar__(:from_naive!, [naive, time_zone, database]) do
    case __calendar__(:from_naive, [naive, time_zone, database]) do
      {:ok, datetime} ->
        datetime

      {:ambiguous, dt1, dt2} ->
        raise ArgumentError,
              "cannot convert #{inspect(naive)} to datetime because such " <>
                "instant is ambiguous in time zone #{time_zone} as there is an overlap " <>
                "between #{inspect(dt1)} and #{inspect(dt2)}"

      {:gap, dt1, dt2} ->
        raise ArgumentError,
              "cannot convert #{inspect(naive)} to datetime because such " <>
                "instant does not exist in time zone #{time_zone} as there is a gap " <>
                "between #{inspect(dt1)} and #{inspect(dt2)}"

      {:error, reason} ->
        raise ArgumentError, "cannot convert #{inspect(naive)} to datetime, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:shift_zone, [datetime, time_zone]), do: __calendar__(:shift_zone, [datetime, time_zone, Calendar.get_time_zone_database()])
  def __calendar__(:shift_zone, [%{time_zone: time_zone} = datetime, time_zone, _]), do: {:ok, datetime}

  def __calendar__(:shift_zone, [datetime, time_zone, database]) do
    %{std_offset: std_offset, utc_offset: utc_offset, calendar: calendar, microsecond: {_, precision}} = datetime

    datetime
    |> NaiveDateTime.__iso_days__()
    |> apply_tz_offset(utc_offset + std_offset)
    |> shift_zone_for_iso_days_utc(calendar, precision, time_zone, database)
  end

  def __calendar__(:shift_zone!, [datetime, time_zone]), do: __calendar__(:shift_zone!, [datetime, time_zone, Calendar.get_time_zone_database()])

  def __calendar__(:shift_zone!, [datetime, time_zone, database]) do
    case __calendar__(:shift_zone, [datetime, time_zone, database]) do
      {:ok, datetime} ->
        datetime

      {:error, reason} ->
        raise ArgumentError, "cannot shift #{inspect(datetime)} to #{inspect(time_zone)} time zone, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:now, [time_zone]), do: __calendar__(:now, [time_zone, Calendar.get_time_zone_database()])
  def __calendar__(:now, ["Etc/UTC", _]), do: {:ok, DateTime.utc_now()}
  def __calendar__(:now, [time_zone, database]), do: __calendar__(:shift_zone, [DateTime.utc_now(), time_zone, database])
  def __calendar__(:now!, [time_zone]), do: __calendar__(:now!, [time_zone, Calendar.get_time_zone_database()])

  def __calendar__(:now!, [time_zone, database]) do
    case __calendar__(:now, [time_zone, database]) do
      {:ok, datetime} -> datetime
      {:error, reason} -> raise ArgumentError, "cannot get current datetime in #{inspect(time_zone)} time zone, reason: " <> inspect(reason)
    end
  end

  def __calendar__(:to_unix, [datetime]), do: __calendar__(:to_unix, [datetime, :second])

  def __calendar__(:to_unix, [%{utc_offset: utc_offset, std_offset: std_offset} = datetime, unit]) do
    {days, fraction} = NaiveDateTime.__iso_days__(datetime)
    Calendar.ISO.iso_days_to_unit({days - 719_528, fraction}, unit) - System.convert_time_unit(utc_offset + std_offset, :second, unit)
  end

  def __calendar__(:to_iso8601, [datetime]), do: __calendar__(:to_iso8601, [datetime, :extended, nil])
  def __calendar__(:to_iso8601, [datetime, format]), do: __calendar__(:to_iso8601, [datetime, format, nil])

  def __calendar__(:to_iso8601, [datetime, format, offset]) when format in [:extended, :basic],
    do: datetime |> DateTime.convert!(Calendar.ISO) |> DateTime.to_iso8601(format, offset)

  def __calendar__(:from_iso8601, [string, calendar]), do: __calendar__(:from_iso8601, [string, calendar, :extended])

  def __calendar__(:from_iso8601, [string, calendar, format]) do
    with {:ok, datetime, offset} <- DateTime.from_iso8601(string, Calendar.ISO, format),
         {:ok, converted} <- DateTime.convert(datetime, calendar),
         do: {:ok, converted, offset}
  end

  def __calendar__(:from_gregorian_seconds, [seconds, {microsecond, precision}, calendar]) do
    {year, month, day, hour, minute, second, {microsecond, _}} =
      calendar.naive_datetime_from_iso_days(Calendar.ISO.gregorian_seconds_to_iso_days(seconds, microsecond))

    %DateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
      microsecond: {microsecond, precision}, std_offset: 0, utc_offset: 0, zone_abbr: "UTC", time_zone: "Etc/UTC"}
  end

  def __calendar__(:to_gregorian_seconds, [%{std_offset: std_offset, utc_offset: utc_offset, microsecond: {microsecond, _}} = datetime]) do
    {days, {parts, ppd}} = datetime |> NaiveDateTime.__iso_days__() |> apply_tz_offset(utc_offset + std_offset)
    {days * 86400 + div(parts * 86400, ppd), microsecond}
  end

  def __calendar__(:to_string, [%{calendar: calendar} = datetime]) do
    %{year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: microsecond,
      time_zone: time_zone, zone_abbr: zone_abbr, utc_offset: utc_offset, std_offset: std_offset} = datetime

    calendar.datetime_to_string(year, month, day, hour, minute, second, microsecond, time_zone, zone_abbr, utc_offset, std_offset)
  end

  def __calendar__(:compare, [%{utc_offset: utc_offset1, std_offset: std_offset1} = datetime1,
        %{utc_offset: utc_offset2, std_offset: std_offset2} = datetime2]) do
    {days1, {parts1, ppd1}} = datetime1 |> NaiveDateTime.__iso_days__() |> apply_tz_offset(utc_offset1 + std_offset1)
    {days2, {parts2, ppd2}} = datetime2 |> NaiveDateTime.__iso_days__() |> apply_tz_offset(utc_offset2 + std_offset2)
    first = {days1, parts1 * ppd2}
    second = {days2, parts2 * ppd1}

    cond do
      first > second -> :gt
      first < second -> :lt
      true -> :eq
    end
  end

  def __calendar__(:diff, [datetime1, datetime2]), do: __calendar__(:diff, [datetime1, datetime2, :second])
  def __calendar__(:diff, [datetime1, datetime2, :day]), do: div(__calendar__(:diff, [datetime1, datetime2, :second]), 86400)
  def __calendar__(:diff, [datetime1, datetime2, :hour]), do: div(__calendar__(:diff, [datetime1, datetime2, :second]), 3600)
  def __calendar__(:diff, [datetime1, datetime2, :minute]), do: div(__calendar__(:diff, [datetime1, datetime2, :second]), 60)

  def __calendar__(:diff, [%{utc_offset: utc_offset1, std_offset: std_offset1} = datetime1,
        %{utc_offset: utc_offset2, std_offset: std_offset2} = datetime2, unit]) do
    naive_diff =
      Calendar.ISO.iso_days_to_unit(NaiveDateTime.__iso_days__(datetime1), unit) -
        Calendar.ISO.iso_days_to_unit(NaiveDateTime.__iso_days__(datetime2), unit)

    naive_diff + System.convert_time_unit(utc_offset2 + std_offset2 - (utc_offset1 + std_offset1), :second, unit)
  end

  def __calendar__(:add, [datetime, amount]), do: __calendar__(:add, [datetime, amount, :second, Calendar.get_time_zone_database()])
  def __calendar__(:add, [datetime, amount, unit]), do: __calendar__(:add, [datetime, amount, unit, Calendar.get_time_zone_database()])
  def __calendar__(:add, [datetime, amount, :day, database]) when is_integer(amount), do: __calendar__(:add, [datetime, amount * 86400, :second, database])
  def __calendar__(:add, [datetime, amount, :hour, database]) when is_integer(amount), do: __calendar__(:add, [datetime, amount * 3600, :second, database])
  def __calendar__(:add, [datetime, amount, :minute, database]) when is_integer(amount), do: __calendar__(:add, [datetime, amount * 60, :second, database])

  def __calendar__(:add, [datetime, amount, unit, database]) when is_integer(amount) do
    %{utc_offset: utc_offset, std_offset: std_offset, calendar: calendar, microsecond: {_, precision}} = datetime
    ppd = System.convert_time_unit(86400, :second, unit)
    total_offset = System.convert_time_unit(utc_offset + std_offset, :second, unit)

    result =
      datetime
      |> NaiveDateTime.__iso_days__()
      |> Calendar.ISO.add_day_fraction_to_iso_days(amount - total_offset, ppd)
      |> shift_zone_for_iso_days_utc(calendar, precision, datetime.time_zone, database)

    case result do
      {:ok, result} ->
        result

      {:error, error} ->
        raise ArgumentError,
              "cannot add #{amount} #{unit} to #{inspect(datetime)} (with time zone " <>
                "database #{inspect(database)}), reason: #{inspect(error)}"
    end
  end

  def __calendar__(:convert, [%DateTime{calendar: calendar} = datetime, calendar]), do: {:ok, datetime}

  def __calendar__(:convert, [%{calendar: calendar} = datetime, calendar]) do
    %{year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: microsecond,
      time_zone: time_zone, zone_abbr: zone_abbr, utc_offset: utc_offset, std_offset: std_offset} = datetime

    {:ok, %DateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
      microsecond: microsecond, time_zone: time_zone, zone_abbr: zone_abbr, utc_offset: utc_offset, std_offset: std_offset}}
  end

  def __calendar__(:convert, [%{calendar: dt_calendar, microsecond: {_, precision}} = datetime, calendar]) do
    if Calendar.compatible_calendars?(dt_calendar, calendar) do
      {year, month, day, hour, minute, second, {microsecond, _}} =
        datetime |> NaiveDateTime.__iso_days__() |> calendar.naive_datetime_from_iso_days()

      %{time_zone: time_zone, zone_abbr: zone_abbr, utc_offset: utc_offset, std_offset: std_offset} = datetime

      {:ok, %DateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
        microsecond: {microsecond, precision}, time_zone: time_zone, zone_abbr: zone_abbr, utc_offset: utc_offset,
        std_offset: std_offset}}
    else
      {:error, :incompatible_calendars}
    end
  end

  defp unix_args([integer]), do: [integer, :second, Calendar.ISO]
  defp unix_args([integer, unit]), do: [integer, unit, Calendar.ISO]
  defp unix_args(args), do: args

  defp with_period(naive, time_zone, %{std_offset: std_offset, utc_offset: utc_offset, zone_abbr: zone_abbr}) do
    %{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
      microsecond: microsecond} = naive

    %DateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute, second: second,
      microsecond: microsecond, std_offset: std_offset, utc_offset: utc_offset, zone_abbr: zone_abbr, time_zone: time_zone}
  end

  defp shift_zone_for_iso_days_utc(iso_days_utc, calendar, precision, time_zone, database) do
    case database.time_zone_period_from_utc_iso_days(iso_days_utc, time_zone) do
      {:ok, %{std_offset: std_offset, utc_offset: utc_offset, zone_abbr: zone_abbr}} ->
        {year, month, day, hour, minute, second, {microsecond, _}} =
          iso_days_utc |> apply_tz_offset(-(utc_offset + std_offset)) |> calendar.naive_datetime_from_iso_days()

        {:ok, %DateTime{calendar: calendar, year: year, month: month, day: day, hour: hour, minute: minute,
          second: second, microsecond: {microsecond, precision}, std_offset: std_offset, utc_offset: utc_offset,
          zone_abbr: zone_abbr, time_zone: time_zone}}

      {:error, _} = error ->
        error
    end
  end

  defp apply_tz_offset(iso_days, 0), do: iso_days
  defp apply_tz_offset(iso_days, offset), do: Calendar.ISO.add_day_fraction_to_iso_days(iso_days, -offset, 86400)

  # Elixir's convert!/2 over convert/2, so convert/2's errors show under it
  def convert!(datetime, calendar) do
    case DateTime.convert(datetime, calendar) do
      {:ok, value} ->
        value

      {:error, :incompatible_calendars} ->
        raise ArgumentError,
              "cannot convert #{inspect(datetime)} to target calendar #{inspect(calendar)}, " <>
                "reason: #{inspect(datetime.calendar)} and #{inspect(calendar)} have different " <>
                "day rollover moments, making this conversion ambiguous"
    end
  end
end

# Date and Date.Range in calendars other than Calendar.ISO. Date's functions are natives
# (stdlib/date.ts) that do Calendar.ISO themselves; one meeting another calendar hands its
# call to __calendar__/2 (calendar-iso.ts: routeCalendars), which goes through the calendar
# module's callbacks as Elixir 1.14's Date does.
defmodule Date do
  @doc false
  def __calendar__(:range, [%{calendar: calendar} = first, %{calendar: calendar} = last]) do
    {first_days, _} = __iso_days__(first)
    {last_days, _} = __iso_days__(last)
    __range__(first, first_days, last, last_days, calendar, if(first_days <= last_days, do: 1, else: -1))
  end

  def __calendar__(:range, [%{calendar: calendar} = first, %{calendar: calendar} = last, step]) do
    {first_days, _} = __iso_days__(first)
    {last_days, _} = __iso_days__(last)
    __range__(first, first_days, last, last_days, calendar, step)
  end

  def __calendar__(:utc_today, [calendar]), do: calendar |> DateTime.utc_now() |> DateTime.to_date()
  def __calendar__(:leap_year?, [%{calendar: calendar, year: year}]), do: calendar.leap_year?(year)

  def __calendar__(:days_in_month, [%{calendar: calendar, year: year, month: month}]),
    do: calendar.days_in_month(year, month)

  def __calendar__(:months_in_year, [%{calendar: calendar, year: year}]), do: calendar.months_in_year(year)

  def __calendar__(:new, [year, month, day, calendar]) do
    if calendar.valid_date?(year, month, day) do
      {:ok, %Date{year: year, month: month, day: day, calendar: calendar}}
    else
      {:error, :invalid_date}
    end
  end

  def __calendar__(:new!, [year, month, day, calendar]) do
    case __calendar__(:new, [year, month, day, calendar]) do
      {:ok, date} -> date
      {:error, reason} -> raise ArgumentError, "cannot build date, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:to_string, [%{calendar: calendar, year: year, month: month, day: day}]),
    do: calendar.date_to_string(year, month, day)

  def __calendar__(:from_iso8601, [string, calendar]) do
    with {:ok, {year, month, day}} <- Calendar.ISO.parse_date(string) do
      Date.convert(%Date{year: year, month: month, day: day}, calendar)
    end
  end

  def __calendar__(:from_iso8601!, [string, calendar]) do
    case __calendar__(:from_iso8601, [string, calendar]) do
      {:ok, date} -> date
      {:error, reason} -> raise ArgumentError, "cannot parse #{inspect(string)} as date, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:to_iso8601, [date]), do: date |> Date.convert!(Calendar.ISO) |> Date.to_iso8601()
  # (the format is not passed on, as in Elixir 1.14)
  def __calendar__(:to_iso8601, [date, _format]), do: date |> Date.convert!(Calendar.ISO) |> Date.to_iso8601()

  def __calendar__(:from_erl, [{year, month, day}, calendar]) do
    with {:ok, date} <- Date.new(year, month, day), do: Date.convert(date, calendar)
  end

  def __calendar__(:from_erl!, [tuple, calendar]) do
    case __calendar__(:from_erl, [tuple, calendar]) do
      {:ok, date} -> date
      {:error, reason} -> raise ArgumentError, "cannot convert #{inspect(tuple)} to date, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:from_gregorian_days, [days, calendar]), do: __from_iso_days__({days, 0}, calendar)

  def __calendar__(:to_gregorian_days, [date]) do
    {days, _} = __iso_days__(date)
    days
  end

  def __calendar__(:to_iso_days, [date]), do: __iso_days__(date)

  def __calendar__(:compare, [%{calendar: calendar} = date1, %{calendar: calendar} = date2]) do
    case {{date1.year, date1.month, date1.day}, {date2.year, date2.month, date2.day}} do
      {first, second} when first > second -> :gt
      {first, second} when first < second -> :lt
      _ -> :eq
    end
  end

  def __calendar__(:compare, [date1, date2]) do
    if Calendar.compatible_calendars?(date1.calendar, date2.calendar) do
      case {__iso_days__(date1), __iso_days__(date2)} do
        {first, second} when first > second -> :gt
        {first, second} when first < second -> :lt
        _ -> :eq
      end
    else
      raise ArgumentError, """
      cannot compare #{inspect(date1)} with #{inspect(date2)}.

      This comparison would be ambiguous as their calendars have incompatible day rollover moments.
      Specify an exact time of day (using DateTime) to resolve this ambiguity
      """
    end
  end

  def __calendar__(:convert, [%{calendar: calendar, year: year, month: month, day: day}, calendar]),
    do: {:ok, %Date{calendar: calendar, year: year, month: month, day: day}}

  def __calendar__(:convert, [%{calendar: calendar} = date, target]) do
    if Calendar.compatible_calendars?(calendar, target) do
      {:ok, date |> __iso_days__() |> __from_iso_days__(target)}
    else
      {:error, :incompatible_calendars}
    end
  end

  def __calendar__(:add, [%{calendar: calendar} = date, days]) do
    {base, fraction} = __iso_days__(date)
    __from_iso_days__({base + days, fraction}, calendar)
  end

  def __calendar__(:diff, [%{calendar: calendar1} = date1, %{calendar: calendar2} = date2]) do
    if Calendar.compatible_calendars?(calendar1, calendar2) do
      {days1, _} = __iso_days__(date1)
      {days2, _} = __iso_days__(date2)
      days1 - days2
    else
      raise ArgumentError,
            "cannot calculate the difference between #{inspect(date1)} and #{inspect(date2)} because their calendars are not compatible and thus the result would be ambiguous"
    end
  end

  def __calendar__(:day_of_week, [date]), do: __calendar__(:day_of_week, [date, :default])

  def __calendar__(:day_of_week, [%{calendar: calendar, year: year, month: month, day: day}, starting_on]) do
    {day_of_week, _first, _last} = calendar.day_of_week(year, month, day, starting_on)
    day_of_week
  end

  def __calendar__(:beginning_of_week, [date]), do: __calendar__(:beginning_of_week, [date, :default])

  def __calendar__(:beginning_of_week, [%{calendar: calendar, year: year, month: month, day: day} = date, starting_on]) do
    case calendar.day_of_week(year, month, day, starting_on) do
      {day_of_week, day_of_week, _} -> %Date{calendar: calendar, year: year, month: month, day: day}
      {day_of_week, first, _} -> Date.add(date, -(day_of_week - first))
    end
  end

  def __calendar__(:end_of_week, [date]), do: __calendar__(:end_of_week, [date, :default])

  def __calendar__(:end_of_week, [%{calendar: calendar, year: year, month: month, day: day} = date, starting_on]) do
    case calendar.day_of_week(year, month, day, starting_on) do
      {day_of_week, _, day_of_week} -> %Date{calendar: calendar, year: year, month: month, day: day}
      {day_of_week, _, last} -> Date.add(date, last - day_of_week)
    end
  end

  def __calendar__(:day_of_year, [%{calendar: calendar, year: year, month: month, day: day}]),
    do: calendar.day_of_year(year, month, day)

  def __calendar__(:quarter_of_year, [%{calendar: calendar, year: year, month: month, day: day}]),
    do: calendar.quarter_of_year(year, month, day)

  def __calendar__(:year_of_era, [%{calendar: calendar, year: year, month: month, day: day}]) do
    if function_exported?(calendar, :year_of_era, 3) do
      calendar.year_of_era(year, month, day)
    else
      calendar.year_of_era(year)
    end
  end

  def __calendar__(:day_of_era, [%{calendar: calendar, year: year, month: month, day: day}]),
    do: calendar.day_of_era(year, month, day)

  def __calendar__(:end_of_month, [%{calendar: calendar, year: year, month: month}]),
    do: %Date{calendar: calendar, year: year, month: month, day: calendar.days_in_month(year, month)}

  @doc false
  def __iso_days__(%{calendar: calendar, year: year, month: month, day: day}),
    do: calendar.naive_datetime_to_iso_days(year, month, day, 0, 0, 0, {0, 0})

  @doc false
  def __from_iso_days__(iso_days, calendar) do
    {year, month, day, _, _, _, _} = calendar.naive_datetime_from_iso_days(iso_days)
    %Date{year: year, month: month, day: day, calendar: calendar}
  end

  defp __range__(first, first_days, last, last_days, calendar, step) do
    %Date.Range{
      first: %Date{calendar: calendar, year: first.year, month: first.month, day: first.day},
      last: %Date{calendar: calendar, year: last.year, month: last.month, day: last.day},
      first_in_iso_days: first_days,
      last_in_iso_days: last_days,
      step: step
    }
  end

  # Elixir's convert!/2 over convert/2, so convert/2's errors show under it
  def convert!(date, calendar) do
    case Date.convert(date, calendar) do
      {:ok, value} ->
        value

      {:error, reason} ->
        raise ArgumentError,
              "cannot convert #{inspect(date)} to target calendar #{inspect(calendar)}, reason: #{inspect(reason)}"
    end
  end

  def to_erl(date) do
    %{year: year, month: month, day: day} = Date.convert!(date, Calendar.ISO)
    {year, month, day}
  end
end

defmodule Date.Range do
  @doc false
  def __calendar__(:__to_list__, [range]), do: __calendar__(:__slice__, [range, 0, Date.Range.__count__(range), 1])

  def __calendar__(:__member__, [%{first: %{calendar: calendar}} = range, %Date{calendar: calendar} = date]) do
    %{first_in_iso_days: first, last_in_iso_days: last, step: step} = range
    {days, _} = Date.__iso_days__(date)

    cond do
      Date.Range.__count__(range) == 0 -> false
      first <= last -> first <= days and days <= last and rem(days - first, step) == 0
      true -> last <= days and days <= first and rem(days - first, step) == 0
    end
  end

  def __calendar__(:__member__, [_range, _other]), do: false

  def __calendar__(:__slice__, [range, start, amount, slice_step]) do
    %{first: %{calendar: calendar}, first_in_iso_days: first, step: step} = range

    if amount <= 0 do
      []
    else
      for i <- 0..(amount - 1) do
        Date.__from_iso_days__({first + start * step + i * (step + slice_step - 1), {0, 86_400_000_000}}, calendar)
      end
    end
  end
end

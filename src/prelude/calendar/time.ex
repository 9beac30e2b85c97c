# Time in calendars other than Calendar.ISO: the natives (stdlib/time.ts) hand a call that
# meets another calendar to __calendar__/2 (calendar-iso.ts: routeCalendars), which goes
# through the calendar's callbacks as Elixir 1.14's Time does.
defmodule Time do
  @doc false
  def __calendar__(:utc_now, [calendar]), do: Time.convert!(Time.utc_now(), calendar)

  def __calendar__(:new, [hour, minute, second, microsecond, calendar]) when is_integer(microsecond),
    do: __calendar__(:new, [hour, minute, second, {microsecond, 6}, calendar])

  def __calendar__(:new, [hour, minute, second, {microsecond, precision}, calendar]) do
    if calendar.valid_time?(hour, minute, second, {microsecond, precision}) do
      {:ok, %Time{hour: hour, minute: minute, second: second, microsecond: {microsecond, precision}, calendar: calendar}}
    else
      {:error, :invalid_time}
    end
  end

  def __calendar__(:new!, args) do
    case __calendar__(:new, args) do
      {:ok, time} -> time
      {:error, reason} -> raise ArgumentError, "cannot build time, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:to_string, [%{hour: hour, minute: minute, second: second, microsecond: microsecond, calendar: calendar}]),
    do: calendar.time_to_string(hour, minute, second, microsecond)

  def __calendar__(:from_iso8601, [string, calendar]) do
    with {:ok, {hour, minute, second, microsecond}} <- Calendar.ISO.parse_time(string) do
      Time.convert(%Time{hour: hour, minute: minute, second: second, microsecond: microsecond}, calendar)
    end
  end

  def __calendar__(:from_iso8601!, [string, calendar]) do
    case __calendar__(:from_iso8601, [string, calendar]) do
      {:ok, time} -> time
      {:error, reason} -> raise ArgumentError, "cannot parse #{inspect(string)} as time, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:to_iso8601, [time | _format]), do: time |> Time.convert!(Calendar.ISO) |> Time.to_iso8601()

  def __calendar__(:from_erl, [{hour, minute, second}, microsecond, calendar]) do
    with {:ok, time} <- Time.new(hour, minute, second, microsecond, Calendar.ISO), do: Time.convert(time, calendar)
  end

  def __calendar__(:from_erl!, [tuple, microsecond, calendar]) do
    case __calendar__(:from_erl, [tuple, microsecond, calendar]) do
      {:ok, time} -> time
      {:error, reason} -> raise ArgumentError, "cannot convert #{inspect(tuple)} to time, reason: #{inspect(reason)}"
    end
  end

  def __calendar__(:from_seconds_after_midnight, [seconds, microsecond, calendar]) do
    {hour, minute, second, {_, _}} = calendar.time_from_day_fraction({Integer.mod(seconds, 86400), 86400})
    %Time{calendar: calendar, hour: hour, minute: minute, second: second, microsecond: microsecond}
  end

  def __calendar__(:to_seconds_after_midnight, [%{microsecond: {microsecond, _}} = time]),
    do: {Calendar.ISO.iso_days_to_unit({0, day_fraction(time)}, :second), microsecond}

  def __calendar__(:add, [time, amount]), do: __calendar__(:add, [time, amount, :second])

  def __calendar__(:add, [%{calendar: calendar, microsecond: {_, precision}} = time, amount, unit])
      when is_integer(amount) do
    total = Calendar.ISO.iso_days_to_unit({0, day_fraction(time)}, :microsecond) + System.convert_time_unit(amount, unit, :microsecond)
    parts = Integer.mod(total, 86_400_000_000)
    {hour, minute, second, {microsecond, _}} = calendar.time_from_day_fraction({parts, 86_400_000_000})
    %Time{hour: hour, minute: minute, second: second, microsecond: {microsecond, precision}, calendar: calendar}
  end

  def __calendar__(:compare, [%{calendar: calendar} = time1, %{calendar: calendar} = time2]) do
    %{hour: hour1, minute: minute1, second: second1, microsecond: {microsecond1, _}} = time1
    %{hour: hour2, minute: minute2, second: second2, microsecond: {microsecond2, _}} = time2

    case {{hour1, minute1, second1, microsecond1}, {hour2, minute2, second2, microsecond2}} do
      {first, second} when first > second -> :gt
      {first, second} when first < second -> :lt
      _ -> :eq
    end
  end

  def __calendar__(:compare, [time1, time2]) do
    {parts1, ppd1} = day_fraction(time1)
    {parts2, ppd2} = day_fraction(time2)

    case {parts1 * ppd2, parts2 * ppd1} do
      {first, second} when first > second -> :gt
      {first, second} when first < second -> :lt
      _ -> :eq
    end
  end

  def __calendar__(:convert, [%{calendar: calendar, hour: hour, minute: minute, second: second, microsecond: microsecond}, calendar]),
    do: {:ok, %Time{calendar: calendar, hour: hour, minute: minute, second: second, microsecond: microsecond}}

  def __calendar__(:convert, [%{microsecond: {_, precision}} = time, calendar]) do
    {hour, minute, second, {microsecond, _}} = time |> day_fraction() |> calendar.time_from_day_fraction()
    {:ok, %Time{calendar: calendar, hour: hour, minute: minute, second: second, microsecond: {microsecond, precision}}}
  end

  def __calendar__(:diff, [time1, time2]), do: __calendar__(:diff, [time1, time2, :second])
  def __calendar__(:diff, [time1, time2, :hour]), do: div(__calendar__(:diff, [time1, time2, :second]), 3600)
  def __calendar__(:diff, [time1, time2, :minute]), do: div(__calendar__(:diff, [time1, time2, :second]), 60)

  def __calendar__(:diff, [time1, time2, unit]),
    do: Calendar.ISO.iso_days_to_unit({0, day_fraction(time1)}, unit) - Calendar.ISO.iso_days_to_unit({0, day_fraction(time2)}, unit)

  defp day_fraction(%{hour: hour, minute: minute, second: second, microsecond: {_, _} = microsecond, calendar: calendar}),
    do: calendar.time_to_day_fraction(hour, minute, second, microsecond)

  # Elixir's convert!/2 over convert/2, so convert/2's errors show under it
  def convert!(time, calendar) do
    case Time.convert(time, calendar) do
      {:ok, value} ->
        value

      {:error, reason} ->
        raise ArgumentError,
              "cannot convert #{inspect(time)} to target calendar #{inspect(calendar)}, reason: #{inspect(reason)}"
    end
  end

  def to_erl(time) do
    %{hour: hour, minute: minute, second: second} = Time.convert!(time, Calendar.ISO)
    {hour, minute, second}
  end
end

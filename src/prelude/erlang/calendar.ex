# :calendar, OTP's proleptic Gregorian calendar: days and seconds counted from year 0,
# days of the week (Monday is 1), ISO week numbers, conversions between local time,
# universal time, system time and RFC 3339 strings (charlists). Clauses and guards follow
# calendar.erl's, so a bad argument fails with the same kind of error (a FunctionClauseError
# in the function OTP's fails in, a case or match error where OTP's has one).
defmodule :calendar do
  @seconds_per_minute 60
  @seconds_per_hour 3600
  @seconds_per_day 86400
  @days_per_year 365
  @days_per_leap_year 366
  @seconds_from_0_to_1970 62_167_219_200
  @seconds_from_0_to_10000 253_402_300_800

  def date_to_gregorian_days(year, month, day) when is_integer(day) and day > 0 do
    last = last_day_of_the_month(year, month)

    if day <= last do
      days_before_year(year) + days_before_month(month) + leap_extra(year, month) + day - 1
    else
      :erlang.error(:if_clause)
    end
  end

  def date_to_gregorian_days({year, month, day}), do: date_to_gregorian_days(year, month, day)

  def datetime_to_gregorian_seconds({date, time}),
    do: @seconds_per_day * date_to_gregorian_days(date) + time_to_seconds(time)

  def day_of_the_week(year, month, day), do: rem(date_to_gregorian_days(year, month, day) + 5, 7) + 1
  def day_of_the_week({year, month, day}), do: day_of_the_week(year, month, day)

  def gregorian_days_to_date(days) do
    {year, day_of_year} = day_to_year(days)
    {month, day} = year_day_to_date(year, day_of_year)
    {year, month, day}
  end

  def gregorian_seconds_to_datetime(secs) when secs >= 0 do
    {gregorian_days_to_date(div(secs, @seconds_per_day)), seconds_to_time(rem(secs, @seconds_per_day))}
  end

  def is_leap_year(y) when is_integer(y) and y >= 0, do: leap?(y)

  defp leap?(y) when rem(y, 4) == 0 and rem(y, 100) > 0, do: true
  defp leap?(y) when rem(y, 400) == 0, do: true
  defp leap?(_), do: false

  def iso_week_number do
    {date, _} = local_time()
    iso_week_number(date)
  end

  def iso_week_number({year, month, day}) do
    d = date_to_gregorian_days({year, month, day})
    this_w01 = iso_week_one(year)
    next_w01 = iso_week_one(year + 1)

    cond do
      this_w01 <= d and d < next_w01 ->
        {year, div(d - this_w01, 7) + 1}

      d < this_w01 ->
        # The last week of the previous year: 53 when that year began or ended on a Thursday.
        long = day_of_the_week(year - 1, 1, 1) == 4 or day_of_the_week(year - 1, 12, 31) == 4
        {year - 1, if(long, do: 53, else: 52)}

      true ->
        {year + 1, 1}
    end
  end

  def last_day_of_the_month(y, m) when is_integer(y) and y >= 0, do: last_day_of_the_month1(y, m)

  defp last_day_of_the_month1(_, m) when m in [4, 6, 9, 11], do: 30
  defp last_day_of_the_month1(y, 2), do: if(is_leap_year(y), do: 29, else: 28)
  defp last_day_of_the_month1(_, m) when is_integer(m) and m > 0 and m < 13, do: 31

  def local_time, do: :erlang.localtime()
  def universal_time, do: :erlang.universaltime()
  def local_time_to_universal_time(datetime), do: :erlang.localtime_to_universaltime(datetime)
  def local_time_to_universal_time(datetime, is_dst), do: :erlang.localtime_to_universaltime(datetime, is_dst)
  def universal_time_to_local_time(datetime), do: :erlang.universaltime_to_localtime(datetime)

  def local_time_to_universal_time_dst(datetime) do
    ut_dst = :erlang.localtime_to_universaltime(datetime, true)
    ut = :erlang.localtime_to_universaltime(datetime, false)
    lt_dst = :erlang.universaltime_to_localtime(ut_dst)
    lt = :erlang.universaltime_to_localtime(ut)

    cond do
      lt_dst == datetime and lt == datetime and ut_dst != ut -> [ut_dst, ut]
      lt_dst == datetime -> [ut_dst]
      lt == datetime -> [ut]
      true -> []
    end
  end

  def now_to_datetime({mega, sec, _micro}), do: system_time_to_datetime(mega * 1_000_000 + sec)
  def now_to_universal_time(now), do: now_to_datetime(now)

  def now_to_local_time({mega, sec, micro}),
    do: :erlang.universaltime_to_localtime(now_to_universal_time({mega, sec, micro}))

  def seconds_to_daystime(secs) do
    days = div(secs, @seconds_per_day)
    rest = rem(secs, @seconds_per_day)

    if rest < 0,
      do: {days - 1, seconds_to_time(rest + @seconds_per_day)},
      else: {days, seconds_to_time(rest)}
  end

  def seconds_to_time(secs) when secs >= 0 and secs < @seconds_per_day do
    {div(secs, @seconds_per_hour), div(rem(secs, @seconds_per_hour), @seconds_per_minute), rem(secs, @seconds_per_minute)}
  end

  def time_difference({{y1, mo1, d1}, {h1, mi1, s1}}, {{y2, mo2, d2}, {h2, mi2, s2}}) do
    seconds_to_daystime(
      datetime_to_gregorian_seconds({{y2, mo2, d2}, {h2, mi2, s2}}) -
        datetime_to_gregorian_seconds({{y1, mo1, d1}, {h1, mi1, s1}})
    )
  end

  def time_to_seconds({h, m, s}) when is_integer(h) and is_integer(m) and is_integer(s),
    do: h * @seconds_per_hour + m * @seconds_per_minute + s

  def valid_date(y, m, d) when is_integer(y) and is_integer(m) and is_integer(d), do: valid?(y, m, d)
  def valid_date({y, m, d}), do: valid_date(y, m, d)

  defp valid?(y, m, d) when y >= 0 and m > 0 and m < 13 and d > 0, do: d <= last_day_of_the_month(y, m)
  defp valid?(_, _, _), do: false

  def system_time_to_universal_time(time, unit), do: system_time_to_datetime(:erlang.convert_time_unit(time, unit, :second))
  def system_time_to_local_time(time, unit), do: :erlang.universaltime_to_localtime(system_time_to_universal_time(time, unit))

  ## RFC 3339

  def rfc3339_to_system_time(string), do: rfc3339_to_system_time(string, [])

  def rfc3339_to_system_time(string, options) do
    unit = :proplists.get_value(:unit, options, :second)

    [y1, y2, y3, y4, ?-, mo1, mo2, ?-, d1, d2, _t, h1, h2, ?:, mi1, mi2, ?:, s1, s2 | rest] = string

    datetime =
      {{List.to_integer([y1, y2, y3, y4]), List.to_integer([mo1, mo2]), List.to_integer([d1, d2])},
       {List.to_integer([h1, h2]), List.to_integer([mi1, mi2]), List.to_integer([s1, s2])}}

    {fraction, offset} = :lists.splitwith(fn c -> (c >= ?0 and c <= ?9) or c == ?. end, rest)
    time = datetime_to_gregorian_seconds(datetime) - @seconds_from_0_to_1970
    secs = time - offset_string_adjustment(offset)
    check(string, options, secs)
    scaled = :erlang.convert_time_unit(secs, :second, unit)
    frac = fraction(unit, fraction)
    scaled + if(scaled < 0, do: -frac, else: frac)
  end

  def system_time_to_rfc3339(time), do: system_time_to_rfc3339(time, [])

  def system_time_to_rfc3339(time, options) do
    unit = :proplists.get_value(:unit, options, :second)
    offset = :proplists.get_value(:offset, options, '')

    case unit do
      :native ->
        offset_ms = if is_integer(offset), do: :erlang.convert_time_unit(offset, :native, :millisecond), else: offset
        to_rfc3339(:erlang.convert_time_unit(time, :native, :millisecond), options, :millisecond, offset_ms)

      _ ->
        to_rfc3339(time, options, unit, offset)
    end
  end

  defp to_rfc3339(time, options, unit, offset_option) do
    designator = :proplists.get_value(:time_designator, options, ?T)
    adjustment_secs = offset_adjustment(time, unit, offset_option)
    offset = offset_text(offset_option, adjustment_secs)
    adjusted = time + :erlang.convert_time_unit(adjustment_secs, :second, unit)
    factor = factor(unit)
    secs = div(adjusted, factor)
    check(time, options, secs)
    {{year, month, day}, {hour, min, sec}} = system_time_to_datetime(secs)

    :lists.append([
      pad(4, year), '-', pad(2, month), '-', pad(2, day), [designator],
      pad(2, hour), ':', pad(2, min), ':', pad(2, sec), fraction_text(factor, adjusted), offset
    ])
  end

  defp offset_text(option, secs) when option == '' or is_integer(option) do
    sign = if secs < 0, do: ?-, else: ?+
    secs = abs(secs)
    [sign | :lists.append([pad(2, div(secs, 3600)), ':', pad(2, div(rem(secs, 3600), 60))])]
  end

  defp offset_text(option, _secs), do: option

  defp offset_adjustment(time, unit, ''), do: local_offset(time, unit)
  defp offset_adjustment(_time, _unit, string) when is_list(string), do: offset_string_adjustment(string)
  defp offset_adjustment(_time, unit, offset) when is_integer(offset), do: :erlang.convert_time_unit(offset, unit, :second)

  defp offset_string_adjustment('Z'), do: 0
  defp offset_string_adjustment('z'), do: 0

  defp offset_string_adjustment(tz) do
    # (a match, as calendar.erl's: an offset shorter than three characters is a MatchError)
    [sign, h1, h2 | minutes] = tz

    min =
      case minutes do
        [?:, m1, m2] -> List.to_integer([m1, m2])
        [] -> 0
      end

    adjustment = 3600 * List.to_integer([h1, h2]) + 60 * min

    case sign do
      ?- -> -adjustment
      ?+ -> adjustment
    end
  end

  defp local_offset(time, unit) do
    universal = system_time_to_universal_time(time, unit)
    local = :erlang.universaltime_to_localtime(universal)
    datetime_to_gregorian_seconds(local) - datetime_to_gregorian_seconds(universal)
  end

  defp fraction_text(1, _time), do: ''

  defp fraction_text(factor, time) do
    digits = Integer.to_charlist(abs(rem(time, factor)))
    [?. | :lists.duplicate(length(Integer.to_charlist(factor)) - 1 - length(digits), ?0) ++ digits]
  end

  defp fraction(:second, _), do: 0
  defp fraction(_, ''), do: 0
  defp fraction(unit, string), do: round(factor(unit) * List.to_float([?0 | string]))

  defp factor(:second), do: 1
  defp factor(:millisecond), do: 1000
  defp factor(:microsecond), do: 1_000_000
  defp factor(:nanosecond), do: 1_000_000_000
  defp factor(:native), do: 1_000_000_000

  defp check(_arg, _options, secs) when secs >= -@seconds_from_0_to_1970 and secs < @seconds_from_0_to_10000, do: :ok
  defp check(arg, options, _secs), do: :erlang.error({:badarg, [arg, options]})

  defp pad(n, x), do: :string.pad(Integer.to_charlist(x), n, :leading, ?0) |> :lists.flatten()

  ## Day counting

  defp system_time_to_datetime(secs), do: gregorian_seconds_to_datetime(secs + @seconds_from_0_to_1970)

  defp day_to_year(day) when day >= 0 do
    ymax = div(day, @days_per_year)
    ymin = div(day, @days_per_leap_year)
    {y, d} = find_year(ymin, ymax, day, days_before_year(ymin), days_before_year(ymax))
    {y, day - d}
  end

  # Interpolation search for the year holding `day`.
  defp find_year(min, max, _day, dmin, _dmax) when min == max, do: {min, dmin}

  defp find_year(min, max, day, dmin, dmax) do
    mid = min + div((max - min) * (day - dmin), dmax - dmin)
    length = if leap?(mid), do: @days_per_leap_year, else: @days_per_year
    dmid = days_before_year(mid)

    cond do
      day < dmid -> find_year(min, mid - 1, day, dmin, days_before_year(mid - 1))
      day - dmid >= length -> find_year(mid + 1, max, day, days_before_year(mid + 1), dmax)
      true -> {mid, dmid}
    end
  end

  defp iso_week_one(year) do
    jan1 = date_to_gregorian_days(year, 1, 1)
    dow = day_of_the_week(year, 1, 1)
    if dow <= 4, do: jan1 - dow + 1, else: jan1 + 7 - dow + 1
  end

  @month_starts [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

  defp year_day_to_date(year, day_of_year) do
    extra = if leap?(year), do: 1, else: 0
    {month, day} = month_of(day_of_year, extra)
    {month, day + 1}
  end

  defp month_of(day, _extra) when day < 31, do: {1, day}
  defp month_of(day, extra) when day < 59 + extra, do: {2, day - 31}

  defp month_of(day, extra) do
    month = Enum.count(@month_starts, fn start -> start + extra <= day end)
    {month, day - (Enum.at(@month_starts, month - 1) + extra)}
  end

  defp days_before_year(y) when y <= 0, do: 0

  defp days_before_year(y) do
    x = y - 1
    div(x, 4) - div(x, 100) + div(x, 400) + x * @days_per_year + @days_per_leap_year
  end

  defp days_before_month(m), do: Enum.at(@month_starts, m - 1)

  defp leap_extra(_year, month) when month < 3, do: 0
  defp leap_extra(year, _month), do: if(leap?(year), do: 1, else: 0)
end

# Calendar.ISO's functions whose bad arguments fail inside arithmetic or a binary's
# construction: written as Elixir 1.14's lib/calendar/iso.ex lays them out (clause for
# clause, the same guards), so an error raises where the BEAM's does, under the same
# entries. The rest of Calendar.ISO is native (stdlib/calendar-iso.ts).
defmodule Calendar.ISO do
  @doc false
  def datetime_to_string(year, month, day, hour, minute, second, microsecond, time_zone, zone_abbr,
        utc_offset, std_offset, format \\ :extended)
      when is_binary(time_zone) and is_binary(zone_abbr) and is_integer(utc_offset) and
             is_integer(std_offset) do
    Calendar.ISO.date_to_string(year, month, day, format) <>
      " " <>
      Calendar.ISO.time_to_string(hour, minute, second, microsecond, format) <>
      offset_to_string(utc_offset, std_offset, time_zone, format) <>
      zone_to_string(utc_offset, std_offset, zone_abbr, time_zone)
  end

  @doc false
  def offset_to_string(0, 0, "Etc/UTC", _format), do: "Z"

  def offset_to_string(utc, std, _zone, format) do
    total = utc + std
    seconds = abs(total)
    minutes = seconds |> rem(3600) |> div(60)
    hours = div(seconds, 3600)
    format_offset(total, hours, minutes, format)
  end

  defp format_offset(total, hour, minute, :extended),
    do: sign(total) <> zero_pad(hour, 2) <> ":" <> zero_pad(minute, 2)

  defp format_offset(total, hour, minute, :basic),
    do: sign(total) <> zero_pad(hour, 2) <> zero_pad(minute, 2)

  defp zone_to_string(_, _, _, "Etc/UTC"), do: ""
  defp zone_to_string(_, _, abbr, zone), do: " " <> abbr <> " " <> zone

  defp sign(total) when total < 0, do: "-"
  defp sign(_), do: "+"

  defp zero_pad(val, count) when val >= 0 do
    digits = Integer.to_string(val)
    :binary.copy("0", max(count - byte_size(digits), 0)) <> digits
  end

  defp zero_pad(val, count), do: "-" <> zero_pad(-val, count)

  @doc false
  def time_to_day_fraction(0, 0, 0, {0, _}), do: {0, 86_400_000_000}

  def time_to_day_fraction(hour, minute, second, {microsecond, _}) do
    seconds = hour * 3600 + minute * 60 + second
    {seconds * 1_000_000 + microsecond, 86_400_000_000}
  end

  @doc false
  def gregorian_seconds_to_iso_days(seconds, microsecond) do
    {days, rest} = div_rem(seconds, 86400)
    {days, {rest * 1_000_000 + microsecond, 86_400_000_000}}
  end

  @doc false
  def add_day_fraction_to_iso_days({days, {parts, ppd}}, add, ppd),
    do: normalize_iso_days(days, parts + add, ppd)

  def add_day_fraction_to_iso_days({days, {parts, ppd}}, add, add_ppd) do
    parts = parts * add_ppd
    add = add * ppd
    gcd = Integer.gcd(ppd, add_ppd)
    result_parts = div(parts + add, gcd)
    result_ppd = div(ppd * add_ppd, gcd)
    normalize_iso_days(days, result_parts, result_ppd)
  end

  defp normalize_iso_days(days, parts, ppd) do
    offset = div(parts, ppd)
    parts = rem(parts, ppd)
    if parts < 0, do: {days + offset - 1, {parts + ppd, ppd}}, else: {days + offset, {parts, ppd}}
  end

  defp div_rem(int1, int2) do
    quotient = div(int1, int2)
    remainder = int1 - quotient * int2
    if remainder >= 0, do: {quotient, remainder}, else: {quotient - 1, remainder + int2}
  end
end

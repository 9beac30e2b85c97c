// Random Date, Time, NaiveDateTime, DateTime and Calendar calls (from_iso8601 formats, shifts,
// diff units, day_of_week starting_on, Calendar.strftime with every directive and option,
// leap years, microsecond precisions, out-of-range values), for tools/fuzz/erl-diff.mjs.
// Usage: node gen-calendar.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const date = () => pick(["~D[2020-02-29]", "~D[2019-12-31]", "~D[2000-01-01]", "~D[1970-01-01]", "~D[0000-01-01]", "~D[-0001-12-31]", "~D[9999-12-31]", "~D[2024-03-10]", "~D[2021-01-03]", "~D[2020-12-31]"]);
const time = () => pick(["~T[00:00:00]", "~T[23:59:59]", "~T[12:30:15.5]", "~T[01:02:03.123456]", "~T[13:00:00.000]", "~T[00:00:00.001]", "~T[11:59:59.999999]"]);
const ndt = () => pick(["~N[2020-02-29 23:59:59]", "~N[2000-01-01 00:00:00.000]", "~N[1999-12-31 12:00:00.123456]", "~N[2024-03-10 02:30:00]", "~N[0000-01-01 00:00:00]", "~N[2021-01-03 13:14:15.1]"]);
const dt = () => pick(["~U[2020-02-29 23:59:59Z]", "~U[2000-01-01 00:00:00.000Z]", "~U[1970-01-01 00:00:00Z]", "~U[2024-03-10 02:30:00.123456Z]", "~U[1969-12-31 23:59:59.5Z]", "DateTime.from_unix!(1_700_000_000)"]);
const iso = () => pick(['"2020-02-29"', '"2020-02-30"', '"20200229"', '"2020-2-29"', '"+2020-02-29"', '"-0001-01-01"', '"2020-02-29T12:00:00"', '"2020-02-29T12:00:00Z"', '"2020-02-29 12:00:00"', '"2020-02-29T12:00:00.123+01:30"', '"2020-02-29T12:00:00-00:00"', '"2020-02-29T24:00:00"', '"2020-02-29T12:00:60Z"', '"20200229T120000Z"', '"2020-02-29T12:00:00,5Z"', '"2020-02-29T12:00Z"', '"12:00:00"', '"12:00:00.1234567"', '"T12:00:00"', '"120000"', '"12:00"', '"25:00:00"', '""', '"2020-13-01T00:00:00Z"', '"2020-02-29t12:00:00z"', '"2020-02-29T12:00:00+0100"', '"2020-02-29T12:00:00+01"']);
const unit = () => pick([":second", ":millisecond", ":microsecond", ":nanosecond", ":minute", ":hour", ":day", "1000", "3", ":native", ":bogus"]);
const int = () => pick(["0", "1", "-1", "7", "30", "365", "-400", "86400", "100000", "1.5", "1_000_000_000"]);
const dow = () => pick([":default", ":monday", ":sunday", ":wednesday", ":saturday", ":x"]);
const strfmt = () => '"' + Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(["%a", "%A", "%b", "%B", "%c", "%d", "%f", "%H", "%I", "%j", "%m", "%M", "%p", "%P", "%q", "%S", "%u", "%x", "%X", "%y", "%Y", "%z", "%Z", "%%", "%-d", "%_5d", "%010Y", "%3f", "%-j", "%:z", "%e", "%k", "% ", " - ", "%.2f", "%5A", "%-I", "%0d", "%_m", "%-H"])).join("") + '"';
const anyt = () => pick([date, time, ndt, dt])();
const calls = [
  () => `Date.from_iso8601(${iso()})`, () => `Time.from_iso8601(${iso()})`, () => `NaiveDateTime.from_iso8601(${iso()})`, () => `DateTime.from_iso8601(${iso()})`, () => `DateTime.from_iso8601(${iso()}, Calendar.ISO, ${pick([":extended", ":basic"])})`,
  () => `Date.from_iso8601!(${iso()})`, () => `Date.new(${pick(["2020", "2019", "-5", "10000"])}, ${pick(["2", "13", "0"])}, ${pick(["29", "30", "1", "0"])})`, () => `Time.new(${pick(["23", "24", "-1"])}, ${pick(["59", "60"])}, ${pick(["59", "60", "61"])}, ${pick(["0", "{5, 3}", "{5, 7}", "1_000_000", "{1_000_000, 6}"])})`,
  () => `Date.add(${date()}, ${int()})`, () => `Date.diff(${date()}, ${date()})`, () => `Date.day_of_week(${date()})`, () => `Date.day_of_week(${date()}, ${dow()})`, () => `Date.beginning_of_week(${date()}, ${dow()})`, () => `Date.end_of_week(${date()}, ${dow()})`,
  () => `Date.day_of_year(${date()})`, () => `Date.quarter_of_year(${date()})`, () => `Date.year_of_era(${date()})`, () => `Date.day_of_era(${date()})`, () => `Date.leap_year?(${date()})`, () => `Date.days_in_month(${date()})`, () => `Date.months_in_year(${date()})`,
  () => `Date.beginning_of_month(${date()})`, () => `Date.end_of_month(${date()})`, () => `Date.compare(${date()}, ${date()})`, () => `Date.range(${date()}, ${date()}) |> Enum.take(2)`, () => `Date.range(${date()}, ${date()}, ${pick(["1", "-1", "7", "0"])}) |> Enum.count()`,
  () => `Date.to_iso8601(${date()}, ${pick([":basic", ":extended"])})`, () => `Date.to_erl(${date()})`, () => `Date.from_erl(${pick(["{2020, 2, 29}", "{2019, 2, 29}", "{1, 1}"])})`, () => `Date.to_gregorian_days(${date()})`, () => `Date.from_gregorian_days(${int()})`,
  () => `Date.utc_today() |> is_struct(Date)`, () => `Date.new!(2020, 2, 30)`, () => `Date.to_string(${anyt()})`, () => `Date.after?(${date()}, ${date()})`,
  () => `Time.add(${time()}, ${int()}, ${unit()})`, () => `Time.diff(${time()}, ${time()}, ${unit()})`, () => `Time.truncate(${time()}, ${pick([":second", ":millisecond", ":microsecond"])})`, () => `Time.compare(${time()}, ${time()})`, () => `Time.to_erl(${time()})`,
  () => `Time.to_seconds_after_midnight(${time()})`, () => `Time.from_seconds_after_midnight(${int()})`, () => `Time.to_iso8601(${time()}, ${pick([":basic", ":extended"])})`, () => `Time.to_string(${anyt()})`, () => `Time.from_erl(${pick(["{23, 0, 0}", "{24, 0, 0}"])}, ${pick(["0", "{1, 3}", "{1_000, 3}"])})`,
  () => `NaiveDateTime.add(${ndt()}, ${int()}, ${unit()})`, () => `NaiveDateTime.diff(${ndt()}, ${ndt()}, ${unit()})`, () => `NaiveDateTime.truncate(${ndt()}, ${pick([":second", ":millisecond"])})`, () => `NaiveDateTime.to_date(${ndt()})`, () => `NaiveDateTime.to_time(${ndt()})`,
  () => `NaiveDateTime.new(${date()}, ${time()})`, () => `NaiveDateTime.to_iso8601(${ndt()}, ${pick([":basic", ":extended"])})`, () => `NaiveDateTime.to_erl(${ndt()})`, () => `NaiveDateTime.compare(${ndt()}, ${ndt()})`, () => `NaiveDateTime.to_gregorian_seconds(${ndt()})`, () => `NaiveDateTime.from_gregorian_seconds(${int()})`,
  () => `NaiveDateTime.beginning_of_day(${ndt()})`, () => `NaiveDateTime.end_of_day(${ndt()})`, () => `NaiveDateTime.to_string(${anyt()})`, () => `NaiveDateTime.from_erl({{2020, 1, 1}, {1, 2, 3}}, ${pick(["{5, 3}", "0", "{7, 6}"])})`,
  () => `DateTime.add(${dt()}, ${int()}, ${unit()})`, () => `DateTime.diff(${dt()}, ${dt()}, ${unit()})`, () => `DateTime.to_unix(${dt()}, ${unit()})`, () => `DateTime.from_unix(${pick(["0", "-1", "1_700_000_000_123", "-62167219201", "253402300800", "1.5"])}, ${unit()})`,
  () => `DateTime.to_iso8601(${dt()}, ${pick([":basic", ":extended"])})`, () => `DateTime.to_iso8601(${dt()}, :extended, ${pick(["3600", "-5400", "0"])})`, () => `DateTime.to_string(${dt()})`, () => `DateTime.to_naive(${dt()})`, () => `DateTime.to_date(${dt()})`, () => `DateTime.truncate(${dt()}, ${pick([":second", ":millisecond"])})`,
  () => `DateTime.from_naive(${ndt()}, ${pick(['"Etc/UTC"', '"Europe/Paris"'])})`, () => `DateTime.compare(${dt()}, ${dt()})`, () => `DateTime.shift_zone(${dt()}, ${pick(['"Etc/UTC"', '"Europe/Paris"'])})`, () => `DateTime.to_gregorian_seconds(${dt()})`, () => `DateTime.from_gregorian_seconds(${int()})`,
  () => `Calendar.strftime(${anyt()}, ${strfmt()})`, () => `Calendar.strftime(${anyt()}, ${strfmt()}, ${pick(['preferred_date: "%m/%d"', "abbreviated_day_of_week_names: fn d -> Enum.at(~w(L Ma Me J V S D), d - 1) end", 'am_pm_names: fn :am -> "a"; :pm -> "p" end', 'preferred_datetime: "%D"', "[]"])})`,
  () => `Calendar.ISO.valid_date?(${pick(["2020, 2, 29", "2019, 2, 29", "-1, 1, 1", "10000, 1, 1"])})`, () => `Calendar.ISO.day_of_week(2020, 2, 29, ${dow()})`, () => `Calendar.ISO.days_in_month(${pick(["2020", "1900", "2000", "-4"])}, 2)`,
  () => `inspect(${anyt()})`, () => `to_string(${anyt()})`, () => `${pick(["Date", "NaiveDateTime", "DateTime", "Time"])}.compare(${anyt()}, ${anyt()})`, () => `Date.convert!(${date()}, Calendar.ISO)`,
  () => `Time.new!(${pick(["1", "23"])}, 2, 3, ${pick(["0", "{12, 2}", "{999_999, 6}"])}) |> Time.add(${int()}, :microsecond)`, () => `NaiveDateTime.add(${ndt()}, ${pick(["1", "-1", "1000", "999_999"])}, :microsecond)`, () => `DateTime.add(${dt()}, ${pick(["1", "-1", "1000", "1_500_000"])}, ${pick([":millisecond", ":microsecond", ":nanosecond"])})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));

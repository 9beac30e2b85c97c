// Random calls of every :calendar function (dates, times, seconds, weeks, RFC 3339), for erl-diff.mjs.
// Usage: node gen-erl-calendar.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const y = () => pick(["0", "1", "4", "100", "1900", "1970", "2000", "2023", "2024", "9999", "-1", "1600"]);
const m = () => pick(["1", "2", "3", "12", "13", "0"]);
const d = () => pick(["1", "28", "29", "30", "31", "0", "32"]);
const date = () => rnd() < 0.08 ? pick([":x", "{2020, 1}", "{2020, 1, 1.0}"]) : `{${y()}, ${m()}, ${d()}}`;
const time = () => rnd() < 0.08 ? pick([":x", "{24, 0, 0}", "{1, 60, 0}"]) : `{${pick(["0", "1", "12", "23"])}, ${pick(["0", "30", "59"])}, ${pick(["0", "1", "59"])}}`;
const dt = () => `{${date()}, ${time()}}`;
const secs = () => pick(["0", "1", "86399", "86400", "63113904000", "62167219200", "-1", "1700000000", "99999999999", ":x"]);
const days = () => pick(["0", "1", "365", "366", "730485", "738000", "-1", ":x", "3652058"]);
const rfcOpts = () => pick(["[]", "[unit: :millisecond]", "[unit: :microsecond, offset: \"+02:00\"]", "[offset: \"Z\"]", "[offset: 3600]", "[time_designator: ?\\s]", "[unit: :nanosecond, offset: -7200]", "[unit: :native]", "[unit: :bad]"]);
const rfc = () => pick(["'2018-02-01T16:17:58+01:00'", "'2018-02-01 16:17:58Z'", "'2018-02-01T16:17:58.123456-05:30'", "'1970-01-01T00:00:00Z'", "'2018-02-31T00:00:00Z'", "'bad'", "'2018-02-01T16:17:58'", "'2018-02-01t16:17:58z'"]);
const calls = [
  () => `:calendar.date_to_gregorian_days(${date()})`, () => `:calendar.date_to_gregorian_days(${y()}, ${m()}, ${d()})`, () => `:calendar.gregorian_days_to_date(${days()})`,
  () => `:calendar.datetime_to_gregorian_seconds(${dt()})`, () => `:calendar.gregorian_seconds_to_datetime(${secs()})`, () => `:calendar.day_of_the_week(${date()})`,
  () => `:calendar.day_of_the_week(${y()}, ${m()}, ${d()})`, () => `:calendar.is_leap_year(${y()})`, () => `:calendar.last_day_of_the_month(${y()}, ${m()})`,
  () => `:calendar.valid_date(${date()})`, () => `:calendar.valid_date(${y()}, ${m()}, ${d()})`, () => `:calendar.iso_week_number(${date()})`,
  () => `:calendar.seconds_to_daystime(${secs()})`, () => `:calendar.seconds_to_time(${pick(["0", "3661", "86399", "86400", "-1"])})`, () => `:calendar.time_to_seconds(${time()})`,
  () => `:calendar.time_difference(${dt()}, ${dt()})`, () => `:calendar.system_time_to_rfc3339(${secs()})`, () => `:calendar.system_time_to_rfc3339(${secs()}, ${rfcOpts()})`,
  () => `:calendar.rfc3339_to_system_time(${rfc()})`, () => `:calendar.rfc3339_to_system_time(${rfc()}, ${rfcOpts()})`, () => `:calendar.system_time_to_universal_time(${secs()}, ${pick([":second", ":millisecond", ":native"])})`,
  () => `:calendar.datetime_to_gregorian_seconds({{2000, 1, 1}, {0, 0, 0}}) - :calendar.date_to_gregorian_days(${date()})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));

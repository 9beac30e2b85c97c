// Calendar natives (Calendar.ISO, Date, Time, NaiveDateTime, DateTime,
// the ~D ~T ~N ~U sigils) called directly; expected values recorded from real iex 1.14
// (for errors: the first line of the banner).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { NativeFn } from "../../src/runtime/code.js";
import { BeamError } from "../../src/runtime/errors.js";
import { formatBannerPlain } from "../../src/runtime/exception-message.js";
import { inspect } from "../../src/runtime/inspect.js";
import { NIL, Term, a, list } from "../../src/runtime/term.js";
import * as iso from "../../src/stdlib/calendar-iso.js";
import * as date from "../../src/stdlib/date.js";
import * as dt from "../../src/stdlib/date-time.js";
import * as time from "../../src/stdlib/time.js";

const at = (n: string): Term => a(n);
const cl = (s: string): Term => list([...s].map((ch) => ch.codePointAt(0)));
const sig = (k: string) => (s: string): Term => date.sigilNatives.fns[k]([s, NIL], null as never);
const D = sig("sigil_D/2");
const T = sig("sigil_T/2");
const N = sig("sigil_N/2");
const U = sig("sigil_U/2");
void cl;

function run(fn: NativeFn, args: () => Term[]): string {
  try {
    return inspect(fn(args(), null as never));
  } catch (e) {
    if (!(e instanceof BeamError)) throw e;
    return formatBannerPlain(e.kind, e.reason, e.stacktrace ?? NIL).split("\n")[0].trimEnd();
  }
}

const cases: [string, NativeFn, () => Term[], string][] = [
  ["Date.new(2000, 2, 29)", date.natives.fns["new/3"], () => [2000, 2, 29], "{:ok, ~D[2000-02-29]}"],
  ["Date.new(2000, 2, 30)", date.natives.fns["new/3"], () => [2000, 2, 30], "{:error, :invalid_date}"],
  ["Date.new(2001, 13, 1)", date.natives.fns["new/3"], () => [2001, 13, 1], "{:error, :invalid_date}"],
  ["Date.new!(2000, 13, 1)", date.natives.fns["new!/3"], () => [2000, 13, 1], "** (ArgumentError) cannot build date, reason: :invalid_date"],
  ["Date.add(~D[2000-01-03], -2)", date.natives.fns["add/2"], () => [D("2000-01-03"), -2], "~D[2000-01-01]"],
  ["Date.add(~D[-0010-01-01], -2)", date.natives.fns["add/2"], () => [D("-0010-01-01"), -2], "~D[-0011-12-30]"],
  ["Date.add(~N[2000-01-01 09:00:00], 2)", date.natives.fns["add/2"], () => [N("2000-01-01 09:00:00"), 2], "~D[2000-01-03]"],
  ["Date.add(~D[2000-01-01], 100000000)", date.natives.fns["add/2"], () => [D("2000-01-01"), 100000000], "** (FunctionClauseError) no function clause matching in Calendar.ISO.date_from_iso_days/1"],
  ["Date.diff(~D[0000-01-02], ~D[-0001-12-30])", date.natives.fns["diff/2"], () => [D("0000-01-02"), D("-0001-12-30")], "3"],
  ["Date.diff(~D[2000-01-01], ~N[2000-01-03 09:00:00])", date.natives.fns["diff/2"], () => [D("2000-01-01"), N("2000-01-03 09:00:00")], "-2"],
  ["Date.compare(~D[2016-04-16], ~N[2016-04-16 01:23:45])", date.natives.fns["compare/2"], () => [D("2016-04-16"), N("2016-04-16 01:23:45")], ":eq"],
  ["Date.compare(~D[2017-04-01], ~D[2017-03-31])", date.natives.fns["compare/2"], () => [D("2017-04-01"), D("2017-03-31")], ":gt"],
  ["Date.day_of_week(~D[-0015-10-30])", date.natives.fns["day_of_week/1"], () => [D("-0015-10-30")], "3"],
  ["Date.day_of_week(~D[2016-10-31], :sunday)", date.natives.fns["day_of_week/2"], () => [D("2016-10-31"), at("sunday")], "2"],
  ["Date.day_of_week(~D[2016-10-31], :friday)", date.natives.fns["day_of_week/2"], () => [D("2016-10-31"), at("friday")], "4"],
  ["Date.beginning_of_week(~D[2020-07-11])", date.natives.fns["beginning_of_week/1"], () => [D("2020-07-11")], "~D[2020-07-06]"],
  ["Date.beginning_of_week(~D[2020-07-11], :saturday)", date.natives.fns["beginning_of_week/2"], () => [D("2020-07-11"), at("saturday")], "~D[2020-07-11]"],
  ["Date.end_of_week(~D[2020-07-11])", date.natives.fns["end_of_week/1"], () => [D("2020-07-11")], "~D[2020-07-12]"],
  ["Date.end_of_week(~D[2020-07-06], :saturday)", date.natives.fns["end_of_week/2"], () => [D("2020-07-06"), at("saturday")], "~D[2020-07-10]"],
  ["Date.day_of_year(~D[2004-12-31])", date.natives.fns["day_of_year/1"], () => [D("2004-12-31")], "366"],
  ["Date.day_of_year(~D[-0015-10-30])", date.natives.fns["day_of_year/1"], () => [D("-0015-10-30")], "303"],
  ["Date.quarter_of_year(~D[-0015-09-30])", date.natives.fns["quarter_of_year/1"], () => [D("-0015-09-30")], "3"],
  ["Date.year_of_era(~D[-0001-01-01])", date.natives.fns["year_of_era/1"], () => [D("-0001-01-01")], "{2, 0}"],
  ["Date.day_of_era(~D[0001-01-01])", date.natives.fns["day_of_era/1"], () => [D("0001-01-01")], "{1, 1}"],
  ["Date.day_of_era(~D[-0001-12-31])", date.natives.fns["day_of_era/1"], () => [D("-0001-12-31")], "{367, 0}"],
  ["Date.end_of_month(~D[2000-02-01])", date.natives.fns["end_of_month/1"], () => [D("2000-02-01")], "~D[2000-02-29]"],
  ["Date.end_of_month(~D[1900-02-01])", date.natives.fns["end_of_month/1"], () => [D("1900-02-01")], "~D[1900-02-28]"],
  ["Date.from_iso8601(\"2015-01-32\")", date.natives.fns["from_iso8601/1"], () => ["2015-01-32"], "{:error, :invalid_date}"],
  ["Date.from_iso8601(\"-2015-01-23\")", date.natives.fns["from_iso8601/1"], () => ["-2015-01-23"], "{:ok, ~D[-2015-01-23]}"],
  ["Date.from_iso8601(\"2015-01-23T00:00:00\")", date.natives.fns["from_iso8601/1"], () => ["2015-01-23T00:00:00"], "{:error, :invalid_format}"],
  ["Date.from_iso8601!(\"2015:01:23\")", date.natives.fns["from_iso8601!/1"], () => ["2015:01:23"], "** (ArgumentError) cannot parse \"2015:01:23\" as date, reason: :invalid_format"],
  ["Date.to_iso8601(~D[-0100-12-15], :basic)", date.natives.fns["to_iso8601/2"], () => [D("-0100-12-15"), at("basic")], "\"-01001215\""],
  ["Date.from_erl!({2000, 13, 1})", date.natives.fns["from_erl!/1"], () => [[2000, 13, 1]], "** (ArgumentError) cannot convert {2000, 13, 1} to date, reason: :invalid_date"],
  ["Date.from_gregorian_days(-1)", date.natives.fns["from_gregorian_days/1"], () => [-1], "~D[-0001-12-31]"],
  ["Date.from_gregorian_days(730_485)", date.natives.fns["from_gregorian_days/1"], () => [730485], "~D[2000-01-01]"],
  ["Date.from_gregorian_days(3652424)", date.natives.fns["from_gregorian_days/1"], () => [3652424], "~D[9999-12-31]"],
  ["Date.from_gregorian_days(-3652059)", date.natives.fns["from_gregorian_days/1"], () => [-3652059], "~D[-9999-01-01]"],
  ["Date.to_gregorian_days(~D[-9999-01-01])", date.natives.fns["to_gregorian_days/1"], () => [D("-9999-01-01")], "-3652059"],
  ["Date.to_gregorian_days(~D[9999-12-31])", date.natives.fns["to_gregorian_days/1"], () => [D("9999-12-31")], "3652424"],
  ["Date.range(~D[2000-01-10], ~D[2000-01-01])", date.natives.fns["range/2"], () => [D("2000-01-10"), D("2000-01-01")], "Date.range(~D[2000-01-10], ~D[2000-01-01], -1)"],
  ["Date.range(~D[2000-01-01], ~D[2000-01-10], 0)", date.natives.fns["range/3"], () => [D("2000-01-01"), D("2000-01-10"), 0], "** (ArgumentError) both dates must have matching calendar and the step must be a non-zero integer, got: ~D[2000-01-01], ~D[2000-01-10], 0"],
  ["Time.new(24, 0, 0)", time.natives.fns["new/3"], () => [24, 0, 0], "{:error, :invalid_time}"],
  ["Time.new(1, 0, 0, 5)", time.natives.fns["new/4"], () => [1, 0, 0, 5], "{:ok, ~T[01:00:00.000005]}"],
  ["Time.new(1, 2, 3, {4, 3})", time.natives.fns["new/4"], () => [1, 2, 3, [4, 3]], "{:ok, ~T[01:02:03.000]}"],
  ["Time.new!(24, 0, 0)", time.natives.fns["new!/3"], () => [24, 0, 0], "** (ArgumentError) cannot build time, reason: :invalid_time"],
  ["Time.add(~T[23:59:59], 2)", time.natives.fns["add/2"], () => [T("23:59:59"), 2], "~T[00:00:01]"],
  ["Time.add(~T[00:00:00.123], -1, :millisecond)", time.natives.fns["add/3"], () => [T("00:00:00.123"), -1, at("millisecond")], "~T[00:00:00.122]"],
  ["Time.add(~T[10:00:00], 25, :hour)", time.natives.fns["add/3"], () => [T("10:00:00"), 25, at("hour")], "~T[11:00:00]"],
  ["Time.diff(~T[23:59:59], ~T[00:00:00.5], :microsecond)", time.natives.fns["diff/3"], () => [T("23:59:59"), T("00:00:00.5"), at("microsecond")], "86398500000"],
  ["Time.diff(~T[01:00:00], ~T[03:30:00], :minute)", time.natives.fns["diff/3"], () => [T("01:00:00"), T("03:30:00"), at("minute")], "-150"],
  ["Time.compare(~T[16:04:28], ~T[16:04:16])", time.natives.fns["compare/2"], () => [T("16:04:28"), T("16:04:16")], ":gt"],
  ["Time.compare(~T[16:04:16.01], ~T[16:04:16.001])", time.natives.fns["compare/2"], () => [T("16:04:16.01"), T("16:04:16.001")], ":gt"],
  ["Time.truncate(~T[23:59:59.123456], :millisecond)", time.natives.fns["truncate/2"], () => [T("23:59:59.123456"), at("millisecond")], "~T[23:59:59.123]"],
  ["Time.truncate(~T[23:59:59.1], :millisecond)", time.natives.fns["truncate/2"], () => [T("23:59:59.1"), at("millisecond")], "~T[23:59:59.1]"],
  ["Time.truncate(~T[23:59:59.1], :second)", time.natives.fns["truncate/2"], () => [T("23:59:59.1"), at("second")], "~T[23:59:59]"],
  ["Time.from_iso8601(\"23:50:07,0123456\")", time.natives.fns["from_iso8601/1"], () => ["23:50:07,0123456"], "{:ok, ~T[23:50:07.012345]}"],
  ["Time.from_iso8601(\"23:50:07.123Z\")", time.natives.fns["from_iso8601/1"], () => ["23:50:07.123Z"], "{:ok, ~T[23:50:07.123]}"],
  ["Time.from_iso8601(\"2015:01:23 23-50-07\")", time.natives.fns["from_iso8601/1"], () => ["2015:01:23 23-50-07"], "{:error, :invalid_format}"],
  ["Time.from_iso8601(\"24:00:00\")", time.natives.fns["from_iso8601/1"], () => ["24:00:00"], "{:error, :invalid_time}"],
  ["Time.to_iso8601(~T[23:00:13.001], :basic)", time.natives.fns["to_iso8601/2"], () => [T("23:00:13.001"), at("basic")], "\"230013.001\""],
  ["Time.from_seconds_after_midnight(-1)", time.natives.fns["from_seconds_after_midnight/1"], () => [-1], "~T[23:59:59]"],
  ["Time.from_seconds_after_midnight(100000)", time.natives.fns["from_seconds_after_midnight/1"], () => [100000], "~T[03:46:40]"],
  ["Time.to_seconds_after_midnight(~T[23:00:00.5])", time.natives.fns["to_seconds_after_midnight/1"], () => [T("23:00:00.5")], "{82800, 500000}"],
  ["NaiveDateTime.new(2000, 1, 1, 23, 59, 59, 999_999)", dt.naiveNatives.fns["new/7"], () => [2000, 1, 1, 23, 59, 59, 999999], "{:ok, ~N[2000-01-01 23:59:59.999999]}"],
  ["NaiveDateTime.new(2000, 1, 1, 24, 59, 59)", dt.naiveNatives.fns["new/6"], () => [2000, 1, 1, 24, 59, 59], "{:error, :invalid_time}"],
  ["NaiveDateTime.new(2000, 2, 30, 0, 0, 0)", dt.naiveNatives.fns["new/6"], () => [2000, 2, 30, 0, 0, 0], "{:error, :invalid_date}"],
  ["NaiveDateTime.new(~D[2010-07-05], ~T[12:00:00])", dt.naiveNatives.fns["new/2"], () => [D("2010-07-05"), T("12:00:00")], "{:ok, ~N[2010-07-05 12:00:00]}"],
  ["NaiveDateTime.add(~N[2014-10-02 00:29:10], 2)", dt.naiveNatives.fns["add/2"], () => [N("2014-10-02 00:29:10"), 2], "~N[2014-10-02 00:29:12]"],
  ["NaiveDateTime.add(~N[2014-10-02 00:29:10], -2, :day)", dt.naiveNatives.fns["add/3"], () => [N("2014-10-02 00:29:10"), -2, at("day")], "~N[2014-09-30 00:29:10]"],
  ["NaiveDateTime.add(~N[2014-10-02 00:29:10.021], 21, :millisecond)", dt.naiveNatives.fns["add/3"], () => [N("2014-10-02 00:29:10.021"), 21, at("millisecond")], "~N[2014-10-02 00:29:10.042]"],
  ["NaiveDateTime.add(~N[2000-01-01 00:00:00], 1, :nanosecond)", dt.naiveNatives.fns["add/3"], () => [N("2000-01-01 00:00:00"), 1, at("nanosecond")], "~N[2000-01-01 00:00:00]"],
  ["NaiveDateTime.add(~N[2000-01-01 00:00:00.5], -1)", dt.naiveNatives.fns["add/2"], () => [N("2000-01-01 00:00:00.5"), -1], "~N[1999-12-31 23:59:59.5]"],
  ["NaiveDateTime.diff(~N[2014-10-02 00:29:12], ~N[2014-10-02 00:29:10])", dt.naiveNatives.fns["diff/2"], () => [N("2014-10-02 00:29:12"), N("2014-10-02 00:29:10")], "2"],
  ["NaiveDateTime.diff(~N[2014-10-04 00:29:10], ~N[2014-10-02 00:29:10], :day)", dt.naiveNatives.fns["diff/3"], () => [N("2014-10-04 00:29:10"), N("2014-10-02 00:29:10"), at("day")], "2"],
  ["NaiveDateTime.diff(~N[2000-01-01 00:00:00], ~N[2000-01-02 00:00:00.5], :millisecond)", dt.naiveNatives.fns["diff/3"], () => [N("2000-01-01 00:00:00"), N("2000-01-02 00:00:00.5"), at("millisecond")], "-86400500"],
  ["NaiveDateTime.compare(~N[2016-04-16 13:30:15], ~N[2016-04-28 16:19:25])", dt.naiveNatives.fns["compare/2"], () => [N("2016-04-16 13:30:15"), N("2016-04-28 16:19:25")], ":lt"],
  ["NaiveDateTime.compare(~N[2016-04-16 13:30:15.1], ~N[2016-04-16 13:30:15.01])", dt.naiveNatives.fns["compare/2"], () => [N("2016-04-16 13:30:15.1"), N("2016-04-16 13:30:15.01")], ":gt"],
  ["NaiveDateTime.truncate(~N[2017-11-06 00:23:51.123456], :millisecond)", dt.naiveNatives.fns["truncate/2"], () => [N("2017-11-06 00:23:51.123456"), at("millisecond")], "~N[2017-11-06 00:23:51.123]"],
  ["NaiveDateTime.from_iso8601(\"2015-01-23 23:50:07.0123456\")", dt.naiveNatives.fns["from_iso8601/1"], () => ["2015-01-23 23:50:07.0123456"], "{:ok, ~N[2015-01-23 23:50:07.012345]}"],
  ["NaiveDateTime.from_iso8601(\"2015-01-23T23:50:07.123+02:30\")", dt.naiveNatives.fns["from_iso8601/1"], () => ["2015-01-23T23:50:07.123+02:30"], "{:ok, ~N[2015-01-23 23:50:07.123]}"],
  ["NaiveDateTime.from_iso8601(\"2015-01-23P23:50:07\")", dt.naiveNatives.fns["from_iso8601/1"], () => ["2015-01-23P23:50:07"], "{:error, :invalid_format}"],
  ["NaiveDateTime.from_iso8601(\"2015-01-23 23:50:61\")", dt.naiveNatives.fns["from_iso8601/1"], () => ["2015-01-23 23:50:61"], "{:error, :invalid_time}"],
  ["NaiveDateTime.from_iso8601(\"2015-01-32 23:50:07\")", dt.naiveNatives.fns["from_iso8601/1"], () => ["2015-01-32 23:50:07"], "{:error, :invalid_date}"],
  ["NaiveDateTime.from_iso8601(\"-2015-01-23 23:50:07\")", dt.naiveNatives.fns["from_iso8601/1"], () => ["-2015-01-23 23:50:07"], "{:ok, ~N[-2015-01-23 23:50:07]}"],
  ["NaiveDateTime.to_iso8601(~N[2000-02-28 23:00:13.001], :basic)", dt.naiveNatives.fns["to_iso8601/2"], () => [N("2000-02-28 23:00:13.001"), at("basic")], "\"20000228T230013.001\""],
  ["NaiveDateTime.from_erl({{2000, 1, 1}, {13, 30, 15}}, {5000, 3})", dt.naiveNatives.fns["from_erl/2"], () => [[[2000, 1, 1], [13, 30, 15]], [5000, 3]], "{:ok, ~N[2000-01-01 13:30:15.005]}"],
  ["NaiveDateTime.from_erl({{2000, 13, 1}, {13, 30, 15}})", dt.naiveNatives.fns["from_erl/1"], () => [[[2000, 13, 1], [13, 30, 15]]], "{:error, :invalid_date}"],
  ["NaiveDateTime.from_gregorian_seconds(1, {5000, 3})", dt.naiveNatives.fns["from_gregorian_seconds/2"], () => [1, [5000, 3]], "~N[0000-01-01 00:00:01.005]"],
  ["NaiveDateTime.from_gregorian_seconds(-1)", dt.naiveNatives.fns["from_gregorian_seconds/1"], () => [-1], "~N[-0001-12-31 23:59:59]"],
  ["NaiveDateTime.from_gregorian_seconds(63_755_511_991, {5000, 3})", dt.naiveNatives.fns["from_gregorian_seconds/2"], () => [63755511991, [5000, 3]], "~N[2020-05-01 00:26:31.005]"],
  ["NaiveDateTime.to_gregorian_seconds(~N[0000-01-01 00:00:01.000005])", dt.naiveNatives.fns["to_gregorian_seconds/1"], () => [N("0000-01-01 00:00:01.000005")], "{1, 5}"],
  ["NaiveDateTime.to_gregorian_seconds(~N[-0001-12-31 23:59:59.5])", dt.naiveNatives.fns["to_gregorian_seconds/1"], () => [N("-0001-12-31 23:59:59.5")], "{-1, 500000}"],
  ["NaiveDateTime.to_date(~N[2002-01-13 23:00:07])", dt.naiveNatives.fns["to_date/1"], () => [N("2002-01-13 23:00:07")], "~D[2002-01-13]"],
  ["NaiveDateTime.to_time(~N[2002-01-13 23:00:07.1])", dt.naiveNatives.fns["to_time/1"], () => [N("2002-01-13 23:00:07.1")], "~T[23:00:07.1]"],
  ["DateTime.from_unix(1_464_096_368)", dt.dateTimeNatives.fns["from_unix/1"], () => [1464096368], "{:ok, ~U[2016-05-24 13:26:08Z]}"],
  ["DateTime.from_unix(1_432_560_368_868_569, :microsecond)", dt.dateTimeNatives.fns["from_unix/2"], () => [1432560368868569, at("microsecond")], "{:ok, ~U[2015-05-25 13:26:08.868569Z]}"],
  ["DateTime.from_unix(-1, :millisecond)", dt.dateTimeNatives.fns["from_unix/2"], () => [-1, at("millisecond")], "{:ok, ~U[1969-12-31 23:59:59.999Z]}"],
  ["DateTime.from_unix(253_402_300_800)", dt.dateTimeNatives.fns["from_unix/1"], () => [253402300800], "{:error, :invalid_unix_time}"],
  ["DateTime.from_unix!(253_402_300_800)", dt.dateTimeNatives.fns["from_unix!/1"], () => [253402300800], "** (ArgumentError) invalid Unix time 253402300800"],
  ["DateTime.to_unix(~U[2016-05-24 13:26:08Z])", dt.dateTimeNatives.fns["to_unix/1"], () => [U("2016-05-24 13:26:08Z")], "1464096368"],
  ["DateTime.to_unix(~U[1969-12-31 23:59:59.999Z], :millisecond)", dt.dateTimeNatives.fns["to_unix/2"], () => [U("1969-12-31 23:59:59.999Z"), at("millisecond")], "-1"],
  ["DateTime.from_naive(~N[2016-05-24 13:26:08.003], \"Etc/UTC\")", dt.dateTimeNatives.fns["from_naive/2"], () => [N("2016-05-24 13:26:08.003"), "Etc/UTC"], "{:ok, ~U[2016-05-24 13:26:08.003Z]}"],
  ["DateTime.from_naive(~N[2016-05-24 13:26:08.003], \"Europe/Paris\")", dt.dateTimeNatives.fns["from_naive/2"], () => [N("2016-05-24 13:26:08.003"), "Europe/Paris"], "{:error, :utc_only_time_zone_database}"],
  ["DateTime.from_naive!(~N[2016-05-24 13:26:08.003], \"Europe/Paris\")", dt.dateTimeNatives.fns["from_naive!/2"], () => [N("2016-05-24 13:26:08.003"), "Europe/Paris"], "** (ArgumentError) cannot convert ~N[2016-05-24 13:26:08.003] to datetime, reason: :utc_only_time_zone_database"],
  ["DateTime.shift_zone(~U[2016-05-24 13:26:08Z], \"Etc/UTC\")", dt.dateTimeNatives.fns["shift_zone/2"], () => [U("2016-05-24 13:26:08Z"), "Etc/UTC"], "{:ok, ~U[2016-05-24 13:26:08Z]}"],
  ["DateTime.shift_zone(~U[2016-05-24 13:26:08Z], \"America/New_York\")", dt.dateTimeNatives.fns["shift_zone/2"], () => [U("2016-05-24 13:26:08Z"), "America/New_York"], "{:error, :utc_only_time_zone_database}"],
  ["DateTime.from_iso8601(\"2015-01-23T23:50:07Z\")", dt.dateTimeNatives.fns["from_iso8601/1"], () => ["2015-01-23T23:50:07Z"], "{:ok, ~U[2015-01-23 23:50:07Z], 0}"],
  ["DateTime.from_iso8601(\"2015-01-23T23:50:07.123+02:30\")", dt.dateTimeNatives.fns["from_iso8601/1"], () => ["2015-01-23T23:50:07.123+02:30"], "{:ok, ~U[2015-01-23 21:20:07.123Z], 9000}"],
  ["DateTime.from_iso8601(\"-2015-01-23T23:50:07Z\")", dt.dateTimeNatives.fns["from_iso8601/1"], () => ["-2015-01-23T23:50:07Z"], "{:ok, ~U[-2015-01-23 23:50:07Z], 0}"],
  ["DateTime.from_iso8601(\"2015-01-23 23:50:07A\")", dt.dateTimeNatives.fns["from_iso8601/1"], () => ["2015-01-23 23:50:07A"], "{:error, :invalid_format}"],
  ["DateTime.from_iso8601(\"2015-01-23T23:50:07\")", dt.dateTimeNatives.fns["from_iso8601/1"], () => ["2015-01-23T23:50:07"], "{:error, :missing_offset}"],
  ["DateTime.from_iso8601(\"2015-01-23T23:50:61\")", dt.dateTimeNatives.fns["from_iso8601/1"], () => ["2015-01-23T23:50:61"], "{:error, :invalid_time}"],
  ["DateTime.from_iso8601(\"20150123T235007Z\", :basic)", dt.dateTimeNatives.fns["from_iso8601/2"], () => ["20150123T235007Z", at("basic")], "{:ok, ~U[2015-01-23 23:50:07Z], 0}"],
  ["DateTime.to_iso8601(~U[2016-05-24 13:26:08.003Z])", dt.dateTimeNatives.fns["to_iso8601/1"], () => [U("2016-05-24 13:26:08.003Z")], "\"2016-05-24T13:26:08.003Z\""],
  ["DateTime.to_iso8601(~U[2016-05-24 13:26:08.003Z], :basic)", dt.dateTimeNatives.fns["to_iso8601/2"], () => [U("2016-05-24 13:26:08.003Z"), at("basic")], "\"20160524T132608.003Z\""],
  ["DateTime.to_iso8601(~U[2016-05-24 13:26:08.003Z], :extended, -3600)", dt.dateTimeNatives.fns["to_iso8601/3"], () => [U("2016-05-24 13:26:08.003Z"), at("extended"), -3600], "\"2016-05-24T12:26:08.003-01:00\""],
  ["DateTime.to_iso8601(~U[2016-05-24 13:26:08Z], :extended, 0)", dt.dateTimeNatives.fns["to_iso8601/3"], () => [U("2016-05-24 13:26:08Z"), at("extended"), 0], "\"2016-05-24T13:26:08Z\""],
  ["DateTime.to_string(~U[2016-05-24 13:26:08.003Z])", dt.dateTimeNatives.fns["to_string/1"], () => [U("2016-05-24 13:26:08.003Z")], "\"2016-05-24 13:26:08.003Z\""],
  ["DateTime.compare(~U[2016-05-24 13:26:08Z], ~U[2016-05-24 13:26:08.001Z])", dt.dateTimeNatives.fns["compare/2"], () => [U("2016-05-24 13:26:08Z"), U("2016-05-24 13:26:08.001Z")], ":lt"],
  ["DateTime.diff(~U[2016-05-24 13:26:08Z], ~U[2016-05-25 13:26:08Z], :day)", dt.dateTimeNatives.fns["diff/3"], () => [U("2016-05-24 13:26:08Z"), U("2016-05-25 13:26:08Z"), at("day")], "-1"],
  ["DateTime.diff(~U[2016-05-24 13:26:08.5Z], ~U[2016-05-24 13:26:08Z], :microsecond)", dt.dateTimeNatives.fns["diff/3"], () => [U("2016-05-24 13:26:08.5Z"), U("2016-05-24 13:26:08Z"), at("microsecond")], "500000"],
  ["DateTime.add(~U[2018-11-15 10:00:00Z], 3600)", dt.dateTimeNatives.fns["add/2"], () => [U("2018-11-15 10:00:00Z"), 3600], "~U[2018-11-15 11:00:00Z]"],
  ["DateTime.add(~U[2018-11-15 10:00:00.1Z], -2, :day)", dt.dateTimeNatives.fns["add/3"], () => [U("2018-11-15 10:00:00.1Z"), -2, at("day")], "~U[2018-11-13 10:00:00.1Z]"],
  ["DateTime.add(~U[2018-11-15 10:00:00Z], 1, :foo)", dt.dateTimeNatives.fns["add/3"], () => [U("2018-11-15 10:00:00Z"), 1, at("foo")], "** (ArgumentError) unsupported time unit. Expected :second, :millisecond, :microsecond, :nanosecond, or a positive integer, got :foo"],
  ["DateTime.truncate(~U[2017-11-06 00:23:51.123456Z], :second)", dt.dateTimeNatives.fns["truncate/2"], () => [U("2017-11-06 00:23:51.123456Z"), at("second")], "~U[2017-11-06 00:23:51Z]"],
  ["DateTime.to_naive(~U[2016-05-24 13:26:08.003Z])", dt.dateTimeNatives.fns["to_naive/1"], () => [U("2016-05-24 13:26:08.003Z")], "~N[2016-05-24 13:26:08.003]"],
  ["DateTime.to_gregorian_seconds(~U[2020-01-01 00:00:00.5Z])", dt.dateTimeNatives.fns["to_gregorian_seconds/1"], () => [U("2020-01-01 00:00:00.5Z")], "{63745056000, 500000}"],
  ["DateTime.from_gregorian_seconds(63_755_511_991, {5000, 3})", dt.dateTimeNatives.fns["from_gregorian_seconds/2"], () => [63755511991, [5000, 3]], "~U[2020-05-01 00:26:31.005Z]"],
  ["Calendar.ISO.parse_utc_datetime(\"2015-01-01 01:50:07+02:30\")", iso.isoNatives.fns["parse_utc_datetime/1"], () => ["2015-01-01 01:50:07+02:30"], "{:ok, {2014, 12, 31, 23, 20, 7, {0, 0}}, 9000}"],
  ["Calendar.ISO.parse_utc_datetime(\"2015-01-01 01:50:07-00:00\")", iso.isoNatives.fns["parse_utc_datetime/1"], () => ["2015-01-01 01:50:07-00:00"], "{:error, :invalid_format}"],
  ["Calendar.ISO.parse_utc_datetime(\"2015-01-23 23:50:07-02\")", iso.isoNatives.fns["parse_utc_datetime/1"], () => ["2015-01-23 23:50:07-02"], "{:ok, {2015, 1, 24, 1, 50, 7, {0, 0}}, -7200}"],
  ["Calendar.ISO.days_in_month(2000, 13)", iso.isoNatives.fns["days_in_month/2"], () => [2000, 13], "** (FunctionClauseError) no function clause matching in Calendar.ISO.days_in_month/2"],
  ["~D[2000-13-01]", date.sigilNatives.fns["sigil_D/2"], () => ["2000-13-01", NIL], "** (ArgumentError) cannot parse \"2000-13-01\" as Date for Calendar.ISO, reason: :invalid_date"],
  ["~D[-2000-02-29]", date.sigilNatives.fns["sigil_D/2"], () => ["-2000-02-29", NIL], "~D[-2000-02-29]"],
  ["~D[2000-01-01 Foo.Bar]", date.sigilNatives.fns["sigil_D/2"], () => ["2000-01-01 Foo.Bar", NIL], "** (UndefinedFunctionError) function Foo.Bar.parse_date/1 is undefined (module Foo.Bar is not available)"],
  ["~U[2015-01-13 13:00:07+01:00]", date.sigilNatives.fns["sigil_U/2"], () => ["2015-01-13 13:00:07+01:00", NIL], "** (ArgumentError) cannot parse \"2015-01-13 13:00:07+01:00\" as UTC DateTime for Calendar.ISO, reason: :non_utc_offset"],
  ["~U[2015-01-13T13:00:07.001+00:00]", date.sigilNatives.fns["sigil_U/2"], () => ["2015-01-13T13:00:07.001+00:00", NIL], "~U[2015-01-13 13:00:07.001Z]"],
  ["~U[2015-01-13 13:00:07]", date.sigilNatives.fns["sigil_U/2"], () => ["2015-01-13 13:00:07", NIL], "** (ArgumentError) cannot parse \"2015-01-13 13:00:07\" as UTC DateTime for Calendar.ISO, reason: :missing_offset"],
  ["~T[13:00:07.001]", date.sigilNatives.fns["sigil_T/2"], () => ["13:00:07.001", NIL], "~T[13:00:07.001]"],
  ["~T[T13:00:07,5]", date.sigilNatives.fns["sigil_T/2"], () => ["T13:00:07,5", NIL], "~T[13:00:07.5]"],
  ["~N[2015-01-13T13:00:07.001]", date.sigilNatives.fns["sigil_N/2"], () => ["2015-01-13T13:00:07.001", NIL], "~N[2015-01-13 13:00:07.001]"],
  ["~N[2015-01-13 13:00]", date.sigilNatives.fns["sigil_N/2"], () => ["2015-01-13 13:00", NIL], "** (ArgumentError) cannot parse \"2015-01-13 13:00\" as NaiveDateTime for Calendar.ISO, reason: :invalid_format"],
];

for (const [expr, fn, args, expected] of cases) {
  test(expr, () => {
    assert.ok(fn, "native missing for " + expr);
    assert.equal(run(fn, args), expected);
  });
}

test("Date.Range enumeration helpers", () => {
  const r = date.natives.fns["range/3"]([D("2000-01-01"), D("2000-01-10"), 3], null as never);
  assert.equal(inspect(list(date.dateRangeToArray(r))), "[~D[2000-01-01], ~D[2000-01-04], ~D[2000-01-07], ~D[2000-01-10]]");
  assert.equal(date.dateRangeSize(r), 4);
  assert.equal(date.dateRangeMember(r, D("2000-01-07")), true);
  assert.equal(date.dateRangeMember(r, D("2000-01-08")), false);
  const down = date.natives.fns["range/2"]([D("2000-01-10"), D("2000-01-01")], null as never);
  assert.equal(date.dateRangeSize(down), 10);
  const empty = date.natives.fns["range/3"]([D("2000-01-01"), D("2000-01-10"), -1], null as never);
  assert.equal(date.dateRangeSize(empty), 0);
  assert.equal(inspect(list(date.dateRangeToArray(empty))), "[]");
  const r2 = date.natives.fns["range/2"]([D("2000-01-01"), D("2000-01-10")], null as never);
  assert.equal(inspect(list(date.dateRangeSlice(r2, 2, 3))), "[~D[2000-01-03], ~D[2000-01-04], ~D[2000-01-05]]");
});

test("utc_today / utc_now build ISO structs", () => {
  const today = date.natives.fns["utc_today/0"]([], null as never);
  assert.match(inspect(today), /^~D\[\d{4}-\d\d-\d\d\]$/);
  const now = dt.dateTimeNatives.fns["utc_now/0"]([], null as never);
  assert.match(inspect(now), /^~U\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}Z\]$/);
  void time; void iso;
});

// Calendar.ISO (a port of Elixir 1.14's lib/calendar/iso.ex), Calendar (truncate,
// compatible_calendars?, time zone database) and Calendar.UTCOnlyTimeZoneDatabase.
// Shared helpers for date.ts / date-time.ts / time.ts: struct builders, field access with
// FunctionClauseError on mismatch, iso-days arithmetic and System.convert_time_unit.
//
// Only Calendar.ISO (and the UTC-only time zone database) is implemented natively. A native
// meeting another calendar or database throws OtherCalendar, and its table's wrapper
// (routeCalendars) hands the whole call to the module's Elixir `__calendar__/2` (the
// prelude's date.ex, time.ex, naive_datetime.ex, datetime.ex, calendar.ex), which goes
// through the calendar's callbacks as Elixir does. Natives cannot call Elixir code.
// Calendar.ISO's functions whose bad arguments fail in arithmetic or a binary's construction
// (datetime_to_string, offset_to_string, time_to_day_fraction, gregorian_seconds_to_iso_days,
// add_day_fraction_to_iso_days) are Elixir code instead: prelude/calendar/iso.ex.
import type { NativeFn } from "../runtime/code.js";
import { BeamError, argumentError, badArgs, undefinedFunction } from "../runtime/errors.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { Atom, NIL, Term, a, atomName, binFromBytes, binBytes, int, isAtom, list, listToArray } from "../runtime/term.js";
import { add, badarith, fce, idiv, mul, withFrame } from "../runtime/arith.js";
import { systemTimeNative } from "./erlang.js";
import { TailCall } from "../runtime/calls.js";
import { Fun } from "../runtime/fun.js";
import type { ProcLike } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import { applicationEnv } from "./application.js";

export type Int = number | bigint;
export const ISO = a("Elixir.Calendar.ISO");
export const STRUCT = a("__struct__");
export const OK = a("ok");
export const ERROR = a("error");
export const DATE = a("Elixir.Date");
export const TIME = a("Elixir.Time");
export const NAIVE = a("Elixir.NaiveDateTime");
export const DATETIME = a("Elixir.DateTime");
export const DATE_RANGE = a("Elixir.Date.Range");
export const UTC_DB = a("Elixir.Calendar.UTCOnlyTimeZoneDatabase");
export const EXTENDED = a("extended");
export const BASIC = a("basic");

export const isInt = (t: Term): t is Int => typeof t === "number" || typeof t === "bigint";
export const ok = (v: Term): Term => [OK, v];
export const err = (reason: string): Term => [ERROR, a(reason)];

// ---------------------------------------------------------------------------
// Field access

/** Struct module name of a map, or null. */
export function structOf(t: Term): Atom | null {
  if (!(t instanceof MapTerm)) return null;
  const s = t.get(STRUCT);
  return s instanceof Atom ? s : null;
}

/**
 * The fields `keys` of map `m`, or a FunctionClauseError for `mod.fn(args)` when `m` is not
 * a map holding all of them (how a `%{year: y, ...}` function head fails).
 */
export function fields(m: Term, keys: string[], mod: string, fn: string, args: Term[]): Term[] {
  if (!(m instanceof MapTerm)) throw fce(mod, fn, args);
  const out: Term[] = [];
  for (const k of keys) {
    const v = m.get(a(k));
    if (v === undefined) throw fce(mod, fn, args);
    out.push(v);
  }
  return out;
}

/** MatchError-free lookup for maps already known to hold the key. */
export const field = (m: MapTerm, k: string): Term => m.get(a(k));

/**
 * Calendar.get_time_zone_database/0: the :elixir application's :time_zone_database
 * (Calendar.put_time_zone_database/1 sets it), Calendar.UTCOnlyTimeZoneDatabase by default.
 */
export function timeZoneDatabase(p: ProcLike): Term {
  return (p?.rt ? applicationEnv(p.rt as Runtime, "elixir", "time_zone_database") : undefined) ?? UTC_DB;
}

/** Raises UndefinedFunctionError for a non-ISO calendar callback. */
export function calendarCallback(cal: Term, fn: string, arity: number): BeamError {
  // A calendar that is not a module fails in apply, as on BEAM.
  if (!isAtom(cal)) return argumentError(`you attempted to apply a function on ${inspect(cal)}. Modules (the first argument of apply) must always be an atom`);
  return undefinedFunction(cal, fn, arity, null);
}

/**
 * A native met a calendar (or time zone database) other than the built-in ones. Thrown out
 * of a native wrapped by routeCalendars, the call goes on in Elixir; anywhere else it is the
 * UndefinedFunctionError of the callback the native would have needed.
 */
export class OtherCalendar extends BeamError {}

/** OtherCalendar for `cal.fn/arity`, the callback a native would need. */
export function otherCalendar(cal: Term, fn: string, arity: number): OtherCalendar {
  const e = calendarCallback(cal, fn, arity);
  return new OtherCalendar(e.kind, e.reason);
}

/** Ensures `cal` is Calendar.ISO (the only calendar implemented natively). */
export function requireIso(cal: Term, fn: string, arity: number): void {
  if (cal !== ISO) throw otherCalendar(cal, fn, arity);
}

/**
 * Wraps a native table: a native that throws OtherCalendar tail-calls
 * `target.__calendar__(name, args)` instead (`name` the function's name as an atom), the
 * same function written in Elixir over the calendar's callbacks.
 */
export function routeCalendars(table: { module: string; fns: Record<string, NativeFn> }, target = table.module): { module: string; fns: Record<string, NativeFn> } {
  const fns: Record<string, NativeFn> = {};
  const elixir = new Fun(2, null, [], a(target), a("__calendar__"));
  for (const [key, native] of Object.entries(table.fns)) {
    const name = a(key.slice(0, key.lastIndexOf("/")));
    fns[key] = (args, p) => {
      try {
        return native(args, p);
      } catch (e) {
        if (e instanceof OtherCalendar) return new TailCall(elixir, [name, list(args)]);
        throw e;
      }
    };
  }
  return { module: table.module, fns };
}

// ---------------------------------------------------------------------------
// Struct builders

export function makeDate(year: Term, month: Term, day: Term, calendar: Term = ISO): MapTerm {
  return MapTerm.fromPairs([[STRUCT, DATE], [a("calendar"), calendar], [a("year"), year], [a("month"), month], [a("day"), day]]);
}

export function makeTime(hour: Term, minute: Term, second: Term, us: Term, calendar: Term = ISO): MapTerm {
  return MapTerm.fromPairs([
    [STRUCT, TIME], [a("calendar"), calendar], [a("hour"), hour], [a("minute"), minute], [a("second"), second], [a("microsecond"), us],
  ]);
}

export function makeNaive(y: Term, mo: Term, d: Term, h: Term, mi: Term, s: Term, us: Term, calendar: Term = ISO): MapTerm {
  return MapTerm.fromPairs([
    [STRUCT, NAIVE], [a("calendar"), calendar], [a("year"), y], [a("month"), mo], [a("day"), d],
    [a("hour"), h], [a("minute"), mi], [a("second"), s], [a("microsecond"), us],
  ]);
}

export interface Zone {
  time_zone: Term;
  zone_abbr: Term;
  utc_offset: Term;
  std_offset: Term;
}
export const UTC_ZONE: Zone = { time_zone: "Etc/UTC", zone_abbr: "UTC", utc_offset: 0, std_offset: 0 };

export function makeDateTime(y: Term, mo: Term, d: Term, h: Term, mi: Term, s: Term, us: Term, zone: Zone = UTC_ZONE, calendar: Term = ISO): MapTerm {
  return MapTerm.fromPairs([
    [STRUCT, DATETIME], [a("calendar"), calendar], [a("year"), y], [a("month"), mo], [a("day"), d],
    [a("hour"), h], [a("minute"), mi], [a("second"), s], [a("microsecond"), us],
    [a("time_zone"), zone.time_zone], [a("zone_abbr"), zone.zone_abbr], [a("utc_offset"), zone.utc_offset], [a("std_offset"), zone.std_offset],
  ]);
}

// ---------------------------------------------------------------------------
// Integer helpers

export const big = (n: Int): bigint => (typeof n === "bigint" ? n : BigInt(n));
/** Integer.floor_div on bigints. */
export function floorDiv(x: bigint, y: bigint): bigint {
  const q = x / y;
  return (x % y !== 0n && (x < 0n) !== (y < 0n)) ? q - 1n : q;
}
/** Integer.mod on bigints. */
export function mod(x: bigint, y: bigint): bigint {
  const r = x % y;
  return r !== 0n && (r < 0n) !== (y < 0n) ? r + y : r;
}
const fdiv = (x: number, y: number): number => Math.floor(x / y);
const inRange = (v: Term, lo: number, hi: number): boolean => typeof v === "number" && v >= lo && v <= hi;

// ---------------------------------------------------------------------------
// Calendar.ISO core

const isYear = (y: Term) => inRange(y, -9999, 9999);
const isMonth = (m: Term) => inRange(m, 1, 12);

export function leapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function isoLeapYear(year: Term): boolean {
  if (!isYear(year)) throw fce("Elixir.Calendar.ISO", "leap_year?", [year]);
  return leapYear(year);
}

export function daysInMonth(year: Term, month: Term): number {
  if (!isYear(year) || !isMonth(month)) throw fce("Elixir.Calendar.ISO", "days_in_month", [year, month]);
  if (month === 2) return leapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function validDate(year: Term, month: Term, day: Term): boolean {
  if (!isInt(year) || !isInt(month) || !isInt(day)) throw fce("Elixir.Calendar.ISO", "valid_date?", [year, month, day]);
  return isYear(year) && isMonth(month) && typeof day === "number" && day >= 1 && day <= daysInMonth(year, month);
}

export function validTime(h: Term, mi: Term, s: Term, us: Term): boolean {
  if (!Array.isArray(us) || us.length !== 2 || !isInt(h) || !isInt(mi) || !isInt(s) || !isInt(us[0])) {
    throw fce("Elixir.Calendar.ISO", "valid_time?", [h, mi, s, us]);
  }
  return inRange(h, 0, 23) && inRange(mi, 0, 59) && inRange(s, 0, 59) && inRange(us[0], 0, 999999) && inRange(us[1], 0, 6);
}

const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function zeroPad(v: Int, n: number): string {
  if (v < 0) return "-" + zeroPad(-(v as number), n);
  return v.toString().padStart(n, "0");
}

function ensureDayInMonth(year: Term, month: Term, day: Term): void {
  if (!isInt(day)) throw fce("Elixir.Calendar.ISO", "ensure_day_in_month!", [year, month, day]);
  if (day < 1 || day > daysInMonth(year, month)) {
    throw argumentError("invalid date: " + dateToString(year, month, day, EXTENDED));
  }
}

function daysInPreviousYears(year: number): number {
  if (year === 0) return 0;
  const p = year - 1;
  return fdiv(p, 4) - fdiv(p, 100) + fdiv(p, 400) + p * 365 + 366;
}

/** Calendar.ISO.date_to_iso_days/3. */
export function dateToIsoDays(year: Term, month: Term, day: Term): number {
  if (year === 0 && month === 1 && day === 1) return 0;
  if (year === 1970 && month === 1 && day === 1) return 719528;
  ensureDayInMonth(year, month, day);
  return daysInPreviousYears(year) + DAYS_BEFORE_MONTH[month] + (month > 2 && leapYear(year) ? 1 : 0) + day - 1;
}

function daysToEndOfEpoch(year: number): number {
  const p = year + 1;
  return Math.trunc(p / 4) - Math.trunc(p / 100) + Math.trunc(p / 400) + p * 365;
}

function daysToYear(days: number): [number, number] {
  if (days < 0) {
    let year = -Math.trunc(-days / 365) - 1;
    let d2 = daysToEndOfEpoch(year);
    for (;;) {
      if (year < 0 && days >= d2) { year++; d2 = year < 0 ? daysToEndOfEpoch(year) : daysInPreviousYears(year); continue; }
      if (year >= 0 && days < d2) { year--; d2 = daysInPreviousYears(year); continue; }
      break;
    }
    // Elixir: {year, leap_year_pad + 365 + days - days_before_year}
    return [year, (leapYear(year) ? 1 : 0) + 365 + days - d2];
  }
  let year = Math.trunc(days / 365);
  let d2 = daysInPreviousYears(year);
  while (year >= 0 && days < d2) {
    year--;
    d2 = daysInPreviousYears(year);
  }
  return [year, days - d2];
}

/** Calendar.ISO.date_from_iso_days/1: [year, month, day]. */
export function dateFromIsoDays(days: Term): [number, number, number] {
  if (!inRange(days, -3652059, 3652424)) throw fce("Elixir.Calendar.ISO", "date_from_iso_days", [days]);
  const [year, doy] = daysToYear(days);
  const extra = leapYear(year) ? 1 : 0;
  const bounds = [31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
  let month = 12;
  for (let i = 0; i < bounds.length; i++) {
    if (doy < bounds[i] + (i === 0 ? 0 : extra)) {
      month = i + 1;
      break;
    }
  }
  const before = month === 1 ? 0 : DAYS_BEFORE_MONTH[month] + (month > 2 ? extra : 0);
  return [year, month, doy - before + 1];
}

/** Integer.mod(iso_days + offset(starting_on), 7) + 1. */
export function isoDaysToDayOfWeek(isoDays: number, startingOn: Term): number {
  const OFFS: Record<string, number> = { default: 5, wednesday: 3, thursday: 2, friday: 1, saturday: 0, sunday: 6, monday: 5, tuesday: 4 };
  const off = startingOn instanceof Atom ? OFFS[startingOn.name] : undefined;
  if (off === undefined) throw fce("Elixir.Calendar.ISO", "day_of_week_offset", [startingOn]);
  return (((isoDays + off) % 7) + 7) % 7 + 1;
}

export function dayOfYear(year: Term, month: Term, day: Term): number {
  ensureDayInMonth(year, month, day);
  return DAYS_BEFORE_MONTH[month] + (month > 2 && leapYear(year) ? 1 : 0) + day;
}

export function quarterOfYear(year: Term, month: Term, day: Term): number {
  if (!isYear(year) || !isMonth(month) || !inRange(day, 1, 31)) throw fce("Elixir.Calendar.ISO", "quarter_of_year", [year, month, day]);
  return Math.trunc((month - 1) / 3) + 1;
}

export function yearOfEra(year: Term): Term {
  if (inRange(year, 1, 9999)) return [year, 1];
  if (inRange(year, -9999, 0)) return [Math.abs(year) + 1, 0];
  throw fce("Elixir.Calendar.ISO", "year_of_era", [year]);
}

export function dayOfEra(year: Term, month: Term, day: Term): Term {
  if (inRange(year, 1, 9999)) return [dateToIsoDays(year, month, day) - 366 + 1, 1];
  if (inRange(year, -9999, 0)) return [Math.abs(dateToIsoDays(year, month, day) - 366), 0];
  throw fce("Elixir.Calendar.ISO", "day_of_era", [year, month, day]);
}

// Formatting

export function dateToString(y: Term, m: Term, d: Term, format: Term): string {
  if (!isInt(y) || !isInt(m) || !isInt(d) || (format !== EXTENDED && format !== BASIC)) {
    throw fce("Elixir.Calendar.ISO", "date_to_string", [y, m, d, format]);
  }
  const sep = format === EXTENDED ? "-" : "";
  return zeroPad(y, 4) + sep + zeroPad(m, 2) + sep + zeroPad(d, 2);
}

export function timeToString(h: Term, mi: Term, s: Term, us: Term, format: Term): string {
  if (!inRange(h, 0, 23) || !inRange(mi, 0, 59) || !inRange(s, 0, 59) || !Array.isArray(us) || us.length !== 2 ||
      !inRange(us[0], 0, 999999) || !inRange(us[1], 0, 6) || (format !== EXTENDED && format !== BASIC)) {
    throw fce("Elixir.Calendar.ISO", "time_to_string", [h, mi, s, us, format]);
  }
  const sep = format === EXTENDED ? ":" : "";
  const base = zeroPad(h, 2) + sep + zeroPad(mi, 2) + sep + zeroPad(s, 2);
  return us[1] === 0 ? base : base + "." + zeroPad(us[0], 6).slice(0, us[1]);
}

export function offsetToString(utc: Term, std: Term, zone: Term, format: Term): string {
  if (utc === 0 && std === 0 && zone === "Etc/UTC") return "Z";
  const total = Number(utc) + Number(std);
  const sec = Math.abs(total);
  const minute = Math.trunc((sec % 3600) / 60);
  const hour = Math.trunc(sec / 3600);
  const sep = format === EXTENDED ? ":" : "";
  return (total < 0 ? "-" : "+") + zeroPad(hour, 2) + sep + zeroPad(minute, 2);
}

export function datetimeToString(m: MapTerm, format: Term = EXTENDED): string {
  const [y, mo, d, h, mi, s, us, tz, abbr, utc, std] =
    ["year", "month", "day", "hour", "minute", "second", "microsecond", "time_zone", "zone_abbr", "utc_offset", "std_offset"].map((k) => field(m, k));
  if (typeof tz !== "string" || typeof abbr !== "string" || !isInt(utc) || !isInt(std)) {
    throw fce("Elixir.Calendar.ISO", "datetime_to_string", [y, mo, d, h, mi, s, us, tz, abbr, utc, std]);
  }
  return dateToString(y, mo, d, format) + " " + timeToString(h, mi, s, us, format) + offsetToString(utc, std, tz, format) +
    (tz === "Etc/UTC" ? "" : " " + abbr + " " + tz);
}

// Day fractions (ISO: parts per day is always 86_400_000_000)

export const PPD = 86_400_000_000;
export const PPD_N = 86_400_000_000n;

export function timeToDayFraction(h: Term, mi: Term, s: Term, us: Term): [Term, Term] {
  if (!Array.isArray(us) || us.length !== 2) throw fce("Elixir.Calendar.ISO", "time_to_day_fraction", [h, mi, s, us]);
  if (h === 0 && mi === 0 && s === 0 && us[0] === 0) return [0, PPD];
  for (const v of [h, mi, s, us[0]]) if (!isInt(v)) throw fce("erlang", "*", [v, 1]);
  return [int((big(h) * 3600n + big(mi) * 60n + big(s)) * 1_000_000n + big(us[0])), PPD];
}

/** [hour, minute, second, [us, 6]] from a day fraction. */
export function timeFromDayFraction(parts: Int, ppd: Int): [number, number, number, Term] {
  if (parts === 0 || parts === 0n) return [0, 0, 0, [0, 6]];
  let total = big(parts);
  if (big(ppd) !== PPD_N) total = (total * PPD_N) / big(ppd);
  const t = Number(total);
  const hours = Math.floor(t / 3_600_000_000);
  let rest = t - hours * 3_600_000_000;
  const minutes = Math.floor(rest / 60_000_000);
  rest -= minutes * 60_000_000;
  const seconds = Math.floor(rest / 1_000_000);
  return [hours, minutes, seconds, [rest - seconds * 1_000_000, 6]];
}

/** An entry of Calendar.ISO's own code in a stack trace (lib/calendar/iso.ex:LINE). */
const isoFrame = (fun: string, arity: number, line: number): Term =>
  [ISO, a(fun), arity, list([[a("file"), list(Array.from("lib/calendar/iso.ex", (c) => c.charCodeAt(0)))], [a("line"), line]])];

/** `err` raised below `frames` (innermost first), as Calendar.ISO's Elixir code shows it. */
function under(err: unknown, ...frames: Term[]): unknown {
  if (!(err instanceof BeamError)) return err;
  err.stacktrace = list([...(listToArray(err.stacktrace ?? NIL) ?? []), ...frames]);
  return err;
}

/** divide_by_parts_per_day/2: parts scaled to microseconds, failing as its arithmetic does. */
function dayFractionMicros(parts: Term, ppd: Term, caller: Term[]): Term {
  if (ppd === PPD) return parts;
  try {
    return idiv(mul(parts, PPD), ppd);
  } catch (e) {
    throw under(e, isoFrame("divide_by_parts_per_day", 2, 766), ...caller);
  }
}

/** time_from_day_fraction/1 on any term, with its clause and arithmetic errors. */
function timeFromDayFractionTerm(f: Term, caller: Term[]): [number, number, number, Term] {
  if (!Array.isArray(f) || f.length !== 2) throw under(fce("Elixir.Calendar.ISO", "time_from_day_fraction", [f]), ...caller);
  if (f[0] === 0) return [0, 0, 0, [0, 6]];
  const total = dayFractionMicros(f[0], f[1], [isoFrame("time_from_day_fraction", 1, 751), ...caller]);
  if (!isInt(total)) throw under(badarith("div", [total, 3_600_000_000]), isoFrame("div_rem", 2, 795), isoFrame("time_from_day_fraction", 1, 754), ...caller);
  return timeFromDayFraction(total, PPD);
}

/** iso days as [days, parts] with parts per day PPD (all ISO values). */
export type IsoDays = [number, number];

export function naiveToIsoDays(m: MapTerm, fn: [string, string, Term[]]): IsoDays {
  const [cal, y, mo, d, h, mi, s, us] = fields(m, ["calendar", "year", "month", "day", "hour", "minute", "second", "microsecond"], ...fn);
  requireIso(cal, "naive_datetime_to_iso_days", 7);
  const days = dateToIsoDays(y, mo, d);
  const [parts] = timeToDayFraction(h, mi, s, us);
  return [days, Number(parts)];
}

/** Calendar.ISO.add_day_fraction_to_iso_days({days, {parts, PPD}}, add, addPpd) → [days, parts/PPD]. */
export function addDayFraction(iso: IsoDays, add: Int, addPpd: bigint): [bigint, bigint] {
  let parts: bigint;
  let ppd: bigint;
  if (addPpd === PPD_N) {
    parts = big(iso[1]) + big(add);
    ppd = PPD_N;
  } else {
    const g = gcd(PPD_N, addPpd);
    parts = (big(iso[1]) * addPpd + big(add) * PPD_N) / g;
    ppd = (PPD_N * addPpd) / g;
  }
  // normalize_iso_days: div/rem truncate towards zero
  let days = big(iso[0]) + parts / ppd;
  let rest = parts % ppd;
  if (rest < 0n) {
    days -= 1n;
    rest += ppd;
  }
  // back to PPD parts (ppd is a multiple or divisor of PPD for every time unit)
  return [days, ppd === PPD_N ? rest : (rest * PPD_N) / ppd];
}

function gcd(x: bigint, y: bigint): bigint {
  while (y !== 0n) [x, y] = [y, x % y];
  return x < 0n ? -x : x;
}

/** Calendar.ISO.iso_days_to_unit/2. */
export function isoDaysToUnit(iso: [Int, Int], unit: Term): Term {
  const total = big(iso[0]) * PPD_N + big(iso[1]);
  return convertTimeUnit(total, a("microsecond"), unit);
}

/** Naive fields from iso days (bigint days checked against ISO's range). */
export function naiveFromIsoDays(days: bigint, parts: bigint): [number, number, number, number, number, number, number] {
  const [y, mo, d] = dateFromIsoDays(int(days));
  const [h, mi, s, us] = timeFromDayFraction(parts, PPD_N);
  return [y, mo, d, h, mi, s, us[0]];
}

// ---------------------------------------------------------------------------
// Time units (System.convert_time_unit/3)

const DEPRECATED_UNITS: Record<string, string> = {
  seconds: "second", milliseconds: "millisecond", microseconds: "microsecond", nanoseconds: "nanosecond",
  milli_seconds: "millisecond", micro_seconds: "microsecond", nano_seconds: "nanosecond",
};

/** Units per second for a System.time_unit (ArgumentError like System.normalize_time_unit/1). */
export function unitsPerSecond(u: Term): bigint {
  if (isInt(u) && u > 0) return big(u);
  if (u instanceof Atom) {
    const name = DEPRECATED_UNITS[u.name] ?? u.name;
    switch (name) {
      case "second": return 1n;
      case "millisecond": return 1000n;
      case "microsecond": return 1_000_000n;
      case "nanosecond": case "native": return 1_000_000_000n;
    }
  }
  // (raised by System's normalize_time_unit/1: its entry heads the trace, the function that
  // ran below it, joined as Elixir's code calls them)
  throw withFrame(argumentError(
    "unsupported time unit. Expected :second, :millisecond, :microsecond, :nanosecond, or a positive integer, got " + inspect(u),
  ), "Elixir.System", "normalize_time_unit", [u], false);
}

export function convertTimeUnit(t: Int, from: Term, to: Term): Term {
  const f = unitsPerSecond(from);
  const u = unitsPerSecond(to);
  return int(floorDiv(big(t) * u, f));
}

/** Precision of microseconds for a unit (Calendar.ISO precision_for_unit). */
export function precisionForUnit(unit: Term): number {
  const n = unitsPerSecond(unit);
  const table: Record<string, number> = { "1": 0, "10": 1, "100": 2, "1000": 3, "10000": 4, "100000": 5 };
  return table[n.toString()] ?? 6;
}

/** Current time in microseconds since the Unix epoch. */
export const nowMicros = (): bigint => systemTimeNative() / 1000n;

const UNIX_EPOCH = 62_167_219_200n;
const UNIX_START = (315_537_897_600n + UNIX_EPOCH) * -1_000_000n;
const UNIX_END = 315_569_519_999_999_999n - UNIX_EPOCH * 1_000_000n;

/** Calendar.ISO.from_unix/2: null for :invalid_unix_time. [y, mo, d, h, mi, s, [us, prec]] */
export function fromUnix(t: Int, unit: Term): Term[] | null {
  const total = big(convertTimeUnit(t, unit, a("microsecond")));
  if (total < UNIX_START || total > UNIX_END) return null;
  const us = mod(total, 1_000_000n);
  const seconds = UNIX_EPOCH + floorDiv(total, 1_000_000n);
  const prec = precisionForUnit(unit);
  const days = floorDiv(seconds, 86400n);
  const rest = Number(mod(seconds, 86400n));
  const [y, mo, d] = dateFromIsoDays(Number(days));
  const h = Math.floor(rest / 3600);
  const mi = Math.floor((rest % 3600) / 60);
  return [y, mo, d, h, mi, rest % 60, [int(us), prec]];
}

// ---------------------------------------------------------------------------
// Parsing (ISO 8601)

type Parsed = { ok: Term[] } | { error: string };

const digit = (c: number) => c >= 48 && c <= 57;

function readDigits(s: string, i: number, n: number): number | null {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k);
    if (!digit(c)) return null;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Matches the date part at the start of `s`; returns [y, m, d, length] or null. */
function matchDate(s: string, format: Term): [number, number, number, number] | null {
  if (format === BASIC) {
    const y = readDigits(s, 0, 4), m = readDigits(s, 4, 2), d = readDigits(s, 6, 2);
    return y === null || m === null || d === null ? null : [y, m, d, 8];
  }
  if (s[4] !== "-" || s[7] !== "-") return null;
  const y = readDigits(s, 0, 4), m = readDigits(s, 5, 2), d = readDigits(s, 8, 2);
  return y === null || m === null || d === null ? null : [y, m, d, 10];
}

function matchTime(s: string, i: number, format: Term): [number, number, number, number] | null {
  if (format === BASIC) {
    const h = readDigits(s, i, 2), m = readDigits(s, i + 2, 2), sec = readDigits(s, i + 4, 2);
    return h === null || m === null || sec === null ? null : [h, m, sec, 6];
  }
  if (s[i + 2] !== ":" || s[i + 5] !== ":") return null;
  const h = readDigits(s, i, 2), m = readDigits(s, i + 3, 2), sec = readDigits(s, i + 6, 2);
  return h === null || m === null || sec === null ? null : [h, m, sec, 8];
}

/** parse_microsecond: [[us, precision], rest] or null (:error). */
function parseMicrosecond(rest: string): [Term, string] | null {
  if (rest[0] !== "." && rest[0] !== ",") return [[0, 0], rest];
  let i = 1;
  while (i < rest.length && digit(rest.charCodeAt(i))) i++;
  const digits = rest.slice(1, i);
  const after = rest.slice(i);
  if (digits.length === 0) return null;
  if (digits.length <= 6) return [[Number(digits.padEnd(6, "0")), digits.length], after];
  return [[Number(digits.slice(0, 6)), 6], after];
}

/** parse_offset: [offsetSeconds | null, rest] or null (:error). */
function parseOffset(s: string): [number | null, string] | null {
  if (s === "") return [null, ""];
  if (s === "Z") return [0, ""];
  if (s === "-00:00") return null;
  const sign = s[0] === "+" ? 1 : s[0] === "-" ? -1 : 0;
  if (sign === 0) return null;
  // Elixir matches on byte counts: hour::2-bytes etc.
  const bytes = binBytes(s);
  const part = (from: number, n: number) => binFromBytes(bytes.slice(from, from + n));
  let hour: Term, min: Term, rest: Term;
  if (bytes.length >= 6 && bytes[3] === 0x3a) {
    hour = part(1, 2); min = part(4, 2); rest = binFromBytes(bytes.slice(6));
  } else if (bytes.length >= 5) {
    hour = part(1, 2); min = part(3, 2); rest = binFromBytes(bytes.slice(5));
  } else if (bytes.length >= 3) {
    hour = part(1, 2); min = "00"; rest = binFromBytes(bytes.slice(3));
  } else return null;
  const h = intParse(hour), m = intParse(min);
  if (h === null || h >= 24 || m === null || m >= 60) return null;
  if (typeof rest !== "string") return null;
  return [(h * 60 + m) * 60 * sign, rest];
}

/** Integer.parse(s) == {n, ""}. */
function intParse(s: Term): number | null {
  return typeof s === "string" && /^[+-]?[0-9]+$/.test(s) ? Number(s) : null;
}

function withSign(s: string): [string, number] {
  if (s[0] === "-") return [s.slice(1), -1];
  if (s[0] === "+") return [s.slice(1), 1];
  return [s, 1];
}

export function parseDate(str: string, format: Term = EXTENDED): Parsed {
  const [s, mult] = withSign(str);
  const m = matchDate(s, format);
  if (m === null || s.length !== m[3]) return { error: "invalid_format" };
  const year = mult * m[0];
  return validDate(year, m[1], m[2]) ? { ok: [year === 0 ? 0 : year, m[1], m[2]] } : { error: "invalid_date" };
}

export function parseTime(str: string, format: Term = EXTENDED): Parsed {
  const s = str[0] === "T" ? str.slice(1) : str;
  const t = matchTime(s, 0, format);
  if (t === null) return { error: "invalid_format" };
  const usr = parseMicrosecond(s.slice(t[3]));
  if (usr === null) return { error: "invalid_format" };
  const off = parseOffset(usr[1]);
  if (off === null || off[1] !== "") return { error: "invalid_format" };
  return validTime(t[0], t[1], t[2], usr[0]) ? { ok: [t[0], t[1], t[2], usr[0]] } : { error: "invalid_time" };
}

function parseDateTime(str: string, format: Term): { f: number[]; us: Term; offset: number | null } | { error: string } {
  const [s, mult] = withSign(str);
  const d = matchDate(s, format);
  if (d === null) return { error: "invalid_format" };
  const sep = s[d[3]];
  if (sep !== " " && sep !== "T") return { error: "invalid_format" };
  const t = matchTime(s, d[3] + 1, format);
  if (t === null) return { error: "invalid_format" };
  const usr = parseMicrosecond(s.slice(d[3] + 1 + t[3]));
  if (usr === null) return { error: "invalid_format" };
  const off = parseOffset(usr[1]);
  if (off === null || off[1] !== "") return { error: "invalid_format" };
  const year = mult * d[0] || 0;
  if (!validDate(year, d[1], d[2])) return { error: "invalid_date" };
  if (!validTime(t[0], t[1], t[2], usr[0])) return { error: "invalid_time" };
  return { f: [year, d[1], d[2], t[0], t[1], t[2]], us: usr[0], offset: off[0] };
}

export function parseNaiveDateTime(str: string, format: Term = EXTENDED): Parsed {
  const r = parseDateTime(str, format);
  if ("error" in r) return r;
  return { ok: [...r.f, r.us] };
}

/** {ok: [y, mo, d, h, mi, s, us, offset]} with the fields shifted to UTC. */
export function parseUtcDateTime(str: string, format: Term = EXTENDED): Parsed {
  const r = parseDateTime(str, format);
  if ("error" in r) return r;
  if (r.offset === 0) return { ok: [...r.f, r.us, 0] };
  if (r.offset === null) return { error: "missing_offset" };
  const [y, mo, d, h, mi, s] = r.f;
  const [parts] = timeToDayFraction(h, mi, s, [0, 0]);
  const [extra, p] = addDayFraction([0, Number(parts)], -r.offset, 86400n);
  const [nh, nmi, ns] = timeFromDayFraction(p, PPD_N);
  const [ny, nmo, nd] = extra === 0n ? [y, mo, d] : dateFromIsoDays(dateToIsoDays(y, mo, d) + Number(extra));
  return { ok: [ny, nmo, nd, nh, nmi, ns, r.us, r.offset] };
}

// ---------------------------------------------------------------------------
// Calendar.truncate/2

export function truncateUs(us: Term, precision: Term, fnArgs: [string, string, Term[]]): Term {
  if (precision === a("microsecond")) return us;
  if (precision === a("second")) return [0, 0];
  if (precision === a("millisecond") && Array.isArray(us) && us.length === 2 && isInt(us[0])) {
    return [Math.trunc(Number(us[0]) / 1000) * 1000, Math.min(Number(us[1]), 3)];
  }
  throw fce(...fnArgs);
}

// ---------------------------------------------------------------------------
// Natives

const isFormat = (f: Term) => f === EXTENDED || f === BASIC;
const parsedTuple = (r: Parsed, shape: (v: Term[]) => Term): Term => ("ok" in r ? [OK, shape(r.ok)] : [ERROR, a(r.error)]);
function bin(s: Term, fn: string, args: Term[]): string {
  if (typeof s !== "string") throw fce("Elixir.Calendar.ISO", fn, args);
  return s;
}

const parseNatives = (name: string, p: (s: string, f: Term) => Parsed, shape: (v: Term[]) => Term): Record<string, NativeFn> => ({
  [name + "/1"]: ([s]) => parsedTuple(p(bin(s, name, [s]), EXTENDED), shape),
  [name + "/2"]: ([s, f]) => {
    if (!isFormat(f)) throw fce("Elixir.Calendar.ISO", name, [s, f]);
    return parsedTuple(p(bin(s, name, [s, f]), f), shape);
  },
});

export const isoNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Calendar.ISO",
  fns: {
    ...parseNatives("parse_date", parseDate, (v) => [v[0], v[1], v[2]]),
    ...parseNatives("parse_time", parseTime, (v) => [v[0], v[1], v[2], v[3]]),
    ...parseNatives("parse_naive_datetime", parseNaiveDateTime, (v) => v.slice(0, 7)),
    "parse_utc_datetime/1": ([s]) => {
      const r = parseUtcDateTime(bin(s, "parse_utc_datetime", [s]));
      return "ok" in r ? [OK, r.ok.slice(0, 7), r.ok[7]] : [ERROR, a(r.error)];
    },
    "parse_utc_datetime/2": ([s, f]) => {
      if (!isFormat(f)) throw fce("Elixir.Calendar.ISO", "parse_utc_datetime", [s, f]);
      const r = parseUtcDateTime(bin(s, "parse_utc_datetime", [s, f]), f);
      return "ok" in r ? [OK, r.ok.slice(0, 7), r.ok[7]] : [ERROR, a(r.error)];
    },
    "valid_date?/3": ([y, m, d]) => validDate(y, m, d),
    "valid_time?/4": ([h, m, s, us]) => validTime(h, m, s, us),
    "leap_year?/1": ([y]) => isoLeapYear(y),
    "days_in_month/2": ([y, m]) => daysInMonth(y, m),
    "months_in_year/1": ([y]) => {
      if (!isYear(y)) throw fce("Elixir.Calendar.ISO", "months_in_year", [y]);
      return 12;
    },
    "day_of_week/3": ([y, m, d]) => isoDaysToDayOfWeek(dateToIsoDays(y, m, d), a("default")),
    "day_of_week/4": ([y, m, d, st]) => [isoDaysToDayOfWeek(dateToIsoDays(y, m, d), st), 1, 7],
    "iso_days_to_day_of_week/2": ([days, st]) => isoDaysToDayOfWeek(days, st),
    "day_of_year/3": ([y, m, d]) => dayOfYear(y, m, d),
    "quarter_of_year/3": ([y, m, d]) => quarterOfYear(y, m, d),
    "year_of_era/1": ([y]) => yearOfEra(y),
    "year_of_era/3": ([y]) => yearOfEra(y),
    "day_of_era/3": ([y, m, d]) => dayOfEra(y, m, d),
    "date_to_iso_days/3": ([y, m, d]) => dateToIsoDays(y, m, d),
    "date_from_iso_days/1": ([days]) => dateFromIsoDays(days),
    "naive_datetime_to_iso_days/7": ([y, mo, d, h, mi, s, us]) => [dateToIsoDays(y, mo, d), timeToDayFraction(h, mi, s, us)],
    "naive_datetime_from_iso_days/1": ([iso]) => {
      if (!Array.isArray(iso) || iso.length !== 2) throw fce("Elixir.Calendar.ISO", "naive_datetime_from_iso_days", [iso]);
      const [y, mo, d] = dateFromIsoDays(iso[0]);
      return [y, mo, d, ...timeFromDayFractionTerm(iso[1], [isoFrame("naive_datetime_from_iso_days", 1, 699)])];
    },
    "time_from_day_fraction/1": ([f]) => timeFromDayFractionTerm(f, []),
    "date_to_string/3": ([y, m, d]) => dateToString(y, m, d, EXTENDED),
    "date_to_string/4": ([y, m, d, f]) => dateToString(y, m, d, f),
    "time_to_string/4": ([h, m, s, us]) => timeToString(h, m, s, us, EXTENDED),
    "time_to_string/5": ([h, m, s, us, f]) => timeToString(h, m, s, us, f),
    "naive_datetime_to_string/7": ([y, mo, d, h, mi, s, us]) => dateToString(y, mo, d, EXTENDED) + " " + timeToString(h, mi, s, us, EXTENDED),
    "naive_datetime_to_string/8": ([y, mo, d, h, mi, s, us, f]) => dateToString(y, mo, d, f) + " " + timeToString(h, mi, s, us, f),
    "day_rollover_relative_to_midnight_utc/0": () => [0, 1],
    "from_unix/2": ([t, unit]) => {
      if (!isInt(t)) throw fce("Elixir.Calendar.ISO", "from_unix", [t, unit]);
      const r = fromUnix(t, unit);
      return r === null ? err("invalid_unix_time") : [OK, r.slice(0, 3), r.slice(3, 6), r[6]];
    },
    // Any parts per day (the day fraction scaled to microseconds), checked as Elixir's
    // clauses and arithmetic check them.
    "iso_days_to_unit/2": (args) => {
      const [iso, unit] = args;
      if (!Array.isArray(iso) || iso.length !== 2 || !Array.isArray(iso[1]) || iso[1].length !== 2) throw fce("Elixir.Calendar.ISO", "iso_days_to_unit", args);
      const [days, [parts, ppd]] = iso as [Term, [Term, Term]];
      let dayMicros: Term;
      try {
        dayMicros = mul(days, PPD);
      } catch (e) {
        throw under(e, isoFrame("iso_days_to_unit", 2, 1488));
      }
      const micros = dayFractionMicros(parts, ppd, [isoFrame("iso_days_to_unit", 2, 1489)]);
      let total: Term;
      try {
        total = add(dayMicros, micros);
      } catch (e) {
        throw under(e, isoFrame("iso_days_to_unit", 2, 1490));
      }
      if (!isInt(total)) throw withFrame(badArgs([[1, "not an integer"]]), "erlang", "convert_time_unit", [total, a("microsecond"), unit]);
      return convertTimeUnit(total, a("microsecond"), unit);
    },
  },
};

function dtMap(args: Term[]): MapTerm {
  const keys = ["year", "month", "day", "hour", "minute", "second", "microsecond", "time_zone", "zone_abbr", "utc_offset", "std_offset"];
  return MapTerm.fromPairs(keys.map((k, i) => [a(k), args[i]]));
}

export const calendarNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Calendar",
  fns: {
    "truncate/2": ([us, p]) => truncateUs(us, p, ["Calendar", "truncate", [us, p]]),
    "compatible_calendars?/2": ([c1, c2]) => {
      if (c1 === c2) return true;
      requireIso(c1, "day_rollover_relative_to_midnight_utc", 0);
      requireIso(c2, "day_rollover_relative_to_midnight_utc", 0);
      return true;
    },
    "get_time_zone_database/0": (_args, p) => timeZoneDatabase(p),
  },
};

const UTC_PERIOD = (): MapTerm => MapTerm.fromPairs([[a("std_offset"), 0], [a("utc_offset"), 0], [a("zone_abbr"), "UTC"]]);

export const utcDbNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Calendar.UTCOnlyTimeZoneDatabase",
  fns: {
    "time_zone_period_from_utc_iso_days/2": ([, tz]) => (tz === "Etc/UTC" ? [OK, UTC_PERIOD()] : err("utc_only_time_zone_database")),
    "time_zone_periods_from_wall_datetime/2": ([, tz]) => (tz === "Etc/UTC" ? [OK, UTC_PERIOD()] : err("utc_only_time_zone_database")),
  },
};

// ---------------------------------------------------------------------------
// System time helpers used with calendars

export const systemNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.System",
  fns: {
    "convert_time_unit/3": ([t, from, to]) => {
      if (!isInt(t)) throw fce("System", "convert_time_unit", [t, from, to]);
      return convertTimeUnit(t, from, to);
    },
    "os_time/0": () => int(systemTimeNative()),
    "os_time/1": ([u]) => convertTimeUnit(systemTimeNative(), a("native"), u),
    "system_time/0": () => int(systemTimeNative()),
    "system_time/1": ([u]) => convertTimeUnit(systemTimeNative(), a("native"), u),
  },
};

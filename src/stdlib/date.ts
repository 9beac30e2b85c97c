// Date and Date.Range (Elixir 1.14's lib/calendar/date.ex and date_range.ex) for the ISO
// calendar, and the calendar sigils ~D ~T ~N ~U (Kernel.sigil_D/2 etc.).
//
// Date.Range's Enumerable implementation lives with the collection code; the helpers
// `dateRangeToArray`, `dateRangeSize` and `dateRangeMember` below give it what it needs.
import type { NativeFn } from "../runtime/code.js";
import { argumentError, matchError, raise } from "../runtime/errors.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { compare, strictEquals } from "../runtime/term-order.js";
import { memoized, request } from "../runtime/elixir-callback.js";
import { Atom, Cons, Term, a, list, listToArray, NIL } from "../runtime/term.js";
import { add, fce } from "../runtime/arith.js";
import {
  DATE, DATE_RANGE, DATETIME, EXTENDED, BASIC, ISO, NAIVE, OK, STRUCT, TIME, UTC_ZONE, dateFromIsoDays, dateToIsoDays,
  dateToString, dayOfEra, dayOfYear, daysInMonth, err, field, fields, isInt, isoDaysToDayOfWeek, isoLeapYear,
  makeDate, makeDateTime, makeNaive, makeTime, nowMicros, parseDate, parseNaiveDateTime, parseTime,
  parseUtcDateTime, quarterOfYear, requireIso, structOf, validDate, yearOfEra, fromUnix, otherCalendar,
} from "./calendar-iso.js";

const D = "Date";

/** [calendar, year, month, day] of a date-like map (FunctionClauseError in Date.fn otherwise). */
function dateParts(m: Term, fn: string, args: Term[]): [Term, Term, Term, Term] {
  return fields(m, ["calendar", "year", "month", "day"], D, fn, args) as [Term, Term, Term, Term];
}

/** Date.to_iso_days/1's day count for an ISO date-like map. */
export function dateIsoDays(m: Term, fn = "to_iso_days", args: Term[] = [m]): number {
  const [cal, y, mo, d] = dateParts(m, fn, args);
  requireIso(cal, "naive_datetime_to_iso_days", 7);
  return dateToIsoDays(y, mo, d);
}

export function dateFromDays(days: Term): MapTerm {
  const [y, m, d] = dateFromIsoDays(days);
  return makeDate(y, m, d);
}

function cmp(x: Term, y: Term): Atom {
  const c = compare(x, y);
  return a(c > 0 ? "gt" : c < 0 ? "lt" : "eq");
}

export function dateCompare(d1: Term, d2: Term): Atom {
  const c1 = d1 instanceof MapTerm ? d1.get(a("calendar")) : undefined;
  const c2 = d2 instanceof MapTerm ? d2.get(a("calendar")) : undefined;
  if (c1 === undefined || c2 === undefined) throw fce(D, "compare", [d1, d2]);
  if (c1 === c2) {
    const p = (m: MapTerm): Term[] => {
      const v = ["year", "month", "day"].map((k) => m.get(a(k)));
      if (v.some((x) => x === undefined)) throw matchError(m);
      return v;
    };
    return cmp(p(d1), p(d2));
  }
  requireIso(c1, "day_rollover_relative_to_midnight_utc", 0);
  requireIso(c2, "day_rollover_relative_to_midnight_utc", 0);
  return cmp(dateIsoDays(d1), dateIsoDays(d2));
}

function dateAdd(date: Term, days: Term): MapTerm {
  const [cal, y, m, d] = dateParts(date, "add", [date, days]);
  requireIso(cal, "naive_datetime_to_iso_days", 7);
  return dateFromDays(add(dateToIsoDays(y, m, d), days));
}

function dateDiff(d1: Term, d2: Term): Term {
  // (the clause for two ISO dates matches each against %{year: _, month: _, day: _})
  const calOf = (d: Term) => (d instanceof MapTerm ? d.get(a("calendar")) : undefined);
  if (calOf(d1) === ISO && calOf(d2) === ISO) {
    for (const d of [d1, d2] as MapTerm[]) if (!["year", "month", "day"].every((k) => d.has(a(k)))) throw matchError(d);
  }
  const [c1] = dateParts(d1, "diff", [d1, d2]);
  const [c2] = dateParts(d2, "diff", [d1, d2]);
  requireIso(c1, "naive_datetime_to_iso_days", 7);
  requireIso(c2, "naive_datetime_to_iso_days", 7);
  return dateIsoDays(d1) - dateIsoDays(d2);
}

function newDate(y: Term, m: Term, d: Term, cal: Term = ISO): Term {
  requireIso(cal, "valid_date?", 3);
  return validDate(y, m, d) ? [OK, makeDate(y, m, d, cal)] : err("invalid_date");
}

function bang(r: Term, msg: (reason: Term) => string): Term {
  if (Array.isArray(r) && r[0] === OK) return r[1];
  throw argumentError(msg(r[1]));
}

function convertDate(date: MapTerm, cal: Term): Term {
  if (cal === ISO) return [OK, date];
  throw otherCalendar(cal, "day_rollover_relative_to_midnight_utc", 0);
}

function fromIso8601(s: Term, cal: Term): Term {
  if (typeof s !== "string") throw fce("Elixir.Calendar.ISO", "parse_date", [s]);
  const r = parseDate(s);
  if ("error" in r) return err(r.error);
  return convertDate(makeDate(r.ok[0], r.ok[1], r.ok[2]), cal);
}

function toIso8601(date: Term, format: Term): string {
  const [cal, y, m, d] = dateParts(date, "to_iso8601", [date, format]);
  if (format !== EXTENDED && format !== BASIC) throw fce(D, "to_iso8601", [date, format]);
  requireIso(cal, "naive_datetime_to_iso_days", 7);
  return dateToString(y, m, d, format);
}

function fromErl(t: Term, cal: Term): Term {
  if (!Array.isArray(t) || t.length !== 3) throw fce(D, "from_erl", [t, cal]);
  const r = newDate(t[0], t[1], t[2]);
  return r[0] === OK ? convertDate(r[1], cal) : r;
}

function dayOfWeek(date: Term, startingOn: Term, args: Term[]): number {
  const [cal, y, m, d] = dateParts(date, "day_of_week", args);
  requireIso(cal, "day_of_week", 4);
  return isoDaysToDayOfWeek(dateToIsoDays(y, m, d), startingOn);
}

function weekEdge(date: Term, startingOn: Term, fn: string, end: boolean): MapTerm {
  const [cal, y, m, d] = dateParts(date, fn, [date, startingOn]);
  requireIso(cal, "day_of_week", 4);
  const days = dateToIsoDays(y, m, d);
  const dow = isoDaysToDayOfWeek(days, startingOn);
  if (!end) return dow === 1 ? makeDate(y, m, d) : dateFromDays(days - dow + 1);
  return dow === 7 ? makeDate(y, m, d) : dateFromDays(days + 7 - dow);
}

function utcToday(cal: Term): MapTerm {
  requireIso(cal, "day_rollover_relative_to_midnight_utc", 0);
  const r = fromUnix(nowMicros(), a("microsecond"))!;
  return makeDate(r[0], r[1], r[2]);
}

// ---------------------------------------------------------------------------
// Date.range

function range(first: Term, last: Term, step: Term | undefined): MapTerm {
  const args = step === undefined ? [first, last] : [first, last, step];
  const c1 = first instanceof MapTerm ? first.get(a("calendar")) : undefined;
  const c2 = last instanceof MapTerm ? last.get(a("calendar")) : undefined;
  const ok = c1 !== undefined && c1 === c2 && (step === undefined || (isInt(step) && step !== 0));
  if (!ok) {
    const dateLike = (t: Term) => t instanceof MapTerm && ["calendar", "year", "month", "day"].every((k) => t.has(a(k)));
    if (!dateLike(first) || !dateLike(last)) throw fce(D, "range", args);
    if (step === undefined) throw argumentError("both dates must have matching calendars");
    throw argumentError(
      "both dates must have matching calendar and the step must be a non-zero integer, got: " +
      `${inspect(first)}, ${inspect(last)}, ${inspect(step)}`,
    );
  }
  const fd = dateIsoDays(first);
  const ld = dateIsoDays(last);
  const s = step ?? (fd <= ld ? 1 : -1);
  const strip = (m: MapTerm) => makeDate(field(m, "year"), field(m, "month"), field(m, "day"), c1);
  return MapTerm.fromPairs([
    [STRUCT, DATE_RANGE], [a("first"), strip(first)], [a("last"), strip(last)],
    [a("first_in_iso_days"), fd], [a("last_in_iso_days"), ld], [a("step"), s],
  ]);
}

interface RangeParts { first: number; last: number; step: number; calendar: Term }

function rangeParts(r: MapTerm): RangeParts {
  const first = r.get(a("first_in_iso_days"));
  const last = r.get(a("last_in_iso_days"));
  let step = r.get(a("step"));
  if (step === undefined) step = first <= last ? 1 : -1;
  const f = r.get(a("first"));
  const calendar = f instanceof MapTerm ? f.get(a("calendar")) : ISO;
  return { first, last, step, calendar };
}

/** Number of dates in a %Date.Range{} (Enumerable.count/1). */
export function dateRangeSize(r: MapTerm): number {
  const { first, last, step } = rangeParts(r);
  if ((step > 0 && first > last) || (step < 0 && first < last)) return 0;
  return Math.abs(Math.trunc((last - first) / step)) + 1;
}

/**
 * What a hook (Enum's natives) needs from Elixir for a range in a calendar other than
 * Calendar.ISO: `Date.Range.fn(args)`, which goes on in Elixir (routeCalendars). Outside a
 * process, the error the native would raise.
 */
function otherCalendarRange(r: MapTerm, fn: string, args: Term[], sub: string): Term {
  const done = memoized(r, sub);
  if (done !== undefined) return done;
  const e = otherCalendar(rangeParts(r).calendar, "naive_datetime_from_iso_days", 1);
  if (request(e.reason, r, sub, "Elixir.Date.Range", fn, args)) return NIL;
  throw e;
}

/** Enumerable.member?/2 for a %Date.Range{}; `hook`: called by Enum's natives rather than Date.Range's. */
export function dateRangeMember(r: MapTerm, date: Term, hook = true): boolean {
  const { first, last, step, calendar } = rangeParts(r);
  if (structOf(date) !== DATE || (date as MapTerm).get(a("calendar")) !== calendar) return false;
  if (hook && calendar !== ISO) {
    const dates = otherCalendarRange(r, "__to_list__", [r], "dates");
    return (listToArray(dates) ?? []).some((d) => strictEquals(d, date));
  }
  const days = dateIsoDays(date);
  if (dateRangeSize(r) === 0) return false;
  const lo = Math.min(first, last), hi = Math.max(first, last);
  return lo <= days && days <= hi && (days - first) % step === 0;
}

/** The dates of a %Date.Range{}, in order (Enumerable.reduce/3 / Enum.to_list); `hook`: as dateRangeMember's. */
export function dateRangeToArray(r: MapTerm, hook = true): MapTerm[] {
  const { first, last, step, calendar } = rangeParts(r);
  if (hook && calendar !== ISO) return (listToArray(otherCalendarRange(r, "__to_list__", [r], "dates")) ?? []) as MapTerm[];
  requireIso(calendar, "naive_datetime_from_iso_days", 1);
  const out: MapTerm[] = [];
  for (let d = first; step > 0 ? d <= last : d >= last; d += step) out.push(dateFromDays(d));
  return out;
}

/** Dates at positions start, start+step*k... (Enumerable.slice/1's function). */
export function dateRangeSlice(r: MapTerm, start: number, count: number, sliceStep = 1): MapTerm[] {
  const { first, step, calendar } = rangeParts(r);
  requireIso(calendar, "naive_datetime_from_iso_days", 1);
  const out: MapTerm[] = [];
  const s = step + sliceStep - 1;
  for (let i = 0, d = first + start * step; i < count; i++, d += s) out.push(dateFromDays(d));
  return out;
}

// ---------------------------------------------------------------------------
// Natives

const n1 = (fn: string, f: (cal: Term, y: Term, m: Term, d: Term) => Term): NativeFn => ([date]) => {
  const [cal, y, m, d] = dateParts(date, fn, [date]);
  return f(cal, y, m, d);
};

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Date",
  fns: {
    "__struct__/0": () => MapTerm.fromPairs([[STRUCT, DATE], [a("calendar"), ISO], [a("year"), null], [a("month"), null], [a("day"), null]]),
    "range/2": ([f, l]) => range(f, l, undefined),
    "range/3": ([f, l, s]) => range(f, l, s),
    "utc_today/0": () => utcToday(ISO),
    "utc_today/1": ([c]) => utcToday(c),
    "leap_year?/1": ([date]) => {
      const [cal, y] = fields(date, ["calendar", "year"], D, "leap_year?", [date]);
      requireIso(cal, "leap_year?", 1);
      return isoLeapYear(y);
    },
    "days_in_month/1": ([date]) => {
      const [cal, y, m] = fields(date, ["calendar", "year", "month"], D, "days_in_month", [date]);
      requireIso(cal, "days_in_month", 2);
      return daysInMonth(y, m);
    },
    "months_in_year/1": ([date]) => {
      const [cal, y] = fields(date, ["calendar", "year"], D, "months_in_year", [date]);
      requireIso(cal, "months_in_year", 1);
      if (!(isInt(y) && y >= -9999 && y <= 9999)) throw fce("Elixir.Calendar.ISO", "months_in_year", [y]);
      return 12;
    },
    "new/3": ([y, m, d]) => newDate(y, m, d),
    "new/4": ([y, m, d, c]) => newDate(y, m, d, c),
    "new!/3": ([y, m, d]) => bang(newDate(y, m, d), (r) => `cannot build date, reason: ${inspect(r)}`),
    "new!/4": ([y, m, d, c]) => bang(newDate(y, m, d, c), (r) => `cannot build date, reason: ${inspect(r)}`),
    "to_string/1": n1("to_string", (cal, y, m, d) => {
      requireIso(cal, "date_to_string", 3);
      return dateToString(y, m, d, EXTENDED);
    }),
    "from_iso8601/1": ([s]) => fromIso8601(s, ISO),
    "from_iso8601/2": ([s, c]) => fromIso8601(s, c),
    "from_iso8601!/1": ([s]) => bang(fromIso8601(s, ISO), (r) => `cannot parse ${inspect(s)} as date, reason: ${inspect(r)}`),
    "from_iso8601!/2": ([s, c]) => bang(fromIso8601(s, c), (r) => `cannot parse ${inspect(s)} as date, reason: ${inspect(r)}`),
    "to_iso8601/1": ([d]) => toIso8601(d, EXTENDED),
    "to_iso8601/2": ([d, f]) => toIso8601(d, f),
    "from_erl/1": ([t]) => fromErl(t, ISO),
    "from_erl/2": ([t, c]) => fromErl(t, c),
    "from_erl!/1": ([t]) => bang(fromErl(t, ISO), (r) => `cannot convert ${inspect(t)} to date, reason: ${inspect(r)}`),
    "from_erl!/2": ([t, c]) => bang(fromErl(t, c), (r) => `cannot convert ${inspect(t)} to date, reason: ${inspect(r)}`),
    "from_gregorian_days/1": ([days]) => {
      if (!isInt(days)) throw fce(D, "from_gregorian_days", [days, ISO]);
      return dateFromDays(days);
    },
    "from_gregorian_days/2": ([days, c]) => {
      if (!isInt(days)) throw fce(D, "from_gregorian_days", [days, c]);
      requireIso(c, "naive_datetime_from_iso_days", 1);
      return dateFromDays(days);
    },
    "to_gregorian_days/1": ([d]) => dateIsoDays(d),
    "to_iso_days/1": ([d]) => [dateIsoDays(d), [0, 86_400_000_000]],
    "compare/2": ([d1, d2]) => dateCompare(d1, d2),
    "convert/2": ([d, c]) => {
      const [cal, y, m, day] = dateParts(d, "convert", [d, c]);
      if (cal === c) return [OK, makeDate(y, m, day, cal)];
      throw otherCalendar(cal === ISO ? c : cal, "day_rollover_relative_to_midnight_utc", 0);
    },
    "add/2": ([d, n]) => dateAdd(d, n),
    "diff/2": ([d1, d2]) => dateDiff(d1, d2),
    "day_of_week/1": ([d]) => dayOfWeek(d, a("default"), [d, a("default")]),
    "day_of_week/2": ([d, s]) => dayOfWeek(d, s, [d, s]),
    "beginning_of_week/1": ([d]) => weekEdge(d, a("default"), "beginning_of_week", false),
    "beginning_of_week/2": ([d, s]) => weekEdge(d, s, "beginning_of_week", false),
    "end_of_week/1": ([d]) => weekEdge(d, a("default"), "end_of_week", true),
    "end_of_week/2": ([d, s]) => weekEdge(d, s, "end_of_week", true),
    "day_of_year/1": n1("day_of_year", (cal, y, m, d) => {
      requireIso(cal, "day_of_year", 3);
      return dayOfYear(y, m, d);
    }),
    "quarter_of_year/1": n1("quarter_of_year", (cal, y, m, d) => {
      requireIso(cal, "quarter_of_year", 3);
      return quarterOfYear(y, m, d);
    }),
    "year_of_era/1": n1("year_of_era", (cal, y) => {
      requireIso(cal, "year_of_era", 3);
      return yearOfEra(y);
    }),
    "day_of_era/1": n1("day_of_era", (cal, y, m, d) => {
      requireIso(cal, "day_of_era", 3);
      return dayOfEra(y, m, d);
    }),
    "beginning_of_month/1": ([date]) => {
      const [cal, y, m] = fields(date, ["calendar", "year", "month"], D, "beginning_of_month", [date]);
      return makeDate(y, m, 1, cal);
    },
    "end_of_month/1": ([date]) => {
      const [cal, y, m] = fields(date, ["calendar", "year", "month"], D, "end_of_month", [date]);
      requireIso(cal, "days_in_month", 2);
      return makeDate(y, m, daysInMonth(y, m), cal);
    },
  },
};

export const rangeNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Date.Range",
  fns: {
    "__struct__/0": () => MapTerm.fromPairs([
      [STRUCT, DATE_RANGE], [a("first"), null], [a("last"), null], [a("first_in_iso_days"), null], [a("last_in_iso_days"), null], [a("step"), null],
    ]),
    // Hooks for Enumerable (not part of Elixir's API): count, member? and the slicing
    // function of Enumerable.slice/1 (start, length, step), and the dates as a list.
    "__count__/1": ([r]) => dateRangeSize(rangeArg(r, "count")),
    "__member__/2": ([r, x]) => dateRangeMember(rangeArg(r, "member?"), x, false),
    "__slice__/4": ([r, start, len, step]) => list(dateRangeSlice(rangeArg(r, "slice"), start, len, step)),
    "__to_list__/1": ([r]) => list(dateRangeToArray(rangeArg(r, "reduce"), false)),
  },
};

function rangeArg(r: Term, fn: string): MapTerm {
  if (structOf(r) !== DATE_RANGE) throw fce("Elixir.Enumerable.Date.Range", fn, [r]);
  return r as MapTerm;
}

// ---------------------------------------------------------------------------
// Sigils

function sigilError(name: string): never {
  throw raise("FunctionClauseError", {
    module: a("Elixir.Kernel"), function: a(name), arity: 2, kind: null, args: null, clauses: null,
  });
}

type SigilParse = (s: string) => { ok: Term[] } | { error: string };

/** Kernel.parse_with_calendar!/3 for the ISO calendar. */
function sigil(name: string, str: Term, mods: Term, parse: SigilParse, fun: string, context: string): Term[] {
  if (typeof str !== "string" || !(mods === NIL || (mods instanceof Cons && listToArray(mods)?.length === 0))) sigilError(name);
  const parts = str.split(" ");
  let s = str;
  if (parts.length > 1) {
    const last = parts[parts.length - 1];
    const c = last.charCodeAt(0);
    if (c >= 65 && c <= 90) {
      s = str.slice(0, str.length - last.length - 1);
      throw otherCalendar(a("Elixir." + last), fun, 1);
    }
  }
  const r = parse(s);
  if ("error" in r) {
    throw argumentError(`cannot parse ${inspect(s)} as ${context} for Calendar.ISO, reason: ${inspect(a(r.error))}`);
  }
  return r.ok;
}

export const sigilNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Kernel",
  fns: {
    "sigil_D/2": ([s, m]) => {
      const [y, mo, d] = sigil("sigil_D", s, m, parseDate, "parse_date", "Date");
      return makeDate(y, mo, d);
    },
    "sigil_T/2": ([s, m]) => {
      const [h, mi, sec, us] = sigil("sigil_T", s, m, parseTime, "parse_time", "Time");
      return makeTime(h, mi, sec, us);
    },
    "sigil_N/2": ([s, m]) => {
      const [y, mo, d, h, mi, sec, us] = sigil("sigil_N", s, m, parseNaiveDateTime, "parse_naive_datetime", "NaiveDateTime");
      return makeNaive(y, mo, d, h, mi, sec, us);
    },
    "sigil_U/2": ([s, m]) => {
      const [y, mo, d, h, mi, sec, us, off] = sigil("sigil_U", s, m, parseUtcDateTime, "parse_utc_datetime", "UTC DateTime");
      if (off !== 0) throw argumentError(`cannot parse ${inspect(s)} as UTC DateTime for Calendar.ISO, reason: :non_utc_offset`);
      return makeDateTime(y, mo, d, h, mi, sec, us, UTC_ZONE);
    },
  },
};

// Re-exported for the other calendar files.
export { DATETIME, NAIVE, TIME };

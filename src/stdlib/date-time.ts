// NaiveDateTime and DateTime (Elixir 1.14's lib/calendar/naive_datetime.ex and
// datetime.ex) for the ISO calendar, with Elixir's default time zone database
// (Calendar.UTCOnlyTimeZoneDatabase: only "Etc/UTC" exists).
import type { NativeFn, ProcLike } from "../runtime/code.js";
import { argumentError, matchError } from "../runtime/errors.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { compare } from "../runtime/term-order.js";
import { Term, a, int } from "../runtime/term.js";
import { fce } from "../runtime/arith.js";
import {
  BASIC, DATE, DATETIME, EXTENDED, ISO, IsoDays, NAIVE, OK, PPD_N, STRUCT, TIME, UTC_DB, UTC_ZONE, Zone, addDayFraction,
  big, otherCalendar, timeZoneDatabase, convertTimeUnit, dateToString, datetimeToString, err, field, fields, floorDiv, fromUnix, isInt,
  isoDaysToUnit, makeDate, makeDateTime, makeNaive, makeTime, mod, naiveFromIsoDays, naiveToIsoDays, nowMicros, offsetToString,
  parseNaiveDateTime, parseUtcDateTime, requireIso, structOf, timeToString, truncateUs, validDate, validTime,
} from "./calendar-iso.js";

const N = "NaiveDateTime";
const DT = "DateTime";
const SECOND = a("second");
const NAIVE_KEYS = ["calendar", "year", "month", "day", "hour", "minute", "second", "microsecond"];
const ZONE_KEYS = ["time_zone", "zone_abbr", "utc_offset", "std_offset"];

function bang(r: Term, msg: (reason: Term) => string): Term {
  if (Array.isArray(r) && r[0] === OK) return r[1];
  throw argumentError(msg(r[1]));
}

const cmpAtom = (c: number) => a(c > 0 ? "gt" : c < 0 ? "lt" : "eq");
const isoCompare = (x: [Term, Term], y: [Term, Term]) => cmpAtom(compare(x, y));

/** Fields of a naive-like map as [cal, y, mo, d, h, mi, s, us]. */
function naiveParts(m: Term, mod: string, fn: string, args: Term[]): Term[] {
  return fields(m, NAIVE_KEYS, mod, fn, args);
}

function precisionOf(m: Term, mod: string, fn: string, args: Term[]): Term {
  const us = m instanceof MapTerm ? m.get(a("microsecond")) : undefined;
  if (!Array.isArray(us) || us.length !== 2) throw fce(mod, fn, args);
  return us[1];
}

function naiveFrom(days: bigint, parts: bigint, precision: Term): MapTerm {
  const [y, mo, d, h, mi, s, us] = naiveFromIsoDays(days, parts);
  return makeNaive(y, mo, d, h, mi, s, [us, precision]);
}

// ---------------------------------------------------------------------------
// NaiveDateTime

function naiveNew(args: Term[]): Term {
  let [y, mo, d, h, mi, s, us, cal] = args;
  if (isInt(us)) us = [us, 6];
  requireIso(cal, "valid_date?", 3);
  if (!validDate(y, mo, d)) return err("invalid_date");
  if (!validTime(h, mi, s, us)) return err("invalid_time");
  return [OK, makeNaive(y, mo, d, h, mi, s, us, cal)];
}

function naiveNew2(date: Term, time: Term, mod: string, fn: string): MapTerm {
  if (structOf(date) !== DATE || structOf(time) !== TIME || (date as MapTerm).get(a("calendar")) !== (time as MapTerm).get(a("calendar"))) {
    throw fce(mod, fn, [date, time]);
  }
  const [cal, y, mo, d] = fields(date, ["calendar", "year", "month", "day"], mod, fn, [date, time]);
  const [h, mi, s, us] = fields(time, ["hour", "minute", "second", "microsecond"], mod, fn, [date, time]);
  return makeNaive(y, mo, d, h, mi, s, us, cal);
}

const withDefaults = (args: Term[], defaults: Term[]): Term[] => [...args, ...defaults.slice(args.length - (8 - defaults.length))];

function naiveAdd(m: Term, amount: Term, unit: Term, modName = N): MapTerm {
  const mult = unit === a("day") ? 86400n : unit === a("hour") ? 3600n : unit === a("minute") ? 60n : 0n;
  if (mult !== 0n && isInt(amount)) return naiveAdd(m, int(big(amount) * mult), SECOND, modName);
  const prec = precisionOf(m, modName, "add", [m, amount, unit]);
  if (!isInt(amount)) throw fce(modName, "add", [m, amount, unit]);
  const ppd = big(convertTimeUnit(86400, SECOND, unit));
  const iso = naiveToIsoDays(m, [modName, "add", [m, amount, unit]]);
  const [days, parts] = addDayFraction(iso, amount, ppd);
  return naiveFrom(days, parts, prec);
}

function unitDiv(unit: Term): bigint {
  return unit === a("day") ? 86400n : unit === a("hour") ? 3600n : unit === a("minute") ? 60n : 0n;
}

function naiveDiff(m1: Term, m2: Term, unit: Term): Term {
  const d = unitDiv(unit);
  if (d !== 0n) return int(big(naiveDiff(m1, m2, SECOND)) / d);
  const i1 = naiveToIsoDays(m1, [N, "diff", [m1, m2, unit]]);
  const i2 = naiveToIsoDays(m2, [N, "diff", [m1, m2, unit]]);
  return int(big(isoDaysToUnit(i1, unit)) - big(isoDaysToUnit(i2, unit)));
}

function naiveTruncate(m: Term, p: Term): MapTerm {
  const [cal, y, mo, d, h, mi, s, us] = naiveParts(m, N, "truncate", [m, p]);
  const t = truncateUs(us, p, ["Calendar", "truncate", [us, p]]);
  if (structOf(m) === NAIVE) return (m as MapTerm).put(a("microsecond"), t);
  return makeNaive(y, mo, d, h, mi, s, t, cal);
}

function naiveConvert(m: Term, cal: Term, fn: string): MapTerm {
  const [c, y, mo, d, h, mi, s, us] = naiveParts(m, N, fn, [m, cal]);
  if (c === cal) return makeNaive(y, mo, d, h, mi, s, us, c);
  throw otherCalendar(c === ISO ? cal : c, "day_rollover_relative_to_midnight_utc", 0);
}

function naiveToIso8601(m: Term, format: Term): string {
  const [cal, y, mo, d, h, mi, s, us] = naiveParts(m, N, "to_iso8601", [m, format]);
  if (format !== EXTENDED && format !== BASIC) throw fce(N, "to_iso8601", [m, format]);
  requireIso(cal, "naive_datetime_to_iso_days", 7);
  return dateToString(y, mo, d, format) + "T" + timeToString(h, mi, s, us, format);
}

function naiveFromIso8601(s: Term, cal: Term): Term {
  if (typeof s !== "string") throw fce("Elixir.Calendar.ISO", "parse_naive_datetime", [s]);
  const r = parseNaiveDateTime(s);
  if ("error" in r) return err(r.error);
  const [y, mo, d, h, mi, sec, us] = r.ok;
  return [OK, naiveConvert(makeNaive(y, mo, d, h, mi, sec, us), cal, "convert")];
}

function naiveFromErl(t: Term, us: Term, cal: Term): Term {
  if (!Array.isArray(t) || t.length !== 2 || !Array.isArray(t[0]) || t[0].length !== 3 || !Array.isArray(t[1]) || t[1].length !== 3) {
    throw fce(N, "from_erl", [t, us, cal]);
  }
  const r = naiveNew([...t[0], ...t[1], us, ISO]);
  return r[0] === OK ? [OK, naiveConvert(r[1], cal, "convert")] : r;
}

function fromGregorianSeconds(s: Term, us: Term, cal: Term, modName: string): [number, number, number, number, number, number, Term] {
  if (!isInt(s) || !Array.isArray(us) || us.length !== 2) throw fce(modName, "from_gregorian_seconds", [s, us, cal]);
  requireIso(cal, "naive_datetime_from_iso_days", 1);
  const days = floorDiv(big(s), 86400n);
  const rest = mod(big(s), 86400n);
  const [y, mo, d, h, mi, sec, u] = naiveFromIsoDays(days, rest * 1_000_000n + big(us[0]));
  return [y, mo, d, h, mi, sec, [u, us[1]]];
}

function toGregorianSeconds(iso: [bigint, bigint], us: Term): Term {
  return [int(iso[0] * 86400n + floorDiv(iso[1] * 86400n, PPD_N)), us];
}

function naiveNow(): MapTerm {
  const r = fromUnix(nowMicros() * 1000n, a("native"))!;
  return makeNaive(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
}

function localNow(): MapTerm {
  const now = new Date();
  return makeNaive(now.getFullYear(), now.getMonth() + 1, now.getDate(), now.getHours(), now.getMinutes(), now.getSeconds(), [0, 0]);
}

const NAIVE_DEFAULTS = [[0, 0], ISO];

export const naiveNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.NaiveDateTime",
  fns: {
    "__struct__/0": () => makeNaive(null, null, null, null, null, null, [0, 0]),
    "utc_now/0": () => naiveNow(),
    "utc_now/1": ([c]) => {
      requireIso(c, "day_rollover_relative_to_midnight_utc", 0);
      return naiveNow();
    },
    "local_now/0": () => localNow(),
    "local_now/1": ([c]) => {
      requireIso(c, "day_rollover_relative_to_midnight_utc", 0);
      return localNow();
    },
    "new/2": ([d, t]) => [OK, naiveNew2(d, t, N, "new")],
    "new!/2": ([d, t]) => naiveNew2(d, t, N, "new!"),
    "new/6": (args) => naiveNew(withDefaults(args, NAIVE_DEFAULTS)),
    "new/7": (args) => naiveNew(withDefaults(args, NAIVE_DEFAULTS)),
    "new/8": (args) => naiveNew(args),
    ...Object.fromEntries([6, 7, 8].map((n) => [`new!/${n}`, ((args: Term[]) =>
      bang(naiveNew(withDefaults(args, NAIVE_DEFAULTS)), (r) => `cannot build naive datetime, reason: ${inspect(r)}`)) as NativeFn])),
    "add/2": ([m, n]) => naiveAdd(m, n, SECOND),
    "add/3": ([m, n, u]) => naiveAdd(m, n, u),
    "diff/2": ([m1, m2]) => naiveDiff(m1, m2, SECOND),
    "diff/3": ([m1, m2, u]) => naiveDiff(m1, m2, u),
    "truncate/2": ([m, p]) => naiveTruncate(m, p),
    "to_date/1": ([m]) => {
      const [cal, y, mo, d] = naiveParts(m, N, "to_date", [m]);
      return makeDate(y, mo, d, cal);
    },
    "to_time/1": ([m]) => {
      const [cal, , , , h, mi, s, us] = naiveParts(m, N, "to_time", [m]);
      return makeTime(h, mi, s, us, cal);
    },
    "to_string/1": ([m]) => {
      // (Elixir's clause takes any map with a calendar, then matches the other fields)
      if (m instanceof MapTerm && m.has(a("calendar")) && !NAIVE_KEYS.every((k) => m.has(a(k)))) throw matchError(m);
      const [cal, y, mo, d, h, mi, s, us] = naiveParts(m, N, "to_string", [m]);
      requireIso(cal, "naive_datetime_to_string", 7);
      return dateToString(y, mo, d, EXTENDED) + " " + timeToString(h, mi, s, us, EXTENDED);
    },
    "from_iso8601/1": ([s]) => naiveFromIso8601(s, ISO),
    "from_iso8601/2": ([s, c]) => naiveFromIso8601(s, c),
    "from_iso8601!/1": ([s]) => bang(naiveFromIso8601(s, ISO), (r) => `cannot parse ${inspect(s)} as naive datetime, reason: ${inspect(r)}`),
    "from_iso8601!/2": ([s, c]) => bang(naiveFromIso8601(s, c), (r) => `cannot parse ${inspect(s)} as naive datetime, reason: ${inspect(r)}`),
    "to_iso8601/1": ([m]) => naiveToIso8601(m, EXTENDED),
    "to_iso8601/2": ([m, f]) => naiveToIso8601(m, f),
    "from_erl/1": ([t]) => naiveFromErl(t, [0, 0], ISO),
    "from_erl/2": ([t, us]) => naiveFromErl(t, us, ISO),
    "from_erl/3": ([t, us, c]) => naiveFromErl(t, us, c),
    "from_erl!/1": ([t]) => bang(naiveFromErl(t, [0, 0], ISO), (r) => `cannot convert ${inspect(t)} to naive datetime, reason: ${inspect(r)}`),
    "from_erl!/2": ([t, us]) => bang(naiveFromErl(t, us, ISO), (r) => `cannot convert ${inspect(t)} to naive datetime, reason: ${inspect(r)}`),
    "from_erl!/3": ([t, us, c]) => bang(naiveFromErl(t, us, c), (r) => `cannot convert ${inspect(t)} to naive datetime, reason: ${inspect(r)}`),
    "from_gregorian_seconds/1": ([s]) => makeNaive(...fromGregorianSeconds(s, [0, 0], ISO, N)),
    "from_gregorian_seconds/2": ([s, us]) => makeNaive(...fromGregorianSeconds(s, us, ISO, N)),
    "from_gregorian_seconds/3": ([s, us, c]) => makeNaive(...fromGregorianSeconds(s, us, c, N)),
    "to_gregorian_seconds/1": ([m]) => {
      const us = naiveParts(m, N, "to_gregorian_seconds", [m])[7];
      if (!Array.isArray(us) || us.length !== 2) throw fce(N, "to_gregorian_seconds", [m]);
      const [days, parts] = naiveToIsoDays(m, [N, "to_gregorian_seconds", [m]]);
      return toGregorianSeconds([big(days), big(parts)], us[0]);
    },
    "compare/2": ([m1, m2]) => {
      const c1 = fields(m1, ["calendar"], N, "compare", [m1, m2])[0];
      const c2 = fields(m2, ["calendar"], N, "compare", [m1, m2])[0];
      if (c1 !== c2) {
        requireIso(c1, "day_rollover_relative_to_midnight_utc", 0);
        requireIso(c2, "day_rollover_relative_to_midnight_utc", 0);
      }
      // (the clause takes any maps with a calendar; the private to_iso_days/1 wants the rest)
      for (const x of [m1, m2]) if (!NAIVE_KEYS.every((k) => (x as MapTerm).has(a(k)))) throw fce(N, "to_iso_days", [x]);
      return isoCompare(naiveToIsoDays(m1, [N, "compare", [m1, m2]]), naiveToIsoDays(m2, [N, "compare", [m1, m2]]));
    },
    "convert/2": ([m, c]) => [OK, naiveConvert(m, c, "convert")],
  },
};

// ---------------------------------------------------------------------------
// DateTime

/** Checks the time zone database argument (only the UTC-only database is built in). */
function db(database: Term, fn: string, arity: number): void {
  if (database !== UTC_DB) throw otherCalendar(database, fn, arity);
}

function dtParts(m: Term, fn: string, args: Term[]): Term[] {
  return fields(m, [...NAIVE_KEYS, ...ZONE_KEYS], DT, fn, args);
}

function zoneOf(m: MapTerm): Zone {
  return { time_zone: field(m, "time_zone"), zone_abbr: field(m, "zone_abbr"), utc_offset: field(m, "utc_offset"), std_offset: field(m, "std_offset") };
}

function totalOffset(m: Term, fn: string, args: Term[]): bigint {
  const [u, s] = fields(m, ["utc_offset", "std_offset"], DT, fn, args);
  if (!isInt(u) || !isInt(s)) throw fce("erlang", "+", [u, s]);
  return big(u) + big(s);
}

/** iso days shifted to UTC (apply_tz_offset). */
function utcIsoDays(m: Term, fn: string, args: Term[]): [bigint, bigint] {
  const off = totalOffset(m, fn, args);
  const iso = naiveToIsoDays(m, [DT, fn, args]);
  if (off === 0n) return [big(iso[0]), big(iso[1])];
  return addDayFraction(iso, -off, 86400n);
}

function dtFromUnix(t: Term, unit: Term, cal: Term): Term {
  if (!isInt(t)) throw fce(DT, "from_unix", [t, unit, cal]);
  const r = fromUnix(t, unit);
  if (r === null) return err("invalid_unix_time");
  return [OK, dtConvert(makeDateTime(r[0], r[1], r[2], r[3], r[4], r[5], r[6]), cal, "convert")];
}

function dtConvert(m: Term, cal: Term, fn: string): MapTerm {
  const p = dtParts(m, fn, [m, cal]);
  if (p[0] === cal) return structOf(m) === DATETIME ? m : makeDateTime(p[1], p[2], p[3], p[4], p[5], p[6], p[7], zoneOf(m as MapTerm), p[0]);
  throw otherCalendar(p[0] === ISO ? cal : p[0], "day_rollover_relative_to_midnight_utc", 0);
}

function fromNaive(m: Term, tz: Term, database: Term): Term {
  db(database, "time_zone_periods_from_wall_datetime", 2);
  const [cal, y, mo, d, h, mi, s, us] = naiveParts(m, DT, "from_naive", [m, tz, database]);
  if (tz !== "Etc/UTC") {
    requireIso(cal, "day_rollover_relative_to_midnight_utc", 0);
    return err("utc_only_time_zone_database");
  }
  return [OK, makeDateTime(y, mo, d, h, mi, s, us, UTC_ZONE, cal)];
}

function dtNew(date: Term, time: Term, tz: Term, database: Term): Term {
  return fromNaive(naiveNew2(date, time, N, "new"), tz, database);
}

/** shift_zone_for_iso_days_utc with the UTC-only database. */
function fromUtcIsoDays(iso: [bigint, bigint], cal: Term, precision: Term, tz: Term): Term {
  if (tz !== "Etc/UTC") return err("utc_only_time_zone_database");
  requireIso(cal, "naive_datetime_from_iso_days", 1);
  const [y, mo, d, h, mi, s, us] = naiveFromIsoDays(iso[0], iso[1]);
  return [OK, makeDateTime(y, mo, d, h, mi, s, [us, precision], UTC_ZONE, cal)];
}

function shiftZone(m: Term, tz: Term, database: Term): Term {
  if (m instanceof MapTerm && m.get(a("time_zone")) === tz && tz !== undefined) return [OK, m];
  db(database, "time_zone_period_from_utc_iso_days", 2);
  const args = [m, tz, database];
  const p = dtParts(m, "shift_zone", args);
  const prec = precisionOf(m, DT, "shift_zone", args);
  return fromUtcIsoDays(utcIsoDays(m, "shift_zone", args), p[0], prec, tz);
}

function dtAdd(m: Term, amount: Term, unit: Term, database: Term): MapTerm {
  const mult = unitDiv(unit);
  if (mult !== 0n && isInt(amount)) return dtAdd(m, int(big(amount) * mult), SECOND, database);
  const args = [m, amount, unit, database];
  if (!isInt(amount)) throw fce(DT, "add", args);
  const p = dtParts(m, "add", args);
  const prec = precisionOf(m, DT, "add", args);
  const ppd = big(convertTimeUnit(86400, SECOND, unit));
  const off = big(convertTimeUnit(totalOffset(m, "add", args), SECOND, unit));
  const iso = naiveToIsoDays(m, [DT, "add", args]);
  const shifted = addDayFraction(iso, int(big(amount) - off), ppd);
  db(database, "time_zone_period_from_utc_iso_days", 2);
  const r = fromUtcIsoDays(shifted, p[0], prec, p[8]);
  if (r[0] === OK) return r[1];
  throw argumentError(
    `cannot add ${inspect(amount)} ${inspect(unit).replace(/^:/, "")} to ${inspect(m)} (with time zone database ${inspect(database)}), reason: ${inspect(r[1])}`,
  );
}

function dtDiff(m1: Term, m2: Term, unit: Term): Term {
  const d = unitDiv(unit);
  if (d !== 0n) return int(big(dtDiff(m1, m2, SECOND)) / d);
  const args = [m1, m2, unit];
  const o1 = totalOffset(m1, "diff", args);
  const o2 = totalOffset(m2, "diff", args);
  const naive = big(isoDaysToUnit(naiveToIsoDays(m1, [DT, "diff", args]), unit)) - big(isoDaysToUnit(naiveToIsoDays(m2, [DT, "diff", args]), unit));
  return int(naive + big(convertTimeUnit(o2 - o1, SECOND, unit)));
}

function dtToUnix(m: Term, unit: Term): Term {
  const off = totalOffset(m, "to_unix", [m, unit]);
  const [days, parts] = naiveToIsoDays(m, [DT, "to_unix", [m, unit]]);
  return int(big(isoDaysToUnit([days - 719528, parts], unit)) - big(convertTimeUnit(off, SECOND, unit)));
}

function dtToIso8601(m: Term, format: Term, offset: Term): string {
  const args = [m, format, offset];
  const p = dtParts(m, "to_iso8601", args);
  if (format !== EXTENDED && format !== BASIC) throw fce(DT, "to_iso8601", args);
  requireIso(p[0], "naive_datetime_to_iso_days", 7);
  const [, y, mo, d, h, mi, s, us, tz, , utc, std] = p;
  const str = (f: number[], u: Term) => dateToString(f[0], f[1], f[2], format) + "T" + timeToString(f[3], f[4], f[5], u, format);
  if (offset === null) return str([y, mo, d, h, mi, s], us) + offsetToString(utc, std, tz, format);
  if (!isInt(offset)) throw fce("erlang", "-", [offset, 0]);
  const prec = precisionOf(m, DT, "to_iso8601", args);
  const total = totalOffset(m, "to_iso8601", args);
  const iso = naiveToIsoDays(m, [DT, "to_iso8601", args]);
  const [days, parts] = addDayFraction(iso, int(big(offset) - total), 86400n);
  const f = naiveFromIsoDays(days, parts);
  const base = str(f, [f[6], prec]);
  if (offset === 0 && tz === "Etc/UTC") return base + "Z";
  return base + offsetToString(offset, 0, null, format);
}

function dtFromIso8601(s: Term, cal: Term, format: Term): Term {
  if (typeof s !== "string" || (format !== EXTENDED && format !== BASIC)) throw fce("Elixir.Calendar.ISO", "parse_utc_datetime", [s, format]);
  const r = parseUtcDateTime(s, format);
  if ("error" in r) return err(r.error);
  const [y, mo, d, h, mi, sec, us, off] = r.ok;
  return [OK, dtConvert(makeDateTime(y, mo, d, h, mi, sec, us), cal, "convert"), off];
}

function dtNow(cal: Term): MapTerm {
  const r = fromUnix(nowMicros() * 1000n, a("native"))!;
  return dtConvert(makeDateTime(r[0], r[1], r[2], r[3], r[4], r[5], r[6]), cal, "convert");
}

function dtFromMap(m: MapTerm): MapTerm {
  const get = (k: string) => {
    const v = m.get(a(k));
    if (v === undefined) throw argumentError(`key ${inspect(a(k))} not found in: ${inspect(m)}`);
    return v;
  };
  return makeDateTime(get("year"), get("month"), get("day"), get("hour"), get("minute"), get("second"), get("microsecond"),
    { time_zone: get("time_zone"), zone_abbr: get("zone_abbr"), utc_offset: get("utc_offset"), std_offset: get("std_offset") });
}

const DB_ARITY_FNS = (name: string, base: number, f: (args: Term[]) => Term): Record<string, NativeFn> => ({
  [`${name}/${base}`]: (args, p) => f([...args, timeZoneDatabase(p)]),
  [`${name}/${base + 1}`]: (args) => f(args),
});

function naiveMsg(r: Term, what: string): string {
  return `cannot convert ${what} to datetime, reason: ${inspect(r)}`;
}

export const dateTimeNatives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.DateTime",
  fns: {
    "__struct__/0": () => makeDateTime(null, null, null, null, null, null, [0, 0], { time_zone: null, zone_abbr: null, utc_offset: null, std_offset: null }),
    "utc_now/0": () => dtNow(ISO),
    "utc_now/1": ([c]) => dtNow(c),
    "new/2": ([d, t], p) => dtNew(d, t, "Etc/UTC", timeZoneDatabase(p)),
    "new/3": ([d, t, tz], p) => dtNew(d, t, tz, timeZoneDatabase(p)),
    "new/4": ([d, t, tz, database]) => dtNew(d, t, tz, database),
    ...Object.fromEntries([2, 3, 4].map((n) => [`new!/${n}`, ((args: Term[], p: ProcLike) => {
      const [d, t, tz = "Etc/UTC", database = timeZoneDatabase(p)] = args;
      return bang(dtNew(d, t, tz, database), (r) => `cannot build datetime with ${inspect(d)} and ${inspect(t)}, reason: ${inspect(r)}`);
    }) as NativeFn])),
    "from_unix/1": ([t]) => dtFromUnix(t, SECOND, ISO),
    "from_unix/2": ([t, u]) => dtFromUnix(t, u, ISO),
    "from_unix/3": ([t, u, c]) => dtFromUnix(t, u, c),
    ...Object.fromEntries([1, 2, 3].map((n) => [`from_unix!/${n}`, ((args: Term[]) => {
      const [t, u = SECOND, c = ISO] = args;
      return bang(dtFromUnix(t, u, c), () => `invalid Unix time ${inspect(t)}`);
    }) as NativeFn])),
    ...DB_ARITY_FNS("from_naive", 2, ([m, tz, database]) => fromNaive(m, tz, database)),
    ...DB_ARITY_FNS("from_naive!", 2, ([m, tz, database]) =>
      bang(fromNaive(m, tz, database), (r) => naiveMsg(r, inspect(m)))),
    ...DB_ARITY_FNS("shift_zone", 2, ([m, tz, database]) => shiftZone(m, tz, database)),
    ...DB_ARITY_FNS("shift_zone!", 2, ([m, tz, database]) =>
      bang(shiftZone(m, tz, database), (r) => `cannot shift ${inspect(m)} to ${inspect(tz)} time zone, reason: ${inspect(r)}`)),
    ...DB_ARITY_FNS("now", 1, ([tz, database]) => (tz === "Etc/UTC" ? [OK, dtNow(ISO)] : shiftZone(dtNow(ISO), tz, database))),
    ...DB_ARITY_FNS("now!", 1, ([tz, database]) =>
      bang(tz === "Etc/UTC" ? [OK, dtNow(ISO)] : shiftZone(dtNow(ISO), tz, database),
        (r) => `cannot get current datetime in ${inspect(tz)} time zone, reason: ${inspect(r)}`)),
    "to_unix/1": ([m]) => dtToUnix(m, SECOND),
    "to_unix/2": ([m, u]) => dtToUnix(m, u),
    "to_naive/1": ([m]) => {
      const p = dtParts(m, "to_naive", [m]);
      return makeNaive(p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[0]);
    },
    "to_date/1": ([m]) => {
      const p = dtParts(m, "to_date", [m]);
      return makeDate(p[1], p[2], p[3], p[0]);
    },
    "to_time/1": ([m]) => {
      const p = dtParts(m, "to_time", [m]);
      return makeTime(p[4], p[5], p[6], p[7], p[0]);
    },
    "to_iso8601/1": ([m]) => dtToIso8601(m, EXTENDED, null),
    "to_iso8601/2": ([m, f]) => dtToIso8601(m, f, null),
    "to_iso8601/3": ([m, f, o]) => dtToIso8601(m, f, o),
    "from_iso8601/1": ([s]) => dtFromIso8601(s, ISO, EXTENDED),
    "from_iso8601/2": ([s, x]) => (x === EXTENDED || x === BASIC ? dtFromIso8601(s, ISO, x) : dtFromIso8601(s, x, EXTENDED)),
    "from_iso8601/3": ([s, c, f]) => dtFromIso8601(s, c, f),
    "from_gregorian_seconds/1": ([s]) => makeDateTime(...fromGregorianSeconds(s, [0, 0], ISO, DT)),
    "from_gregorian_seconds/2": ([s, us]) => makeDateTime(...fromGregorianSeconds(s, us, ISO, DT)),
    "from_gregorian_seconds/3": ([s, us, c]) => makeDateTime(...fromGregorianSeconds(s, us, c, DT), UTC_ZONE, c),
    "to_gregorian_seconds/1": ([m]) => {
      const us = precisionOf(m, DT, "to_gregorian_seconds", [m]) !== undefined ? (m as MapTerm).get(a("microsecond")) : null;
      return toGregorianSeconds(utcIsoDays(m, "to_gregorian_seconds", [m]), us[0]);
    },
    "to_string/1": ([m]) => {
      const p = dtParts(m, "to_string", [m]);
      requireIso(p[0], "datetime_to_string", 11);
      return datetimeToString(m as MapTerm);
    },
    "compare/2": ([m1, m2]) => {
      const args = [m1, m2];
      return isoCompare(utcIsoDays(m1, "compare", args), utcIsoDays(m2, "compare", args));
    },
    "diff/2": ([m1, m2]) => dtDiff(m1, m2, SECOND),
    "diff/3": ([m1, m2, u]) => dtDiff(m1, m2, u),
    "add/2": ([m, n], p) => dtAdd(m, n, SECOND, timeZoneDatabase(p)),
    "add/3": ([m, n, u], p) => dtAdd(m, n, u, timeZoneDatabase(p)),
    "add/4": ([m, n, u, database]) => dtAdd(m, n, u, database),
    "truncate/2": ([m, p]) => {
      if (!(m instanceof MapTerm)) throw fce(DT, "truncate", [m, p]);
      const dt = structOf(m) === DATETIME ? m : dtFromMap(m);
      const us = dt.get(a("microsecond"));
      return dt.put(a("microsecond"), truncateUs(us, p, ["Calendar", "truncate", [us, p]]));
    },
    "convert/2": ([m, c]) => [OK, dtConvert(m, c, "convert")],
  },
};

export type { IsoDays };

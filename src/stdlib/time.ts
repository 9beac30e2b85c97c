// Time (Elixir 1.14's lib/calendar/time.ex) for the ISO calendar.
import type { NativeFn } from "../runtime/code.js";
import { argumentError, matchError } from "../runtime/errors.js";
import { inspect } from "../runtime/inspect.js";
import { MapTerm } from "../runtime/map.js";
import { compare } from "../runtime/term-order.js";
import { Term, a, int } from "../runtime/term.js";
import { fce } from "../runtime/arith.js";
import {
  BASIC, EXTENDED, ISO, OK, PPD_N, STRUCT, TIME, big, convertTimeUnit, err, fields, fromUnix, isInt, isoDaysToUnit,
  makeTime, mod, nowMicros, parseTime, requireIso, structOf, timeFromDayFraction, timeToDayFraction, timeToString,
  truncateUs, validTime, otherCalendar,
} from "./calendar-iso.js";

const T = "Time";
const SECOND = a("second");

/** [calendar, hour, minute, second, microsecond] of a time-like map. */
function timeParts(t: Term, fn: string, args: Term[]): Term[] {
  return fields(t, ["calendar", "hour", "minute", "second", "microsecond"], T, fn, args);
}

/** Day fraction parts (microseconds since midnight) of a time-like map. */
export function timeParts0(t: Term, fn: string, args: Term[]): bigint {
  const [cal, h, mi, s, us] = timeParts(t, fn, args);
  requireIso(cal, "time_to_day_fraction", 4);
  return big(timeToDayFraction(h, mi, s, us)[0]);
}

function newTime(h: Term, mi: Term, s: Term, us: Term, cal: Term): Term {
  if (isInt(us)) us = [us, 6];
  if (!isInt(h) || !isInt(mi) || !isInt(s) || !Array.isArray(us) || us.length !== 2 || !isInt(us[0]) || !isInt(us[1])) {
    throw fce(T, "new", [h, mi, s, us, cal]);
  }
  requireIso(cal, "valid_time?", 4);
  return validTime(h, mi, s, us) ? [OK, makeTime(h, mi, s, us, cal)] : err("invalid_time");
}

function bang(r: Term, msg: (reason: Term) => string): Term {
  if (Array.isArray(r) && r[0] === OK) return r[1];
  throw argumentError(msg(r[1]));
}

function convert(t: Term, cal: Term, fn: string): Term {
  const [c, h, mi, s, us] = timeParts(t, fn, [t, cal]);
  if (c === cal) return makeTime(h, mi, s, us, c);
  throw otherCalendar(c === ISO ? cal : c, "time_from_day_fraction", 1);
}

function fromIso8601(s: Term, cal: Term): Term {
  if (typeof s !== "string") throw fce("Elixir.Calendar.ISO", "parse_time", [s]);
  const r = parseTime(s);
  if ("error" in r) return err(r.error);
  return [OK, convert(makeTime(r.ok[0], r.ok[1], r.ok[2], r.ok[3]), cal, "convert")];
}

function toIso8601(t: Term, format: Term): string {
  const [cal, h, mi, s, us] = timeParts(t, "to_iso8601", [t, format]);
  if (format !== EXTENDED && format !== BASIC) throw fce(T, "to_iso8601", [t, format]);
  requireIso(cal, "time_to_day_fraction", 4);
  return timeToString(h, mi, s, us, format);
}

function fromErl(t: Term, us: Term, cal: Term): Term {
  if (!Array.isArray(t) || t.length !== 3) throw fce(T, "from_erl", [t, us, cal]);
  const r = newTime(t[0], t[1], t[2], us, ISO);
  return r[0] === OK ? [OK, convert(r[1], cal, "convert")] : r;
}

function add(t: Term, amount: Term, unit: Term): MapTerm {
  if (unit === a("hour") && isInt(amount)) return add(t, int(big(amount) * 3600n), SECOND);
  if (unit === a("minute") && isInt(amount)) return add(t, int(big(amount) * 60n), SECOND);
  const m = t instanceof MapTerm ? t : null;
  const cal = m?.get(a("calendar"));
  const us = m?.get(a("microsecond"));
  if (cal === undefined || !Array.isArray(us) || us.length !== 2 || !isInt(amount)) throw fce(T, "add", [t, amount, unit]);
  const delta = big(convertTimeUnit(amount, unit, a("microsecond")));
  const total = timeParts0(t, "add", [t, amount, unit]) + delta;
  const parts = mod(total, PPD_N);
  const [h, mi, s, [u]] = timeFromDayFraction(parts, PPD_N);
  return makeTime(h, mi, s, [u, us[1]], cal);
}

function diff(t1: Term, t2: Term, unit: Term): Term {
  if (unit === a("hour")) return int(big(diff(t1, t2, SECOND)) / 3600n);
  if (unit === a("minute")) return int(big(diff(t1, t2, SECOND)) / 60n);
  // (a time not matching the ISO clause goes to to_day_fraction/1)
  const f1 = timeParts0(t1, "to_day_fraction", [t1]);
  const f2 = timeParts0(t2, "to_day_fraction", [t2]);
  return int(big(isoDaysToUnit([0, f1], unit)) - big(isoDaysToUnit([0, f2], unit)));
}

function timeCompare(t1: Term, t2: Term): Term {
  const c1 = t1 instanceof MapTerm ? t1.get(a("calendar")) : undefined;
  const c2 = t2 instanceof MapTerm ? t2.get(a("calendar")) : undefined;
  let c: number;
  if (c1 !== undefined && c1 === c2) {
    // (the clause for one calendar matches each time against %{hour: _, ..., microsecond: {_, _}})
    const key = (t: Term) => {
      const m = t as MapTerm;
      const [h, mi, s, us] = ["hour", "minute", "second", "microsecond"].map((k) => m.get(a(k)));
      if (h === undefined || mi === undefined || s === undefined || !Array.isArray(us) || us.length !== 2) throw matchError(t);
      return [h, mi, s, us[0]];
    };
    c = compare(key(t1), key(t2));
  } else {
    const f1 = timeParts0(t1, "to_day_fraction", [t1]);
    const f2 = timeParts0(t2, "to_day_fraction", [t2]);
    c = f1 > f2 ? 1 : f1 < f2 ? -1 : 0;
  }
  return a(c > 0 ? "gt" : c < 0 ? "lt" : "eq");
}

function utcNow(cal: Term): MapTerm {
  const r = fromUnix(nowMicros() * 1000n, a("native"))!;
  return convert(makeTime(r[3], r[4], r[5], r[6]), cal, "convert!");
}

function fromSecondsAfterMidnight(s: Term, us: Term, cal: Term): MapTerm {
  if (!isInt(s)) throw fce(T, "from_seconds_after_midnight", [s, us, cal]);
  requireIso(cal, "time_from_day_fraction", 1);
  const inDay = Number(mod(big(s), 86400n));
  const [h, mi, sec] = timeFromDayFraction(inDay, 86400n);
  return makeTime(h, mi, sec, us, cal);
}

export const natives: { module: string; fns: Record<string, NativeFn> } = {
  module: "Elixir.Time",
  fns: {
    "__struct__/0": () => MapTerm.fromPairs([
      [STRUCT, TIME], [a("calendar"), ISO], [a("hour"), null], [a("minute"), null], [a("second"), null], [a("microsecond"), [0, 0]],
    ]),
    "utc_now/0": () => utcNow(ISO),
    "utc_now/1": ([c]) => utcNow(c),
    "new/3": ([h, m, s]) => newTime(h, m, s, [0, 0], ISO),
    "new/4": ([h, m, s, us]) => newTime(h, m, s, us, ISO),
    "new/5": ([h, m, s, us, c]) => newTime(h, m, s, us, c),
    "new!/3": ([h, m, s]) => bang(newTime(h, m, s, [0, 0], ISO), (r) => `cannot build time, reason: ${inspect(r)}`),
    "new!/4": ([h, m, s, us]) => bang(newTime(h, m, s, us, ISO), (r) => `cannot build time, reason: ${inspect(r)}`),
    "new!/5": ([h, m, s, us, c]) => bang(newTime(h, m, s, us, c), (r) => `cannot build time, reason: ${inspect(r)}`),
    "to_string/1": ([t]) => {
      const [cal, h, mi, s, us] = timeParts(t, "to_string", [t]);
      requireIso(cal, "time_to_string", 4);
      return timeToString(h, mi, s, us, EXTENDED);
    },
    "from_iso8601/1": ([s]) => fromIso8601(s, ISO),
    "from_iso8601/2": ([s, c]) => fromIso8601(s, c),
    "from_iso8601!/1": ([s]) => bang(fromIso8601(s, ISO), (r) => `cannot parse ${inspect(s)} as time, reason: ${inspect(r)}`),
    "from_iso8601!/2": ([s, c]) => bang(fromIso8601(s, c), (r) => `cannot parse ${inspect(s)} as time, reason: ${inspect(r)}`),
    "to_iso8601/1": ([t]) => toIso8601(t, EXTENDED),
    "to_iso8601/2": ([t, f]) => toIso8601(t, f),
    "from_erl/1": ([t]) => fromErl(t, [0, 0], ISO),
    "from_erl/2": ([t, us]) => fromErl(t, us, ISO),
    "from_erl/3": ([t, us, c]) => fromErl(t, us, c),
    "from_erl!/1": ([t]) => bang(fromErl(t, [0, 0], ISO), (r) => `cannot convert ${inspect(t)} to time, reason: ${inspect(r)}`),
    "from_erl!/2": ([t, us]) => bang(fromErl(t, us, ISO), (r) => `cannot convert ${inspect(t)} to time, reason: ${inspect(r)}`),
    "from_erl!/3": ([t, us, c]) => bang(fromErl(t, us, c), (r) => `cannot convert ${inspect(t)} to time, reason: ${inspect(r)}`),
    "from_seconds_after_midnight/1": ([s]) => fromSecondsAfterMidnight(s, [0, 0], ISO),
    "from_seconds_after_midnight/2": ([s, us]) => fromSecondsAfterMidnight(s, us, ISO),
    "from_seconds_after_midnight/3": ([s, us, c]) => fromSecondsAfterMidnight(s, us, c),
    "to_seconds_after_midnight/1": ([t]) => {
      const us = t instanceof MapTerm ? t.get(a("microsecond")) : undefined;
      if (!Array.isArray(us) || us.length !== 2) throw fce(T, "to_seconds_after_midnight", [t]);
      return [isoDaysToUnit([0, timeParts0(t, "to_day_fraction", [t])], SECOND), us[0]];
    },
    "add/2": ([t, n]) => add(t, n, SECOND),
    "add/3": ([t, n, u]) => add(t, n, u),
    "compare/2": ([t1, t2]) => timeCompare(t1, t2),
    "convert/2": ([t, c]) => [OK, convert(t, c, "convert")],
    "diff/2": ([t1, t2]) => diff(t1, t2, SECOND),
    "diff/3": ([t1, t2, u]) => diff(t1, t2, u),
    "truncate/2": ([t, p]) => {
      if (structOf(t) !== TIME) throw fce(T, "truncate", [t, p]);
      return (t as MapTerm).put(a("microsecond"), truncateUs((t as MapTerm).get(a("microsecond")), p, ["Calendar", "truncate", [(t as MapTerm).get(a("microsecond")), p]]));
    },
  },
};

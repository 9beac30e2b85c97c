#!/usr/bin/env node
// Writes src/stdlib/unicode-case-data.ts: where OTP 25's case mappings (unicode_util,
// Unicode 14) differ from JavaScript's toUpperCase/toLowerCase (newer Unicode, no title
// case, no case folding). Needs a local Erlang/OTP 25. Usage: node tools/gen-unicode-case.mjs
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

const script = `
Out = [begin #{upper := U, lower := L, title := T, fold := F} = unicode_util:get_case(C),
  io_lib:format("~w ~w ~w ~w ~w~n", [C, U, L, T, F]) end
  || C <- lists:seq(0, 16#10FFFF), C < 16#D800 orelse C > 16#DFFF],
io:put_chars(Out), halt().`;
const text = execFileSync("erl", ["-noshell", "-eval", script], { encoding: "utf8", maxBuffer: 1 << 28 });
const parse = (s) => (s.startsWith("[") ? JSON.parse(s) : [Number(s)]);
const cps = (s) => [...s].map((c) => c.codePointAt(0));
const eq = (x, y) => x.length === y.length && x.every((v, i) => v === y[i]);
const upper = [], lower = [], title = [], fold = [];
for (const line of text.trim().split("\n")) {
  const [cp, u, l, t, f] = line.split(" ");
  const n = Number(cp);
  const c = String.fromCodePoint(n);
  const [U, L, T, F] = [u, l, t, f].map(parse);
  if (!eq(U, cps(c.toUpperCase()))) {
    if (!eq(U, [n])) throw new Error(`unexpected upper case of ${n}`);
    upper.push(n);
  }
  if (!eq(L, cps(c.toLowerCase()))) {
    if (!eq(L, [n])) throw new Error(`unexpected lower case of ${n}`);
    lower.push(n);
  }
  if (!eq(T, U)) title.push([n, T.length === 1 ? T[0] : T]);
  if (!eq(F, L)) fold.push([n, F.length === 1 ? F[0] : F]);
}
writeFileSync(new URL("../src/stdlib/unicode-case-data.ts", import.meta.url), `// Generated from OTP 25's unicode_util (Unicode 14) by tools/gen-unicode-case.mjs:
// where OTP's case mappings differ from what JavaScript's toUpperCase/toLowerCase give.
// Code points JavaScript maps (newer Unicode) but OTP 25 leaves unchanged:
export const UPPER_UNCHANGED: readonly number[] = ${JSON.stringify(upper)};
export const LOWER_UNCHANGED: readonly number[] = ${JSON.stringify(lower)};
/** Title case where it differs from upper case (code point or sequence). */
export const TITLE: readonly [number, number | number[]][] = ${JSON.stringify(title)};
/** Case folding where it differs from lower case. */
export const FOLD: readonly [number, number | number[]][] = ${JSON.stringify(fold)};
`);

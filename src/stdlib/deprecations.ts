// Which library functions are deprecated, and why, as Elixir 1.14 and OTP 25 say: the table
// src/stdlib/deprecations.json is generated with real Elixir by deprecations.gen.exs (the
// `@deprecated` reasons of Elixir's modules, from `__info__(:deprecated)`, and OTP's
// `otp_internal:obsolete/3` for Erlang's). The compiler warns with them (see
// runtime/deprecations.ts); `__info__(:deprecated)` of a library module lists them.
import { readFileSync } from "node:fs";

type Rows = [string, number, string][];
let table: { elixir: Map<string, Rows>; erlang: Map<string, Rows> } | null = null;

/** src/stdlib/deprecations.json (dist/src/stdlib -> src/stdlib). */
function load(): NonNullable<typeof table> {
  if (table === null) {
    let data: { elixir: Record<string, Rows>; erlang: Record<string, Rows> };
    try {
      data = JSON.parse(readFileSync(new URL("../../../src/stdlib/deprecations.json", import.meta.url), "utf8"));
    } catch {
      data = { elixir: {}, erlang: {} }; // a broken install loses the warnings, nothing else
    }
    table = { elixir: new Map(Object.entries(data.elixir)), erlang: new Map(Object.entries(data.erlang)) };
  }
  return table;
}

/** The reason `module.fun/arity` of the library is deprecated, or null. */
export function libraryDeprecation(module: string, fun: string, arity: number): string | null {
  const t = load();
  const rows = module.startsWith("Elixir.") ? t.elixir.get(module) : t.erlang.get(module);
  if (rows === undefined) return null;
  for (const [f, n, reason] of rows) if ((f === fun && n === arity) || (f === "*" && n === -1)) return reason;
  return null;
}

let removedTable: Map<string, Rows> | null = null;

/**
 * Why OTP removed `module:fun/arity` (src/stdlib/otp-removed.json, generated from
 * otp_internal:obsolete/3 by otp-removed.gen.exs), or null: UndefinedFunctionError's hint.
 */
export function otpRemoved(module: string, fun: string, arity: number): string | null {
  if (removedTable === null) {
    try {
      removedTable = new Map(Object.entries(JSON.parse(readFileSync(new URL("../../../src/stdlib/otp-removed.json", import.meta.url), "utf8")) as Record<string, Rows>));
    } catch {
      removedTable = new Map(); // a broken install loses the hints, nothing else
    }
  }
  for (const [f, n, reason] of removedTable.get(module) ?? []) if ((f === fun || f === "*") && (n === arity || n === -1)) return reason;
  return null;
}

/** `__info__(:deprecated)` of a library module: [fun, arity, reason] sorted as Elixir lists them. */
export function libraryDeprecations(module: string): Rows {
  return module.startsWith("Elixir.") ? load().elixir.get(module) ?? [] : [];
}

// Exception messages, iex error banners, exits, stacktraces and to_string/1, checked against
// outputs generated with real Elixir 1.14 (see gen_errors.exs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { BeamError } from "../../src/runtime/errors.js";
import {
  ErrorContext, ErrorKind, exceptionMessage, formatBanner, formatIexError,
} from "../../src/runtime/exception-message.js";
import { inspect } from "../../src/runtime/inspect.js";
import { MapTerm } from "../../src/runtime/map.js";
import { toStringTerm } from "../../src/runtime/string-chars.js";
import { Atom, a, atomName } from "../../src/runtime/term.js";
import { ERRORS, EXPORTS, TO_STRING } from "./errors.generated.js";
import { decodeEtf } from "./etf.js";

const ctx: ErrorContext = {
  moduleExports: (mod: Atom) => {
    const e = EXPORTS[mod.name];
    if (!e) return null;
    const deprecated = new Set(e.deprecated.map(([n, ar]) => n + "/" + ar));
    return { functions: e.functions, macros: e.macros, deprecated: [...deprecated].map((s) => s.split("/")).map(([n, ar]) => [n, Number(ar)] as [string, number]) };
  },
  inspectOptions: { structFields: (m: Atom) => (m.name === "Elixir.Boom" ? ["message"] : null) },
};

for (const [expr, etf, banner, full] of ERRORS) {
  test("error " + expr, () => {
    const [kindAtom, reason, st] = decodeEtf(etf);
    const kind = atomName(kindAtom) as ErrorKind;
    assert.equal(formatBanner(kind, reason, st, ctx), banner);
    assert.equal(formatIexError(kind, reason, st, ctx), full);
  });
}

for (const [expr, etf, expected] of TO_STRING) {
  test("to_string " + expr, () => {
    const value = decodeEtf(etf);
    if (expected.ok !== undefined) {
      assert.equal(toStringTerm(value), expected.ok);
      return;
    }
    assert.throws(() => toStringTerm(value), (e: unknown) => {
      assert.ok(e instanceof BeamError);
      const exc = e.reason as MapTerm;
      assert.equal(inspect(exc.get(a("__struct__"))), expected.error);
      assert.equal(exceptionMessage(exc, ctx), expected.message);
      return true;
    });
  });
}

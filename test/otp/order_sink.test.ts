// The seed lesson's OrderSink (back-pressure + batching, and a flush that crashes because
// :telemetry is not available in plain iex) replayed against its iex 1.14 recording.
// Kept out of test/sessions because iex also prints the compiler's warning
// "warning: :telemetry.span/3 is undefined (module :telemetry is not available ...)",
// which beamsh's compiler does not emit yet: that one warning is removed before comparing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { normalise, runSession } from "../helpers/session.js";

const dir = join(process.cwd(), "test", "otp");

test("OrderSink session matches iex (but for the undefined-function compile warning)", async () => {
  const input = readFileSync(join(dir, "order_sink.in"), "utf8");
  const expected = normalise(readFileSync(join(dir, "order_sink.out"), "utf8")).replace(
    /warning: :telemetry\.span\/3 is undefined \(module :telemetry is not available or is yet to be defined\)\n {2}iex:\d+: OrderSink\.handle_info\/2\n\n/,
    "",
  );
  assert.equal(normalise(await runSession(input)), expected);
});

// The logger's stepped mode (piped shell input) runs on the runtime's clock: whether an event
// is cold does not depend on how much wall-clock time went by.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Logger } from "../../src/runtime/logger.js";
import { Pid, Ref, Term } from "../../src/runtime/term.js";

function stepped() {
  let clock = 0;
  const written: string[] = [];
  const sent: Term[] = [];
  let refs = 0;
  const logger = new Logger(
    {
      write: (t) => written.push(t),
      now: () => clock,
      setTimer: () => {},
      send: (_to: Pid, msg: Term) => sent.push(msg),
      newRef: () => ({ id: ++refs }) as unknown as Ref,
    },
    true,
  );
  logger.mode = "stepped";
  return { logger, written, sent, advance: (ms: number) => (clock += ms) };
}

test("stepped mode: a part stays cold, however long the wall clock runs, until the events waiting for it come out", () => {
  const { logger, written, advance } = stepped();
  assert.ok(logger.coldDelay("error_logger") > 0, "the first event finds the Logger cold");
  logger.writeAfter("first\n", logger.coldDelay("error_logger"));
  advance(1000);
  // A second event while the first still waits: still cold (in timed mode, 1 s later, warm).
  assert.ok(logger.coldDelay("error_logger") > 0);
  logger.writeAfter("second\n", logger.coldDelay("error_logger"));
  assert.deepEqual(written, []);
  logger.onCompile();
  assert.deepEqual(written, ["first\n", "second\n"]);
  assert.equal(logger.coldDelay("error_logger"), 0, "warm once they came out");
  assert.ok(logger.coldDelay("task") > 0, "a crash report's own kind is cold until its first report comes out");
});

test("timed mode still measures the wall clock", () => {
  const { logger, advance } = stepped();
  logger.mode = "timed";
  assert.ok(logger.coldDelay("error_logger") > 0);
  advance(1000);
  assert.equal(logger.coldDelay("error_logger"), 0);
});

// Pausing the runtime from the shell (bin/beamsh.js, piped): the shell keeps answering
// while every other process is held, steps show what runs, resume lets all go on.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

const BIN = join(process.cwd(), "bin", "beamsh.js");

test("a piped session pauses the runtime, steps a ping-pong, and resumes it", () => {
  const input = [
    "defmodule Ping, do: def loop(n), do: receive(do: ({:ping, from} -> send(from, {:pong, n}); loop(n + 1)))",
    ":beamsh.pause()",
    "server = spawn(fn -> Ping.loop(0) end)",
    "client = spawn(fn -> send(server, {:ping, self()}); receive do {:pong, n} -> IO.puts(\"pong #{n}\") end end)",
    "1 + 1",
    "Process.info(client, :status)",
    ":beamsh.step()",
    ":beamsh.step(:message)",
    ":beamsh.resume()",
    "Process.sleep(10)",
    "Process.alive?(client)",
    "",
  ].join("\n");
  const r = spawnSync("node", [BIN], { input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", BEAMSH_HISTORY: "0" } });
  assert.equal(r.status, 0, r.stderr);
  const server = /iex\(3\)> (#PID<[\d.]+>)\n/.exec(r.stdout)![1];
  const client = /iex\(4\)> (#PID<[\d.]+>)\n/.exec(r.stdout)![1];
  const out = r.stdout.replaceAll(server, "S").replaceAll(client, "C");
  assert.match(out, /iex\(5\)> 2\n/, "the shell answers while paused");
  assert.match(out, /iex\(6\)> \{:status, :runnable\}\n/);
  assert.match(out, /iex\(7\)> \{:ran, S, \d+, :waiting\}\n/);
  assert.match(out, /iex\(8\)> \[\s*\{:ran, C, \d+, :waiting\},\s*\{:delivered, C, S, \{:ping, C\}\}\s*\]\n/);
  assert.match(out, /iex\(9\)> :ok\npong 0\n/);
  assert.match(out, /iex\(11\)> false\n/);
});

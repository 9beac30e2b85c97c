// :gen_tcp and :inet on loopback. Each test/stdlib/gen_tcp/NAME.exs with a NAME.out runs as
// `beamsh NAME.exs` and prints what `elixir NAME.exs` printed (record in that folder:
// `PORT=4040 elixir NAME.exs > NAME.out`); the script's PORT is a free port chosen here, and
// log times and that port are not compared. echo_server.exs (the guide's echo server) is
// driven from outside by clients written with Node's net module, as telnet would.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import * as net from "node:net";
import { join } from "node:path";
import { test } from "node:test";

const dir = join(process.cwd(), "test", "stdlib", "gen_tcp");
const BIN = join(process.cwd(), "bin", "beamsh.js");
const ENV = { ...process.env, NO_COLOR: "1", BEAMSH_HISTORY: "0" };

/** A port nobody listens on now (the OS's pick for a listener closed at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function normalise(text: string, port: number | string): string {
  return text
    .replace(/^\d\d:\d\d:\d\d\.\d\d\d /gm, "HH:MM:SS.mmm ")
    .replaceAll(`port ${port}`, "port PORT");
}

for (const f of readdirSync(dir).filter((x) => x.endsWith(".exs")).sort()) {
  const out = join(dir, f.replace(/\.exs$/, ".out"));
  if (!existsSync(out)) continue;
  test(`gen_tcp script ${f} prints what elixir prints`, async () => {
    const port = await freePort();
    const r = spawnSync("node", [BIN, f], { cwd: dir, encoding: "utf8", env: { ...ENV, PORT: String(port) }, timeout: 60_000 });
    assert.equal(normalise(r.stdout, port), normalise(readFileSync(out, "utf8"), 4040), r.stderr);
    assert.equal(r.status, 0);
  });
}

/** A telnet-like client: sends each line, waits for as many echoed bytes, then closes. */
function client(port: number, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port });
    let got = "";
    let i = 0;
    let want = 0;
    const next = () => {
      if (i === lines.length) return void s.end();
      const line = lines[i++] + "\n";
      want += Buffer.byteLength(line);
      s.write(line);
    };
    s.on("data", (d) => {
      got += d;
      if (Buffer.byteLength(got) >= want) next();
    });
    s.on("connect", next);
    s.on("error", reject);
    s.on("close", () => resolve(got));
  });
}

async function connectable(port: number): Promise<void> {
  for (let tries = 0; ; tries++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port });
      s.on("connect", () => (s.destroy(), resolve(true)));
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (tries > 300) throw new Error("the echo server never listened");
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("the guide's echo server answers outside clients, several at once", async () => {
  const port = await freePort();
  const child = spawn("node", [BIN, "echo_server.exs"], { cwd: dir, env: { ...ENV, PORT: String(port) } });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    await connectable(port);
    const [one, two] = await Promise.all([
      client(port, ["hello", "is it me", "you are looking for?"]),
      client(port, ["say you", "say me", "ünïcödé and a long line ".repeat(200)]),
    ]);
    assert.equal(one, "hello\nis it me\nyou are looking for?\n");
    assert.equal(two, "say you\nsay me\n" + "ünïcödé and a long line ".repeat(200) + "\n");
    // The clients are gone once their side closed; the server's tasks see it a moment later
    // (as on the BEAM, the close reaches them as a message): wait for their three crash
    // reports before ending the script, or "stop" may overtake them.
    const crashes = () => (stdout.match(/no match of right hand side value: \{:error, :closed\}/g) ?? []).length;
    for (let waited = 0; crashes() < 3 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    child.stdin.end("stop\n");
    assert.equal(await exited, 0);
    assert.match(stdout, /\[info\] Accepting connections on port \d+/);
    // each client's task crashed on {:error, :closed} (the chapter's MatchError); none are left
    assert.equal((stdout.match(/no match of right hand side value: \{:error, :closed\}/g) ?? []).length, 3);
    assert.match(stdout, /%\{active: 0, specs: 0, supervisors: 0, workers: 0\}\n$/);
  } finally {
    child.kill();
  }
});

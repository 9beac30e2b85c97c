// Distribution benchmarks: message round trips per second and bulk throughput (MB/s) over
// the Erlang distribution protocol on loopback, between two beamsh nodes, between beamsh
// and a real node both ways, and between two real nodes on the same machine for reference.
//
//   node dist/bench/dist.js
//
// The measuring node ("alex") sends to a registered echo process on the other node
// ("kate"), which runs as its own OS process: `beamsh --sname kate -e ...` or
// `elixir --sname kate -e ...`. When alex is beamsh it runs in this process; when it is
// real it is `elixir --sname alex -e ...`. Both ends use the same Elixir code and measure
// with :timer.tc. A private name server (beamsh's EPMD) on a free port keeps the system's
// EPMD out of it. Real-node figures need `elixir` (skipped with a message otherwise).
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRuntime } from "../src/boot.js";
import { EpmdServer } from "../src/runtime/dist/epmd.js";
import { Driver } from "../src/runtime/driver.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { startNode, stopNode } from "../src/stdlib/dist.js";
import { spawnSrc } from "./harness.js";

/** Round trips per measured run, and bulk messages of 1 MB. */
const PINGS = 10_000;
const BULK = 64;
const BULK_SIZE = 1 << 20;
const COOKIE = "bench";

const ECHO = `
defmodule BenchEcho do
  def loop do
    receive do
      {:ping, from, x} ->
        send(from, {:pong, x})
        loop()

      {:bulk, from, n} ->
        bulk(from, n, 0)
    end
  end

  defp bulk(from, 0, bytes) do
    send(from, {:got, bytes})
    loop()
  end

  defp bulk(from, n, bytes) do
    receive do
      {:data, b} -> bulk(from, n - 1, bytes + byte_size(b))
    end
  end
end
Process.register(spawn(&BenchEcho.loop/0), :echo)
IO.puts("ready")
Process.sleep(:infinity)
`;

const CLIENT = `
defmodule BenchClient do
  def pings(_to, 0), do: :ok

  def pings(to, n) do
    send(to, {:ping, self(), n})

    receive do
      {:pong, ^n} -> pings(to, n - 1)
    end
  end

  def bulk(to, n, bin) do
    send(to, {:bulk, self(), n})
    Enum.each(1..n, fn _ -> send(to, {:data, bin}) end)

    receive do
      {:got, bytes} -> bytes
    end
  end

  # Best of three, after a warm-up: {round trip microseconds, bulk microseconds}.
  def measure(node, pings, n, size) do
    to = {:echo, node}
    true = Node.connect(node)
    bin = :binary.copy(<<7>>, size)
    pings(to, 1000)
    bulk(to, 4, bin)
    rt = Enum.min(for _ <- 1..3, do: elem(:timer.tc(fn -> pings(to, pings) end), 0))
    bk = Enum.min(for _ <- 1..3, do: elem(:timer.tc(fn -> bulk(to, n, bin) end), 0))
    {rt, bk}
  end
end
`;

const measureCall = `BenchClient.measure(:kate@localhost, ${PINGS}, ${BULK}, ${BULK_SIZE})`;

interface Figures {
  roundTrips: number;
  mbps: number;
}

const figures = ([rtUs, bulkUs]: [number, number]): Figures => ({
  roundTrips: PINGS / (rtUs / 1e6),
  mbps: (BULK * BULK_SIZE) / (1 << 20) / (bulkUs / 1e6),
});

const BEAMSH = fileURLToPath(new URL("../../bin/beamsh.js", import.meta.url));

function hasElixir(): boolean {
  return spawnSync("elixir", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Starts kate (beamsh or real) with the echo server; resolves once it is ready. */
async function startKate(kind: "beamsh" | "real", env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const args = ["--sname", "kate@localhost", "--cookie", COOKIE, "-e", ECHO];
  const child = kind === "beamsh" ? spawn(process.execPath, [BEAMSH, ...args], { env }) : spawn("elixir", args, { env });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("ready")) resolve();
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`kate (${kind}) exited with ${code}: ${out}`)));
  });
  child.removeAllListeners("exit");
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

/** alex as a beamsh node in this process. */
async function beamshAlex(): Promise<Figures> {
  const rt: Runtime = createRuntime({ write: () => {} });
  const driver = new Driver(rt);
  try {
    await startNode(rt, { name: "alex@localhost", longnames: false, cookie: COOKIE, listenHost: "127.0.0.1" });
    const p = spawnSrc(rt, CLIENT + "\n" + measureCall);
    driver.kick();
    while (p.status !== "exited") await new Promise((r) => setTimeout(r, 5));
    // (the script's value: its last expression's, as scriptCode gives it)
    const v = p.x as unknown;
    if (!Array.isArray(v)) throw new Error("the beamsh client did not finish: " + String(p.exitReason));
    return figures([Number(v[0]), Number(v[1])]);
  } finally {
    stopNode(rt);
    driver.stop();
  }
}

/** alex as a real node (asynchronously: the name server answers from this process). */
async function realAlex(env: NodeJS.ProcessEnv): Promise<Figures> {
  const child = spawn("elixir", ["--sname", "alex@localhost", "--cookie", COOKIE, "-e", CLIENT + `\n{a, b} = ${measureCall}\nIO.puts("#{a} #{b}")`], { env });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const [a, b] = out.trim().split("\n").pop()!.split(" ").map(Number);
  if (code !== 0 || !(a > 0 && b > 0)) throw new Error(`the real client failed: ${out}`);
  return figures([a, b]);
}

const fmt = (f: Figures) => `${Math.round(f.roundTrips).toLocaleString("en-US")} round trips/s, ${f.mbps.toFixed(1)} MB/s`;

async function main(): Promise<void> {
  const epmd = new EpmdServer({ relaxed: true });
  const port = await epmd.listen(0, ["127.0.0.1"]);
  process.env.ERL_EPMD_PORT = String(port);
  const env = { ...process.env, ERL_EPMD_PORT: String(port), ELIXIR_ERL_OPTIONS: "" };
  const pair = async (alex: "beamsh" | "real", kate: "beamsh" | "real"): Promise<Figures> => {
    const k = await startKate(kate, env);
    try {
      return alex === "beamsh" ? await beamshAlex() : await realAlex(env);
    } finally {
      await stopChild(k);
      for (let i = 0; i < 200 && epmd.registered().length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    }
  };
  try {
    const what = `${PINGS.toLocaleString("en-US")} sequential round trips, ${BULK} messages of 1 MB`;
    const bb = await pair("beamsh", "beamsh");
    console.log(`distribution beamsh -> beamsh (${what}): ${fmt(bb)}`);
    if (!hasElixir()) {
      console.log("(elixir is not installed: beamsh <-> real node and real <-> real figures skipped)");
      return;
    }
    const br = await pair("beamsh", "real");
    console.log(`distribution beamsh -> real node: ${fmt(br)}`);
    const rb = await pair("real", "beamsh");
    console.log(`distribution real node -> beamsh: ${fmt(rb)}`);
    const rr = await pair("real", "real");
    console.log(`distribution real node -> real node: ${fmt(rr)}`);
    const ratio = (x: Figures) => `round trips ${(x.roundTrips / rr.roundTrips).toFixed(3)}, MB/s ${(x.mbps / rr.mbps).toFixed(3)}`;
    console.log(`  vs real <-> real: beamsh -> beamsh ${ratio(bb)}; beamsh -> real ${ratio(br)}; real -> beamsh ${ratio(rb)}`);
  } finally {
    epmd.close();
  }
}

await main();
process.exit(0);

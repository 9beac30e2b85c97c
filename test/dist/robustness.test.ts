// What a node survives: garbage where a handshake should be, a peer vanishing mid-handshake
// or mid-message, malformed frames on an established connection, a wrong cookie, a name in
// use, a flood of messages and a 10 MB one. Each time only the offending connection goes;
// the node keeps its state and still talks to well-behaved nodes. Real sockets on loopback,
// beamsh nodes only (no Erlang needed), a private EPMD.
import assert from "node:assert/strict";
import { Socket, createConnection } from "node:net";
import { after, before, describe, test } from "node:test";
import { createRuntime } from "../../src/boot.js";
import { Driver } from "../../src/runtime/driver.js";
import { HandshakeIO, HandshakeNode, OUR_FLAGS, initiate } from "../../src/runtime/dist/handshake.js";
import { names } from "../../src/runtime/dist/epmd.js";
import { inspect } from "../../src/runtime/inspect.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { a } from "../../src/runtime/term.js";
import type { Term } from "../../src/runtime/term.js";
import { StartError, distState, startNode, stopNode } from "../../src/stdlib/dist.js";
import { RuntimeSource } from "../../src/observer/source.js";
import { spawnEval } from "../helpers/eval.js";
import { privateEpmd, sleep } from "./nodes.js";

interface LiveNode {
  name: string;
  rt: Runtime;
  driver: Driver;
  out: string[];
  port: number;
}

let epmd: { port: number; close(): void; idle(): Promise<void> };
const started: LiveNode[] = [];
let prevPort: string | undefined;

before(async () => {
  epmd = await privateEpmd();
  prevPort = process.env.ERL_EPMD_PORT;
  process.env.ERL_EPMD_PORT = String(epmd.port);
});

after(() => {
  for (const n of started) {
    stopNode(n.rt);
    n.driver.stop();
  }
  epmd.close();
  if (prevPort === undefined) delete process.env.ERL_EPMD_PORT;
  else process.env.ERL_EPMD_PORT = prevPort;
});

async function liveNode(name: string, cookie = "secret"): Promise<LiveNode> {
  const out: string[] = [];
  const rt = createRuntime({ write: (s) => out.push(s) });
  const driver = new Driver(rt);
  await startNode(rt, { name: `${name}@localhost`, longnames: false, cookie, listenHost: "127.0.0.1", setupTime: 300 });
  const n = { name: `${name}@localhost`, rt, driver, out, port: distState(rt)!.kernel.port };
  started.push(n);
  return n;
}

/** Evaluates `src` in a new process of `n`; resolves with the inspected value. */
async function run(n: LiveNode, src: string, ms = 20000): Promise<string> {
  const p = spawnEval(n.rt, src);
  n.driver.kick();
  const until = Date.now() + ms;
  while (p.status !== "exited") {
    if (Date.now() > until) throw new Error(`timed out: ${src}`);
    await sleep(5);
  }
  if ((p.exitReason as { name?: string })?.name !== "normal") throw new Error(`${src} failed: ${inspect(p.exitReason ?? null)}`);
  return inspect((p.x as Term[])[0]);
}

/** Opens a raw socket to a node's distribution port. */
function raw(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: "127.0.0.1", port }, () => resolve(s));
    s.on("error", reject);
  });
}

/** Resolves once the other side closed `s` (true), or false after `ms`. */
function closedBy(s: Socket, ms = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    if (s.destroyed) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    s.on("error", () => {});
    s.on("close", () => {
      clearTimeout(t);
      resolve(true);
    });
    s.resume();
  });
}

/** A peer that speaks the handshake from a raw socket, then whatever the test writes. */
function fakePeer(name: string, cookie: string): HandshakeNode {
  return { name, creation: 7, flags: OUR_FLAGS, cookieFor: () => cookie, acceptStatus: () => "ok", replaceAlive: () => true };
}

/** Waits until `name` is registered on `n`. */
async function registered(n: LiveNode, name: string): Promise<void> {
  while ((await run(n, `Process.whereis(${name}) != nil`)) !== "true") await sleep(5);
}

function etfAtom(name: string): number[] {
  return [119, name.length, ...Buffer.from(name, "latin1")];
}

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** NEW_PID_EXT of a process of `node`. */
function etfPid(node: string, id: number, serial: number, creation: number): number[] {
  return [88, ...etfAtom(node), ...u32(id), ...u32(serial), ...u32(creation)];
}

function frame(...bytes: number[]): Buffer {
  const b = Buffer.alloc(4 + bytes.length);
  b.writeUInt32BE(bytes.length, 0);
  Buffer.from(bytes).copy(b, 4);
  return b;
}

describe("distribution robustness", () => {
  let alex: LiveNode;
  let kate: LiveNode;

  before(async () => {
    await epmd.idle();
    alex = await liveNode("alex");
    kate = await liveNode("kate");
    await run(alex, "Agent.start(fn -> 42 end, name: :state)");
  });

  /** alex is still alive and well: its state is there, kate reaches it and back. */
  async function stillFine(): Promise<void> {
    assert.equal(await run(alex, "Agent.get(:state, & &1)"), "42");
    assert.equal(await run(kate, "Node.ping(:alex@localhost)"), ":pong");
    assert.equal(await run(kate, ":rpc.call(:alex@localhost, Agent, :get, [:state, & &1])"), "42");
    assert.equal(await run(alex, "Node.self()"), ":alex@localhost");
  }

  test("garbage instead of a handshake closes that socket only", async () => {
    const cases: Buffer[] = [
      Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
      Buffer.from([0, 0]), // an empty packet
      Buffer.from([0, 3, 0x4e, 1, 2]), // a name message cut short
      Buffer.from([0, 5, 0x6e, 0, 5, 0, 0]), // a version 5 name with no name
      Buffer.concat([Buffer.from([0, 20, 0x4e]), Buffer.alloc(12), Buffer.from([0xff, 0xff]), Buffer.from("x@y"), Buffer.alloc(2)]), // a name longer than its packet
      Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff)),
    ];
    for (const bytes of cases) {
      const s = await raw(alex.port);
      s.write(bytes);
      assert.ok(await closedBy(s), `not closed after ${bytes.subarray(0, 8).toString("hex")}`);
    }
    await stillFine();
  });

  test("a peer that says nothing, or vanishes mid-packet, is dropped after net_setuptime", async () => {
    const silent = await raw(alex.port);
    assert.ok(await closedBy(silent, 3000), "a silent socket stays open");
    const half = await raw(alex.port);
    half.write(Buffer.from([0, 200, 0x4e, 0, 0, 0]));
    half.end();
    assert.ok(await closedBy(half));
    await stillFine();
  });

  test("a wrong cookie is refused and logged; the node goes on", async () => {
    const s = await raw(alex.port);
    const io = new HandshakeIO(s);
    await assert.rejects(initiate(io, fakePeer("mallory@localhost", "wrong"), "alex@localhost", 6));
    s.destroy();
    await sleep(50);
    assert.match(alex.out.join(""), /\*\* Connection attempt from node :mallory@localhost rejected\. Invalid challenge reply\. \*\*/);
    assert.equal(await run(alex, "Node.list()"), "[:kate@localhost]");
    await stillFine();
  });

  test("bad frames on an established connection close that connection only; its links and monitors fire", async () => {
    const bad: Buffer[] = [
      frame(1, 2, 3), // not a pass-through message
      frame(112, 131, 104, 3, 97), // a control tuple cut short
      frame(112, 130, 104, 1, 97, 2), // wrong version byte
      frame(112, 131, 104, 2, 97, 2, 106, 200), // a SEND whose payload is missing
      frame(112, 131, 108, 0xff, 0xff, 0xff, 0xff, 106), // a list claiming 4 G elements
      frame(112, 131, 80, 0xff, 0xff, 0xff, 0xff, 120, 156, 1, 2, 3), // compressed garbage
      Buffer.concat([Buffer.from([0, 0, 0x10, 0]), Buffer.alloc(100)]), // the peer dies mid-message
    ];
    for (const [i, bytes] of bad.entries()) {
      const peer = `fake${i}@localhost`;
      const s = await raw(alex.port);
      const io = new HandshakeIO(s);
      await initiate(io, fakePeer(peer, "secret"), "alex@localhost", 6);
      io.detach();
      // Something to lose: an alex process linked to and monitoring a process of the peer.
      const watcher = run(
        alex,
        `Process.register(self(), :watch)
         Process.flag(:trap_exit, true)
         receive do
           {:hello, pid} ->
             Process.link(pid)
             ref = Process.monitor(pid)
             down = receive do {:DOWN, ^ref, :process, ^pid, r} -> r end
             exit = receive do {:EXIT, ^pid, r} -> r end
             {node(pid), down, exit}
         end`,
      );
      await registered(alex, ":watch");
      const pid = etfPid(peer, 40, 0, 7);
      // REG_SEND {6, From, '', watch} with the payload {hello, Pid}
      s.write(frame(112, 131, 104, 4, 97, 6, ...pid, ...etfAtom(""), ...etfAtom("watch"), 131, 104, 2, ...etfAtom("hello"), ...pid));
      while ((await run(alex, "length(elem(Process.info(Process.whereis(:watch), :links), 1))")) !== "1") await sleep(5);
      assert.deepEqual(await run(alex, "Node.list() |> Enum.sort()"), `[:${peer}, :kate@localhost]`);
      s.write(bytes);
      if (i === bad.length - 1) s.end();
      assert.ok(await closedBy(s), `frame ${i} did not close the connection`);
      assert.equal(await watcher, `{:${peer}, :noconnection, :noconnection}`, `frame ${i}`);
      assert.equal(await run(alex, "Node.list()"), "[:kate@localhost]", `frame ${i}`);
    }
    await stillFine();
  });

  test("the observer lists the connected nodes with their traffic", async () => {
    assert.equal(await run(kate, "Node.ping(:alex@localhost)"), ":pong");
    const nodes = new RuntimeSource(alex.rt).nodes();
    assert.equal(nodes.self, "alex@localhost");
    const k = nodes.nodes.find((n) => n.name === "kate@localhost");
    assert.ok(k !== undefined, JSON.stringify(nodes));
    assert.equal(k.kind, "beamsh");
    assert.equal(k.version, 6);
    assert.ok(k.messagesIn > 0 && k.messagesOut > 0 && k.bytesIn > 0 && k.bytesOut > 0, JSON.stringify(k));
  });

  test("a name in use is refused; the runtime stays as it was", async () => {
    const rt = createRuntime({ write: () => {} });
    await assert.rejects(startNode(rt, { name: "alex@localhost", longnames: false, cookie: "secret", listenHost: "127.0.0.1" }), (e: unknown) => {
      assert.ok(e instanceof StartError);
      assert.equal(e.reason, "duplicate_name");
      assert.equal(e.message, "Protocol 'inet_tcp': the name alex@localhost seems to be in use by another Erlang node");
      return true;
    });
    assert.equal(rt.node, a("nonode@nohost"));
    assert.equal(distState(rt), undefined);
    await stillFine();
  });

  test("EPMD answers after garbage", async () => {
    for (const bytes of [Buffer.from([0, 1, 0]), Buffer.from([0, 3, 120, 0, 0]), Buffer.from("nonsense nonsense")]) {
      const s = await raw(epmd.port);
      s.write(bytes);
      assert.ok(await closedBy(s, 2000));
    }
    const listed = (await names("127.0.0.1", epmd.port)).map(([n]) => n).sort();
    assert.deepEqual(listed, ["alex", "kate"]);
  });

  test("10,000 messages over one connection arrive, in order", async () => {
    const n = 10_000;
    const sink = run(kate, `
      Process.register(self(), :sink)
      Enum.reduce(1..${n}, 0, fn i, acc ->
        receive do
          {:n, ^i} -> acc + 1
        after 10_000 -> exit({:lost, i})
        end
      end)`);
    await registered(kate, ":sink");
    await run(alex, `for i <- 1..${n}, do: send({:sink, :kate@localhost}, {:n, i}); :sent`);
    assert.equal(await sink, String(n));
  });

  test("a 10 MB message arrives whole", async () => {
    const got = run(kate, `
      Process.register(self(), :big)
      receive do
        {:big, b, tail} -> {byte_size(b), b == :binary.copy(<<1, 2, 3, 4, 5>>, 2_000_000), tail}
      after 20_000 -> :lost
      end`);
    await registered(kate, ":big");
    await run(alex, "send({:big, :kate@localhost}, {:big, :binary.copy(<<1, 2, 3, 4, 5>>, 2_000_000), :end}); :ok");
    assert.equal(await got, "{10000000, true, :end}");
    await stillFine();
  });
});

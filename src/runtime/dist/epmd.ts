// EPMD, the Erlang Port Mapper Daemon protocol (erts's "Distribution Protocol", EPMD part):
// a node registers its name and listening port with ALIVE2_REQ and stays registered while
// that connection is open; a node looking for another asks PORT_PLEASE2_REQ; NAMES_REQ
// lists the registered nodes (what `epmd -names` prints).
//
// This file has both sides: the client a node uses, and EpmdServer, the name server beamsh
// starts as a background daemon (epmd-daemon.ts) when no EPMD answers on the port, so that
// beamsh nodes find each other without Erlang installed and a real `erl` started later
// registers with it. Every request starts with a 2-byte length; the server answers and
// closes, except for ALIVE2_REQ, whose connection is the registration.
import { Socket, Server, createConnection, createServer } from "node:net";
import { randomInt } from "node:crypto";

export const EPMD_PORT = 4369;

export const enum EpmdTag {
  Alive2Req = 120,
  Alive2Resp = 121,
  Alive2XResp = 118,
  PortPlease2Req = 122,
  Port2Resp = 119,
  NamesReq = 110,
  DumpReq = 100,
  KillReq = 107,
  StopReq = 115,
}

/** What PORT_PLEASE2 tells about a node. */
export interface NodeEntry {
  name: string;
  port: number;
  /** 77 = normal node, 72 = hidden. */
  nodeType: number;
  protocol: number;
  highest: number;
  lowest: number;
  extra: Uint8Array;
}

/** The EPMD port: ERL_EPMD_PORT when set, else 4369. */
export function epmdPort(env: NodeJS.ProcessEnv = process.env): number {
  const p = Number(env.ERL_EPMD_PORT);
  return Number.isInteger(p) && p > 0 && p < 65536 ? p : EPMD_PORT;
}

// ---- client ----------------------------------------------------------------------------

function request(body: Uint8Array): Buffer {
  const b = Buffer.alloc(2 + body.length);
  b.writeUInt16BE(body.length, 0);
  b.set(body, 2);
  return b;
}

function alive2(name: string, port: number, hidden: boolean): Buffer {
  const n = Buffer.from(name, "utf8");
  const body = Buffer.alloc(13 + n.length);
  body[0] = EpmdTag.Alive2Req;
  body.writeUInt16BE(port, 1);
  body[3] = hidden ? 72 : 77;
  body[4] = 0; // TCP/IPv4
  body.writeUInt16BE(6, 5); // highest version
  body.writeUInt16BE(5, 7); // lowest version
  body.writeUInt16BE(n.length, 9);
  n.copy(body, 11);
  body.writeUInt16BE(0, 11 + n.length); // no extra
  return request(body);
}

/** Sends one request and collects the whole answer (EPMD closes after answering). */
function ask(host: string, port: number, body: Uint8Array, timeoutMs = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host, port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => s.destroy(new Error("epmd timeout")), timeoutMs);
    s.on("connect", () => s.write(request(body)));
    s.on("data", (d) => chunks.push(d));
    s.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}

/** A registration: the node is known to EPMD while it lasts. */
export interface Registration {
  creation: number;
  /** Unregisters (closes the connection EPMD watches). */
  close(): void;
  /** Called if EPMD goes away while registered. */
  onLost: (() => void) | null;
}

/**
 * Registers `name` (the part before @) as listening on `port`. Rejects when the name is
 * taken (`{:error, :duplicate_name}` in Erlang terms) or EPMD cannot be reached.
 */
export function register(name: string, port: number, opts: { host?: string; epmdPort?: number; hidden?: boolean } = {}): Promise<Registration> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: opts.host ?? "127.0.0.1", port: opts.epmdPort ?? epmdPort() });
    let buf = Buffer.alloc(0);
    let done = false;
    const reg: Registration = { creation: 0, close: () => s.destroy(), onLost: null };
    s.setNoDelay(true);
    s.on("connect", () => s.write(alive2(name, port, opts.hidden === true)));
    s.on("data", (d) => {
      if (done) return;
      buf = Buffer.concat([buf, d]);
      const tag = buf[0];
      const need = tag === EpmdTag.Alive2XResp ? 6 : 4;
      if (buf.length < need) return;
      done = true;
      if (buf[1] !== 0) {
        s.destroy();
        reject(new EpmdError("duplicate_name"));
        return;
      }
      reg.creation = tag === EpmdTag.Alive2XResp ? buf.readUInt32BE(2) : buf.readUInt16BE(2);
      resolve(reg);
    });
    s.on("error", (e) => {
      if (!done) {
        done = true;
        reject(e);
      }
    });
    s.on("close", () => {
      if (!done) {
        done = true;
        reject(new EpmdError("closed"));
      } else reg.onLost?.();
    });
  });
}

export class EpmdError extends Error {}

/** Where `name` listens on `host`, or null when it is not registered there. */
export async function portPlease(host: string, name: string, port = epmdPort()): Promise<NodeEntry | null> {
  const n = Buffer.from(name, "utf8");
  const body = Buffer.alloc(1 + n.length);
  body[0] = EpmdTag.PortPlease2Req;
  n.copy(body, 1);
  const r = await ask(host, port, body);
  if (r.length < 2 || r[0] !== EpmdTag.Port2Resp || r[1] !== 0 || r.length < 12) return null;
  const nlen = r.readUInt16BE(10);
  const elen = r.length >= 14 + nlen ? r.readUInt16BE(12 + nlen) : 0;
  return {
    port: r.readUInt16BE(2),
    nodeType: r[4],
    protocol: r[5],
    highest: r.readUInt16BE(6),
    lowest: r.readUInt16BE(8),
    name: r.subarray(12, 12 + nlen).toString("utf8"),
    extra: new Uint8Array(r.subarray(14 + nlen, 14 + nlen + elen)),
  };
}

/** The registered names on `host` with their ports (net_adm:names/1). */
export async function names(host: string, port = epmdPort()): Promise<[string, number][]> {
  const r = await ask(host, port, new Uint8Array([EpmdTag.NamesReq]));
  if (r.length < 4) throw new EpmdError("no answer");
  const out: [string, number][] = [];
  for (const line of r.subarray(4).toString("utf8").split("\n")) {
    const m = /^name (.+) at port (\d+)$/.exec(line);
    if (m) out.push([m[1], Number(m[2])]);
  }
  return out;
}

/** Asks the EPMD on this host to stop (`epmd -kill`); resolves to its answer ("OK" or "NO"). */
export async function kill(port = epmdPort(), host = "127.0.0.1"): Promise<string> {
  const r = await ask(host, port, new Uint8Array([EpmdTag.KillReq]));
  return r.toString("latin1");
}

/** True when something answers NAMES_REQ on the port. */
export async function isRunning(port = epmdPort(), host = "127.0.0.1"): Promise<boolean> {
  try {
    await names(host, port);
    return true;
  } catch {
    return false;
  }
}

// ---- server ----------------------------------------------------------------------------

interface Registered extends NodeEntry {
  creation: number;
  socket: Socket;
}

/**
 * An EPMD: names live as long as their registering connection. Creations are 32-bit and
 * never 0; a name registered again gets a different creation than the previous one, so its
 * old pids are told apart from the new node's.
 */
/** The longest request the name server reads (epmd's input buffer). */
const MAX_REQUEST = 1024;

export class EpmdServer {
  private readonly nodes = new Map<string, Registered>();
  private readonly lastCreation = new Map<string, number>();
  private server: Server | null = null;
  /** Called after a KILL_REQ was accepted (the daemon exits). */
  onKill: (() => void) | null = null;
  port = 0;

  constructor(private readonly opts: { relaxed?: boolean } = {}) {}

  /** Starts listening; resolves with the port. */
  listen(port: number, hosts: string[] = ["0.0.0.0"]): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer((s) => this.accept(s));
      server.on("error", reject);
      server.listen({ port, host: hosts[0] }, () => {
        this.port = (server.address() as { port: number }).port;
        resolve(this.port);
      });
      this.server = server;
    });
  }

  close(): void {
    for (const n of this.nodes.values()) n.socket.destroy();
    this.nodes.clear();
    this.server?.close();
    this.server = null;
  }

  /** Names and ports, as NAMES_REQ lists them. */
  registered(): [string, number][] {
    return [...this.nodes.values()].map((n) => [n.name, n.port]);
  }

  private accept(s: Socket): void {
    let buf = Buffer.alloc(0);
    let registered: string | null = null;
    s.on("error", () => s.destroy());
    s.on("close", () => {
      if (registered !== null && this.nodes.get(registered)?.socket === s) this.nodes.delete(registered);
    });
    s.on("data", (d) => {
      if (registered !== null) return; // nothing more is expected on a registration
      buf = Buffer.concat([buf, d]);
      if (buf.length < 2) return;
      const len = buf.readUInt16BE(0);
      // epmd reads requests into a 1 KB buffer: a longer one is garbage, and the connection goes.
      if (len === 0 || len > MAX_REQUEST) {
        s.destroy();
        return;
      }
      if (buf.length < 2 + len) return;
      const req = buf.subarray(2, 2 + len);
      buf = buf.subarray(2 + len);
      registered = this.handle(s, req);
    });
  }

  /** Answers one request; returns the name when it registered one. */
  private handle(s: Socket, req: Buffer): string | null {
    switch (req[0]) {
      case EpmdTag.Alive2Req:
        return this.alive2(s, req);
      case EpmdTag.PortPlease2Req: {
        const n = this.nodes.get(req.subarray(1).toString("utf8"));
        if (n === undefined) {
          s.end(Buffer.from([EpmdTag.Port2Resp, 1]));
          return null;
        }
        const name = Buffer.from(n.name, "utf8");
        const b = Buffer.alloc(14 + name.length + n.extra.length);
        b[0] = EpmdTag.Port2Resp;
        b[1] = 0;
        b.writeUInt16BE(n.port, 2);
        b[4] = n.nodeType;
        b[5] = n.protocol;
        b.writeUInt16BE(n.highest, 6);
        b.writeUInt16BE(n.lowest, 8);
        b.writeUInt16BE(name.length, 10);
        name.copy(b, 12);
        b.writeUInt16BE(n.extra.length, 12 + name.length);
        b.set(n.extra, 14 + name.length);
        s.end(b);
        return null;
      }
      case EpmdTag.NamesReq:
      case EpmdTag.DumpReq: {
        const head = Buffer.alloc(4);
        head.writeUInt32BE(this.port, 0);
        const lines = [...this.nodes.values()].map((n) =>
          req[0] === EpmdTag.NamesReq ? `name ${n.name} at port ${n.port}\n` : `active name     <${n.name}> at port ${n.port}, fd = 0\n`,
        );
        s.end(Buffer.concat([head, Buffer.from(lines.join(""), "utf8")]));
        return null;
      }
      case EpmdTag.KillReq: {
        // Like epmd without -relaxed_command_check: refused while nodes are registered.
        if (this.nodes.size > 0 && !this.opts.relaxed) {
          s.end(Buffer.from("NO"));
          return null;
        }
        s.end(Buffer.from("OK"), () => {
          this.close();
          this.onKill?.();
        });
        return null;
      }
      case EpmdTag.StopReq: {
        const n = this.nodes.get(req.subarray(1).toString("utf8"));
        if (n === undefined || !this.opts.relaxed) {
          s.end(Buffer.from("NOEXIST"));
          return null;
        }
        n.socket.destroy();
        this.nodes.delete(n.name);
        s.end(Buffer.from("STOPPED"));
        return null;
      }
    }
    s.destroy();
    return null;
  }

  private alive2(s: Socket, req: Buffer): string | null {
    if (req.length < 13) {
      s.destroy();
      return null;
    }
    const port = req.readUInt16BE(1);
    const nodeType = req[3];
    const protocol = req[4];
    const highest = req.readUInt16BE(5);
    const lowest = req.readUInt16BE(7);
    const nlen = req.readUInt16BE(9);
    const name = req.subarray(11, 11 + nlen).toString("utf8");
    const elen = req.length >= 13 + nlen ? req.readUInt16BE(11 + nlen) : 0;
    const extra = new Uint8Array(req.subarray(13 + nlen, 13 + nlen + elen));
    const v6 = highest >= 6;
    const answer = (result: number, creation: number) => {
      const b = Buffer.alloc(v6 ? 6 : 4);
      b[0] = v6 ? EpmdTag.Alive2XResp : EpmdTag.Alive2Resp;
      b[1] = result;
      if (v6) b.writeUInt32BE(creation, 2);
      else b.writeUInt16BE(creation, 2);
      s.write(b);
    };
    if (name === "" || this.nodes.has(name)) {
      answer(1, 0);
      s.end();
      return null;
    }
    let creation = v6 ? randomInt(1, 0xffffffff) : randomInt(1, 4);
    if (creation === this.lastCreation.get(name)) creation = v6 ? (creation % 0xfffffffe) + 1 : (creation % 3) + 1;
    this.lastCreation.set(name, creation);
    this.nodes.set(name, { name, port, nodeType, protocol, highest, lowest, extra, creation, socket: s });
    answer(0, creation);
    return name;
  }
}

// ---- starting the daemon -------------------------------------------------------------

/**
 * Makes sure an EPMD answers on this host: uses a running one (Erlang's or beamsh's), else
 * starts beamsh's daemon detached, so it outlives this node, and waits until it answers.
 * Resolves to the daemon's OS pid when this call started it, else null.
 */
export async function ensureEpmd(port = epmdPort()): Promise<number | null> {
  if (await isRunning(port)) return null;
  const { spawn } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const script = fileURLToPath(new URL("./epmd-daemon.js", import.meta.url));
  const child = spawn(process.execPath, [script], {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, ERL_EPMD_PORT: String(port) },
  });
  child.unref();
  for (let i = 0; i < 100; i++) {
    if (await isRunning(port)) return child.pid ?? null;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new EpmdError("could not start epmd");
}

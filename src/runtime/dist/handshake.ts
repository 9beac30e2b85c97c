// The distribution handshake (erts's "Distribution Protocol", handshake part; kernel's
// dist_util.erl does the same in Erlang): node A connects to node B, they exchange names,
// capability flags and creations, and each proves it knows the shared cookie by answering
// the other's random challenge with MD5(cookie ++ challenge as decimal text).
//
//   A (initiator)                         B (acceptor)
//   send_name 'N' (v6) or 'n' (v5)  --->
//                                   <---  send_status 's' ok | ok_simultaneous | nok | alive | not_allowed
//                                   <---  send_challenge 'N' (or 'n' to a v5 peer)
//   send_complement 'c' (only after an 'n' name, to a v6 peer)  --->
//   send_challenge_reply 'r'        --->  (B checks A's digest)
//                                   <---  send_challenge_ack 'a'  (A checks B's digest)
//
// Handshake messages have a 2-byte length; once the connection is up, a 4-byte one.
import { createHash, randomInt } from "node:crypto";
import type { Socket } from "node:net";
import { inspect } from "../inspect.js";
import { a, list } from "../term.js";

// ---- flags -----------------------------------------------------------------------------

export const DFLAG = {
  PUBLISHED: 0x1n,
  ATOM_CACHE: 0x2n,
  EXTENDED_REFERENCES: 0x4n,
  DIST_MONITOR: 0x8n,
  FUN_TAGS: 0x10n,
  DIST_MONITOR_NAME: 0x20n,
  HIDDEN_ATOM_CACHE: 0x40n,
  NEW_FUN_TAGS: 0x80n,
  EXTENDED_PIDS_PORTS: 0x100n,
  EXPORT_PTR_TAG: 0x200n,
  BIT_BINARIES: 0x400n,
  NEW_FLOATS: 0x800n,
  UNICODE_IO: 0x1000n,
  DIST_HDR_ATOM_CACHE: 0x2000n,
  SMALL_ATOM_TAGS: 0x4000n,
  UTF8_ATOMS: 0x10000n,
  MAP_TAG: 0x20000n,
  BIG_CREATION: 0x40000n,
  SEND_SENDER: 0x80000n,
  BIG_SEQTRACE_LABELS: 0x100000n,
  EXIT_PAYLOAD: 0x400000n,
  FRAGMENTS: 0x800000n,
  HANDSHAKE_23: 0x1000000n,
  UNLINK_ID: 0x2000000n,
  MANDATORY_25_DIGEST: 0x4000000n,
  SPAWN: 1n << 32n,
  NAME_ME: 1n << 33n,
  V4_NC: 1n << 34n,
  ALIAS: 1n << 35n,
} as const;

/** What OTP 25 requires of a peer (DFLAG_MANDATORY_25_DIGEST stands for all of them). */
const MANDATORY_25 =
  DFLAG.EXTENDED_REFERENCES | DFLAG.FUN_TAGS | DFLAG.EXTENDED_PIDS_PORTS | DFLAG.NEW_FUN_TAGS | DFLAG.EXPORT_PTR_TAG |
  DFLAG.BIT_BINARIES | DFLAG.NEW_FLOATS | DFLAG.UTF8_ATOMS | DFLAG.MAP_TAG | DFLAG.BIG_CREATION | DFLAG.HANDSHAKE_23;

/**
 * What this node offers: everything OTP 26 requires (UNLINK_ID, V4_NC) and the features
 * beamsh implements, but neither the atom cache nor fragments, so peers send the plain
 * pass-through format (112, control message, payload).
 */
export const OUR_FLAGS =
  DFLAG.PUBLISHED | MANDATORY_25 | DFLAG.MANDATORY_25_DIGEST | DFLAG.DIST_MONITOR | DFLAG.DIST_MONITOR_NAME | DFLAG.UNICODE_IO |
  DFLAG.SMALL_ATOM_TAGS | DFLAG.SEND_SENDER | DFLAG.BIG_SEQTRACE_LABELS | DFLAG.EXIT_PAYLOAD | DFLAG.UNLINK_ID |
  DFLAG.SPAWN | DFLAG.V4_NC | DFLAG.ALIAS;

/** What we require of a peer: OTP 25's mandatory set, except that a version 5 peer may lack HANDSHAKE_23. */
const REQUIRED = MANDATORY_25 & ~DFLAG.HANDSHAKE_23;

const FLAG_NAMES: [bigint, string][] = Object.entries(DFLAG).map(([k, v]) => [v, k]);

function expandFlags(f: bigint): bigint {
  return (f & DFLAG.MANDATORY_25_DIGEST) !== 0n ? f | MANDATORY_25 : f;
}

/** The names of required flags a peer lacks (dist_util's "cannot handle [...]"). */
export function missingFlags(peer: bigint): string[] {
  const missing = REQUIRED & ~expandFlags(peer);
  return FLAG_NAMES.filter(([v]) => (missing & v) !== 0n).map(([, n]) => n).reverse();
}

// ---- digests ---------------------------------------------------------------------------

export function digest(challenge: number, cookie: string): Buffer {
  return createHash("md5").update(cookie + String(challenge >>> 0), "latin1").digest();
}

export function newChallenge(): number {
  return randomInt(0, 0x100000000);
}

// ---- packets ---------------------------------------------------------------------------

export class HandshakeError extends Error {
  constructor(
    message: string,
    /** What to log as erl does (already formatted), if anything. */
    readonly log: string | null = null,
  ) {
    super(message);
  }
}

/**
 * Reads 2-byte-length packets from a socket during the handshake; afterwards the
 * connection takes the socket over with whatever bytes were already read (`rest`).
 */
export class HandshakeIO {
  private buf: Buffer = Buffer.alloc(0);
  private waiter: ((b: Buffer | Error) => void) | null = null;
  private failure: Error | null = null;
  private readonly onData = (d: Buffer) => {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    this.deliver();
  };
  private readonly onEnd = () => this.fail(new HandshakeError("connection closed"));
  private readonly onError = (e: Error) => this.fail(new HandshakeError(e.message));

  constructor(readonly socket: Socket) {
    socket.on("data", this.onData);
    socket.on("close", this.onEnd);
    socket.on("error", this.onError);
  }

  read(): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = (b) => (b instanceof Error ? reject(b) : resolve(b));
      this.deliver();
    });
  }

  write(body: Uint8Array): void {
    const b = Buffer.alloc(2 + body.length);
    b.writeUInt16BE(body.length, 0);
    b.set(body, 2);
    this.socket.write(b);
  }

  /** Stops reading; returns the bytes already received past the last packet. */
  detach(): Buffer {
    this.socket.off("data", this.onData);
    this.socket.off("close", this.onEnd);
    this.socket.off("error", this.onError);
    return this.buf;
  }

  private deliver(): void {
    if (this.waiter === null || this.buf.length < 2) return;
    const n = this.buf.readUInt16BE(0);
    if (this.buf.length < 2 + n) return;
    const packet = this.buf.subarray(2, 2 + n);
    this.buf = this.buf.subarray(2 + n);
    const w = this.waiter;
    this.waiter = null;
    w(packet);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiter;
    this.waiter = null;
    w?.(e);
  }
}

// ---- the two sides ---------------------------------------------------------------------

/** What the handshake needs from the node. */
export interface HandshakeNode {
  /** This node's full name and creation. */
  name: string;
  creation: number;
  flags: bigint;
  /** The cookie to use with `node` (the same both ways, as `erlang:set_cookie/2` sets it). */
  cookieFor(node: string): string;
  /**
   * Acceptor: may a connection from `node` go on? `ok`, `ok_simultaneous` (we give up our
   * own attempt to it), `nok` (ours wins), `alive` (a connection is already up) or
   * `not_allowed`.
   */
  acceptStatus(node: string): "ok" | "ok_simultaneous" | "nok" | "alive" | "not_allowed";
  /** Initiator, told `alive`: true to replace the old connection. */
  replaceAlive(node: string): boolean;
}

/** The peer, once the handshake succeeded. */
export interface Peer {
  name: string;
  flags: bigint;
  creation: number;
  version: number;
}

function nameMessageV6(tag: number, flags: bigint, challenge: number | null, creation: number, name: string): Buffer {
  const n = Buffer.from(name, "latin1");
  const extra = challenge === null ? 0 : 4;
  const b = Buffer.alloc(1 + 8 + extra + 4 + 2 + n.length);
  b[0] = tag;
  b.writeBigUInt64BE(flags, 1);
  let at = 9;
  if (challenge !== null) {
    b.writeUInt32BE(challenge >>> 0, at);
    at += 4;
  }
  b.writeUInt32BE(creation >>> 0, at);
  b.writeUInt16BE(n.length, at + 4);
  n.copy(b, at + 6);
  return b;
}

function nameMessageV5(flags: bigint, challenge: number | null, name: string): Buffer {
  const n = Buffer.from(name, "latin1");
  const extra = challenge === null ? 0 : 4;
  const b = Buffer.alloc(1 + 2 + 4 + extra + n.length);
  b[0] = 0x6e; // 'n'
  b.writeUInt16BE(5, 1);
  b.writeUInt32BE(Number(flags & 0xffffffffn), 3);
  if (challenge !== null) b.writeUInt32BE(challenge >>> 0, 7);
  n.copy(b, 7 + extra);
  return b;
}

const S = 0x73; // 's'

function status(text: string): Buffer {
  return Buffer.concat([Buffer.from([S]), Buffer.from(text, "latin1")]);
}

/** A node name as handshakes carry it: name@host, both parts non-empty. */
function validName(name: string): boolean {
  const parts = name.split("@");
  return parts.length === 2 && parts[0] !== "" && parts[1] !== "";
}

/**
 * Initiator. `peerVersion` is the highest version the peer registered with EPMD: 6 gets
 * the 'N' name message, 5 (OTP 22 and older) the old 'n' one.
 */
export async function initiate(io: HandshakeIO, me: HandshakeNode, peerName: string, peerVersion: number): Promise<Peer> {
  const v6 = peerVersion >= 6;
  io.write(v6 ? nameMessageV6(0x4e, me.flags, null, me.creation, me.name) : nameMessageV5(me.flags, null, me.name));

  const st = (await io.read()).toString("latin1");
  if (st[0] !== "s") throw new HandshakeError("bad status message");
  switch (st.slice(1)) {
    case "ok":
    case "ok_simultaneous":
      break;
    case "alive": {
      const go = me.replaceAlive(peerName);
      io.write(status(go ? "true" : "false"));
      if (!go) throw new HandshakeError("connection already up");
      break;
    }
    case "nok":
      throw new HandshakeError("simultaneous connect: the other side's attempt wins");
    default:
      throw new HandshakeError("not allowed: " + st.slice(1));
  }

  const ch = await io.read();
  let flags: bigint;
  let challenge: number;
  let creation: number;
  let name: string;
  let version: number;
  if (ch[0] === 0x4e && ch.length >= 19) {
    flags = ch.readBigUInt64BE(1);
    challenge = ch.readUInt32BE(9);
    creation = ch.readUInt32BE(13);
    const nlen = ch.readUInt16BE(17);
    name = ch.subarray(19, 19 + nlen).toString("latin1");
    version = 6;
  } else if (ch[0] === 0x6e && ch.length >= 11) {
    flags = BigInt(ch.readUInt32BE(3));
    challenge = ch.readUInt32BE(7);
    creation = 0;
    name = ch.subarray(11).toString("latin1");
    version = 5;
  } else throw new HandshakeError("bad challenge message");
  if (name !== peerName) throw new HandshakeError(`connected to ${name}, expected ${peerName}`);
  const missing = missingFlags(flags);
  if (missing.length > 0) {
    throw new HandshakeError("peer lacks flags", `** ${nodeText(me.name)}: Connection attempt to node ${nodeText(peerName)} aborted since it cannot handle ${erlList(missing)}.**`);
  }
  // We sent the old name message but the peer speaks version 6: complete our flags and creation.
  if (!v6 && (flags & DFLAG.HANDSHAKE_23) !== 0n) {
    const c = Buffer.alloc(9);
    c[0] = 0x63; // 'c'
    c.writeUInt32BE(Number(me.flags >> 32n), 1);
    c.writeUInt32BE(me.creation >>> 0, 5);
    io.write(c);
  }

  const cookie = me.cookieFor(peerName);
  const ours = newChallenge();
  const reply = Buffer.alloc(21);
  reply[0] = 0x72; // 'r'
  reply.writeUInt32BE(ours >>> 0, 1);
  digest(challenge, cookie).copy(reply, 5);
  io.write(reply);

  const ack = await io.read();
  if (ack[0] !== 0x61 || ack.length !== 17) throw new HandshakeError("bad challenge ack");
  if (!ack.subarray(1).equals(digest(ours, cookie))) {
    throw new HandshakeError("bad cookie", `** Connection attempt to node ${nodeText(peerName)} cancelled. Invalid challenge ack. **`);
  }
  return { name, flags: flags & me.flags, creation, version };
}

/** Acceptor: answers a connection another node opened. */
export async function accept(io: HandshakeIO, me: HandshakeNode): Promise<Peer> {
  const nm = await io.read();
  let flags: bigint;
  let creation: number;
  let name: string;
  let v6: boolean;
  if (nm[0] === 0x4e && nm.length >= 15) {
    flags = nm.readBigUInt64BE(1);
    creation = nm.readUInt32BE(9);
    const nlen = nm.readUInt16BE(13);
    name = nm.subarray(15, 15 + nlen).toString("latin1");
    v6 = true;
  } else if (nm[0] === 0x6e && nm.length >= 7) {
    flags = BigInt(nm.readUInt32BE(3));
    creation = 0;
    name = nm.subarray(7).toString("latin1");
    v6 = false;
  } else throw new HandshakeError("bad name message");
  if (!validName(name)) throw new HandshakeError("bad node name");
  if ((flags & DFLAG.NAME_ME) !== 0n) {
    io.write(status("not_allowed"));
    throw new HandshakeError("dynamic node names are not supported");
  }
  const missing = missingFlags(flags);
  if (missing.length > 0) {
    io.write(status("not_allowed"));
    throw new HandshakeError("peer lacks flags", `** ${nodeText(me.name)}: Connection attempt from node ${nodeText(name)} rejected since it cannot handle ${erlList(missing)}.**`);
  }

  const st = me.acceptStatus(name);
  io.write(status(st));
  if (st === "nok" || st === "not_allowed") throw new HandshakeError("refused: " + st);
  if (st === "alive") {
    const r = (await io.read()).toString("latin1");
    if (r !== "strue") throw new HandshakeError("the other side keeps its old connection");
  }

  const ours = newChallenge();
  const peerV6 = (flags & DFLAG.HANDSHAKE_23) !== 0n;
  io.write(v6 || peerV6 ? nameMessageV6(0x4e, me.flags, ours, me.creation, me.name) : nameMessageV5(me.flags, ours, me.name));
  if (!v6 && peerV6) {
    const c = await io.read();
    if (c[0] !== 0x63 || c.length < 9) throw new HandshakeError("bad complement message");
    flags |= BigInt(c.readUInt32BE(1)) << 32n;
    creation = c.readUInt32BE(5);
  }

  const cookie = me.cookieFor(name);
  const reply = await io.read();
  if (reply[0] !== 0x72 || reply.length !== 21) throw new HandshakeError("bad challenge reply");
  if (!reply.subarray(5).equals(digest(ours, cookie))) {
    throw new HandshakeError("bad cookie", `** Connection attempt from node ${nodeText(name)} rejected. Invalid challenge reply. **`);
  }
  const theirs = reply.readUInt32BE(1);
  const ack = Buffer.alloc(17);
  ack[0] = 0x61; // 'a'
  digest(theirs, cookie).copy(ack, 1);
  io.write(ack);
  return { name, flags: flags & me.flags, creation, version: v6 || peerV6 ? 6 : 5 };
}

// Log texts are dist_util's format strings with their arguments printed as Elixir's Logger
// prints error_logger reports: `~w` and `~p` arguments inspected (:alex@host, ['MAP_TAG']).
function nodeText(name: string): string {
  return inspect(a(name));
}

function erlList(items: string[]): string {
  return inspect(list(items.map((s) => list([...s].map((c) => c.charCodeAt(0))))));
}

// A connection to another node once the handshake is done: 4-byte-length packets, each an
// empty tick or a pass-through message (112, the control tuple, maybe a payload, each in
// the external term format), and the tick protocol that notices a silent peer.
//
// Ticks (net_ticktime, default 60 s): every ticktime/4 the connection sends an empty packet
// if it wrote nothing since the last check, and declares the peer down when nothing at all
// was read during four checks in a row, as net_kernel does.
//
// A frame that cannot be decoded closes this connection only (the node goes down for the
// peer's processes: links and monitors fire with :noconnection); it never throws past here.
import type { Socket } from "node:net";
import type { Term } from "../term.js";
import { EtfContext, EtfError, Reader, Writer, decodeFrom, encodeInto, VERSION_MAGIC } from "./etf.js";
import { DistMessage, hasPayload } from "./control.js";
import type { Peer } from "./handshake.js";

const PASS_THROUGH = 112;

export interface ConnectionEvents {
  message(m: DistMessage): void;
  /** The connection is gone; `reason` is net_kernel's (connection_closed, net_tick_timeout, ...). */
  closed(reason: string): void;
  /** Bytes arrived (for NetKernel.settle). */
  received?(): void;
}

/** Traffic counters (the observer's Nodes view shows them). */
export interface Traffic {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
}

export class Connection {
  readonly traffic: Traffic = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = 4;
  private frameLen = -1;
  private closed = false;
  private tickTimer: NodeJS.Timeout | null = null;
  private readAtCheck = 0;
  private quietChecks = 0;
  private wroteSinceCheck = false;

  constructor(
    readonly socket: Socket,
    readonly peer: Peer,
    private readonly ctx: EtfContext,
    private readonly events: ConnectionEvents,
    /** net_ticktime in seconds. */
    ticktime: number,
    rest: Buffer,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (d) => this.receive(d));
    socket.on("error", () => this.close("connection_closed"));
    socket.on("close", () => this.close("connection_closed"));
    this.setTicktime(ticktime);
    if (rest.length > 0) this.receive(rest);
  }

  /** Changes the tick interval (net_kernel:set_net_ticktime/1). */
  setTicktime(seconds: number): void {
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    this.tickTimer = setInterval(() => this.tick(), Math.max(1, (seconds * 1000) / 4));
    this.tickTimer.unref();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends one control message (and its payload, for the operations that carry one). */
  send(ctrl: Term[], payload?: Term): void {
    if (this.closed) return;
    const w = new Writer(64);
    w.u32(0);
    w.u8(PASS_THROUGH);
    w.u8(VERSION_MAGIC);
    encodeInto(w, ctrl, this.ctx, { utf8Atoms: true });
    if (payload !== undefined) {
      w.u8(VERSION_MAGIC);
      encodeInto(w, payload, this.ctx, { utf8Atoms: true });
    }
    w.view.setUint32(0, w.pos - 4);
    this.traffic.bytesOut += w.pos;
    this.traffic.messagesOut++;
    this.wroteSinceCheck = true;
    this.socket.write(w.buf.subarray(0, w.pos));
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    this.socket.destroy();
    this.events.closed(reason);
  }

  private tick(): void {
    if (this.closed) return;
    if (this.traffic.bytesIn === this.readAtCheck) {
      if (++this.quietChecks >= 4) {
        this.close("net_tick_timeout");
        return;
      }
    } else this.quietChecks = 0;
    this.readAtCheck = this.traffic.bytesIn;
    if (!this.wroteSinceCheck) this.socket.write(Buffer.alloc(4));
    this.wroteSinceCheck = false;
  }

  /** Collects bytes until whole packets are there; a packet is decoded once, whatever its size. */
  private receive(d: Buffer): void {
    if (this.closed) return;
    this.traffic.bytesIn += d.length;
    this.events.received?.();
    this.chunks.push(d);
    this.buffered += d.length;
    while (!this.closed && this.buffered >= this.need) {
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
      let at = 0;
      while (!this.closed) {
        if (this.frameLen < 0) {
          if (all.length - at < 4) break;
          this.frameLen = all.readUInt32BE(at);
          at += 4;
        }
        if (all.length - at < this.frameLen) break;
        const frame = all.subarray(at, at + this.frameLen);
        at += this.frameLen;
        this.frameLen = -1;
        if (frame.length > 0) this.frame(frame);
      }
      const rest = all.subarray(at);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.need = this.frameLen < 0 ? 4 : this.frameLen;
    }
  }

  private frame(f: Buffer): void {
    let m: DistMessage;
    try {
      if (f[0] !== PASS_THROUGH) throw new EtfError("unexpected distribution header");
      const r = new Reader(new Uint8Array(f.buffer, f.byteOffset, f.length), 1);
      if (r.u8() !== VERSION_MAGIC) throw new EtfError("bad control message");
      const ctrl = decodeFrom(r, this.ctx);
      if (!Array.isArray(ctrl) || ctrl.length === 0 || typeof ctrl[0] !== "number") throw new EtfError("bad control message");
      m = { ctrl };
      if (hasPayload(ctrl[0])) {
        if (r.u8() !== VERSION_MAGIC) throw new EtfError("bad payload");
        m.payload = decodeFrom(r, this.ctx);
      }
    } catch {
      this.close("bad_frame");
      return;
    }
    this.traffic.messagesIn++;
    try {
      this.events.message(m);
    } catch {
      // A control message the runtime could not act on (a malformed one that decoded):
      // the connection goes, the node stays.
      this.close("bad_frame");
    }
  }
}

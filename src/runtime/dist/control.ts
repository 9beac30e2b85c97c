// Control messages: the operations nodes send each other once connected (erts's
// "Distribution Protocol", protocol between connected nodes). Each is a tuple whose first
// element says what it is; sends and exits carry a second term, the payload (the message,
// or the exit reason for the PAYLOAD_* forms).
import type { Term } from "../term.js";

export const enum Op {
  LINK = 1,
  SEND = 2,
  EXIT = 3,
  UNLINK = 4,
  NODE_LINK = 5,
  REG_SEND = 6,
  GROUP_LEADER = 7,
  EXIT2 = 8,
  SEND_TT = 12,
  EXIT_TT = 13,
  REG_SEND_TT = 16,
  EXIT2_TT = 18,
  MONITOR_P = 19,
  DEMONITOR_P = 20,
  MONITOR_P_EXIT = 21,
  SEND_SENDER = 22,
  SEND_SENDER_TT = 23,
  PAYLOAD_EXIT = 24,
  PAYLOAD_EXIT_TT = 25,
  PAYLOAD_EXIT2 = 26,
  PAYLOAD_EXIT2_TT = 27,
  PAYLOAD_MONITOR_P_EXIT = 28,
  SPAWN_REQUEST = 29,
  SPAWN_REQUEST_TT = 30,
  SPAWN_REPLY = 31,
  SPAWN_REPLY_TT = 32,
  ALIAS_SEND = 33,
  ALIAS_SEND_TT = 34,
  UNLINK_ID = 35,
  UNLINK_ID_ACK = 36,
}

/** SPAWN_REPLY flags: the link or monitor was set up on the spawning side's behalf. */
export const SPAWN_FLAG_LINK = 1;
export const SPAWN_FLAG_MONITOR = 2;

/** One message between nodes: the control tuple and, for some operations, a payload. */
export interface DistMessage {
  ctrl: Term[];
  payload?: Term;
}

/** Operations that are always followed by a payload term. */
const WITH_PAYLOAD = new Set<number>([
  Op.SEND, Op.REG_SEND, Op.SEND_TT, Op.REG_SEND_TT, Op.SEND_SENDER, Op.SEND_SENDER_TT,
  Op.PAYLOAD_EXIT, Op.PAYLOAD_EXIT_TT, Op.PAYLOAD_EXIT2, Op.PAYLOAD_EXIT2_TT, Op.PAYLOAD_MONITOR_P_EXIT,
  Op.SPAWN_REQUEST, Op.SPAWN_REQUEST_TT, Op.ALIAS_SEND, Op.ALIAS_SEND_TT,
]);

export function hasPayload(op: number): boolean {
  return WITH_PAYLOAD.has(op);
}

/**
 * A received control tuple in the common shape, with the trace-token (`_TT`) variants
 * folded into their plain forms (beamsh does not do sequential tracing; the token is
 * dropped) and the old non-payload exits turned into their payload forms.
 */
export function normalise(m: DistMessage): DistMessage | null {
  const c = m.ctrl;
  switch (c[0]) {
    case Op.SEND_TT:
      return { ctrl: [Op.SEND, c[1], c[2]], payload: m.payload };
    case Op.REG_SEND_TT:
      return { ctrl: [Op.REG_SEND, c[1], c[2], c[3]], payload: m.payload };
    case Op.SEND_SENDER_TT:
      return { ctrl: [Op.SEND_SENDER, c[1], c[2]], payload: m.payload };
    case Op.EXIT:
      return { ctrl: [Op.PAYLOAD_EXIT, c[1], c[2]], payload: c[3] };
    case Op.EXIT_TT:
      return { ctrl: [Op.PAYLOAD_EXIT, c[1], c[2]], payload: c[4] };
    case Op.PAYLOAD_EXIT_TT:
      return { ctrl: [Op.PAYLOAD_EXIT, c[1], c[2]], payload: m.payload };
    case Op.EXIT2:
      return { ctrl: [Op.PAYLOAD_EXIT2, c[1], c[2]], payload: c[3] };
    case Op.EXIT2_TT:
      return { ctrl: [Op.PAYLOAD_EXIT2, c[1], c[2]], payload: c[4] };
    case Op.PAYLOAD_EXIT2_TT:
      return { ctrl: [Op.PAYLOAD_EXIT2, c[1], c[2]], payload: m.payload };
    case Op.MONITOR_P_EXIT:
      return { ctrl: [Op.PAYLOAD_MONITOR_P_EXIT, c[1], c[2], c[3]], payload: c[4] };
    case Op.SPAWN_REQUEST_TT:
      return { ctrl: [Op.SPAWN_REQUEST, ...c.slice(1, 6)], payload: m.payload };
    case Op.SPAWN_REPLY_TT:
      return { ctrl: [Op.SPAWN_REPLY, ...c.slice(1, 5)] };
    case Op.ALIAS_SEND_TT:
      return { ctrl: [Op.ALIAS_SEND, c[1], c[2]], payload: m.payload };
    default:
      return m;
  }
}

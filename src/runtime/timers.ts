// Message timers (erlang:send_after/3, start_timer/3): a message sent to a pid or registered
// name when the runtime's clock reaches a time. Each timer is known by a reference, which
// cancel_timer/read_timer take.
import { EV } from "./events.js";
import type { Runtime } from "./runtime.js";
import { Atom, Pid, Ref, Term } from "./term.js";

interface MessageTimer {
  at: number;
  handle: unknown;
  dest: Term;
  msg: Term;
}

export class MessageTimers {
  private readonly timers = new Map<number, MessageTimer>();

  constructor(private readonly rt: Runtime) {}

  /** Sends `msg` to `dest` (pid or registered name) at time `at`; returns the timer ref. */
  sendAfter(dest: Pid | Atom, msg: Term, at: number): Ref {
    const rt = this.rt;
    const ref = rt.newRef();
    const handle = rt.clock.setTimer(at, () => {
      this.timers.delete(ref.id);
      this.event("fire", ref, dest, msg);
      const to = dest instanceof Pid ? dest : rt.registry.whereis(dest);
      if (to !== null) rt.send(to, msg, null);
    });
    this.timers.set(ref.id, { at, handle, dest, msg });
    this.event("start", ref, dest, msg);
    return ref;
  }

  /** Cancels a timer: the milliseconds it had left, or false when unknown or already fired. */
  cancel(ref: Ref): number | false {
    const t = this.timers.get(ref.id);
    if (t === undefined) return false;
    this.timers.delete(ref.id);
    this.rt.clock.clearTimer(t.handle);
    this.event("cancel", ref, t.dest, t.msg);
    return this.remaining(t.at);
  }

  /** The milliseconds left on a timer, or false when unknown or already fired. */
  read(ref: Ref): number | false {
    const t = this.timers.get(ref.id);
    return t === undefined ? false : this.remaining(t.at);
  }

  private event(op: "start" | "fire" | "cancel", ref: Ref, dest: Term, msg: Term): void {
    const ev = this.rt.events;
    if ((ev.mask & EV.timer) !== 0) ev.emit("timer", { op, ref, dest, msg });
  }

  private remaining(at: number): number {
    return Math.max(0, Math.floor(at - this.rt.clock.now()));
  }
}

// Message timers (erlang:send_after/3, start_timer/3): a message sent to a pid or registered
// name when the runtime's clock reaches a time. Each timer is known by a reference, which
// cancel_timer/read_timer take.
import type { Runtime } from "./runtime.js";
import { Atom, Pid, Ref, Term } from "./term.js";

interface MessageTimer {
  at: number;
  handle: unknown;
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
      const to = dest instanceof Pid ? dest : rt.registry.whereis(dest);
      if (to !== null) rt.send(to, msg);
    });
    this.timers.set(ref.id, { at, handle });
    return ref;
  }

  /** Cancels a timer: the milliseconds it had left, or false when unknown or already fired. */
  cancel(ref: Ref): number | false {
    const t = this.timers.get(ref.id);
    if (t === undefined) return false;
    this.timers.delete(ref.id);
    this.rt.clock.clearTimer(t.handle);
    return this.remaining(t.at);
  }

  /** The milliseconds left on a timer, or false when unknown or already fired. */
  read(ref: Ref): number | false {
    const t = this.timers.get(ref.id);
    return t === undefined ? false : this.remaining(t.at);
  }

  private remaining(at: number): number {
    return Math.max(0, Math.floor(at - this.rt.clock.now()));
  }
}

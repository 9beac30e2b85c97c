// Registered names (erlang:register/2, whereis/1): one atom names at most one live local
// process and a process has at most one name. A name is dropped when its process exits
// (signals.ts), so a stale entry is never visible; `whereis` still checks liveness.
import type { Process } from "./process.js";
import type { Runtime } from "./runtime.js";
import { Atom, Pid } from "./term.js";

export class NameRegistry {
  private readonly names = new Map<Atom, Pid>();

  constructor(private readonly rt: Runtime) {}

  /** Number of names registered (some may belong to processes that are exiting). */
  get size(): number {
    return this.names.size;
  }

  /** The live process registered as `name`, or null. */
  whereis(name: Atom): Pid | null {
    const pid = this.names.get(name);
    if (pid === undefined) return null;
    return this.rt.process(pid) ? pid : null;
  }

  /** Registers `p` as `name`; false when the name is taken or `p` already has a name. */
  register(name: Atom, p: Process): boolean {
    if (p.status === "exited" || p.registeredName !== null || this.whereis(name) !== null) return false;
    this.names.set(name, p.pid);
    p.registeredName = name;
    return true;
  }

  /** Removes a registered name; false when nothing was registered under it. */
  unregister(name: Atom): boolean {
    const pid = this.names.get(name);
    if (pid === undefined) return false;
    this.names.delete(name);
    const p = this.rt.procs.get(pid.id);
    if (p !== undefined && p.registeredName === name) p.registeredName = null;
    return true;
  }

  /** Names of live processes (Process.registered/0). */
  registered(): Atom[] {
    return [...this.names.keys()].filter((n) => this.whereis(n) !== null);
  }
}

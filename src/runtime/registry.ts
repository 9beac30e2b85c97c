// Registered names (erlang:register/2, whereis/1): one atom names at most one live local
// process or port, and a process or port has at most one name. A name is dropped when its
// process exits (signals.ts), so a stale entry is never visible; `whereis` still checks
// liveness. Ports are the library's (stdlib/ports.ts): it says which are open (`portOpen`).
import type { Process } from "./process.js";
import type { Runtime } from "./runtime.js";
import { Atom, Pid, Port } from "./term.js";

export class NameRegistry {
  private readonly names = new Map<Atom, Pid | Port>();
  /** Whether a port is open (set by the library that owns ports). */
  portOpen: (port: Port) => boolean = () => false;

  constructor(private readonly rt: Runtime) {}

  /** Number of names registered (some may belong to processes that are exiting). */
  get size(): number {
    return this.names.size;
  }

  /** The live process registered as `name`, or null. */
  whereis(name: Atom): Pid | null {
    const pid = this.names.get(name);
    if (!(pid instanceof Pid)) return null;
    return this.rt.process(pid) ? pid : null;
  }

  /** The open port registered as `name`, or null. */
  whereisPort(name: Atom): Port | null {
    const port = this.names.get(name);
    return port instanceof Port && this.portOpen(port) ? port : null;
  }

  /** The name of an open port, or null. */
  portName(port: Port): Atom | null {
    for (const [name, x] of this.names) if (x instanceof Port && x.id === port.id && x.node === port.node) return this.portOpen(x) ? name : null;
    return null;
  }

  private taken(name: Atom): boolean {
    return this.whereis(name) !== null || this.whereisPort(name) !== null;
  }

  /** Registers `p` as `name`; false when the name is taken or `p` already has a name. */
  register(name: Atom, p: Process): boolean {
    if (p.status === "exited" || p.registeredName !== null || this.taken(name)) return false;
    this.names.set(name, p.pid);
    p.registeredName = name;
    return true;
  }

  /** Registers an open port as `name`; false when it is closed, the name taken or the port named. */
  registerPort(name: Atom, port: Port): boolean {
    if (!this.portOpen(port) || this.portName(port) !== null || this.taken(name)) return false;
    this.names.set(name, port);
    return true;
  }

  /** Removes a registered name; false when nothing was registered under it. */
  unregister(name: Atom): boolean {
    const pid = this.names.get(name);
    if (pid === undefined) return false;
    this.names.delete(name);
    if (pid instanceof Port) return this.portOpen(pid);
    const p = this.rt.procs.get(pid.id);
    if (p !== undefined && p.registeredName === name) p.registeredName = null;
    return true;
  }

  /** Names of live processes (Process.registered/0). */
  registered(): Atom[] {
    return [...this.names.keys()].filter((n) => this.taken(n));
  }
}

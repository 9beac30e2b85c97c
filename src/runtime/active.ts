// The active runtime: the one whose process is running (or ran last). inspect and
// String.Chars are called from everywhere, mostly without a process at hand; when they need
// per-runtime state (user struct fields, the library's String.Chars for structs, node
// numbers) they read it from here. The scheduler activates its runtime for every slice and
// boot.ts activates each runtime it creates, so with two runtimes in one JS process each
// one's code sees its own state. Code that has a process uses `p.rt` instead.
import type { Runtime } from "./runtime.js";

let active: Runtime | null = null;

export function activeRuntime(): Runtime | null {
  return active;
}

export function activate(rt: Runtime): void {
  active = rt;
}

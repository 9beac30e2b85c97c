// The BREAK menu Ctrl+C opens, as the Erlang runtime prints it under iex, and what its
// entries print: (p)roc info per process, (i)nfo about memory and tables, (l)oaded modules,
// (v)ersion. The texts follow erts' break handler layout with beamsh's own figures.
import { inspect } from "../runtime/inspect.js";
import { InfoStatus, liveProcesses, processInfo } from "../runtime/inspection.js";
import type { Process } from "../runtime/process.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom } from "../runtime/term.js";
import { VERSION_INFO } from "./version.js";

export const BREAK_MENU =
  "\nBREAK: (a)bort (A)bort with dump (c)ontinue (p)roc info (i)nfo\n" +
  "       (l)oaded (v)ersion (k)ill (D)b-tables (d)istribution\n";

/** What a BREAK menu choice asks the shell to do. */
export type BreakChoice = "abort" | "continue" | "kill" | "print" | "again";

/** Handles one BREAK menu line; `print` receives any text to show. */
export function breakChoice(rt: Runtime, line: string, print: (s: string) => void): BreakChoice {
  const c = line.trim()[0] ?? "";
  switch (c) {
    case "a":
    case "A":
      return "abort";
    case "c":
      return "continue";
    case "p":
      print(procInfo(rt));
      return "print";
    case "i":
      print(systemInfo(rt));
      return "print";
    case "l":
      print(loadedInfo(rt));
      return "print";
    case "v":
      print(`beamsh ${VERSION_INFO.beamsh} (Elixir ${VERSION_INFO.elixir} compatible) on Node.js ${process.versions.node}\n`);
      return "print";
    case "k":
      return "kill";
    case "D":
      print("\n");
      return "print";
    case "d":
      print("Node is not alive\n");
      return "print";
    case "":
      return "again";
    default:
      print("Eh?\n\n");
      return "again";
  }
}

const STATE: Record<InfoStatus, string> = { runnable: "Scheduled", running: "Running", waiting: "Waiting", suspended: "Suspended", exiting: "Exiting" };

/** `=proc:<0.N.0>` blocks, one per live process. */
export function procInfo(rt: Runtime): string {
  let out = "";
  for (const p of liveProcesses(rt)) out += procBlock(p);
  return out;
}

function procBlock(p: Process): string {
  const info = processInfo(p);
  const pid = inspect(info.pid).replace(/^#PID/, "");
  const [m, f, n] = info.initialCall;
  let out = `=proc:${pid}\nState: ${STATE[info.status]}\n`;
  if (info.registeredName !== null) out += `Name: ${info.registeredName.name}\n`;
  out += `Spawned as: ${atomText(m)}:${atomText(f)}/${n}\n`;
  out += `Message queue length: ${info.messageQueueLen}\n`;
  if (info.links.length > 0) out += `Link list: [${info.links.map((l) => inspect(l).replace(/^#PID/, "")).join(", ")}]\n`;
  out += `Reductions: ${info.reductions}\n`;
  return out;
}

function atomText(t: unknown): string {
  if (t instanceof Atom) return t.name.startsWith("Elixir.") ? `'${t.name}'` : t.name;
  return String(t);
}

/** `=memory` and table sizes. */
export function systemInfo(rt: Runtime): string {
  const m = process.memoryUsage();
  const procs = [...rt.procs.values()].filter((p) => p.status !== "exited").length;
  return (
    "=memory\n" +
    `total: ${m.rss}\n` +
    `processes: ${m.heapUsed}\n` +
    `binary: ${m.arrayBuffers}\n` +
    `system: ${m.external}\n` +
    "=hash_table:module_code\n" +
    `entries: ${rt.modules.size}\n` +
    "=index_table:process_table\n" +
    `entries: ${procs}\n` +
    "=index_table:register_table\n" +
    `entries: ${rt.registry.size}\n`
  );
}

/** `=loaded_modules` with each module name. */
export function loadedInfo(rt: Runtime): string {
  const names = [...rt.modules.keys()].filter((n) => n !== "").sort();
  return "=loaded_modules\n" + names.map((n) => (n.startsWith("Elixir.") ? `'${n}'` : n)).join("\n") + "\n";
}

// Split mode (observer(:split)): the prompt keeps the bottom of the terminal and a compact
// live view of the processes (observer/split.ts) is painted above it once a second. The
// terminal's scroll region keeps the shell's output below the view, so the line editor works
// as usual; the view is drawn with the cursor saved and restored around it. Processes are
// tagged with the shell input that spawned them (directly or through their parents), learnt
// from the event stream while split mode is on.
import type { Subscription } from "../runtime/events.js";
import type { Runtime } from "../runtime/runtime.js";
import type { ObserverSource, Snapshot } from "../observer/source.js";
import { splitLines } from "../observer/split.js";

export interface SplitHost {
  write(s: string): void;
  columns(): number;
  rows(): number;
}

const REFRESH_MS = 1000;

export class SplitPane {
  private readonly tags = new Map<number, number>();
  private sub: Subscription | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private prev: Snapshot | null = null;
  private height = 0;

  constructor(
    private readonly rt: Runtime,
    private readonly source: ObserverSource,
    private readonly host: SplitHost,
    private readonly shellId: () => number,
    private readonly prompt: () => number,
  ) {}

  get on(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.on) return;
    this.sub = this.rt.events.subscribe((e) => {
      if (e.kind !== "spawn" || e.parent === null || e.parent.node !== null) return;
      const parent = e.parent.id;
      const tag = parent === this.shellId() ? this.prompt() : this.tags.get(parent);
      if (tag !== undefined) this.tags.set(e.pid.id, tag);
    }, ["spawn"]);
    this.layout();
    this.paint();
    this.timer = setInterval(() => this.paint(), REFRESH_MS);
    this.timer.unref?.();
  }

  stop(): void {
    if (!this.on) return;
    clearInterval(this.timer!);
    this.timer = null;
    this.sub?.close();
    this.sub = null;
    // Whole screen scrolls again; the view's lines are cleared.
    let out = "\x1b7\x1b[r";
    for (let i = 1; i <= this.height + 1; i++) out += `\x1b[${i};1H\x1b[2K`;
    this.host.write(out + "\x1b8");
    this.height = 0;
  }

  /** The view takes the top third of the terminal (at most 10 lines), then a rule. */
  layout(): void {
    const rows = this.host.rows();
    this.height = Math.max(3, Math.min(10, Math.floor(rows / 3)));
    // DECSTBM moves the cursor home: put it back at the bottom, where the prompt goes.
    this.host.write(`\x1b[${this.height + 2};${rows}r\x1b[${rows};1H`);
  }

  paint(): void {
    const cur = this.source.snapshot();
    const width = this.host.columns();
    const lines = splitLines(cur, this.prev, this.tags, width, this.height);
    this.prev = cur;
    for (const id of [...this.tags.keys()]) if (!cur.procs.some((p) => p.id === id)) this.tags.delete(id);
    let out = "\x1b7";
    for (let i = 0; i < this.height; i++) {
      const l = lines[i];
      const text = l === undefined ? "" : l.shell ? `\x1b[7m${l.text}\x1b[27m` : i === 0 ? `\x1b[1m${l.text}\x1b[22m` : l.text;
      out += `\x1b[${i + 1};1H\x1b[2K${text}`;
    }
    out += `\x1b[${this.height + 1};1H\x1b[2K\x1b[2m${"─".repeat(width)}\x1b[22m\x1b8`;
    this.host.write(out);
  }
}

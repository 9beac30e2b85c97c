// Input history: navigation with up/down (keeping the line being typed as a draft),
// reverse search (Ctrl+R), and persistence to a file in the user's home, appended as lines
// are entered. BEAMSH_HISTORY=0 (or --no-history) keeps history in memory only.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** How many entries are kept (in memory and in the file). */
export const HISTORY_LIMIT = 1000;

export class History {
  readonly entries: string[] = [];
  /** Position while navigating: entries.length means "the draft line". */
  private pos = 0;
  private draft = "";

  /** `file` null: not persisted. */
  constructor(readonly file: string | null = null) {
    if (file !== null) this.load(file);
    this.pos = this.entries.length;
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return;
    }
    const lines = text.split("\n").filter((l) => l !== "");
    this.entries.push(...lines.slice(-HISTORY_LIMIT).map(decode));
    if (lines.length > HISTORY_LIMIT * 2) this.rewrite();
  }

  private rewrite(): void {
    if (this.file === null) return;
    try {
      writeFileSync(this.file, this.entries.map(encode).join("\n") + "\n");
    } catch {
      // History is a convenience: an unwritable file is ignored.
    }
  }

  private paused = false;

  /** Lines entered meanwhile are not recorded (answers to IO.gets are not shell input). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  /** Records an entered line (blank lines and immediate repeats are skipped). */
  add(line: string): void {
    this.pos = this.entries.length;
    this.draft = "";
    if (this.paused || line.trim() === "" || this.entries[this.entries.length - 1] === line) return;
    this.entries.push(line);
    if (this.entries.length > HISTORY_LIMIT) this.entries.splice(0, this.entries.length - HISTORY_LIMIT);
    this.pos = this.entries.length;
    if (this.file === null) return;
    try {
      appendFileSync(this.file, encode(line) + "\n");
    } catch {
      // Ignored, as above.
    }
  }

  /** The previous entry (Up), or null at the oldest. `current` is saved as the draft. */
  previous(current: string): string | null {
    if (this.pos === 0) return null;
    if (this.pos === this.entries.length) this.draft = current;
    this.pos--;
    return this.entries[this.pos];
  }

  /** The next entry (Down), the draft after the newest, or null when already there. */
  next(): string | null {
    if (this.pos >= this.entries.length) return null;
    this.pos++;
    return this.pos === this.entries.length ? this.draft : this.entries[this.pos];
  }

  /** Stops navigating (the next Up starts from the newest entry again). */
  resetPosition(): void {
    this.pos = this.entries.length;
    this.draft = "";
  }

  /** Reverse search: the newest entry containing `query` strictly before index `before`. */
  search(query: string, before = this.entries.length): { index: number; line: string } | null {
    for (let i = Math.min(before, this.entries.length) - 1; i >= 0; i--) {
      if (this.entries[i].includes(query)) return { index: i, line: this.entries[i] };
    }
    return null;
  }
}

/** Entries are one per line in the file; backslashes and newlines are escaped. */
function encode(line: string): string {
  return line.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function decode(line: string): string {
  return line.replace(/\\(\\|n)/g, (_, c: string) => (c === "n" ? "\n" : "\\"));
}

/** Where history is kept, or null when disabled by the environment. */
export function historyFileFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const v = env.BEAMSH_HISTORY;
  if (v !== undefined && /^(0|false|off|no)$/i.test(v)) return null;
  return env.BEAMSH_HISTORY_FILE ?? join(homedir(), ".beamsh_history");
}

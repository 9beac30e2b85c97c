// Drives the real beamsh program in a tmux terminal, as a person would: send keys, read the
// screen. Used by the end-to-end tests (`npm run test:e2e`, run by CI with tmux installed).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, tempDir } from "../helpers/tmp.js";

let counter = 0;

export class TmuxSession {
  readonly name = `beamsh-e2e-${process.pid}-${counter++}`;
  readonly home = tempDir("beamsh-e2e-");

  constructor(command: string, width = 120, height = 32) {
    // CI=false: ink (the observer) renders only a final frame when it thinks it runs in CI.
    const env = `HOME=${this.home} BEAMSH_HISTORY_FILE=${join(this.home, "history")} TERM=xterm-256color CI=false`;
    execFileSync("tmux", ["new-session", "-d", "-s", this.name, "-x", String(width), "-y", String(height), `env ${env} ${command}`]);
  }

  /** Types keys (tmux key names such as Enter, Up, Tab, C-c are allowed). */
  send(...keys: string[]): void {
    execFileSync("tmux", ["send-keys", "-t", this.name, ...keys]);
  }

  /** Types text literally. */
  type(text: string): void {
    execFileSync("tmux", ["send-keys", "-t", this.name, "-l", text]);
  }

  /** Pastes text in one go, as a terminal delivers a paste (through a tmux buffer). */
  paste(text: string): void {
    const file = join(this.home, "paste.txt");
    writeFileSync(file, text);
    execFileSync("tmux", ["load-buffer", "-b", this.name, file]);
    execFileSync("tmux", ["paste-buffer", "-d", "-b", this.name, "-t", this.name]);
  }

  /** The visible screen (with escape sequences when `colours`). */
  screen(colours = false): string {
    const args = ["capture-pane", "-p", "-t", this.name, ...(colours ? ["-e"] : [])];
    return execFileSync("tmux", args).toString();
  }

  /** Waits until the screen matches, or fails with the screen in the message. */
  async waitFor(pattern: RegExp | string, timeoutMs = 20000, colours = false): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen(colours);
      if (typeof pattern === "string" ? s.includes(pattern) : pattern.test(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  kill(): void {
    try {
      execFileSync("tmux", ["kill-session", "-t", this.name]);
    } catch {
      // already gone
    }
    removeDir(this.home);
  }
}

export const BEAMSH = `node ${join(process.cwd(), "bin", "beamsh.js")}`;

// Soak tests: Elixir scripts (test/soak/*.exs) that push many processes, messages, links,
// monitors and restarts through the runtime and print what they counted. Each runs under
// beamsh (as `beamsh FILE.exs`) and must print what real `elixir` printed for the same file
// (NAME.out at full size, NAME.10.out with SOAK_SCALE=10, both recorded with Elixir 1.14).
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const SOAK_DIR = join(process.cwd(), "test", "soak");

export function soakFiles(): string[] {
  return readdirSync(SOAK_DIR).filter((n) => n.endsWith(".exs")).sort();
}

export interface SoakResult {
  name: string;
  ok: boolean;
  expected: string;
  actual: string;
  ms: number;
}

/** Runs one soak file under beamsh (scale 1 or 10) and compares with Elixir's recorded output. */
export function runSoak(file: string, scale: 1 | 10): SoakResult {
  const name = file.replace(/\.exs$/, "");
  const expected = readFileSync(join(SOAK_DIR, scale === 1 ? `${name}.out` : `${name}.10.out`), "utf8");
  const t0 = performance.now();
  const r = spawnSync("node", [join(process.cwd(), "bin", "beamsh.js"), join(SOAK_DIR, file)], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", SOAK_SCALE: String(scale) },
    timeout: 15 * 60_000,
    killSignal: "SIGKILL",
  });
  const actual = (r.stdout ?? "") + (r.stderr ?? "");
  return { name, ok: r.status === 0 && actual === expected, expected, actual, ms: performance.now() - t0 };
}

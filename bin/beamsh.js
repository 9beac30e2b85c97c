#!/usr/bin/env node
// Launcher: the shell itself is compiled from src/shell (npm install builds it). It runs in a
// worker thread with a large stack and heap (see src/shell/launcher.ts); BEAMSH_WORKER=0 runs
// it on the main thread instead. In a checkout whose dist/ is older than src/ (a pull without
// `npm run build`), it rebuilds first (src/build-freshness.ts).
import { fileURLToPath } from "node:url";

const { ensureFreshBuild } = await import("../dist/src/build-freshness.js").catch(() => ({ ensureFreshBuild: () => false }));
ensureFreshBuild(fileURLToPath(new URL("..", import.meta.url)));
if (process.env.BEAMSH_WORKER === "0") {
  const { main } = await import("../dist/src/shell/main.js");
  const { directHost } = await import("../dist/src/shell/host.js");
  main(process.argv, directHost());
} else {
  const { launch } = await import("../dist/src/shell/launcher.js");
  launch(process.argv);
}

// Mounts the whole observer over a FakeSource in a fake terminal (one sample taken), for
// view tests that drive it with keys.
import { Observer } from "../../src/observer/Observer.js";
import { Sampler } from "../../src/observer/sampler.js";
import { ThemeContext } from "../../src/observer/hooks/use-theme.js";
import type { FakeSource } from "./fixtures.js";
import { Mounted, mount } from "./ink-harness.js";

export function openObserver(source: FakeSource, columns = 100, rows = 24): { m: Mounted; sampler: Sampler } {
  const sampler = new Sampler(source, 1000);
  sampler.sample();
  const m = mount(
    <ThemeContext.Provider value={{}}>
      <Observer source={source} sampler={sampler} onQuit={() => {}} />
    </ThemeContext.Provider>,
    columns,
    rows,
  );
  return { m, sampler };
}

// Re-renders on every new sample; returns the last two snapshots.
import { useEffect, useState } from "react";
import type { Sampler } from "../sampler.js";
import type { Snapshot } from "../source.js";

export function useSampler(sampler: Sampler): { cur: Snapshot | null; prev: Snapshot | null } {
  const [, setTick] = useState(0);
  useEffect(() => sampler.subscribe(() => setTick((n) => n + 1)), [sampler]);
  return { cur: sampler.cur, prev: sampler.prev };
}

// Plain-data snapshots and a scripted ObserverSource for observer tests (no runtime needed).
import type { ObserverSource, ProcDetail, ProcSample, SequenceWatch, Snapshot, StateResult } from "../../src/observer/source.js";
import type { Diagram } from "../../src/observer/sequence.js";
import type { PipelineSample } from "../../src/observer/pipeline.js";
import type { TraceListener } from "../../src/observer/trace.js";
import type { Term } from "../../src/runtime/term.js";

export function proc(id: number, over: Partial<ProcSample> = {}): ProcSample {
  return {
    id,
    serial: 0,
    name: null,
    initialCall: ":erlang.apply/2",
    current: "Demo.Worker.loop/1",
    status: "waiting",
    reductions: 0,
    memory: 2704,
    mqueue: 0,
    links: [],
    trapExit: false,
    parent: null,
    kind: "process",
    strategy: null,
    ...over,
  };
}

export function snapshot(at: number, procs: ProcSample[], totalReductions?: number): Snapshot {
  return {
    at,
    procs,
    costMs: 0.5,
    system: {
      uptimeMs: at,
      procCount: procs.length,
      runQueue: procs.filter((p) => p.status === "runnable").length,
      totalReductions: totalReductions ?? procs.reduce((n, p) => n + p.reductions, 0),
      procMemory: procs.reduce((n, p) => n + p.memory, 0),
      nodeHeapUsed: 30 * 1024 * 1024,
      nodeHeapTotal: 50 * 1024 * 1024,
      nodeRss: 100 * 1024 * 1024,
      contextReds: 4000,
      sliceMs: 4,
      atoms: 1234,
      beamshVersion: "0.1.0",
      nodeVersion: "v20.0.0",
    },
  };
}

/** A source that replays snapshots and records the actions asked of it. */
export class FakeSource implements ObserverSource {
  exits: [number, Term][] = [];
  traced: number[] = [];
  /** What pipeline() answers, in turn (the last one repeats). */
  pipelines: PipelineSample[] = [{ at: 0, stages: [], edges: [] }];
  watchingPipeline = 0;
  private pi = 0;
  private i = 0;
  constructor(public snapshots: Snapshot[]) {}

  snapshot(): Snapshot {
    const s = this.snapshots[Math.min(this.i, this.snapshots.length - 1)];
    this.i++;
    return s;
  }

  /** The snapshot most recently handed out. */
  get current(): Snapshot {
    return this.snapshots[Math.min(Math.max(0, this.i - 1), this.snapshots.length - 1)];
  }

  detail(id: number): ProcDetail | null {
    const s = this.current.procs.find((p) => p.id === id);
    if (!s) return null;
    return {
      sample: s,
      pid: `#PID<0.${id}.0>`,
      stack: [{ mfa: s.current, file: "demo.exs", line: 3 }, { mfa: ":erlang.apply/2", file: "", line: 0 }],
      args: ["%{ticks: 3}"],
      messages: s.mqueue > 0 ? [":tick"] : [],
      receive: null,
      dictionary: [],
      links: s.links.map((l) => `#PID<0.${l}.0>`),
      monitors: [],
      monitoredBy: [],
      groupLeader: "#PID<0.100.0>",
      otp: false,
    };
  }

  exit(id: number, reason: Term): boolean {
    this.exits.push([id, reason]);
    const alive = this.current.procs.some((p) => p.id === id);
    // The next snapshot no longer has the process.
    this.snapshots.push(snapshot(this.current.at + 1000, this.current.procs.filter((p) => p.id !== id)));
    this.i = this.snapshots.length - 1;
    return alive;
  }

  getState(): Promise<StateResult> {
    return Promise.resolve({ ok: false, why: "not supported" });
  }

  trace(id: number, _l: TraceListener): () => void {
    this.traced.push(id);
    return () => {
      this.traced = this.traced.filter((x) => x !== id);
    };
  }

  pipeline(): PipelineSample {
    return this.pipelines[Math.min(this.pi++, this.pipelines.length - 1)];
  }

  /** What watchSequence's diagram() answers, and the roots it was asked for. */
  sequence: Diagram = { lanes: [], rows: [], dropped: 0 };
  sequenceRoots: number[][] = [];
  sequenceWatchers = 0;

  watchSequence(roots: number[]): SequenceWatch {
    this.sequenceRoots.push(roots);
    this.sequenceWatchers++;
    let open = true;
    return {
      diagram: () => this.sequence,
      close: () => {
        if (open) this.sequenceWatchers--;
        open = false;
      },
    };
  }

  /** What escalations() answers. */
  gaveUp: string[] = [];
  escalations(): string[] {
    return this.gaveUp;
  }

  watchPipeline(): () => void {
    this.watchingPipeline++;
    return () => {
      this.watchingPipeline--;
    };
  }

  dispose(): void {}
}

// The observer's root component: routes between the views, holds the UI state (state.ts)
// and carries out the reducer's effects against the source and the sampler.
import { Box, Key, useInput } from "ink";
import { useEffect, useMemo, useRef, useState } from "react";
import { detailLines, StateView } from "./detail-lines.js";
import { duration, shortPid } from "./format.js";
import type { SnapshotHistory } from "./history.js";
import { Footer } from "./components/Footer.js";
import { Header } from "./components/Header.js";
import { StatusLine } from "./components/StatusLine.js";
import { useSampler } from "./hooks/use-sampler.js";
import { Size, useTerminalSize } from "./hooks/use-terminal-size.js";
import { queryRows, reductionsPerSecond, scrollTop, selectionIndex } from "./model.js";
import { parseReason } from "./reason.js";
import type { Sampler } from "./sampler.js";
import type { ObserverSource, ProcSample, Snapshot } from "./source.js";
import { Effect, UiState, ViewContext, initialState, pressKey } from "./state.js";
import { TraceLog } from "./trace.js";
import { buildForest } from "./tree.js";
import { Detail } from "./views/Detail.js";
import { Help } from "./views/Help.js";
import { Processes } from "./views/Processes.js";
import { System } from "./views/System.js";
import { Pipeline } from "./views/Pipeline.js";
import { Lanes } from "./views/Lanes.js";
import { Nodes } from "./views/Nodes.js";
import { Sequence } from "./views/Sequence.js";
import { Crashes } from "./views/Crashes.js";
import { TraceView } from "./views/TraceView.js";
import { Tree } from "./views/Tree.js";

export interface ObserverProps {
  source: ObserverSource;
  sampler: Sampler;
  /** `split`: the user asked for split mode (v). */
  onQuit: (split?: boolean) => void;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  size?: Size;
  initial?: UiState;
}

/** Lines taken by the header (2), status line (1) and footer (1), plus one spare row so the
 *  frame never fills the terminal (ink would then clear the screen on every frame). */
const CHROME = 5;

export function Observer({ source, sampler, onQuit, size, initial }: ObserverProps) {
  const { columns, rows: termRows } = useTerminalSize(size);
  const live = useSampler(sampler);
  const [state, setState] = useState<UiState>(() => initial ?? initialState(sampler.interval));
  // Time travel: the views drawn from snapshots show the one chosen instead of the newest.
  const history = sampler.history;
  const travelSeq = state.travel === null ? null : Math.max(state.travel, history.first);
  const past = travelSeq === null ? null : history.get(travelSeq);
  const cur = past ?? live.cur;
  const prev = past !== null ? history.get(travelSeq! - 1) : live.prev;
  const [procState, setProcState] = useState<{ id: number; view: StateView } | null>(null);
  const traceLog = useRef(new TraceLog());
  const stopTrace = useRef<(() => void) | null>(null);
  const traceTick = useTraceTick(traceLog.current, state.view === "trace");

  const bodyHeight = Math.max(3, termRows - CHROME);
  const width = Math.max(40, columns);
  // Rows and the forest are only built for the view that shows them.
  const needRows = state.view !== "tree";
  const rows = useMemo(() => (cur && needRows ? queryRows(cur, prev, state.query) : []), [cur, prev, state.query, needRows]);
  const forest = useMemo(() => buildForest(cur && !needRows ? cur.procs : []), [cur, needRows]);
  const redsPerSec = cur ? reductionsPerSecond(cur, prev) : 0;
  // Crash replay's crashes, read again with each sample while its view is shown.
  const stories = useMemo(() => (state.view === "crashes" ? (source.crashStories?.() ?? []) : []), [source, state.view, live.cur?.at]);

  // The list on screen and where the selection is in it.
  const listIds: readonly { id: number; sample: ProcSample }[] = state.view === "tree" ? forest.lines : rows;
  const labelOf = (id: number) => {
    const s = cur?.procs.find((p) => p.id === id);
    return s ? (s.name ?? (s.initialCall === ":erlang.apply/2" ? null : s.initialCall) ?? s.current) : "";
  };
  const pageSize = state.view === "tree" ? bodyHeight - 1 : state.view === "processes" ? bodyHeight - 2 : bodyHeight;
  const selected = selectionIndex(listIds, state.view === "detail" ? null : state.selectedId, state.selected);
  const top = scrollTop(state.top, selected, pageSize, listIds.length);

  useEffect(() => sampler.setInterval(state.intervalMs), [sampler, state.intervalMs]);
  useEffect(() => sampler.setPaused(state.paused), [sampler, state.paused]);
  useEffect(() => () => stopTrace.current?.(), []);

  const run = (effects: Effect[], s: UiState): UiState => {
    let next = s;
    for (const e of effects) next = perform(e, next);
    return next;
  };

  const perform = (e: Effect, s: UiState): UiState => {
    switch (e.type) {
      case "quit":
        onQuit(e.split === true);
        return s;
      case "suspend": {
        const r = source.toggleSuspend?.(e.id);
        sampler.sample();
        if (r === undefined) return { ...s, message: "this source cannot suspend processes" };
        return { ...s, message: r === null ? `${shortPid(e.id)} is not alive` : `${r ? "suspended" : "resumed"} ${shortPid(e.id)}` };
      }
      case "fault": {
        const who = shortPid(e.id);
        if (e.choice === "remove") {
          const n = source.removeFaults?.(e.id, e.dir);
          if (n === undefined) return { ...s, message: "this source cannot inject faults" };
          return { ...s, message: n === 0 ? `no fault on messages ${e.dir} ${who}` : `removed ${n} fault${n === 1 ? "" : "s"} on messages ${e.dir} ${who}` };
        }
        if (source.injectFault === undefined) return { ...s, message: "this source cannot inject faults" };
        const id = source.injectFault({ id: e.id, dir: e.dir, kind: e.choice, count: e.count });
        sampler.sample();
        if (id === null) return { ...s, message: `${who} is not alive` };
        const howMany = e.count === null ? "until removed (f, remove)" : `for ${e.count} message${e.count === 1 ? "" : "s"}`;
        return { ...s, message: `fault #${id}: ${e.choice}${e.choice === "delay" ? " 1000 ms" : ""} messages ${e.dir} ${who} ${howMany}` };
      }
      case "runtimePause": {
        if (source.pauseRuntime === undefined || source.runtimePaused === undefined) return { ...s, message: "this source cannot pause its runtime" };
        const on = !source.runtimePaused();
        source.pauseRuntime(on);
        sampler.sample();
        return { ...s, message: on ? "runtime paused: s steps one slice, z resumes" : "runtime resumed" };
      }
      case "showSystem":
        if (source.showSystem === undefined) return { ...s, showSystem: false, message: "this source shows no system processes" };
        source.showSystem(e.on);
        sampler.sample();
        return s;
      case "runtimeStep": {
        if (source.stepRuntime === undefined) return { ...s, message: "this source cannot step its runtime" };
        const r = source.stepRuntime();
        sampler.sample();
        return { ...s, message: r === null ? "paused; nothing can run" : `paused; ${r}` };
      }
      case "exit": {
        const r = parseReason(e.reason);
        if (!r.ok) return { ...s, message: `${e.reason}: ${r.error}` };
        const sent = source.exit(e.id, r.term);
        sampler.sample();
        return { ...s, message: sent ? `sent exit signal ${e.reason} to ${shortPid(e.id)}` : `${shortPid(e.id)} is not alive` };
      }
      case "trace":
        stopTrace.current?.();
        stopTrace.current = null;
        if (e.id !== null) {
          traceLog.current.clear();
          stopTrace.current = source.trace(e.id, (ev) => traceLog.current.push(ev));
        }
        return s;
      case "clearTrace":
        traceLog.current.clear();
        return s;
      case "sample":
        sampler.sample();
        return s;
      case "fetchState":
        fetchState(e.id);
        return s;
    }
  };

  const fetchState = (id: number) => {
    if (!source.detail(id)?.otp) return setProcState(null);
    setProcState({ id, view: "pending" });
    void source.getState(id, 500).then((r) => setProcState((p) => (p?.id === id ? { id, view: r } : p)));
  };

  // ink may call an input handler from an earlier render (effects flush after the frame is
  // written), so the handler reads everything it needs from this ref, set on every render.
  const ctx: ViewContext = { rows: listIds, labelOf, pageSize, history, crashSteps: stories.map((st) => st.steps.length) };
  const latest = useRef({ state, ctx, selected, top });
  latest.current = { state, ctx, selected, top };
  const press = (input: string, key: Key) => {
    const cur = latest.current;
    const [next, effects] = pressKey({ ...cur.state, selected: cur.selected, top: cur.top }, input, key, cur.ctx);
    const after = run(effects, next);
    // Several keys can arrive before the next render.
    latest.current = { ...cur, state: after, selected: after.selected, top: after.top };
    setState(after);
  };
  useInput((input, key) => {
    // Fast typing (or a paste) arrives as one string: apply it one character at a time.
    // Enter, Tab and Backspace inside such a chunk are those keys.
    const chars = [...input];
    if (chars.length > 1 && !key.ctrl && !key.meta) chars.forEach((c) => press(...chunkKey(c, key)));
    else press(input, key);
  });

  const detail = state.view === "detail" && state.selectedId !== null ? source.detail(state.selectedId, { width: width - 4, messages: 10 }) : null;
  const stateView: StateView = procState && procState.id === state.selectedId ? procState.view : "none";

  return (
    <Box flexDirection="column" width={width} height={termRows - 1}>
      <Header
        view={state.view}
        cur={cur}
        redsPerSec={redsPerSec}
        paused={state.paused}
        intervalMs={state.intervalMs}
        width={width}
        travel={past === null || live.cur === null ? null : travelText(history, travelSeq!, past, live.cur)}
      />
      {state.view === "processes" && (
        <Processes
          visible={rows.slice(top, top + pageSize)}
          total={rows.length}
          selected={selected}
          top={top}
          height={bodyHeight}
          width={width}
          query={state.query}
          traced={state.traced}
        />
      )}
      {state.view === "tree" && (
        <Tree
          visible={forest.lines.slice(top, top + pageSize)}
          total={forest.lines.length}
          standalone={forest.standalone}
          selected={selected}
          top={top}
          height={bodyHeight}
          escalations={source.escalations()}
        />
      )}
      {state.view === "detail" && (
        <Detail lines={detail ? detailLines(detail, stateView, state.traced === state.selectedId) : null} scroll={state.scroll} height={bodyHeight} />
      )}
      {state.view === "system" && <System cur={cur} redsPerSec={redsPerSec} height={bodyHeight} />}
      {state.view === "trace" && <TraceView key={traceTick} log={traceLog.current} traced={state.traced} scroll={state.scroll} height={bodyHeight} width={width} />}
      {state.view === "pipeline" && <Pipeline source={source} tick={cur?.at ?? 0} scroll={state.scroll} height={bodyHeight} />}
      {state.view === "lanes" && <Lanes source={source} tick={cur?.at ?? 0} labelOf={labelOf} height={bodyHeight} width={width} />}
      {state.view === "nodes" && <Nodes source={source} tick={cur?.at ?? 0} scroll={state.scroll} height={bodyHeight} />}
      {state.view === "sequence" && (
        <Sequence source={source} followed={state.followed} epoch={state.sequenceEpoch} tick={cur?.at ?? 0} scroll={state.scroll} height={bodyHeight} width={width} />
      )}
      {state.view === "crashes" && <Crashes stories={stories} history={history} live={live.cur} crash={state.crash} step={state.crashStep} height={bodyHeight} />}
      {state.view === "help" && <Help height={bodyHeight} scroll={state.scroll} />}
      <StatusLine prompt={state.prompt} message={state.message} filter={state.query.filter} />
      <Footer view={state.view} />
    </Box>
  );
}

/** The header's line while time travelling: how far back, and what the next sample changes. */
function travelText(h: SnapshotHistory, seq: number, past: Snapshot, now: Snapshot): string {
  const back = ((now.system.uptimeMs - past.system.uptimeMs) / 1000).toFixed(1);
  const { started, ended } = h.diff(seq + 1);
  const pids = (ids: number[]) => (ids.length <= 3 ? ids.map((id) => shortPid(id)).join(" ") : `${ids.length} processes`);
  const next = [ended.length > 0 ? `${pids(ended)} ended` : "", started.length > 0 ? `${pids(started)} started` : ""].filter((x) => x !== "").join(", ");
  return `⏪ ${back} s back (sample ${seq - h.first + 1} of ${h.size}) · uptime ${duration(past.system.uptimeMs)} · processes ${past.system.procCount}${next === "" ? "" : ` · next sample: ${next}`} · [ ] { } L live`;
}

const CHUNK_KEYS: Record<string, Partial<Key>> = { "\r": { return: true }, "\n": { return: true }, "\t": { tab: true }, "\x7f": { backspace: true }, "\b": { backspace: true } };

/** One character of a chunk of typed input as a key press. */
function chunkKey(c: string, key: Key): [string, Key] {
  const special = CHUNK_KEYS[c];
  return special === undefined ? [c, key] : ["", { ...key, ...special }];
}

/** Re-renders the trace view a few times a second while new events arrive. */
function useTraceTick(log: TraceLog, active: boolean): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setVersion((v) => (v === log.version ? v : log.version)), 200);
    return () => clearInterval(timer);
  }, [log, active]);
  return version;
}

// Funs on the wire (NEW_FUN_EXT). A BEAM node names a closure by module, index and the MD5
// of the module's code, and the receiver runs its own copy of that code. beamsh closures
// have no BEAM code, so a beamsh node sends, with the usual fields, what another beamsh
// node needs to rebuild the closure: its source (the quoted form of the `fn`, aliases
// already expanded) and the names of the variables it captured, followed by their values.
// The receiver compiles the source on the first call (see ./remote-funs.ts in the library).
//
// A fun this node cannot rebuild (a real node's closure) keeps its wire fields, so it
// prints, compares and travels back unchanged; calling it fails as BEAM fails for a fun
// whose code is not loaded.
import { createHash } from "node:crypto";
import { ProcLike, pushCall } from "../code.js";
import { compileEval } from "../compiler/module.js";
import { newEnv } from "../compiler/unit.js";
import { Fun } from "../fun.js";
import { hostFor } from "../host.js";
import type { Code } from "../code.js";
import type { Runtime } from "../runtime.js";
import { MapTerm } from "../map.js";
import { Atom, Cons, Pid, Term, a, atomName, binBytes, isBinary } from "../term.js";
import type { FunCodec, FunWire } from "./etf.js";
import { FunSource, astFromJson, funSourceOfCode } from "./fun-source.js";
import { ErlEvalProfile, erlEvalClosure } from "./erl-eval.js";
import { bindingPairs, funSource, varName } from "./abstract-format.js";
import { parse } from "../../lang/parser.js";
import type { Ast } from "../../lang/ast.js";

/** Marks the first free variable of a closure sent by beamsh (versioned). */
const SOURCE_MAGIC = "beamsh-fun/1\n";

/** A fun received from another node, with the fields it arrived with. */
export interface ForeignFun extends Fun {
  wire: FunWire;
}

export function isForeignFun(f: Fun): f is ForeignFun {
  return (f as Partial<ForeignFun>).wire !== undefined;
}

const md5Cache = new Map<string, Uint8Array>();

/** A stable 16-byte stand-in for BEAM's module MD5. */
function moduleMd5(module: string): Uint8Array {
  let h = md5Cache.get(module);
  if (h === undefined) {
    h = new Uint8Array(createHash("md5").update("beamsh:" + module).digest());
    md5Cache.set(module, h);
  }
  return h;
}

const NO_PID = new Pid(0, 0);

/** The old uniq BEAM's compiler gives every fun of a module: the first 27 bits of its MD5. */
function oldUniqOf(md5: Uint8Array): number {
  return ((md5[0] << 19) | (md5[1] << 11) | (md5[2] << 3) | (md5[3] >> 5)) >>> 0;
}

/**
 * The user modules (compiled here, not the library) whose closures `t` holds: a real peer
 * is asked for its MD5 of each before they go to it (wire.ts).
 */
export function closureModules(t: Term, out: Set<string> = new Set()): Set<string> {
  const stack: Term[] = [t];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x instanceof Fun) {
      const c = x.code as (Code & { library?: boolean }) | null;
      if (!isForeignFun(x) && x.module === null && c !== null && c.module !== "" && !c.library) out.add(c.module);
      for (const e of x.env) stack.push(e);
    } else if (Array.isArray(x)) {
      for (const e of x) stack.push(e);
    } else if (x instanceof Cons) {
      stack.push(x.h, x.t);
    } else if (x instanceof MapTerm) {
      for (const [k, v] of x.entries.values()) stack.push(k, v);
    }
  }
  return out;
}

/**
 * The fun codec of `rt`; on a connection, `peer` tells what the peer's erl_eval funs look
 * like when it is a real node (erl-eval.ts), so shell closures go as erl_eval funs there.
 */
export function funCodec(rt: Runtime, peer: () => ErlEvalProfile | null = () => null, peerMd5: (module: string) => Uint8Array | null | undefined = () => undefined): FunCodec {
  const compiled = new Map<string, Code | null>();
  return {
    toWire(f: Fun): FunWire {
      if (isForeignFun(f)) return f.wire;
      const module = f.code?.module ? f.code.module : "erl_eval";
      // A fun of a module the real peer has loaded too: that module's own fun there.
      const md5 = module === "erl_eval" ? undefined : peerMd5(module);
      if (md5 instanceof Uint8Array) {
        const pid = rt.scheduler.current?.pid ?? NO_PID;
        return { arity: f.arity, uniq: md5, index: f.index, module: a(module), oldIndex: f.index, oldUniq: oldUniqOf(md5), pid, free: [...f.env] };
      }
      const src = funSourceOfCode(f.code);
      const profile = src === undefined ? null : peer();
      if (profile !== null && src !== undefined) {
        const w = erlEvalClosure(profile, f, src, rt.scheduler.current?.pid ?? NO_PID);
        if (w !== null) return w;
      }
      const free: Term[] = src === undefined ? [...f.env] : [sourceBinary(src), ...f.env];
      return {
        arity: f.arity,
        uniq: moduleMd5(module),
        index: f.index,
        module: a(module),
        oldIndex: f.index,
        oldUniq: f.uniq,
        pid: rt.scheduler.current?.pid ?? NO_PID,
        free,
      };
    },
    fromWire(w: FunWire): Term {
      const src = w.free.length > 0 ? readSource(w.free[0]) : null;
      if (src !== null && src.names.length === w.free.length - 1) {
        const key = src.names.join(",") + "\n" + src.json;
        const f = rebuild(rt, compiled, w, key, () => astFromJson(src.json), src.names, src.file, w.free.slice(1));
        if (f !== null) return f;
      }
      if (w.module === ERL_EVAL && w.free.length === 1 && Array.isArray(w.free[0])) {
        const f = fromErlEval(rt, compiled, w, w.free[0]);
        if (f !== null) return f;
      }
      // A fun of a module loaded here prints as this node's own fun of it (in Mod.fun/n).
      const lambda = rt.modules.get(atomName(w.module))?.lambdas?.get(w.index);
      return foreignFun(w, lambda?.where);
    },
  };
}

/**
 * Rebuilds a beamsh shell closure: compiles `fn ... end` with the captured variables bound
 * (once per distinct source) and evaluates it, which only makes the closure. The result
 * keeps its wire fields, so it travels on unchanged.
 */
function rebuild(rt: Runtime, compiled: Map<string, Code | null>, w: FunWire, key: string, ast: () => Ast, names: string[], file: string, env: Term[]): Fun | null {
  let code = compiled.get(key);
  if (code === undefined) {
    try {
      code = compileEval(hostFor(rt), ast(), names, newEnv(), file).code;
    } catch {
      code = null;
    }
    compiled.set(key, code);
  }
  if (code === null || code.fn === undefined) return null;
  const p: ProcLike = { frame: null as never, stack: [], x: null, reds: 1 << 30, rt };
  pushCall(p, code, env, null);
  if (code.fn(p.frame, p) !== 0) return null;
  const made = (p.x as Term[])[0];
  if (!(made instanceof Fun) || made.arity !== w.arity) return null;
  const f = new Fun(made.arity, made.code, made.env, null, null, w.oldIndex, w.oldUniq, made.where) as ForeignFun;
  f.wire = w;
  return f;
}

const ERL_EVAL = a("erl_eval");

/**
 * A closure typed in a real iex (an erl_eval fun: Info holds its bindings and its clauses in
 * the abstract format), written as Elixir (abstract-format.ts) and compiled here; null when
 * it uses a form the translation does not know.
 */
function fromErlEval(rt: Runtime, compiled: Map<string, Code | null>, w: FunWire, info: Term[]): Fun | null {
  // OTP 25: {Anno, Bindings, Lf, Ef, FunUsedVars, Clauses}; older: {Bindings, Lf, Ef, Clauses}.
  const clausesAt = info.length >= 6 ? 5 : 3;
  const bindingsAt = info.length >= 6 ? 1 : 0;
  if (info.length !== 4 && info.length !== 6) return null;
  try {
    const pairs = bindingPairs(info[bindingsAt]);
    const src = funSource(info[clausesAt], pairs.map(([n]) => n));
    const names = pairs.map(([n]) => varName(n));
    return rebuild(rt, compiled, w, names.join(",") + "\n" + src, () => parse(src, { file: "nofile" }), names, "nofile", pairs.map(([, v]) => v));
  } catch {
    // A form the translation does not know (TranslateError), or Elixir that does not parse.
    return null;
  }
}

function sourceBinary(src: FunSource): Term {
  return SOURCE_MAGIC + JSON.stringify({ q: src.json, n: src.names, f: src.file });
}

function readSource(t: Term): FunSource | null {
  if (!isBinary(t)) return null;
  const text = typeof t === "string" ? t : new TextDecoder("utf-8", { ignoreBOM: true }).decode(binBytes(t));
  if (!text.startsWith(SOURCE_MAGIC)) return null;
  try {
    const o = JSON.parse(text.slice(SOURCE_MAGIC.length)) as { q: string; n: string[]; f: string };
    if (typeof o.q !== "string" || !Array.isArray(o.n)) return null;
    return { json: o.q, names: o.n, file: typeof o.f === "string" ? o.f : "nofile" };
  } catch {
    return null;
  }
}

/** A fun whose code this node does not have: prints and travels, fails when called. */
export function foreignFun(w: FunWire, where = w.module.name === "erl_eval" ? ":erl_eval.expr/6" : displayModule(w.module)): Fun {
  const f = new Fun(w.arity, null, w.free, null, null, w.index, w.oldUniq, where) as ForeignFun;
  f.wire = w;
  return f;
}

function displayModule(m: Atom): string {
  const n = atomName(m);
  return n.startsWith("Elixir.") ? n.slice(7) : ":" + n;
}

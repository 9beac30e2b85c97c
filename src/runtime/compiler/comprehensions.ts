// `for` comprehensions, as Elixir defines them (elixir_expand + elixir_erl_for):
//
//   for gen_or_filter..., into: c, uniq: bool, reduce: acc do body end
//
// Generators are `pattern <- enumerable` (elements that do not match are skipped, an optional
// `when` guard filters) and `<<segments <- bitstring>>` (the bitstring is consumed chunk by
// chunk); filters skip the element when falsy. Each generator is a loop over a register
// holding its state; every back edge charges a reduction, so long comprehensions stay
// preemptible. Lists, ranges, maps and MapSets are walked as JS arrays; anything else
// (streams, functions, structs implementing Enumerable) one element at a time through
// Enumerable.reduce/3 suspended after each element (:beamsh_for), so the body runs between
// the enumerable's own steps, as with Enum.reduce.
//
// Results are collected like Elixir's translation: a literal [] / "" / %{} (or no `into:`)
// inline; any other `into:` value through Collectable.into/1 (its collector gets `:halt`
// when the comprehension raises, `:done` at the end); `reduce:` threads an accumulator
// through `acc -> expr` clauses (no clause matching is a CaseClauseError).
import { Ast, AstNode, Meta, isAtomAst, isNode, isTupleAst } from "../../lang/ast.js";
import { genBackEdge } from "../protocol.js";
import { CallSite } from "../calls.js";
import { a } from "../term.js";
import { Clause, emitClauses, emitGuard, readClauses } from "./control.js";
import { block, expr, toReg } from "./expr.js";
import { Bound, matchPattern, readSegments } from "./patterns.js";
import { FnCtx, ForScope, Scope } from "./unit.js";
import { SCRIPT_MODULE } from "../code.js";
import type { ForLevel } from "../comprehension-trace.js";
import { ERL, ErlFrame, REMOTE_ARG, generatorFrame } from "../erl-eval-trace.js";

export interface ForSpec {
  quals: Ast[];
  body: Ast;
  into: Ast | undefined;
  uniq: boolean;
  reduce: Ast | undefined;
  /** In its function's tail position (a `reduce:` is then that function's last call on BEAM). */
  tail?: boolean;
}

/** How results are collected; `add` ends the block by going to `next`. */
interface Collector {
  add(fn: FnCtx, scope: Scope, next: number): void;
  finish(fn: FnCtx): string;
}

export function compileFor(fn: FnCtx, scope: Scope, node: AstNode, tail = false): string {
  const spec = readFor(fn, node);
  spec.tail = tail && fn.tryDepth === 0;
  // In a shell fun, the erl_eval constructs and the Enum.reduce/3 that run the comprehension
  // on BEAM are recorded at each site inside it (erl-eval-trace.ts): its result goes to
  // :lists.reverse/1 or the like (reduce: is Enum.reduce/3's own result).
  // (into: a Collectable is a block of its own: `{acc, fun} = Collectable.into(into)`, then
  // a try running the generators: see protocolCollector)
  const own = spec.reduce !== undefined || (spec.into !== undefined && inlineInto(spec.into) === null);
  if (fn.erl !== null && !erlangComprehension(spec)) return fn.within(own ? [] : REMOTE_ARG, () => compileForBody(fn, scope, spec));
  return compileForBody(fn, scope, spec);
}

function compileForBody(fn: FnCtx, scope: Scope, spec: ForSpec): string {
  const collector = openCollector(fn, scope, spec, erlangComprehension(spec));
  const done = fn.newBlock();
  emitQualifiers(fn, scope.child(), spec, 0, done, collector);
  fn.setBlock(done);
  if (fn.erl !== null) fn.emit(`f.line=${fn.siteLine()};`);
  return collector.finish(fn);
}

/** Splits and checks a comprehension's arguments as elixir_expand does (same errors). */
function readFor(fn: FnCtx, node: AstNode): ForSpec {
  return checkFor(node, (message, meta) => fn.unit.error(message, meta));
}

/**
 * Splits and checks a comprehension's arguments (the expander checks them as it expands the
 * form, as elixir_expand does; `node` holds the expanded qualifiers and options).
 */
export function checkFor(node: AstNode, error: (message: string, meta: Meta | undefined) => Error): ForSpec {
  const args = node.args!;
  // `for x <- xs, into: y do ... end` has two keyword lists: the options, then the do block.
  let quals = args;
  let opts: Ast[] = [];
  if (Array.isArray(args[args.length - 1])) {
    quals = args.slice(0, -1);
    opts = args[args.length - 1] as Ast[];
    if (quals.length > 0 && Array.isArray(quals[quals.length - 1])) {
      opts = [...(quals[quals.length - 1] as Ast[]), ...opts];
      quals = quals.slice(0, -1);
    }
  }
  const kw = new Map<string, Ast>();
  for (const p of opts) {
    if (!isTupleAst(p) || !isAtomAst(p.tuple[0])) throw error(`invalid options for "for"`, node.meta);
    const key = p.tuple[0].atom;
    if (!["do", "into", "uniq", "reduce"].includes(key)) throw error(`unsupported option :${key} given to for`, node.meta);
    if (!kw.has(key)) kw.set(key, p.tuple[1]);
  }
  if (!kw.has("do")) throw error(`missing :do option in "for"`, node.meta);
  if (!isGenerator(quals[0])) throw error("for comprehensions must start with a generator", node.meta);
  const uniq = kw.get("uniq");
  if (uniq !== undefined && uniq !== true && uniq !== false) {
    throw error(`:uniq option for comprehensions only accepts a boolean, got: ${astText(uniq)}`, node.meta);
  }
  const reduce = kw.get("reduce");
  if (reduce !== undefined && (kw.has("into") || uniq !== undefined)) {
    throw error("cannot use :reduce alongside :into/:uniq in comprehension", node.meta);
  }
  const body = kw.get("do")!;
  const arrows = Array.isArray(body) && body.length > 0 && body.every((c) => isNode(c) && c.name === "->");
  if (reduce === undefined && arrows) {
    throw error("the do block was written using acc -> expr clauses but the :reduce option was not given", node.meta);
  }
  if (reduce !== undefined && (!arrows || (body as AstNode[]).some((c) => (c.args![0] as Ast[]).length !== 1))) {
    throw error(
      "when using :reduce with comprehensions, the do block must be written using acc -> expr clauses, where each clause expects the accumulator as a single argument",
      node.meta,
    );
  }
  return { quals, body, into: kw.get("into"), uniq: uniq === true, reduce };
}

function isGenerator(q: Ast | undefined): boolean {
  if (q === undefined || !isNode(q)) return false;
  if (q.name === "<-") return true;
  return q.name === "<<>>" && bitstringGenerator(q) !== null;
}

/** `<<segs..., last <- right>>` → the segments and the bitstring expression. */
function bitstringGenerator(q: AstNode): { segs: Ast[]; right: Ast } | null {
  const args = q.args ?? [];
  const last = args[args.length - 1];
  if (!isNode(last) || last.name !== "<-" || last.args?.length !== 2) return null;
  return { segs: [...args.slice(0, -1), last.args[0]], right: last.args[1] };
}

/**
 * Only bitstring generators collecting inline into a list or binary: Elixir compiles these to
 * an Erlang list/binary comprehension (bad_generator errors, no Enum.reduce frames).
 */
function erlangComprehension(spec: ForSpec): boolean {
  return allBitstringGenerators(spec.quals) && !spec.uniq && spec.reduce === undefined && inlineInto(spec.into) !== null;
}

function allBitstringGenerators(quals: Ast[]): boolean {
  return quals.every((q) => !isNode(q) || q.name !== "<-");
}

/** Enough of Macro.to_string for the options' error messages. */
export function astText(x: Ast): string {
  if (typeof x === "bigint") return String(x);
  if (typeof x === "string") return JSON.stringify(x);
  if (isAtomAst(x)) return ":" + x.atom;
  if (isNode(x) && typeof x.name === "string" && x.args === null) return x.name;
  if (isNode(x) && typeof x.name === "string" && x.args?.length === 2 && /^[^\w]+$/.test(x.name)) {
    return `:erlang.${x.name}(${x.args.map(astText).join(", ")})`;
  }
  return "...";
}

// ---- generators and filters ---------------------------------------------------------

function emitQualifiers(fn: FnCtx, scope: Scope, spec: ForSpec, i: number, exit: number, coll: Collector): void {
  if (i === spec.quals.length) return coll.add(fn, scope, exit);
  const q = spec.quals[i];
  if (isNode(q) && q.name === "<-") return enumGenerator(fn, scope, spec, i, exit, coll);
  if (isNode(q) && q.name === "<<>>") {
    const gen = bitstringGenerator(q);
    if (gen !== null) return bitsGenerator(fn, scope, spec, i, gen, exit, coll);
  }
  // A filter: a falsy value skips to the next element (a case on it, in Elixir's translation).
  const v = fn.within(FILTER, () => expr(fn, scope, q));
  const pass = fn.newBlock();
  fn.emit(`if(O.truthy(${v})){f.pc=${pass};continue L;}`);
  fn.jump(exit);
  fn.setBlock(pass);
  emitQualifiers(fn, scope, spec, i + 1, exit, coll);
}

const NEXT = new CallSite("beamsh_for", "next", 1);
const FILTER = [ERL.CASE];

/** The kind of enumerable a generator walks, for its frame in a shell fun's traces (a list unless written as a range or a map). */
function generatorKind(e: Ast): "list" | "range" | "map" {
  if (isNode(e) && (e.name === ".." || e.name === "..//")) return "range";
  if (isNode(e) && e.name === "%{}") return "map";
  return "list";
}

/** `pattern <- enumerable` (with an optional `when` guard in the pattern). */
function enumGenerator(fn: FnCtx, scope: Scope, spec: ForSpec, i: number, exit: number, coll: Collector): void {
  const [patAst, enumAst] = (spec.quals[i] as AstNode).args!;
  let pat = patAst;
  let guard: Ast | null = null;
  if (isNode(pat) && pat.name === "when" && pat.args?.length === 2) [pat, guard] = pat.args;
  // (The enumerable is an argument of Enum.reduce/3.)
  const e = toReg(fn, fn.within(REMOTE_ARG, () => expr(fn, scope, enumAst)));
  const arr = fn.slot();
  const idx = fn.slot();
  const state = fn.slot();
  const it = fn.slot();
  const head = fn.newBlock();
  const fetched = fn.newBlock();
  const match = fn.newBlock();
  // A plain data structure is walked as an array; anything else through :beamsh_for.next/1,
  // which starts from {:start, enumerable} and returns {element, continuation} or :done.
  fn.emit(`r[${arr}]=O.forArray(p,${e});r[${idx}]=0;r[${state}]=[${fn.unit.constant(a("start"))},${e}];`);
  fn.jump(head);
  fn.setBlock(head);
  fn.emit(
    `if(r[${arr}]!==null){if(r[${idx}]>=r[${arr}].length){f.pc=${exit};continue L;}r[${it}]=r[${arr}][r[${idx}]++];f.pc=${match};continue L;}` +
      `f.line=${fn.siteLine()};f.pc=${fetched};return O.rcall(p,f,${fn.unit.constant(NEXT)},[r[${state}]]);`,
  );
  fn.setBlock(fetched);
  fn.emit(`if(p.x===${fn.unit.constant(a("done"))}){f.pc=${exit};continue L;}r[${it}]=p.x[0];r[${state}]=p.x[1];`);
  fn.jump(match);
  fn.setBlock(match);
  const next = fn.newBlock();
  const body = fn.newBlock();
  const L = fn.freshLabel();
  const gs = scope.child();
  // In compiled code, what follows runs in this generator's fun on BEAM (comprehension-trace.ts).
  const outerFor = fn.forScope;
  const level = compiledLevel(fn, spec, i, enumAst, gs);
  if (level !== null) fn.forScope = level;
  // (the generator's fun is one of the funs the module makes: numberFuns)
  const outerFun = fn.funNode;
  if (level !== null) fn.funNode = fn.unit.funNode(fn);
  fn.emit(`${L}:{`);
  matchPattern(fn, gs, pat, `r[${it}]`, L, new Bound());
  if (guard !== null) emitGuard(fn, gs, guard, L);
  fn.emit(`f.pc=${body};continue L;}${genBackEdge(head)}`);
  fn.setBlock(body);
  // In a shell fun, what follows runs in the fun Enum.reduce/3 calls (the outermost reduce
  // is applied by erl_eval; an inner one is the outer fun's last call).
  const at = fn.erlStack.length;
  const generators = fn.erlGenerators.length;
  if (fn.erl !== null) {
    if (i === 0 && (spec.reduce === undefined || fn.erlNonTail())) fn.pushErl(ERL.APPLY);
    fn.erlGenerators.push(fn.erlStack.length);
    fn.pushErl(generatorFrame(generatorKind(enumAst)));
    fn.emit(`f.line=${fn.siteLine()};`);
  }
  try {
    emitQualifiers(fn, gs, spec, i + 1, next, coll);
  } finally {
    fn.erlStack.length = at;
    fn.erlGenerators.length = generators;
    fn.forScope = outerFor;
    fn.funNode = outerFun;
  }
  if (level !== null) nameLevelFun(fn, spec, level);
  fn.setBlock(next);
  fn.emit(genBackEdge(head));
}

/**
 * The level of generator `i` in compiled code (null in shell code, in the library, and in a
 * comprehension with a bitstring generator, whose funs BEAM names otherwise).
 */
function compiledLevel(fn: FnCtx, spec: ForSpec, i: number, enumAst: Ast, gs: Scope): ForScope | null {
  if (!fn.compiled() || fn.unit.host.library || fn.defName.startsWith("__MODULE__/") || spec.quals.some((q) => isNode(q) && q.name === "<<>>")) return null;
  const owner = fn.unit.module === "" ? SCRIPT_MODULE : fn.unit.module;
  const up = fn.forScope;
  const level: ForLevel = {
    fun: { owner, name: "", arity: 2 },
    generator: generatorFrame(generatorKind(enumAst)).entry,
    up: i === 0 ? (up?.level ?? null) : up!.level,
    // (an inner generator's reduce is its outer fun's last call; the first's is its
    // function's only as a `reduce:` in tail position)
    tail: i > 0 || (spec.reduce !== undefined && spec.tail === true && up === null),
    line: (spec.quals[i] as AstNode).meta?.line || fn.line,
  };
  return new ForScope(level, gs, up);
}

/**
 * Names a generator's fun once its body is compiled (BEAM numbers a function's funs innermost
 * first); it closes over the variables read inside that are bound outside, and over the
 * collector fun of an `into:` given a Collectable.
 */
function nameLevelFun(fn: FnCtx, spec: ForSpec, fs: ForScope): void {
  fs.level.fun.name = fn.unit.nextFunName(fn.defName);
  const collectable = spec.reduce === undefined && spec.into !== undefined && inlineInto(spec.into) === null;
  fs.level.fun.arity = 2 + fs.free.size + (collectable ? 1 : 0);
}

/**
 * `<<segments <- bitstring>>`: each step reads the segments from where the last one ended;
 * a chunk that only fails on literal values (it matches with every variable made `_`) is
 * skipped; otherwise the generator ends, ignoring what is left.
 */
function bitsGenerator(fn: FnCtx, scope: Scope, spec: ForSpec, i: number, gen: { segs: Ast[]; right: Ast }, exit: number, coll: Collector): void {
  const rd = fn.slot();
  const v = toReg(fn, expr(fn, scope, gen.right));
  fn.emit(`r[${rd}]=O.binReader(${v});if(r[${rd}]===null)throw O.forBadGenerator(${v},${erlangComprehension(spec)});`);
  const head = fn.newBlock();
  fn.jump(head);
  fn.setBlock(head);
  const gs = scope.child();
  const body = fn.newBlock();
  const start = fn.temp();
  const L = fn.freshLabel();
  fn.emit(`const ${start}=r[${rd}].pos;${L}:{`);
  readSegments(fn, gs, gen.segs, `r[${rd}]`, L, new Bound(), false);
  fn.emit(`f.pc=${body};continue L;}r[${rd}].pos=${start};`);
  const skip = noVarSegments(gen.segs);
  if (skip !== null) {
    const S = fn.freshLabel();
    fn.emit(`${S}:{`);
    readSegments(fn, scope.child(), skip, `r[${rd}]`, S, new Bound(), false);
    fn.emit(`${genBackEdge(head)}}`);
  }
  fn.jump(exit);
  fn.setBlock(body);
  const next = fn.newBlock();
  emitQualifiers(fn, gs, spec, i + 1, next, coll);
  fn.setBlock(next);
  fn.emit(genBackEdge(head));
}

/** The segments with every value made `_` (null when a size depends on a variable). */
function noVarSegments(segs: Ast[]): Ast[] | null {
  const out: Ast[] = [];
  for (const s of segs) {
    const wild = (meta: Meta): Ast => ({ name: "_", meta, args: null });
    if (typeof s === "string") {
      // A literal string segment stands for one byte per byte of the string.
      for (let k = 0; k < Buffer.byteLength(s); k++) out.push(wild({ line: 0, column: 0 }));
      continue;
    }
    if (isNode(s) && s.name === "::" && s.args?.length === 2) {
      if (mentionsVariable(s.args[1])) return null;
      out.push({ ...s, args: [wild(s.meta), s.args[1]] });
      continue;
    }
    out.push(wild(isNode(s) ? s.meta : { line: 0, column: 0 }));
  }
  return out;
}

/** Whether a segment's modifiers refer to a variable (as in `size(n)`). */
function mentionsVariable(m: Ast): boolean {
  if (!isNode(m)) return false;
  if (m.name === "size" || m.name === "unit") return (m.args ?? []).some((x) => isNode(x));
  return (m.args ?? []).some(mentionsVariable);
}

// ---- collecting ---------------------------------------------------------------------

/** The inline kind for a literal `into:` value (none given: a list). */
function inlineInto(into: Ast | undefined): "list" | "binary" | "map" | null {
  if (into === undefined || (Array.isArray(into) && into.length === 0)) return "list";
  if (into === "" || (isNode(into) && into.name === "<<>>" && into.args?.length === 0)) return "binary";
  if (isNode(into) && into.name === "%{}" && into.args?.length === 0) return "map";
  return null;
}

function openCollector(fn: FnCtx, scope: Scope, spec: ForSpec, comprehension: boolean): Collector {
  if (spec.reduce !== undefined) return reduceCollector(fn, scope, spec);
  const seen = spec.uniq ? fn.slot() : -1;
  if (seen >= 0) fn.emit(`r[${seen}]=new Set();`);
  const kind = inlineInto(spec.into);
  const base = kind === null ? protocolCollector(fn, scope, spec.into!) : inlineCollector(fn, kind, comprehension);
  return {
    add(fn2, bodyScope, next) {
      const v = toReg(fn2, fn2.within(bodyFrames(spec, kind), () => block(fn2, bodyScope.child(), [spec.body])));
      // uniq: only the first occurrence of each value is collected.
      if (seen >= 0) fn2.emit(`if(!O.forFirst(r[${seen}],${v})){f.pc=${next};continue L;}`);
      base.add(fn2, v, next);
    },
    finish: (fn2) => base.finish(fn2),
  };
}

/**
 * Where Elixir's translation evaluates a comprehension's body (in a shell fun): the head of
 * the accumulated list's new cell, or with `uniq:` a match and more, into a binary a case.
 */
function bodyFrames(spec: ForSpec, kind: "list" | "binary" | "map" | null): readonly ErlFrame[] {
  // A single bitstring generator into a list is an Erlang list comprehension, which erl_eval
  // evaluates itself.
  if (erlangComprehension(spec)) return kind === "list" && spec.quals.length === 1 ? LC_BODY : [];
  if (spec.uniq) return UNIQ_BODY;
  // (a Collectable's collector is given each value as `fun.(acc, {:cont, value})`)
  if (kind === null) return COLLECTOR_BODY;
  return kind === "binary" ? BINARY_BODY : LIST_BODY;
}
const COLLECTOR_BODY = [ERL.LIST_ELEMENT, ERL.TUPLE, ERL.LIST_ELEMENT, ERL.FUN_ARGS];
/** Where the comprehension's block calls Collectable.into/1: a match, not its last expression. */
const COLLECTABLE_INTO_FRAMES = [ERL.MATCH, ERL.BODY];
const LIST_BODY = [ERL.CONS_HEAD];
const UNIQ_BODY = [ERL.MATCH, ERL.BODY];
const BINARY_BODY = [ERL.CASE];
const LC_BODY = [ERL.LC_ELEMENT, ERL.LC_BITS_GENERATOR, ERL.LC];

interface Sink {
  add(fn: FnCtx, v: string, next: number): void;
  finish(fn: FnCtx): string;
}

/** Values gathered in a JS array, turned into a list, a binary or a map at the end. */
function inlineCollector(fn: FnCtx, kind: "list" | "binary" | "map", comprehension: boolean): Sink {
  const acc = fn.slot();
  fn.emit(`r[${acc}]=[];`);
  return {
    add(fn2, v, next) {
      if (kind === "binary") fn2.emit(`if(!O.isBitstring(${v}))throw O.forBadElement(${v},${comprehension});`);
      fn2.emit(`r[${acc}].push(${v});`);
      fn2.jump(next);
    },
    finish: () => (kind === "list" ? `O.list(r[${acc}])` : kind === "binary" ? `O.forBinary(r[${acc}])` : `O.forMap(r[${acc}])`),
  };
}

const COLLECTABLE_INTO = new CallSite("Elixir.Collectable", "into", 1);

/**
 * `{acc, fun} = Collectable.into(into)`; each value is `acc = fun.(acc, {:cont, value})`, the
 * result `fun.(acc, :done)`. While the generators run, a handler calls `fun.(acc, :halt)`
 * with the initial accumulator and re-raises.
 */
function protocolCollector(fn: FnCtx, scope: Scope, intoAst: Ast): Sink {
  const into = toReg(fn, expr(fn, scope, intoAst));
  const pair = fn.within(COLLECTABLE_INTO_FRAMES, () => fn.call(`O.rcall(p,f,${fn.unit.constant(COLLECTABLE_INTO)},[${into}])`));
  const init = fn.slot();
  const fun = fn.slot();
  const acc = fn.slot();
  fn.emit(`if(!(Array.isArray(${pair})&&${pair}.length===2))throw O.matchError(${pair});r[${init}]=${pair}[0];r[${fun}]=${pair}[1];r[${acc}]=r[${init}];`);
  const handler = fn.newBlock();
  fn.emit(`(f.h||(f.h=[])).push({pc:${handler}});`);
  fn.tryDepth++;
  return {
    add(fn2, v, next) {
      const r = fn2.call(`O.fcall2(p,f,r[${fun}],r[${acc}],[${fn2.unit.constant(a("cont"))},${v}])`);
      fn2.emit(`r[${acc}]=${r};`);
      fn2.jump(next);
    },
    finish(fn2) {
      fn2.tryDepth--;
      fn2.emit(`f.h.pop();`);
      const result = fn2.call(`O.fcall2(p,f,r[${fun}],r[${acc}],${fn2.unit.constant(a("done"))})`);
      const join = fn2.cur;
      fn2.setBlock(handler);
      const e = fn2.slot();
      fn2.emit(`r[${e}]=p.exc;p.exc=null;`);
      fn2.call(`O.fcall2(p,f,r[${fun}],r[${init}],${fn2.unit.constant(a("halt"))})`);
      fn2.emit(`throw r[${e}];`);
      fn2.setBlock(join);
      return result;
    },
  };
}

/** `reduce: init` with `acc -> expr` clauses. */
function reduceCollector(fn: FnCtx, scope: Scope, spec: ForSpec): Collector {
  const acc = fn.slot();
  fn.emit(`r[${acc}]=${expr(fn, scope, spec.reduce!)};`);
  const clauses: Clause[] = readClauses(fn, spec.body);
  return {
    add(fn2, bodyScope, next) {
      const r = emitClauses(fn2, bodyScope, clauses, [`r[${acc}]`], `throw O.caseClauseError(r[${acc}]);`, false);
      fn2.emit(`r[${acc}]=${r};`);
      fn2.jump(next);
    },
    finish: () => `r[${acc}]`,
  };
}

// Pattern compilation: a pattern becomes straight-line JS that `break`s to a failure label
// as soon as the value does not match, binding variables into fresh registers on the way.
import { unescapeRegex } from "../../lang/unescape.js";
import { Ast, AstNode, isAtomAst, isLiteralAst, isNode, isTupleAst } from "../../lang/ast.js";
import { Atom, Bin, Term, a, list } from "../term.js";
import { aliasName, checkStructPatternKeys, displayModule, expr, literalTerm } from "./expr.js";
import { astToTerm } from "./quoted.js";
import { quotedToString } from "./code-formatter.js";
import { Binding, CompileError, FnCtx, Scope } from "./unit.js";
import { guardExpr, literalSigil, sigilEscapeWarning } from "./intrinsics.js";
import { remoteInMatch } from "./match-calls.js";

/**
 * Variables bound so far by the pattern being compiled (a repeated name must match equal),
 * and what each name meant before the pattern: a pin (`^x`) always means that.
 */
export class Bound {
  readonly vars = new Map<string, number>();
  readonly before = new Map<string, { slot: number; binding: Binding | undefined } | null>();
}

/**
 * Emits code matching `v` (a stable JS expression) against `pat`; on mismatch the code does
 * `break fail`. New variables are bound in `scope`.
 */
export function matchPattern(fn: FnCtx, scope: Scope, pat: Ast, v: string, fail: string, bound: Bound): void {
  // A number literal subject (`{:ok, _} = 0`) must not meet a property access (`0.length`).
  if (/^[-\d]/.test(v)) v = `(${v})`;
  const no = (cond: string) => fn.emit(`if(!(${cond}))break ${fail};`);
  if (typeof pat === "bigint") return no(intTest(v, pat));
  if (typeof pat === "number") return no(`${v} instanceof O.Float&&${v}.v===${pat}`);
  if (typeof pat === "string") return no(`${v}===${fn.unit.constant(pat)}`);
  if (pat === null || pat === true || pat === false) return no(`${v}===${pat}`);
  if (isAtomAst(pat)) return no(`${v}===${fn.unit.constant(a(pat.atom))}`);
  if (isLiteralAst(pat)) return no(`O.seq(${v},${fn.unit.constant(pat.literal as Term)})`);
  if (Array.isArray(pat)) return matchList(fn, scope, pat, v, fail, bound);
  if (isTupleAst(pat)) return matchTuple(fn, scope, pat.tuple, v, fail, bound);
  if (isNode(pat)) return matchNode(fn, scope, pat, v, fail, bound);
  throw fn.unit.error("invalid pattern");
}

/** The value of `^name`: the variable as it was before the pattern being matched. */
function pinned(fn: FnCtx, scope: Scope, node: AstNode, bound: Bound): string {
  const target = node.args![0];
  if (!isNode(target) || target.args !== null || typeof target.name !== "string") {
    throw fn.unit.error(`invalid argument for unary operator ^, expected an existing variable, got: ^${printAst(target)}`, node.meta);
  }
  const name = target.name;
  let slot: number | null;
  if (bound.before.has(name)) {
    // Rebound earlier in this pattern: the pin means the binding the pattern started with.
    const before = bound.before.get(name)!;
    if (before !== null) {
      if (before.binding) before.binding.used = true;
      slot = before.slot;
    } else slot = fn.lookupOuter(name);
  } else slot = fn.lookup(scope, name);
  if (slot === null) throw fn.unit.error(`undefined variable ^${name}. No variable "${name}" has been defined before the current pattern`, node.meta);
  return `r[${slot}]`;
}

function printAst(x: Ast): string {
  if (typeof x === "bigint") return String(x);
  if (isNode(x) && typeof x.name === "string") return x.name + (x.args === null ? "" : "(...)");
  return "...";
}

function intTest(v: string, n: bigint): string {
  const safe = n >= -9007199254740991n && n <= 9007199254740991n;
  return safe ? `${v}===${n}` : `${v}===${n}n`;
}

function bindVar(fn: FnCtx, scope: Scope, name: string, v: string, fail: string, bound: Bound, line = 0): void {
  if (name.startsWith("_")) {
    if (name === "_") return;
  }
  const prev = bound.vars.get(name);
  if (prev !== undefined) {
    // A repeated variable in one pattern is a use of the first occurrence.
    scope.markUsed(name);
    fn.emit(`if(!O.seq(r[${prev}],${v}))break ${fail};`);
    return;
  }
  // Registers are write-once, so a variable matched against a register can share it.
  const reg = /^r\[(\d+)\]$/.exec(v);
  const slot = reg ? Number(reg[1]) : fn.slot();
  bound.vars.set(name, slot);
  if (!bound.before.has(name)) bound.before.set(name, scope.find(name));
  scope.bind(name, slot, line);
  if (!reg) fn.emit(`r[${slot}]=${v};`);
}

function matchTuple(fn: FnCtx, scope: Scope, items: Ast[], v: string, fail: string, bound: Bound): void {
  fn.emit(`if(!(Array.isArray(${v})&&${v}.length===${items.length}))break ${fail};`);
  items.forEach((item, i) => sub(fn, scope, item, `${v}[${i}]`, fail, bound));
}

/** Matches a sub-value, naming it with a temp first when the pattern needs it more than once. */
function sub(fn: FnCtx, scope: Scope, pat: Ast, access: string, fail: string, bound: Bound): void {
  if (isNode(pat) && pat.args === null && pat.name === "_") return;
  const t = fn.temp();
  fn.emit(`const ${t}=${access};`);
  matchPattern(fn, scope, pat, t, fail, bound);
}

function matchList(fn: FnCtx, scope: Scope, items: Ast[], v: string, fail: string, bound: Bound): void {
  let cur = v;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (i === items.length - 1 && isNode(item) && item.name === "|" && item.args?.length === 2) {
      fn.emit(`if(!(${cur} instanceof O.Cons))break ${fail};`);
      sub(fn, scope, item.args[0], `${cur}.h`, fail, bound);
      sub(fn, scope, item.args[1], `${cur}.t`, fail, bound);
      return;
    }
    fn.emit(`if(!(${cur} instanceof O.Cons))break ${fail};`);
    sub(fn, scope, item, `${cur}.h`, fail, bound);
    const next = fn.temp();
    fn.emit(`const ${next}=${cur}.t;`);
    cur = next;
  }
  fn.emit(`if(${cur}!==O.NIL)break ${fail};`);
}

function matchNode(fn: FnCtx, scope: Scope, node: AstNode, v: string, fail: string, bound: Bound): void {
  const args = node.args;
  if (args === null && typeof node.name === "string") {
    return bindVar(fn, scope, node.name, v, fail, bound, node.meta?.line ?? 0);
  }
  switch (node.name) {
    case "{}":
      return matchTuple(fn, scope, args!, v, fail, bound);
    case "^":
      return fn.emit(`if(!O.seq(${v},${pinned(fn, scope, node, bound)}))break ${fail};`);
    case "=":
      matchPattern(fn, scope, args![0], v, fail, bound);
      return matchPattern(fn, scope, args![1], v, fail, bound);
    case "%{}":
      return matchMap(fn, scope, args!, v, fail, bound);
    case "%":
      return matchStruct(fn, scope, node, v, fail, bound);
    case "<>":
      return matchConcat(fn, scope, node, v, fail, bound);
    case "<<>>":
      return matchBinary(fn, scope, node, v, fail, bound);
    case "-":
    case "+":
      if (args!.length === 1 && (typeof args![0] === "bigint" || typeof args![0] === "number")) {
        return matchPattern(fn, scope, negate(node.name, args![0]), v, fail, bound);
      }
      break;
    case "__aliases__":
      return fn.emit(`if(${v}!==${fn.unit.constant(a(aliasName(fn.unit, node)))})break ${fail};`);
    case "@": {
      const val = literalTerm(fn, node);
      return fn.emit(`if(!O.seq(${v},${fn.unit.constant(val)}))break ${fail};`);
    }
    case "..":
    case "..//":
      return matchRange(fn, scope, node, v, fail, bound);
  }
  if (typeof node.name === "string" && node.name.startsWith("sigil_")) {
    const val = compileTimeSigil(fn, node);
    return fn.emit(`if(!O.seq(${v},${fn.unit.constant(val)}))break ${fail};`);
  }
  if (node.name === "__MODULE__") {
    const val = literalTerm(fn, node);
    return fn.emit(`if(!O.seq(${v},${fn.unit.constant(val)}))break ${fail};`);
  }
  throw fn.unit.error(patternError(fn, node), node.meta);
}

/** A sigil in a pattern (`~D[2000-01-01]`) is expanded at compile time, like Elixir's macro. */
function compileTimeSigil(fn: FnCtx, node: AstNode): Term {
  const [body, mods] = node.args!;
  const parts = isNode(body) ? body.args! : [];
  if (!parts.every((x) => typeof x === "string")) throw fn.unit.error("interpolation is not allowed in sigils inside patterns", node.meta);
  const name = node.name as string;
  const known = literalSigil(name, parts, mods, sigilEscapeWarning(fn));
  if (known !== undefined) return known;
  if (name === "sigil_r" || name === "sigil_R") {
    // Kernel's sigil_r compiles a literal regex while it expands: the pattern is that
    // %Regex{} (a bad regex is Regex.CompileError at compile time).
    const compile = fn.unit.host.nativeCode("Elixir.Regex", "compile!", 2);
    const source = name === "sigil_r" ? unescapeRegex((parts as string[]).join("")) : (parts as string[]).join("");
    if (compile !== null) return compile.native!([source, (mods as bigint[]).map((c) => String.fromCharCode(Number(c))).join("")], null as never);
  }
  const native = fn.unit.host.nativeCode("Elixir.Kernel", name, 2);
  if (native === null) throw fn.unit.error(patternError(fn, node), node.meta);
  const modList = list((mods as bigint[]).map((c) => Number(c)));
  return native.native!([(parts as string[]).join(""), modList], null as never);
}

function patternError(fn: FnCtx, node: AstNode): string {
  const n = node.args?.length ?? 0;
  if (typeof node.name === "string") {
    const key = `${node.name}/${n}`;
    // An imported function is a remote call (Kernel's inlined ones are :erlang's).
    for (const [mod, only] of fn.unit.env.imports) {
      if ((only === null || only.has(key)) && fn.unit.host.hasFunction(mod, node.name, n)) return remoteInMatch(mod, node.name, n);
    }
    if (fn.unit.host.hasFunction("Elixir.Kernel", node.name, n)) return remoteInMatch("Elixir.Kernel", node.name, n);
    if (!fn.unit.module) return `undefined function ${key} (there is no such import)`;
    return `cannot find or invoke local ${key} inside match. Only macros can be invoked in a match and they must be defined before their invocation. Called as: ${quotedToString(astToTerm(node))}`;
  }
  const dot = node.name;
  if (isNode(dot) && dot.name === "." && dot.args?.length === 2 && isAtomAst(dot.args[1])) {
    const m = dot.args[0];
    const mod = isAtomAst(m) ? m.atom : isNode(m) && m.name === "__aliases__" ? aliasName(fn.unit, m) : null;
    if (typeof mod === "string") return remoteInMatch(mod, dot.args[1].atom, n);
  }
  return "cannot invoke remote function inside a match";
}

function negate(op: string, n: bigint | number): Ast {
  if (op === "+") return n;
  return typeof n === "bigint" ? -n : -n;
}

function matchMap(fn: FnCtx, scope: Scope, pairs: Ast[], v: string, fail: string, bound: Bound): void {
  fn.emit(`if(!(${v} instanceof O.MapTerm))break ${fail};`);
  for (const pair of pairs) {
    if (!isTupleAst(pair)) throw fn.unit.error("invalid map pattern");
    const [kAst, vAst] = pair.tuple;
    const key = mapKeyExpr(fn, scope, kAst, bound);
    const t = fn.temp();
    fn.emit(`const ${t}=${v}.get(${key});if(${t}===undefined)break ${fail};`);
    matchPattern(fn, scope, vAst, t, fail, bound);
  }
}

/**
 * A map key in a pattern: a pinned variable, or an expression holding no variable but pinned
 * ones (the expander has rejected the others), such as `{:a, ^x}`, `<<1::16>>` or `~D[2020-01-01]`:
 * its value, a constant when it is a literal.
 */
function mapKeyExpr(fn: FnCtx, scope: Scope, k: Ast, bound: Bound): string {
  if (isNode(k) && k.name === "^") return pinned(fn, scope, k, bound);
  if (!holdsPin(k)) {
    if (isLiteralKey(k)) return fn.unit.constant(literalTerm(fn, k));
    if (isNode(k) && typeof k.name === "string" && k.name.startsWith("sigil_")) return fn.unit.constant(compileTimeSigil(fn, k));
    return expr(fn, scope, k);
  }
  if (isTupleAst(k)) return `[${k.tuple.map((x) => mapKeyExpr(fn, scope, x, bound)).join(",")}]`;
  if (isNode(k) && k.name === "{}" && k.args !== null) return `[${k.args.map((x) => mapKeyExpr(fn, scope, x, bound)).join(",")}]`;
  if (Array.isArray(k)) {
    const last = k[k.length - 1];
    const tailed = isNode(last) && last.name === "|" && last.args?.length === 2;
    const items = tailed ? [...k.slice(0, -1), (last as AstNode).args![0]] : k;
    const tail = tailed ? mapKeyExpr(fn, scope, (last as AstNode).args![1], bound) : "O.NIL";
    return items.reduceRight((acc: string, x) => `new O.Cons(${mapKeyExpr(fn, scope, x, bound)},${acc})`, tail);
  }
  if (isNode(k) && k.name === "%{}" && k.args !== null) {
    const pairs = k.args.map((p) => (isTupleAst(p) ? `[${mapKeyExpr(fn, scope, p.tuple[0], bound)},${mapKeyExpr(fn, scope, p.tuple[1], bound)}]` : null));
    if (pairs.every((p) => p !== null)) return `O.MapTerm.fromPairs([${pairs.join(",")}])`;
  }
  throw fn.unit.error(`invalid literal ${isNode(k) && typeof k.name === "string" ? k.name : "expression"} in pattern or attribute`, isNode(k) ? k.meta : undefined);
}

function holdsPin(x: Ast): boolean {
  if (isTupleAst(x)) return x.tuple.some(holdsPin);
  if (Array.isArray(x)) return x.some(holdsPin);
  if (!isNode(x)) return false;
  if (x.name === "^") return true;
  return (isNode(x.name as Ast) && holdsPin(x.name as Ast)) || (x.args !== null && x.args.some(holdsPin));
}

/** A key literalTerm/2 reads as it is written: data, with no call (but `-1`) or construction in it. */
function isLiteralKey(x: Ast): boolean {
  if (isTupleAst(x)) return x.tuple.every(isLiteralKey);
  if (Array.isArray(x)) return x.every((y) => isLiteralKey(isNode(y) && y.name === "|" && y.args?.length === 2 ? y.args : y));
  if (!isNode(x)) return true;
  if (x.name === "{}" || x.name === "%{}") return x.args !== null && x.args.every(isLiteralKey);
  if ((x.name === "-" || x.name === "+") && x.args?.length === 1) return typeof x.args[0] === "bigint" || typeof x.args[0] === "number";
  return x.name === "@" || x.name === "__MODULE__" || x.name === "__aliases__" || x.name === ".." || x.name === "..//" || (x.name === "<<>>" && x.args !== null && x.args.every((y) => typeof y === "string"));
}

function matchStruct(fn: FnCtx, scope: Scope, node: AstNode, v: string, fail: string, bound: Bound): void {
  const [nameAst, mapAst] = node.args!;
  const pairs = isNode(mapAst) && mapAst.name === "%{}" ? mapAst.args! : [];
  fn.emit(`if(!(${v} instanceof O.MapTerm))break ${fail};`);
  const t = fn.temp();
  fn.emit(`const ${t}=${v}.get(${fn.unit.constant(a("__struct__"))});`);
  const variable = isNode(nameAst) && typeof nameAst.name === "string" && ((nameAst.args === null && nameAst.name !== "__MODULE__") || nameAst.name === "^");
  if (variable) {
    // (`%name{}` matches a struct: its __struct__ must be an atom, as Elixir's is_atom guard checks)
    fn.emit(`if(${t}===undefined||!O.isAtom(${t}))break ${fail};`);
    matchPattern(fn, scope, nameAst, t, fail, bound);
  } else {
    const mod = literalTerm(fn, nameAst);
    if (mod instanceof Atom) checkStructPatternKeys(fn, mod.name, pairs.flatMap((p) => (isTupleAst(p) ? [p.tuple[0]] : [])), node.meta);
    fn.emit(`if(${t}!==${fn.unit.constant(mod)})break ${fail};`);
  }
  matchMap(fn, scope, pairs, v, fail, bound);
}

/** `first..last//step` as a pattern: a %Range{} with those fields. */
function matchRange(fn: FnCtx, scope: Scope, node: AstNode, v: string, fail: string, bound: Bound): void {
  const [first, last, step] = node.args!;
  const one = (n: bigint): Ast => n;
  const pairs: Ast[] = [
    { tuple: [{ atom: "first" }, first] },
    { tuple: [{ atom: "last" }, last] },
    ...(step !== undefined ? [{ tuple: [{ atom: "step" }, step] } as Ast] : []),
  ];
  void one;
  fn.emit(`if(!(${v} instanceof O.MapTerm&&${v}.get(${fn.unit.constant(a("__struct__"))})===${fn.unit.constant(a("Elixir.Range"))}))break ${fail};`);
  matchMap(fn, scope, pairs, v, fail, bound);
}

/** `"prefix" <> rest` */
function matchConcat(fn: FnCtx, scope: Scope, node: AstNode, v: string, fail: string, bound: Bound): void {
  const [left, right] = node.args!;
  const prefix = literalTerm(fn, left);
  if (typeof prefix !== "string") throw fn.unit.error("the left argument of <> must be a binary", node.meta);
  const p = fn.unit.constant(prefix);
  fn.emit(`if(!(typeof ${v}==="string"&&${v}.startsWith(${p})))break ${fail};`);
  sub(fn, scope, right, `${v}.slice(${prefix.length})`, fail, bound);
}

/** `<<a, b::size(8), rest::binary>>`: segments decoded by O.binMatch, then matched. */
function matchBinary(fn: FnCtx, scope: Scope, node: AstNode, v: string, fail: string, bound: Bound): void {
  if (node.args!.some(hasVariableSize)) return matchBinarySegments(fn, scope, node, v, fail, bound);
  const segs = utfLiteralSegments(node.args!).map((s) => segmentSpec(fn, scope, s));
  const specs = segs.map((s) => `[${s.type},${s.size},${s.unit},${s.signed},${s.little}]`).join(",");
  const t = fn.temp();
  fn.emit(`const ${t}=O.binMatch(${v},[${specs}]);if(${t}===null)break ${fail};`);
  segs.forEach((s, i) => sub(fn, scope, s.pat, `${t}[${i}]`, fail, bound));
}

/**
 * Segment by segment, for sizes given by expressions: a size may use a variable bound by an
 * earlier segment of the same pattern (`<<n, data::binary-size(n)>>`).
 */
function matchBinarySegments(fn: FnCtx, scope: Scope, node: AstNode, v: string, fail: string, bound: Bound): void {
  const rd = fn.temp();
  fn.emit(`const ${rd}=O.binReader(${v});if(${rd}===null)break ${fail};`);
  readSegments(fn, scope, node.args!, rd, fail, bound, true);
  fn.emit(`if(${rd}.left!==0)break ${fail};`);
}

/**
 * Reads `segs` in order from the bit reader `rd`, matching each value as it comes (so a
 * variable may size a later segment). `toEnd`: the last segment may take what is left.
 */
export function readSegments(fn: FnCtx, scope: Scope, segs0: Ast[], rd: string, fail: string, bound: Bound, toEnd: boolean): void {
  const segs = utfLiteralSegments(segs0);
  segs.forEach((seg, i) => {
    const s = segmentSpec(fn, scope, seg, fail);
    const t = fn.temp();
    fn.emit(`const ${t}=O.binRead(${rd},[${s.type},${s.size},${s.unit},${s.signed},${s.little}],${toEnd && i === segs.length - 1});if(${t}===undefined)break ${fail};`);
    matchPattern(fn, scope, s.pat, t, fail, bound);
  });
}

/**
 * A string literal given a utf type in a pattern (`<<"hé"::utf16, rest::binary>>`) is one
 * segment of that type per code point, each matching that code point (as elixir_bitstring
 * expands it).
 */
function utfLiteralSegments(segs: Ast[]): Ast[] {
  const utfType = (m: Ast): boolean => isNode(m) && (["utf8", "utf16", "utf32"].includes(m.name as string) || ((m.name === "-") && (m.args ?? []).some(utfType)));
  if (!segs.some((g) => isNode(g) && g.name === "::" && typeof g.args![0] === "string" && utfType(g.args![1]))) return segs;
  return segs.flatMap((g) => {
    if (!(isNode(g) && g.name === "::" && typeof g.args![0] === "string" && utfType(g.args![1]))) return [g];
    return Array.from(g.args![0] as string, (ch) => ({ ...g, args: [BigInt(ch.codePointAt(0)!), g.args![1]] }) as Ast);
  });
}

/** Whether a segment's size is an expression rather than a literal integer. */
function hasVariableSize(seg: Ast): boolean {
  if (!isNode(seg) || seg.name !== "::") return false;
  const walk = (m: Ast): boolean => {
    if (!isNode(m)) return false;
    if (m.name === "size") return typeof m.args?.[0] !== "bigint";
    return (m.args ?? []).some(walk);
  };
  return walk(seg.args![1]);
}

interface SegSpec {
  pat: Ast;
  type: string;
  size: string;
  unit: number;
  signed: boolean;
  little: boolean;
}

/**
 * Parses `value::type-size(n)-unit(u)-signed-little` into a segment spec. In a pattern
 * (`fail`: the label its match breaks to), a size given by an expression is a guard.
 */
export function segmentSpec(fn: FnCtx, scope: Scope, seg: Ast, fail: string | null = null): SegSpec {
  const spec: SegSpec = { pat: seg, type: '"integer"', size: "undefined", unit: 1, signed: false, little: false };
  // A string literal, or a binary known at compile time (a module attribute's value:
  // `<<@tag, rest::binary>>`), is a binary segment of exactly its bytes.
  const bytes = knownBytes(seg);
  if (bytes !== undefined) {
    spec.type = '"binary"';
    spec.size = String(bytes);
    return spec;
  }
  // A float literal's segment is a float unless said otherwise (floats are numbers in the AST).
  if (typeof seg === "number") spec.type = '"float"';
  // An interpolated string ("a#{x}") is a binary, as a plain string literal is.
  if (isNode(seg) && seg.name === "<<>>") spec.type = '"binary"';
  if (!(isNode(seg) && seg.name === "::")) return spec;
  spec.pat = seg.args![0];
  if (typeof spec.pat === "number") spec.type = '"float"';
  readModifiers(fn, scope, seg.args![1], spec, fail);
  // so is one given a binary type without a size ("ab"::binary, `@magic <> rest`)
  if (spec.size === "undefined" && spec.type === '"binary"') {
    const known = knownBytes(spec.pat);
    if (known !== undefined) spec.size = String(known);
  }
  return spec;
}

/** The byte size of a segment value that is a binary known at compile time, else undefined. */
function knownBytes(x: Ast): number | undefined {
  const v = isLiteralAst(x) ? (x.literal as Term) : x;
  if (typeof v === "string") return Buffer.byteLength(v, "utf8");
  if (isLiteralAst(x) && v instanceof Bin && v.bits === 0) return v.size;
  return undefined;
}

function readModifiers(fn: FnCtx, scope: Scope, m: Ast, spec: SegSpec, fail: string | null): void {
  if (typeof m === "bigint") {
    spec.size = String(m);
    return;
  }
  if (!isNode(m)) return;
  if (m.name === "-") {
    readModifiers(fn, scope, m.args![0], spec, fail);
    readModifiers(fn, scope, m.args![1], spec, fail);
    return;
  }
  if (m.name === "*") {
    readModifiers(fn, scope, m.args![0], spec, fail);
    spec.unit = Number(m.args![1] as bigint);
    return;
  }
  const name = m.name as string;
  if (name === "size") spec.size = fail === null ? expr(fn, scope, m.args![0]) : patternSize(fn, scope, m.args![0], fail);
  else if (name === "unit") spec.unit = Number(m.args![0] as bigint);
  else if (["binary", "bits", "bitstring", "bytes", "integer", "float", "utf8", "utf16", "utf32"].includes(name)) {
    spec.type = JSON.stringify(name === "bytes" ? "binary" : name === "bits" ? "bitstring" : name);
  } else if (name === "signed") spec.signed = true;
  else if (name === "unsigned") spec.signed = false;
  else if (name === "little") spec.little = true;
  else if (name === "big") spec.little = false;
  else throw fn.unit.error(`unknown binary modifier ${name}`, m.meta);
}

/**
 * A size in a pattern, computed as a guard is (elixir_bitstring expands it in guard context):
 * only inline code, and an exception means no match.
 */
function patternSize(fn: FnCtx, scope: Scope, size: Ast, fail: string): string {
  const where = fn.guardWhere;
  fn.guardWhere = "bitstring size specifier";
  let v: string;
  try {
    v = guardExpr(fn, scope, size);
  } catch (e) {
    // raised while expanding the size (elixir_bitstring's entries, under the enclosing match's)
    if (e instanceof CompileError && e.elixirFrames.length === 0) e.elixirFrames = BITSIZE_FRAMES;
    throw e;
  } finally {
    fn.guardWhere = where;
  }
  if (/^(r\[\d+\]|\d+|K\[\d+\])$/.test(v)) return v;
  const t = fn.temp();
  fn.emit(`let ${t};try{${t}=${v};}catch(e){break ${fail};}`);
  return t;
}

const BITSIZE_FRAMES: Term[] = ([["expand_spec_arg", 4, 254], ["expand_each_spec", 6, 190], ["expand_specs", 7, 160], ["expand", 8, 38], ["expand", 5, 14]] as const).map(
  ([fun, arity, line]) => [a("elixir_bitstring"), a(fun), arity, list([[a("file"), list(Array.from("src/elixir_bitstring.erl", (c) => c.codePointAt(0)!))], [a("line"), line]])] as Term,
);

/** Every variable name a pattern binds (for `for` and `with` bookkeeping). */
export function patternVars(pat: Ast, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(pat)) pat.forEach((p) => patternVars(p, out));
  else if (isTupleAst(pat)) pat.tuple.forEach((p) => patternVars(p, out));
  else if (isNode(pat)) {
    if (pat.args === null && typeof pat.name === "string") {
      if (!pat.name.startsWith("_") && pat.name !== "__MODULE__") out.add(pat.name);
    } else if (pat.name !== "^" && pat.args) pat.args.forEach((p) => patternVars(p, out));
  }
  return out;
}


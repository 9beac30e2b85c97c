// Intrinsics: Kernel operators and guard-safe BIFs compiled to inline JS (no frame, no
// call through the module table). Each row maps `name/arity` to a JS template.
import { Ast, AstNode, isAtomAst, isLiteralAst, isNode, isTupleAst } from "../../lang/ast.js";
import { charlistOf } from "../term.js";
import { BeamError, raise } from "../errors.js";
import { Cons, Float, NIL, a, list, listToArray } from "../term.js";
import { astToTerm } from "./quoted.js";
import { quotedToString } from "./code-formatter.js";
import { args, expr, rangeTerm, toReg } from "./expr.js";
import { FnCtx, Scope } from "./unit.js";
import { Bound, matchPattern } from "./patterns.js";
import { CallSite } from "../calls.js";
import { unescapeRegex, unescapeString } from "../../lang/unescape.js";
import { emitGuard } from "./control.js";
import { sigilValue } from "./support.js";
import type { Term } from "../term.js";
import { ERL, ErlFrame, REMOTE_ARG } from "../erl-eval-trace.js";
import { argsIn } from "./expr.js";

/** Kernel's functions that are operators in Erlang (erl_eval evaluates their operands in expr/6). */
const ERLANG_OPS = new Set(["+/2", "-/2", "*/2", "//2", "div/2", "rem/2", "==/2", "!=/2", "===/2", "!==/2", "</2", ">/2", "<=/2", ">=/2", "-/1", "+/1", "not/1"]);

/** Where erl_eval evaluates the `i`th operand of the Kernel function `key` (an operator, a call). */
function operandFrames(key: string): (i: number) => readonly ErlFrame[] {
  // elem(t, i) is :erlang.element(i + 1, t)
  if (key === "elem/2") return (i) => (i === 0 ? REMOTE_ARG : INDEX);
  if (!ERLANG_OPS.has(key)) return () => REMOTE_ARG;
  return key.endsWith("/1") ? () => UNARY : (i) => (i === 0 ? LEFT : RIGHT);
}
const UNARY = [ERL.UNARY];
const INDEX = [ERL.LEFT, ...REMOTE_ARG];
const LEFT = [ERL.LEFT];
const RIGHT = [ERL.RIGHT];

type Template = (v: string[]) => string;

/** Kernel functions and operators inlined as JS. */
const KERNEL: Record<string, Template> = {
  "+/2": ([x, y]) => `O.add(${x},${y})`,
  "-/2": ([x, y]) => `O.sub(${x},${y})`,
  "*/2": ([x, y]) => `O.mul(${x},${y})`,
  "//2": ([x, y]) => `O.fdiv(${x},${y})`,
  "-/1": ([x]) => `O.neg(${x})`,
  "+/1": ([x]) => `O.pos(${x})`,
  "div/2": ([x, y]) => `O.idiv(${x},${y})`,
  "rem/2": ([x, y]) => `O.irem(${x},${y})`,
  "abs/1": ([x]) => `O.abs(${x})`,
  "==/2": ([x, y]) => `O.eq(${x},${y})`,
  "!=/2": ([x, y]) => `O.ne(${x},${y})`,
  "===/2": ([x, y]) => `O.seq(${x},${y})`,
  "!==/2": ([x, y]) => `O.sne(${x},${y})`,
  "</2": ([x, y]) => `O.lt(${x},${y})`,
  ">/2": ([x, y]) => `O.gt(${x},${y})`,
  "<=/2": ([x, y]) => `O.le(${x},${y})`,
  ">=/2": ([x, y]) => `O.ge(${x},${y})`,
  "not/1": ([x]) => `O.not(${x})`,
  "!/1": ([x]) => `!O.truthy(${x})`,
  "<>/2": ([x, y]) => `O.concat(${x},${y})`,
  "++/2": ([x, y]) => `O.append(${x},${y})`,
  "--/2": ([x, y]) => `O.subtract(${x},${y})`,
  "elem/2": ([t, i]) => `O.elem(${t},${i})`,
  "hd/1": ([l]) => `O.hd(${l})`,
  "tl/1": ([l]) => `O.tl(${l})`,
  "length/1": ([l]) => `O.length(${l})`,
  "tuple_size/1": ([t]) => `O.tupleSize(${t})`,
  "map_size/1": ([m]) => `O.mapSize(${m})`,
  "byte_size/1": ([b]) => `O.bsize(${b})`,
  "is_map_key/2": ([m, k]) => `O.isMapKey(${m},${k})`,
  "is_integer/1": ([x]) => `O.isInteger(${x})`,
  "is_float/1": ([x]) => `(${x} instanceof O.Float)`,
  "is_number/1": ([x]) => `O.isNumber(${x})`,
  "is_atom/1": ([x]) => `O.isAtom(${x})`,
  "is_boolean/1": ([x]) => `O.isBoolean(${x})`,
  "is_binary/1": ([x]) => `O.isBinary(${x})`,
  "is_bitstring/1": ([x]) => `O.isBitstring(${x})`,
  "is_list/1": ([x]) => `O.isList(${x})`,
  "is_tuple/1": ([x]) => `Array.isArray(${x})`,
  "is_map/1": ([x]) => `(${x} instanceof O.MapTerm)`,
  "is_pid/1": ([x]) => `(${x} instanceof O.Pid)`,
  "is_reference/1": ([x]) => `(${x} instanceof O.Ref)`,
  "is_port/1": ([x]) => `(${x} instanceof O.Port)`,
  "is_function/1": ([x]) => `(${x} instanceof O.Fun)`,
  "is_function/2": ([x, n]) => `(${x} instanceof O.Fun&&(${x}).arity===${n})`,
  "is_nil/1": ([x]) => `(${x}===null)`,
  "is_struct/1": ([x]) => `O.isStruct(${x})`,
  "is_exception/1": ([x]) => `O.isException(${x})`,
  "self/0": () => `p.pid`,
  "make_ref/0": () => `p.rt.makeRef()`,
};

/** The :erlang equivalents (so `:erlang.+(1, 2)` and `:erlang.element/2` inline too). */
const ERLANG: Record<string, string> = {
  "+/2": "+/2", "-/2": "-/2", "*/2": "*/2", "//2": "//2", "div/2": "div/2", "rem/2": "rem/2",
  "abs/1": "abs/1", "++/2": "++/2", "--/2": "--/2", "==/2": "==/2", "=:=/2": "===/2", "=/=/2": "!==/2", "/=/2": "!=/2",
  "</2": "</2", ">/2": ">/2", "=</2": "<=/2", ">=/2": ">=/2", "not/1": "not/1",
  "element/2": "", "hd/1": "hd/1", "tl/1": "tl/1", "length/1": "length/1",
  "tuple_size/1": "tuple_size/1", "map_size/1": "map_size/1", "byte_size/1": "byte_size/1",
  "is_integer/1": "is_integer/1", "is_float/1": "is_float/1", "is_number/1": "is_number/1",
  "is_atom/1": "is_atom/1", "is_binary/1": "is_binary/1", "is_list/1": "is_list/1",
  "is_tuple/1": "is_tuple/1", "is_map/1": "is_map/1", "is_pid/1": "is_pid/1",
  "is_function/1": "is_function/1", "is_function/2": "is_function/2", "self/0": "self/0",
};

/**
 * Inline compilation of `mod.name(args)` when it is an intrinsic; also the Kernel special
 * forms with non-standard evaluation (`and`, `or`, `&&`, `||`, `in`, `..`, `raise`...).
 * Returns null when not an intrinsic.
 */
export function intrinsic(fn: FnCtx, scope: Scope, mod: string, name: string, argv: Ast[]): string | null {
  const key = `${name}/${argv.length}`;
  // The line of the operation (its arguments may move fn.line to theirs).
  const line = fn.compiled() ? fn.siteLine() : fn.line;
  // ++ and -- are no guard BIFs (:erlang's or Kernel's, which inlines to them): a guard or a
  // size specifier may not call them, whatever the operands.
  if (fn.inGuard > 0 && (key === "++/2" || key === "--/2") && (mod === "Elixir.Kernel" || mod === "erlang")) {
    throw fn.unit.error(`cannot invoke remote function :erlang.${name}/2 inside ${fn.guardWhere}`, { line: fn.line, column: 0 });
  }
  if (mod === "Elixir.Kernel") {
    const special = kernelSpecial(fn, scope, name, argv);
    if (special !== null) return special;
    if (key === "is_function/2") return isFunction2(fn, scope, line, argv);
    if (key === "is_struct/2" || key === "is_exception/2") {
      // (outside a guard the expansion looks at the name first, then at the term)
      const [m, x] = fn.inGuard > 0 ? args(fn, scope, [argv[1], argv[0]]) : args(fn, scope, [argv[1], argv[0]]).map((v) => toReg(fn, v));
      return `O.isStructNamed(${x},${m},${key === "is_exception/2"},${fn.inGuard > 0})`;
    }
    // (+ and - of two operands neither a number literal: the BIF's, whose entry a failure shows)
    const t = (key === "+/2" || key === "-/2") && fn.unit.module && !fn.unit.host.library && fn.inGuard === 0 && !inlineArith(key, argv) ? BIF_ARITH[key] : KERNEL[key];
    if (t !== undefined) return atLine(fn, line, key, argv, t(key === "!/1" ? [fn.within([ERL.CASE], () => expr(fn, scope, argv[0]))] : argsIn(fn, scope, commuted(fn, key, argv), operandFrames(key))));
    return null;
  }
  if (mod === "erlang") {
    if (key === "element/2") {
      // A small integer index is the inline look-up; anything else is the BIF's (its errors).
      const bif = fn.inGuard > 0 ? null : fn.unit.host.nativeCode("erlang", "element", 2);
      if (bif === null) {
        const [i, t] = args(fn, scope, argv);
        return `O.elem(${t},O.sub(${i},1))`;
      }
      const [i, t] = args(fn, scope, argv).map((v) => toReg(fn, v));
      return `(typeof ${i}==="number"?O.elem(${t},${i}-1):O.runNative(p,${fn.unit.constant(bif)},[${i},${t}]))`;
    }
    const k = ERLANG[key];
    if (k === "is_function/2") return isFunction2(fn, scope, line, argv);
    if (k) return atLine(fn, line, k, argv, KERNEL[k](argsIn(fn, scope, commuted(fn, k, argv), operandFrames(k))));
  }
  return null;
}

/**
 * is_function(x, n): in a guard a bad arity only fails the guard; elsewhere an arity that is
 * not a non-negative integer is the BIF's ArgumentError ("2nd argument: out of range" / "not
 * an integer"), so anything but a small non-negative integer goes to :erlang.is_function/2.
 */
function isFunction2(fn: FnCtx, scope: Scope, line: number, argv: Ast[]): string {
  const bif = fn.inGuard > 0 ? null : fn.unit.host.nativeCode("erlang", "is_function", 2);
  const frames = operandFrames("is_function/2");
  if (bif === null) return KERNEL["is_function/2"](argsIn(fn, scope, argv, frames));
  const [x, n] = argsIn(fn, scope, argv, frames).map((v) => toReg(fn, v));
  return atLine(fn, line, "is_function/2", argv, `(typeof ${n}==="number"&&${n}>=0?(${x} instanceof O.Fun&&(${x}).arity===${n}):O.runNative(p,${fn.unit.constant(bif)},[${x},${n}]))`);
}

/** Inlined operations that can fail, with the :erlang BIF each stands for. */
const FAILING: Record<string, string> = {
  "+/2": "+", "-/2": "-", "*/2": "*", "//2": "/", "-/1": "-", "+/1": "+", "div/2": "div", "rem/2": "rem",
  "abs/1": "abs", "<>/2": "", "++/2": "++", "--/2": "--", "elem/2": "", "hd/1": "hd", "tl/1": "tl",
  "length/1": "length", "tuple_size/1": "tuple_size", "map_size/1": "map_size", "byte_size/1": "byte_size",
  "is_map_key/2": "is_map_key", "is_function/2": "is_function",
};
const ARITHMETIC = new Set(["+", "-", "*", "/", "div", "rem"]);

/**
 * An inlined operation that can fail, in a module's function: the frame's line is the
 * operation's while it runs, so its error names that line (not the last call's). Arithmetic
 * on constant operands is a call to the :erlang BIF, as the Erlang compiler leaves an
 * expression it finds would fail: its error carries the `:erlang.+(1, :a)` entry.
 */
function atLine(fn: FnCtx, line: number, key: string, argv: Ast[], code: string): string {
  const bif = FAILING[key];
  if (bif === undefined || fn.inGuard > 0 || !fn.compiled() || !line) return code;
  // (but `/` of two numbers is the float division instruction, which fails without one: `1 / 0`)
  if (ARITHMETIC.has(bif) && argv.every(isConstant) && !(bif === "/" && argv.every(isNumberLiteral))) {
    const native = fn.unit.host.nativeCode("erlang", bif, argv.length);
    const m = /^O\.\w+\((.*)\)$/s.exec(code);
    if (native !== null && m !== null) return `(f.line=${line},O.runNative(p,${fn.unit.constant(native)},[${m[1]}]))`;
  }
  return `(f.line=${line},${code})`;
}

const BIF_ARITH: Record<string, Template> = {
  "+/2": ([x, y]) => `O.addBif(${x},${y})`,
  "-/2": ([x, y]) => `O.subBif(${x},${y})`,
};

/**
 * Whether the BEAM's JIT computes `+`/`-` inline, leaving no entry of the BIF when it fails
 * (as measured on OTP 25): a float literal on either side, or a small integer literal (under
 * 2^59) on either side of `+` and, non-negative, on the right of `-`.
 */
function inlineArith(key: string, argv: Ast[]): boolean {
  const [x, y] = argv.map(literalNumber);
  if (x === "float" || y === "float") return true;
  if (key === "+/2") return typeof x === "bigint" || typeof y === "bigint";
  return typeof y === "bigint" && y >= 0n;
}

/** A number literal operand: "float", a small integer (as a bigint), or null (anything else, a big integer). */
function literalNumber(x: Ast): "float" | bigint | null {
  const small = (v: bigint) => (v < 1n << 59n && v >= -(1n << 59n) ? v : null);
  if (isNode(x) && (x.name === "-" || x.name === "+") && x.args?.length === 1) {
    const v = literalNumber(x.args[0]);
    return x.name === "-" && typeof v === "bigint" ? -v : v;
  }
  if (typeof x === "number") return "float";
  if (typeof x === "bigint") return small(x);
  // (a module attribute's value, a literal by the time the Erlang compiler sees it)
  if (x !== null && typeof x === "object" && "literal" in x) {
    const v = (x as { literal: unknown }).literal;
    return typeof v === "number" ? BigInt(v) : v instanceof Float ? "float" : typeof v === "bigint" ? small(v) : null;
  }
  return null;
}

/** A number written as such: `1`, `-2.5`. */
function isNumberLiteral(x: Ast): boolean {
  if (isNode(x) && (x.name === "-" || x.name === "+") && x.args?.length === 1) return isNumberLiteral(x.args[0]);
  return typeof x === "bigint" || typeof x === "number";
}

/**
 * The Erlang compiler puts a constant operand of `*` second (`2 * x` is `x * 2`), which the
 * BIF's error entry shows: `:erlang.*(:x, 2)`.
 */
function commuted(fn: FnCtx, key: string, argv: Ast[]): Ast[] {
  // erl_eval (the prompt, shell funs) evaluates the operands as written.
  // (an arithmetic of number literals is folded to one first: `1000 * 60 * h` is `h * 60000`)
  const constant = (x: Ast) => isConstant(x) || foldsToNumber(x);
  return fn.unit.module && key === "*/2" && constant(argv[0]) && !constant(argv[1]) ? [argv[1], argv[0]] : argv;
}

/** `+`, `-` or `*` of number literals (or of such), which the Erlang compiler folds to a number. */
function foldsToNumber(x: Ast): boolean {
  if (typeof x === "bigint" || typeof x === "number") return true;
  if (!isNode(x) || x.args === null || !(x.name === "+" || x.name === "-" || x.name === "*")) return false;
  if (x.args.length === 1) return x.name !== "*" && foldsToNumber(x.args[0]);
  return x.args.length === 2 && foldsToNumber(x.args[0]) && foldsToNumber(x.args[1]);
}

/** A literal the Erlang compiler knows the value of (a number, atom, binary, or a list or tuple of them). */
export function isConstant(x: Ast): boolean {
  if (x === null || typeof x === "boolean" || typeof x === "bigint" || typeof x === "number" || typeof x === "string" || isAtomAst(x)) return true;
  if (Array.isArray(x)) return x.every(isConstant);
  if (isNode(x) && (x.name === "-" || x.name === "+") && x.args?.length === 1) return typeof x.args[0] === "bigint" || typeof x.args[0] === "number";
  if (isNode(x) && x.name === "{}" && x.args !== null) return x.args.every(isConstant);
  return typeof x === "object" && x !== null && "tuple" in x && (x.tuple as Ast[]).every(isConstant);
}

function kernelSpecial(fn: FnCtx, scope: Scope, name: string, argv: Ast[]): string | null {
  switch (`${name}/${argv.length}`) {
    case "<>/2": {
      concatLiterals(fn, argv);
      if (fn.inGuard > 0) return null;
      // A chain a <> (b <> c) is one binary of its parts, each failing as its segment.
      const parts = concatChain(argv);
      const line = fn.compiled() ? fn.siteLine() : fn.line;
      // x <> <<byte>>: an append of one byte (binaries.ts: concatByte), the byte's binary never
      // made (as binaryExpr gives it, after the line it sets in compiled code: kept inline, as
      // concatByte fails as the whole binary would)
      const tail = parts.length === 2 && isNode(parts[1]) && parts[1].name === "<<>>";
      const vals = tail ? [toReg(fn, expr(fn, scope, parts[0]))] : args(fn, scope, parts);
      if (tail) vals.push(expr(fn, scope, parts[1]));
      const byteCall = tail ? /^(?:\(f\.line=\d+,)?O\.binByte\(/.exec(vals[1]) : null;
      const byte = byteCall !== null ? vals[1].slice(byteCall[0].length, byteCall[0].startsWith("(") ? -1 : undefined) : null;
      if (tail && byte === null && vals[1].includes("f.line=")) vals[1] = toReg(fn, vals[1]);
      const call = byte !== null ? `O.concatByte(${fn.compiled() ? 0 : 1},${vals[0]},${byte}` : `O.concatParts([${vals.join(",")}]${fn.compiled() ? "" : ",1"})`;
      return fn.compiled() && line ? `(f.line=${line},${call})` : call;
    }
    case "and/2":
      return shortCircuit(fn, scope, argv, "and");
    case "or/2":
      return shortCircuit(fn, scope, argv, "or");
    case "&&/2":
      return shortCircuit(fn, scope, argv, "&&");
    case "||/2":
      return shortCircuit(fn, scope, argv, "||");
    case "in/2":
      return inExpr(fn, scope, argv);
    case "to_string/1":
      return toStringValue(fn, toReg(fn, expr(fn, scope, argv[0])));
    case "match?/2":
      return matchQ(fn, scope, argv);
    case "put_in/2":
    case "update_in/2":
    case "get_and_update_in/2":
      return pathMacro(fn, scope, name, argv[0], [argv[1]]);
    case "pop_in/1":
      return pathMacro(fn, scope, name, argv[0], []);
    case "destructure/2": {
      const n = Array.isArray(argv[0]) ? argv[0].length : 0;
      const call: Ast = { name: { name: ".", meta: { line: 0, column: 0 }, args: [{ atom: "Elixir.Kernel" }, { atom: "__destructure__" }] }, meta: { line: 0, column: 0 }, args: [argv[1], BigInt(n)] };
      return expr(fn, scope, { name: "=", meta: { line: 0, column: 0 }, args: [argv[0], call] });
    }
    case "../2":
    case "..///3": {
      const v = args(fn, scope, argv);
      return `O.range(${v[0]},${v[1]},${v[2] ?? "undefined"})`;
    }
    case "..//2":
    case "../0":
      return fn.unit.constant(rangeTerm(0, -1, 1));
    case "=~/2": {
      const [l, r] = args(fn, scope, argv);
      return `O.regexMatch(p,${l},${r})`;
    }
    case "sigil_w/2":
    case "sigil_W/2":
    case "sigil_s/2":
    case "sigil_S/2":
    case "sigil_c/2":
    case "sigil_C/2":
    case "sigil_r/2":
    case "sigil_R/2":
      return sigil(fn, scope, name, argv);
  }
  return null;
}

/** `a and b` / `a or b` / `a && b` / `a || b` evaluate b only when needed. */
function shortCircuit(fn: FnCtx, scope: Scope, argv: Ast[], op: string): string {
  // (Elixir makes a case of the left side.)
  const leftExpr = fn.within([ERL.CASE], () => expr(fn, scope, argv[0]));
  const before = fn.cur;
  const mark = fn.blocks[before].length;
  const slot = fn.slot();
  // (the right side is a clause of that case: what it binds is its own)
  const right = expr(fn, scope.child(), argv[1]);
  if (fn.cur === before && fn.blocks[before].length === mark) {
    // The right side is pure inline JS: one conditional expression (left saved in a register).
    return inlineShort(op, `(r[${slot}]=${leftExpr})`, `r[${slot}]`, right);
  }
  // The right side emits statements or calls: undo that and compile explicit branches.
  fn.blocks[before].length = mark;
  fn.setBlock(before);
  const left = toReg(fn, leftExpr);
  return branchShort(fn, scope, argv, op, left);
}

function inlineShort(op: string, setLeft: string, l: string, r: string): string {
  switch (op) {
    case "and":
      return `(O.bool(${setLeft},"and")?${r}:false)`;
    case "or":
      return `(O.bool(${setLeft},"or")?true:${r})`;
    case "&&":
      return `(O.truthy(${setLeft})?${r}:${l})`;
    default:
      return `(O.truthy(${setLeft})?${l}:${r})`;
  }
}

function branchShort(fn: FnCtx, scope: Scope, argv: Ast[], op: string, left: string): string {
  const res = fn.slot();
  const evalRight = fn.newBlock();
  const join = fn.newBlock();
  const test = op === "and" ? `O.bool(${left},"and")` : op === "or" ? `!O.bool(${left},"or")` : op === "&&" ? `O.truthy(${left})` : `!O.truthy(${left})`;
  const shortValue = op === "and" ? "false" : op === "or" ? "true" : left;
  fn.emit(`if(${test}){f.pc=${evalRight};continue L;}r[${res}]=${shortValue};f.pc=${join};continue L;`);
  fn.setBlock(evalRight);
  fn.emit(`r[${res}]=${expr(fn, scope.child(), argv[1])};`);
  fn.jump(join);
  fn.setBlock(join);
  return `r[${res}]`;
}

/**
 * A list literal whose tail is a list literal (`[9 | [10, 11]]`) as the one list it is, as
 * Kernel.in_list/6 walks into such a tail; anything else as it is.
 */
function consLiteral(right: Ast): Ast {
  if (!Array.isArray(right) || right.length === 0) return right;
  const tail = right[right.length - 1];
  if (!isNode(tail) || tail.name !== "|" || tail.args?.length !== 2) return right;
  // (a tail the expander made a value, a module attribute's: its elements, when a proper list)
  const t = tail.args[1];
  const items = isLiteralAst(t) ? listToArray(t.literal as Term) : null;
  const tailList: Ast = items !== null ? items.map((x) => ({ literal: x }) as Ast) : t;
  if (!Array.isArray(tailList)) return right;
  const rest = consLiteral(tailList);
  return Array.isArray(rest) ? [...right.slice(0, -1), tail.args[0], ...rest] : right;
}

/** `%{__struct__: Range, first: f, last: l, step: s}` written as a map: [f, l, s], else null. */
function rangeMapFields(ast: Ast): Ast[] | null {
  if (!isNode(ast) || ast.name !== "%{}" || ast.args === null || ast.args.length !== 4) return null;
  const fields = new Map<string, Ast>();
  for (const p of ast.args) {
    if (!isTupleAst(p) || !isAtomAst(p.tuple[0]) || fields.has(p.tuple[0].atom)) return null;
    fields.set(p.tuple[0].atom, p.tuple[1]);
  }
  const struct = fields.get("__struct__");
  if (struct === undefined || !isAtomAst(struct) || struct.atom !== "Elixir.Range" || !fields.has("first") || !fields.has("last") || !fields.has("step")) return null;
  return [fields.get("first")!, fields.get("last")!, fields.get("step")!];
}

/** `x in list` / `x in a..b` (inline for literal ranges and lists, as guards need). */
function inExpr(fn: FnCtx, scope: Scope, argv: Ast[]): string {
  const written = consLiteral(argv[1]);
  // (a range's map, as Macro.escape gives one: its bounds and step, as first..last//step)
  const fields = rangeMapFields(written);
  const right: Ast = fields === null ? written : { name: "..//", meta: isNode(written) ? written.meta : undefined, args: fields } as AstNode;
  if (fn.inGuard > 0) checkGuardIn(fn, right);
  // In a guard nothing may be emitted before the test: the (pure) left side is repeated.
  const left = expr(fn, scope, argv[0]);
  const x = fn.inGuard > 0 ? `(${left})` : toReg(fn, left);
  if (isNode(right) && (right.name === ".." || right.name === "..//") && right.args!.length >= 2) {
    const [lo, hi, step] = args(fn, scope, right.args!);
    const guard = fn.inGuard > 0;
    if (step === undefined) return `O.inRange(${x},${lo},${hi},${guard})`;
    return `O.inRangeStep(${x},${lo},${hi},${step},${guard})`;
  }
  // A list written out: each element compared strictly (Kernel.in/2 expands to ===).
  if (Array.isArray(right) && !right.some((e) => isNode(e) && e.name === "|")) {
    const vals = args(fn, scope, right);
    if (vals.length === 0) return "false";
    return "(" + vals.map((v) => `O.seq(${x},${v})`).join("||") + ")";
  }
  // [a, b | tail]: the whole list is built (its tail's code runs), then :lists.member/2's.
  if (Array.isArray(right) && fn.inGuard === 0) return `O.listsMember(${x},${toReg(fn, expr(fn, scope, right))})`;
  const r = toReg(fn, expr(fn, scope, right));
  if (fn.inGuard > 0) return `O.member(p,${x},${r})`;
  // Enumerables such as streams and structs implementing Enumerable need Enum.member?/2.
  return orCall(fn, `O.memberFast(p,${x},${r})`, "Elixir.Enum", "member?", [r, x]);
}

/**
 * Kernel.in/2 in a guard needs a list or a range it can see at compile time: anything else
 * (a variable, a list with a tail) is its ArgumentError, raised while expanding the macro.
 */
function checkGuardIn(fn: FnCtx, right: Ast): void {
  if (isNode(right) && (right.name === ".." || right.name === "..//") && (right.args?.length ?? 0) >= 2) return;
  // (a value known when compiling: a module attribute's)
  if (isLiteralAst(right)) return;
  // (a word list or charlist sigil without interpolation is a literal list)
  if (isNode(right) && typeof right.name === "string" && right.name.startsWith("sigil_") && right.args?.length === 2) {
    const body = right.args[0];
    const v = isNode(body) && body.args !== null ? literalSigil(right.name, body.args, right.args[1]) : undefined;
    if (v === NIL || v instanceof Cons) return;
  }
  const tail = Array.isArray(right) && right.length > 0 ? right[right.length - 1] : null;
  const improper = isNode(tail) && tail.name === "|";
  if (Array.isArray(right) && !improper) return;
  const err = raise("ArgumentError", {
    message: `invalid right argument for operator "in", it expects a compile-time proper list or compile-time range on the right side when used in guard expressions, got: ${quotedToString(astToTerm(right))}`,
  });
  const at = (mod: string, fun: string, arity: number, file: string, line: number): Term => [a(mod), a(fun), arity, list([[a("file"), charlistOf(file)], [a("line"), line]])];
  // (a list's tail is reached mapping over its elements in Kernel.in_list/6)
  const inner = improper ? [at("lists", "map", 2, "lists.erl", 1315), at("Elixir.Kernel", "in_list", 6, "lib/kernel.ex", 4429)] : [];
  const frames = [at("Elixir.Kernel", "raise_on_invalid_args_in_2", 1, "lib/kernel.ex", 4344), ...inner, [a("Elixir.Kernel"), a("in"), 2, list([[a("file"), charlistOf("expanding macro")]])] as Term, macroCaller(fn, isNode(right) ? (right.meta?.line ?? fn.line) : fn.line)];
  err.stacktrace = list(frames.slice(0, 8));
  err.traced = true;
  err.complete = true;
  throw err;
}

/**
 * `fast`, a JS expression that is undefined when Elixir code is needed, or else the call
 * `mod.name(args)` (args are registers or constants).
 */
export function orCall(fn: FnCtx, fast: string, mod: string, name: string, argv: string[]): string {
  const res = fn.slot();
  const slow = fn.newBlock();
  const join = fn.newBlock();
  fn.emit(`r[${res}]=${fast};if(r[${res}]===undefined){f.pc=${slow};continue L;}f.pc=${join};continue L;`);
  fn.setBlock(slow);
  const cs = fn.unit.constant(new CallSite(mod, name, argv.length));
  const v = fn.call(`O.rcall(p,f,${cs},[${argv.join(",")}])`, `O.drcall(p,${cs},[${argv.join(",")}])`);
  fn.emit(`r[${res}]=${v};`);
  fn.jump(join);
  fn.setBlock(join);
  return `r[${res}]`;
}

/** String.Chars.to_string/1 of a value in a register (interpolation, to_string/1). */
export function toStringValue(fn: FnCtx, v: string): string {
  if (fn.inGuard > 0) return `O.toStr(${v})`;
  return orCall(fn, `O.toStrFast(${v})`, "Elixir.String.Chars", "to_string", [v]);
}

/** `put_in(data[:a].b, v)`-style macros: the access path becomes a key list. */
function pathMacro(fn: FnCtx, scope: Scope, name: string, path: Ast, rest: Ast[]): string {
  const keys: Ast[] = [];
  let node = path;
  for (;;) {
    if (isNode(node) && isNode(node.name as Ast) && (node.name as AstNode).name === ".") {
      const dot = node.name as AstNode;
      const target = dot.args!;
      const t0 = target[0];
      const isAccess = typeof t0 === "object" && t0 !== null && "atom" in t0 && t0.atom === "Elixir.Access";
      if (target.length === 2 && isAccess && node.args!.length === 2) {
        keys.unshift(node.args![1]);
        node = node.args![0];
        continue;
      }
      if (target.length === 2 && node.args!.length === 0 && (node.meta as { no_parens?: boolean }).no_parens) {
        keys.unshift(target[1]);
        node = target[0];
        continue;
      }
    }
    break;
  }
  if (keys.length === 0) throw fn.unit.error(`cannot use ${name} with a path that has no access (expected data[key] or data.field)`);
  const call: Ast = { name: { name: ".", meta: { line: 0, column: 0 }, args: [{ atom: "Elixir.Kernel" }, { atom: name }] }, meta: { line: 0, column: 0 }, args: [node, keys, ...rest] };
  return expr(fn, scope, call);
}

/** `match?(pattern, expr)`: bindings stay inside. */
function matchQ(fn: FnCtx, scope: Scope, argv: Ast[]): string {
  let [pat, valAst] = argv;
  let guard: Ast | null = null;
  if (isNode(pat) && pat.name === "when") [pat, guard] = pat.args!;
  const v = toReg(fn, expr(fn, scope, valAst));
  const res = fn.slot();
  const L = fn.freshLabel();
  const inner = scope.child();
  fn.emit(`r[${res}]=false;${L}:{`);
  matchPattern(fn, inner, pat, v, L, new Bound());
  if (guard !== null) emitGuard(fn, inner, guard, L);
  fn.emit(`r[${res}]=true;}`);
  return `r[${res}]`;
}

/** Sigils with a literal or interpolated body. */
function sigil(fn: FnCtx, scope: Scope, name: string, argv: Ast[]): string {
  const [body, modsAst] = argv;
  const mods = (modsAst as bigint[]).map((c) => String.fromCharCode(Number(c))).join("");
  const raw = name === "sigil_S" || name === "sigil_W" || name === "sigil_C" || name === "sigil_R";
  const parts = (body as AstNode).args!;
  const warn = sigilEscapeWarning(fn);
  const known = literalSigil(name, parts, modsAst, warn);
  if (known !== undefined) return fn.unit.constant(known);
  // Lowercase sigils process escapes in their literal parts (~r keeps them for the regex).
  const cooked: Ast = { ...(body as AstNode), args: parts.map((p) => (typeof p !== "string" ? p : name === "sigil_r" ? unescapeRegex(p) : unescapeString(p, warn))) };
  const text = raw ? fn.unit.constant(parts.join("")) : expr(fn, scope, cooked);
  return `O.sigilValue(p,${fn.unit.constant(name)},${text},${fn.unit.constant(mods)})`;
}

/**
 * The value of a string, charlist or word-list sigil without interpolation, known at compile
 * time (so it may appear in patterns); undefined for other sigils or interpolated bodies.
 */
/**
 * What a lowercase sigil's macro writes while it unescapes its text (a deprecated hex
 * escape: elixir_interpolation prints it at once, without a location).
 */
export function sigilEscapeWarning(fn: FnCtx): (message: string) => void {
  return (message) => fn.unit.childWarnings.push(`warning: ${message}\n`);
}

export function literalSigil(name: string, parts: Ast[], mods: Ast, warn?: (message: string) => void): Term | undefined {
  if (!parts.every((p) => typeof p === "string")) return undefined;
  // Lowercase sigils process escapes; the uppercase ones take the text as written.
  if (!["sigil_s", "sigil_S", "sigil_c", "sigil_C", "sigil_w", "sigil_W"].includes(name)) return undefined;
  const raw = (parts as string[]).join("");
  const text = /^sigil_[a-z]$/.test(name) ? unescapeString(raw, warn) : raw;
  return sigilValue(null, name, text, (mods as bigint[]).map((c) => String.fromCharCode(Number(c))).join(""));
}

/** Guard expression: like an expression, but only inline code is allowed. */
export function guardExpr(fn: FnCtx, scope: Scope, g: Ast): string {
  if (isNode(g) && g.name === "when" && g.args?.length === 2) {
    return `(${guardExpr(fn, scope, g.args[0])}===true||${guardExpr(fn, scope, g.args[1])}===true)`;
  }
  const before = fn.cur;
  checkGuard(fn, g);
  fn.inGuard++;
  try {
    const v = expr(fn, scope, g);
    if (fn.cur !== before) throw fn.unit.error(guardError(g, fn.guardWhere), isNode(g) ? g.meta : null);
    return v;
  } finally {
    fn.inGuard--;
  }
}

/**
 * A defguard's guard, checked when the guard is defined (module-build's guardBody compiles
 * `__beamsh_guard_check__(guard)` with the macro's arguments bound): compiled as a guard for
 * its errors only, it leaves no code and is nil.
 */
export const GUARD_CHECK = "__beamsh_guard_check__";

export function guardCheck(fn: FnCtx, scope: Scope, g: Ast): string {
  const block = fn.blocks[fn.currentBlock()];
  const mark = block.length;
  guardExpr(fn, scope.child(), g);
  block.splice(mark);
  return "null";
}

// Special forms a guard may not contain (elixir_expand's assert_no_guard_scope), and the
// Kernel macros that expand into one of them.
const NOT_IN_GUARDS = new Set(["case", "cond", "receive", "try", "for", "with", "fn", "super", "=", "&", "alias", "require", "import"]);
const EXPANDS_TO_CASE = new Set(["if", "unless"]);
// Kernel macros that refuse a guard themselves (Kernel.assert_no_match_or_guard_scope/2).
const KERNEL_NOT_IN_GUARDS = new Set(["&&/2", "||/2", "!/1"]);

/**
 * What Elixir's expander refuses in a guard (or a pattern's size, which works like one), in
 * the order it meets it: a special form, an anonymous call, a remote call on a value (a map
 * lookup written with parentheses), a Kernel macro that is not for guards.
 */
function checkGuard(fn: FnCtx, g: Ast): void {
  if (Array.isArray(g)) return g.forEach((x) => checkGuard(fn, x));
  if (isTupleAst(g)) return g.tuple.forEach((x) => checkGuard(fn, x));
  if (!isNode(g) || g.args === null) return;
  const where = fn.guardWhere;
  const invalid = (kind: string): string =>
    where === "guards"
      ? `invalid expression in guards, ${kind} is not allowed in guards. To learn more about guards, visit: https://hexdocs.pm/elixir/patterns-and-guards.html`
      : `${kind} is not allowed in ${where}. The size specifier in matches works like guards. To learn more about guards, visit: https://hexdocs.pm/elixir/patterns-and-guards.html`;
  const name = g.name;
  if (typeof name === "string") {
    if (NOT_IN_GUARDS.has(name)) throw fn.unit.error(invalid(name), g.meta);
    const arity = g.args.length;
    if (EXPANDS_TO_CASE.has(name) && arity === 2) {
      const err = fn.unit.error(invalid("case"), g.meta);
      err.elixirFrames = [[a("Elixir.Kernel"), a(name), 2, list([[a("file"), charlistOf("expanding macro")]])], macroCaller(fn, g.meta?.line ?? fn.line)];
      throw err;
    }
    if (KERNEL_NOT_IN_GUARDS.has(`${name}/${arity}`)) {
      const err = raise("ArgumentError", { message: `invalid expression in guard, ${name} is not allowed in guards. To learn more about guards, visit: https://hexdocs.pm/elixir/patterns-and-guards.html` });
      const at = list([[a("file"), charlistOf("lib/kernel.ex")], [a("line"), 6391]]);
      err.stacktrace = list([[a("Elixir.Kernel"), a("assert_no_match_or_guard_scope"), 2, at], [a("Elixir.Kernel"), a(name), arity, list([[a("file"), charlistOf("expanding macro")]])], macroCaller(fn, g.meta?.line ?? fn.line)]);
      err.traced = true;
      err.complete = true;
      throw err;
    }
    g.args.forEach((x) => checkGuard(fn, x));
    return;
  }
  if (isNode(name) && name.name === "." && name.args !== null) {
    if (name.args.length === 1) throw fn.unit.error(invalid("anonymous call"), g.meta);
    const [recv, field] = name.args;
    // (its arguments are expanded first)
    g.args.forEach((x) => checkGuard(fn, x));
    const dynamic = !isAtomAst(recv) && !(isNode(recv) && (recv.name === "__aliases__" || recv.name === "__MODULE__"));
    if (dynamic && isAtomAst(field) && (g.meta as { no_parens?: boolean } | undefined)?.no_parens !== true) {
      const shown = quotedToString(astToTerm(recv));
      throw fn.unit.error(`cannot invoke remote function in ${where}. If you want to do a map lookup instead, please remove parens from ${shown}.${field.atom}()`, g.meta);
    }
    checkGuard(fn, recv);
  }
}

/** elixir_expand's invalid_local_invocation: a local call where only macros may be called. */
export function localInGuardError(call: AstNode, where: string): string {
  const shown = quotedToString(astToTerm(call));
  return `cannot find or invoke local ${call.name as string}/${call.args?.length ?? 0} inside ${where}. Only macros can be invoked in a ${where} and they must be defined before their invocation. Called as: ${shown}`;
}

/** The entry of the code a macro was expanded in: the function being compiled, or a file's top level. */
export function macroCaller(fn: FnCtx, line: number): Term {
  const loc = list([[a("file"), charlistOf(fn.unit.file)], [a("line"), line]]);
  const j = fn.defName.lastIndexOf("/");
  return fn.unit.module && fn.defName ? [a(fn.unit.module), a(fn.defName.slice(0, j)), Number(fn.defName.slice(j + 1)), loc] : [a("elixir_eval"), a("__FILE__"), 1, loc];
}

function guardError(g: Ast, where: string): string {
  if (isNode(g) && typeof g.name === "string") return localInGuardError(g, where);
  return `cannot invoke remote function inside ${where}`;
}


/**
 * Kernel.<>/2 as it expands: each operand of a chain `a <> b <> c` that is a literal other
 * than a binary (a list or charlist, an atom, a number) is an ArgumentError of the macro.
 */
function concatLiterals(fn: FnCtx, argv: Ast[]): void {
  const parts = concatChain(argv);
  for (const [i, p] of parts.entries()) {
    if (!isConcatLiteral(p)) continue;
    const caller = macroCaller(fn, fn.line ?? 0);
    throw concatError(`expected binary argument in <> operator but got: ${quotedToString(astToTerm(p))}`, i, parts.length, false, caller);
  }
}

/** The operands of `a <> b <> c` (right-nested: `a <> (b <> c)`), given the outer `<>`'s two. */
export function concatChain(argv: Ast[]): Ast[] {
  const parts: Ast[] = [argv[0]];
  let right = argv[1];
  while (isNode(right) && right.name === "<>" && right.args?.length === 2) {
    parts.push(right.args[0]);
    right = right.args[1];
  }
  parts.push(right);
  return parts;
}

/** An operand of `<>` that is a literal but not a binary. */
export function isConcatLiteral(p: Ast): boolean {
  return Array.isArray(p) || typeof p === "bigint" || typeof p === "number" || p === null || typeof p === "boolean" || isAtomAst(p);
}

/**
 * The ArgumentError Kernel.<>/2 raises for operand `index` of a chain of `count`, with the
 * macro's own frames as Elixir 1.14 shows them (wrap_concatenation/3 under one
 * extract_concatenations/2 per `<>` above it; `leftVar`: a variable on the left in a match),
 * then the macro and its caller, at most 8 entries as the BEAM keeps.
 */
export function concatError(message: string, index: number, count: number, leftVar: boolean, caller: Term): BeamError {
  const kernel = (fun: string, n: number, line: number): Term => [a("Elixir.Kernel"), a(fun), n, list([[a("file"), charlistOf("lib/kernel.ex")], [a("line"), line]])];
  const frames: Term[] = [leftVar ? kernel("invalid_concat_left_argument_error", 1, 1970) : null, kernel("wrap_concatenation", 3, leftVar ? 1942 : 1934)].filter((x) => x !== null);
  // (What the BEAM shows of the recursion, measured with iex: the last operand's clause
  // and one level above it; an earlier operand's level and at most one above it.)
  const last = index === count - 1;
  const levels = last ? [1925, 1921] : index === 0 ? [1921] : [1921, 1921];
  for (const line of levels) frames.push(kernel("extract_concatenations", 2, line));
  frames.push([a("Elixir.Kernel"), a("<>"), 2, list([[a("file"), charlistOf("expanding macro")]])], caller);
  const err = raise("ArgumentError", { message });
  err.stacktrace = list(frames.slice(0, 8));
  err.traced = true;
  err.complete = true;
  return err;
}


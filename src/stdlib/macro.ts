// Macro: the functions that work on quoted terms and need the compiler or the runtime
// (escape, expand, to_string, atom classification, fresh hygiene counters, camelize and
// underscore on bytes). The tree walks are Elixir code in the prelude (macro.ex).
import type { Code, NativeFn } from "../runtime/code.js";
import type { NativeModule } from "../runtime/library.js";
import { escape } from "../runtime/compiler/escape.js";
import { envFromTerm } from "../runtime/compiler/env.js";
import { Expander, nextCounter } from "../runtime/compiler/expand.js";
import { compileState, moduleHooks } from "../runtime/compiler/module-build.js";
import { astToTerm, termToAst } from "../runtime/compiler/quoted.js";
import { quotedToString } from "../runtime/compiler/code-formatter.js";
import { fce } from "../runtime/arith.js";
import { raise } from "../runtime/errors.js";
import { Gen, generatorCode } from "../runtime/generator-code.js";
import { classifyAtom, inspectAtom } from "../runtime/inspect.js";
import type { Runtime } from "../runtime/runtime.js";
import { Atom, Bin, Cons, Term, a, atomName, list } from "../runtime/term.js";
import { bytesToString, stringToBytes, unescapeString } from "../lang/unescape.js";

const rtOf = (p: unknown): Runtime => (p as { rt: Runtime }).rt;
const isAtomTerm = (t: Term): boolean => t instanceof Atom || t === null || t === true || t === false;

function optionTrue(opts: Term, key: string): boolean {
  for (let l = opts; l instanceof Cons; l = l.t) {
    const p = l.h;
    if (Array.isArray(p) && p[0] === a(key)) return p[1] === true;
  }
  return false;
}

// Code.Identifier's operator tables (Elixir 1.14).
const UNARY = new Set(["!", "^", "not", "+", "-", "~~~", "&", "@"]);
const BINARY = new Set([
  "<-", "\\\\", "when", "::", "|", "=", "||", "|||", "or", "&&", "&&&", "and", "==", "!=", "=~", "===", "!==",
  "<", "<=", ">=", ">", "|>", "<<<", ">>>", "<~", "~>", "<<~", "~>>", "<~>", "<|>", "in", "not in", "^^^",
  "++", "--", "..", "<>", "+++", "---", "+", "-", "*", "/", "**", ".",
]);

export function isOperator(name: string, arity: number): boolean {
  if (arity === 1) return UNARY.has(name);
  if (arity === 2) return BINARY.has(name);
  if (arity === 3) return name === "..//";
  if (arity === 0) return name === "..";
  return false;
}

// Kernel.SpecialForms: what special_form?/2 answers true for.
const SPECIAL_FORMS = new Set([
  "%{}/-1", "{}/-1", "<<>>/-1", "%/2", "./2", "=/2", "^/1", "::/2", "__aliases__/-1", "__block__/-1",
  "__CALLER__/0", "__DIR__/0", "__ENV__/0", "__MODULE__/0", "__STACKTRACE__/0", "__cursor__/-1",
  "alias/1", "alias/2", "require/1", "require/2", "import/1", "import/2", "quote/1", "quote/2",
  "unquote/1", "unquote_splicing/1", "fn/-1", "&/1", "case/2", "cond/1", "try/1", "receive/1",
  "for/-1", "with/-1", "super/-1", "->/2",
]);

function isSpecialForm(name: string, arity: number): boolean {
  return SPECIAL_FORMS.has(`${name}/${arity}`) || SPECIAL_FORMS.has(`${name}/-1`);
}

/** Bytes of a binary argument, or a FunctionClauseError of Macro.fun. */
function bytesArg(fun: string, t: Term, args: Term[]): Uint8Array {
  if (typeof t === "string") return stringToBytes(t);
  if (t instanceof Bin && t.bits === 0) return t.bytes;
  throw fce("Elixir.Macro", fun, args);
}

const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const upper = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c);
const isUpper = (c: number | undefined) => c !== undefined && c >= 65 && c <= 90;
const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;
const isLowerLetter = (c: number | undefined) => c !== undefined && c >= 97 && c <= 122;

/** Macro.underscore/1 on bytes: "FooBar.Baz" → "foo_bar/baz" (ASCII only, as Elixir). */
function underscore(b: Uint8Array): Uint8Array {
  const out: number[] = [];
  if (b.length === 0) return b;
  out.push(lower(b[0]));
  let prev = b[0];
  for (let i = 1; i < b.length; i++) {
    const c = b[i];
    const next = b[i + 1];
    if (c === 46) {
      // "." starts a new segment: "/", and the segment's first letter is just lowered.
      out.push(47);
      if (i + 1 < b.length) {
        out.push(lower(b[i + 1]));
        prev = b[i + 1];
        i++;
      }
      continue;
    }
    if (isUpper(c) && next !== undefined && !isUpper(next) && !isDigit(next) && next !== 46 && next !== 95) {
      // An upper-case letter starting a word ("Bar" in "FooBar", or "Bar" in "HTTPBar").
      out.push(95, lower(c), next);
      prev = next;
      i++;
      continue;
    }
    if (isUpper(c) && !isUpper(prev) && prev !== 95) out.push(95, lower(c));
    else out.push(lower(c));
    prev = c;
  }
  return Uint8Array.from(out);
}

/** Macro.camelize/1 on bytes: "foo_bar/baz" → "FooBar.Baz". */
function camelize(b: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  const segment = () => {
    while (b[i] === 95) i++;
    if (i < b.length) out.push(upper(b[i++]));
    while (i < b.length) {
      const c = b[i];
      if (c === 95) {
        const n = b[i + 1];
        if (n === 95) i++;
        else if (isLowerLetter(n)) (out.push(upper(n)), (i += 2));
        else if (isDigit(n)) (out.push(n), (i += 2));
        else if (n === undefined) i++;
        else (out.push(c), i++);
      } else if (c === 47) {
        out.push(46);
        i++;
        segment();
        return;
      } else (out.push(c), i++);
    }
  };
  segment();
  return Uint8Array.from(out);
}

const toBinary = (bytes: Uint8Array): Term => bytesToString(bytes);

/** Macro.expand_once/2 (`repeat` false) or Macro.expand/2 (true), in the calling process. */
function expansion(name: string, repeat: boolean): Code {
  return generatorCode("Elixir.Macro", name, 2, function* ([quoted, envTerm], p): Gen<Term> {
    const env = envFromTerm(envTerm);
    if (env === null) throw fce("Elixir.Macro", name, [quoted, envTerm]);
    const rt = rtOf(p);
    const s = compileState(rt);
    const x = new Expander(rt, s.host, moduleHooks(rt));
    let ast = termToAst(quoted);
    for (;;) {
      const next = yield* x.expandOnce(ast, env, true, true);
      if (next === null) break;
      ast = next;
      if (!repeat) break;
    }
    for (const w of x.warnings) s.warn(w);
    return astToTerm(ast);
  });
}

const macro: Record<string, NativeFn | Code> = {
  "escape/1": ([t]) => escape(t, false),
  "escape/2": ([t, opts]) => escape(t, optionTrue(opts, "unquote"), optionTrue(opts, "prune_metadata")),
  "expand_once/2": expansion("expand_once", false),
  "expand/2": expansion("expand", true),
  "to_string/1": ([t]) => quotedToString(t),
  "unique_var/2": (args, p) => {
    const [name, context] = args;
    if (!(name instanceof Atom) || !isAtomTerm(context)) throw fce("Elixir.Macro", "unique_var", args);
    return [name, list([[a("counter"), nextCounter(rtOf(p))]]), context];
  },
  "operator?/2": (args) => {
    const [name, arity] = args;
    if (!isAtomTerm(name) || typeof arity !== "number") throw fce("Elixir.Macro", "operator?", args);
    return isOperator(atomName(name), arity);
  },
  "special_form?/2": (args) => {
    const [name, arity] = args;
    if (!isAtomTerm(name) || typeof arity !== "number") throw fce("Elixir.Macro", "special_form?", args);
    return isSpecialForm(atomName(name), arity);
  },
  "classify_atom/1": (args) => {
    if (!isAtomTerm(args[0])) throw fce("Elixir.Macro", "classify_atom", args);
    return a(classifyAtom(atomName(args[0])));
  },
  "inspect_atom/2": (args) => inspectAtomNative(args),
  "inspect_atom/3": (args) => inspectAtomNative(args),
  "underscore/1": (args) => {
    const t = args[0];
    if (isAtomTerm(t)) {
      const n = atomName(t);
      if (!n.startsWith("Elixir.")) throw raise("MatchError", { term: n });
      return toBinary(underscore(stringToBytes(n.slice(7))));
    }
    return toBinary(underscore(bytesArg("underscore", t, args)));
  },
  "camelize/1": (args) => toBinary(camelize(bytesArg("camelize", args[0], args))),
  "unescape_string/1": (args) => {
    const b = bytesArg("unescape_string", args[0], args);
    return unescapeString(bytesToString(b));
  },
};

function inspectAtomNative(args: Term[]): Term {
  const [kind, atom] = args;
  if (!(kind instanceof Atom) || !["literal", "key", "remote_call"].includes(kind.name) || !isAtomTerm(atom)) {
    throw fce("Elixir.Macro", "inspect_atom", args);
  }
  return inspectAtom(kind.name as "literal" | "key" | "remote_call", atom);
}

export const natives: NativeModule[] = [{ module: "Elixir.Macro", fns: macro }];

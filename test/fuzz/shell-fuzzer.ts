// The shell fuzzer: feeds batches of generated inputs to the real program (bin/beamsh.js,
// piped, as `iex < file`) and fails a batch on a JS exception text, a non-zero exit, a hang
// or a shell that no longer answers. Inputs are grammar-aware mutations of the project's
// recorded transcripts plus hostile shapes: random bytes, deep brackets, 1 MB lines, huge
// literals, invalid UTF-8, binary_to_term of random bytes, apply of random functions.
//
// Used by `npm run fuzz` (test/fuzz/main.ts: long runs, optionally against real iex) and by
// a short seeded run in the tests (shell-fuzz.test.ts). A failing batch is narrowed to the
// input that fails alone (when one does) and can be kept as a regression case.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SEEDS, TOKENS } from "./corpus.js";

/** A small deterministic PRNG (LCG) so every run of a seed is the same. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, n: number) => Math.floor(r() * n);

/**
 * Input the fuzzer must not send: what waits for ever on iex too (receive without after,
 * sleeps, :infinity), reads the session's own input, stops the program, or touches the
 * machine (files, commands, ports, the network, the code path).
 */
const UNSAFE = [
  /(?<![\w.])(File|System|Port|Node|Mix|IEx|Application|Logger)\b/,
  /:(file|filename|os|init|net\w*|rpc|erpc|erl_epmd|code|application|logger|global|dets|disk_log|observer|ssh|httpc|gen_tcp|gen_udp|inet|socket|prim_\w+|zlib|erl_ddll|shell|user|standard_io|io|sys|timer)\b/,
  /\bIO\.(gets|read|binread|getn|stream|binstream)\b/,
  // A process that is not an IO device never answers an IO request (iex waits too).
  /\bIO\.\w+\(\s*(pid|agent|server|sup|p|[a-z]+_pid)\s*,/,
  /\b(open_port|halt|sleep|hibernate|infinity|flush|respawn|observer|trace|process_flag|system_flag|load_nif|purge|delete_module|suspend_process|set_cookie|group_leader|spawn_executable|import_file|\w*_file)\b/,
  /\b(c|r|cd|open)\s*[("']/,
  // A receive with no after of its own (before the next receive) waits for ever.
  /\breceive\b(?!(?:(?!\breceive\b)[^])*\bafter\b)/,
  // A receive whose after waits ten seconds or more waits on iex too (a mutated `after 1000`).
  /\bafter\s+\d[\d_]{4,}/,
];

export function isSafe(input: string): boolean {
  return !UNSAFE.some((re) => re.test(input));
}

/** The inputs of the project's recorded transcripts, cut into chunks of 1 to 4 lines. */
export function transcriptChunks(root = process.cwd()): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".in")) files.push(p);
    }
  };
  for (const d of ["test/sessions", "test/doctests", "test/fuzz/regressions"]) walk(join(root, d));
  const out: string[] = [...SEEDS];
  for (const f of files) {
    const lines = readFileSync(f, "latin1").split("\n");
    for (let i = 0; i < lines.length; ) {
      const n = 1 + (i % 4);
      const chunk = lines.slice(i, i + n).join("\n");
      if (chunk.trim() !== "") out.push(chunk);
      i += n;
    }
  }
  return out;
}

/** Splits text into rough Elixir tokens (so mutations cut at token boundaries). */
function tokens(src: string): string[] {
  return src.match(/\s+|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|:?[A-Za-z_][\w.]*[?!]?|\d[\d_.xob]*|[^\w\s]{1,3}/g) ?? [src];
}

const OPENERS = ["(", "[", "{", "%{", "<<", "fn -> ", "do ", '"#{', "'", '"', '"""\n', "~s(", "~r/", "#{", "case x do\n", "if true do\n"];
const CLOSERS = [")", "]", "}", ">>", "end", '"', "'", '"""', "\n", "/"];
const HOSTILE_CHARS = ["\0", "\x01", "\x1b", "\x7f", "\r", "\t", "\\", "?", "\u00e9", "\u{1F600}", "\u200b", "\ufeff", "\xff", "\xfe", "\xc3", "\xe2\x82", "\xf0\x9f\x98"];

/** One token-level mutation of `src`. */
export function mutate(src: string, r: Rand): string {
  const ts = tokens(src);
  const n = 1 + int(r, 4);
  for (let i = 0; i < n; i++) {
    const at = int(r, ts.length + 1);
    const op = int(r, 9);
    if (op === 0 && ts.length > 0) ts.splice(at, 1);
    else if (op === 1) ts.splice(at, 0, pick(r, TOKENS));
    else if (op === 2 && ts.length > 0) ts.splice(at, 0, ts[int(r, ts.length)]);
    else if (op === 3) ts.splice(at, 0, pick(r, OPENERS));
    else if (op === 4) ts.splice(at, 0, pick(r, CLOSERS));
    else if (op === 5) ts.splice(at, 0, pick(r, HOSTILE_CHARS));
    else if (op === 6 && ts.length > 1) {
      const j = int(r, ts.length);
      [ts[at % ts.length], ts[j]] = [ts[j], ts[at % ts.length]];
    } else if (op === 7) ts.splice(at, 0, pick(r, ["0", "-1", "1.0e308", "9".repeat(40), "0x" + "f".repeat(30), ":" + "a".repeat(300), '""', "[]", "nil", "%{}", "<<>>", "{}"]));
    else ts.splice(at, ts.length - at);
  }
  return ts.join("");
}

/** A random term literal (an argument for apply). */
function literal(r: Rand, depth = 0): string {
  const k = int(r, depth > 2 ? 10 : 16);
  switch (k) {
    case 0: return String(int(r, 100) - 50);
    case 1: return pick(r, ["0", "-1", "255", "256", "1114111", "4294967296", "-" + "9".repeat(25), "1" + "0".repeat(30)]);
    case 2: return pick(r, ["0.0", "-0.0", "1.5", "1.0e300", "3.14"]);
    case 3: return pick(r, [":a", ":ok", ":error", "nil", "true", "false", ":infinity_x", ":\"with space\""]);
    case 4: return pick(r, ['"abc"', '""', '"héllo"', '"a,b,,c"', '"  x "', '"\\u{1F600}"', '"12abc"', '"1.5"']);
    case 5: return pick(r, ["<<255>>", "<<0, 1, 2>>", "<<1::1>>", "<<128, 0>>", "<<0xC3>>"]);
    case 6: return pick(r, ["'abc'", "[]", "[1, 2, 3]", "[?a | ?b]", "[1 | 2]"]);
    case 7: return pick(r, ["self()", "make_ref()", "fn x -> x end", "&(&1 + &2)", "&is_atom/1", "1..10", "10..1//-2"]);
    case 8: return pick(r, ["[a: 1, b: 2]", "%{a: 1}", "%{1 => 2, \"k\" => :v}", "MapSet.new([1, 2])", "~D[2024-02-29]"]);
    case 9: return String(int(r, 5));
    default: {
      const n = int(r, 4);
      const items = Array.from({ length: n }, () => literal(r, depth + 1));
      return pick(r, [`[${items.join(", ")}]`, `{${items.join(", ")}}`, `%{${items.map((x, i) => `${i} => ${x}`).join(", ")}}`]);
    }
  }
}

const APPLY_MODULES = ["Enum", "List", "Map", "String", "Integer", "Float", "Tuple", "Keyword", "Atom", "Base", "Bitwise", "Range", "MapSet", "Regex", "URI", "Date", "Time", "NaiveDateTime", "Access", "Kernel", "Function", "Stream", "Macro", "Exception", "Version", "OptionParser", "Path", "Inspect.Algebra", "Calendar.ISO", "Integer", ":lists", ":maps", ":string", ":binary", ":unicode", ":math", ":erlang", ":io_lib", ":proplists", ":queue", ":sets", ":ordsets", ":gb_trees", ":gb_sets", ":orddict", ":calendar", ":base64", ":unicode_util"];
const APPLY_DENY = ["halt", "open_port", "system_flag", "process_flag", "load_nif", "purge_module", "delete_module", "hibernate", "suspend_process", "set_cookie", "disconnect_node", "group_leader", "exit", "raise", "throw", "error", "spawn_opt", "port_control", "port_command", "port_close", "port_connect", "trace", "trace_pattern", "send_after", "start_timer", "apply", "yield", "receive", "garbage_collect", "system_monitor", "system_profile", "memory", "statistics", "cycle", "iterate", "repeatedly", "unfold", "resource", "interval", "timer", "fetch_env", "get_env", "put_env"];

/** `apply` of a function chosen (by index, among those of the right arity) from a module's exports. */
function applyInput(r: Rand): string {
  const args = Array.from({ length: int(r, 4) }, () => literal(r));
  // now and then a term called as a fun, or as apply's module and function (whatever it is)
  if (r() < 0.2) {
    const f = literal(r);
    return pick(r, [
      `apply(${f}, [${args.join(", ")}])`,
      `:erlang.apply(${f}, [${args.join(", ")}])`,
      `(${f}).(${args.join(", ")})`,
      `apply(${f}, ${literal(r)}, [${args.join(", ")}])`,
      `Function.info(${f})`,
      `Kernel.apply(${f}, ${literal(r)})`,
    ]);
  }
  const mod = pick(r, APPLY_MODULES);
  const deny = APPLY_DENY.map((d) => ":" + d).join(", ");
  return `(fn m, i, args -> fs = Enum.reject(m.module_info(:exports), fn {f, a} -> a != length(args) or f in [${deny}, :module_info, :__info__] end); if fs == [], do: :none, else: (fn {f, _} -> apply(m, f, args) end).(Enum.at(fs, rem(i, length(fs)))) end).(${mod}, ${int(r, 1000)}, [${args.join(", ")}])`;
}

function randomBytes(r: Rand, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(int(r, 256));
  return s;
}

/** One input of the hostile kinds (latin1: one char per byte); `heavy` ones are large. */
function hostile(r: Rand, heavy: boolean): string {
  if (!heavy) {
    switch (int(r, 6)) {
      case 0: return randomBytes(r, 1 + int(r, 60)).replace(/\n/g, " ");
      case 1: {
        const [o, c] = pick(r, [["[", "]"], ["{", "}"], ["(", ")"], ["%{a: ", "}"], ["<<", ">>"], ["fn -> ", " end"], ['"#{', '}"'], ["[1 | ", "]"], ["case 1 do _ -> ", " end"]]);
        const n = 1 + int(r, 300);
        return o.repeat(n) + (r() < 0.7 ? c.repeat(n) : c.repeat(int(r, n)));
      }
      case 2: return pick(r, ['"a\xff b"', "'a\xc3'", "# \xff\xfe comment", "x\xff = 1", '"\xf0\x9f\x98"', "~s(\xe2\x82)", '"""\n\xff\n"""', ":\xff", "?\xff", '<<"\xff"::utf8>>', 'String.valid?("\xfe")']);
      case 3: return `:erlang.binary_to_term(<<${[131, ...Array.from({ length: int(r, 40) }, () => int(r, 256))].slice(r() < 0.8 ? 0 : 1).join(", ")}>>)`;
      case 4: return `:erlang.binary_to_term(<<131, ${pick(r, ["104, 255", "108, 255, 255, 255, 255", "109, 255, 255, 255, 255", "116, 127, 255, 255, 255", "110, 255, 0", "111, 255, 255, 255, 255, 0", "80, 0, 0, 0, 10, 120, 156", "97", "100, 0", "104, 2, 97, 1", "108, 0, 0, 0, 1, 97, 1, 97, 2", "113, 100, 0, 1, 109, 100, 0, 1, 102, 97, 0"])}>>)`;
      default: return pick(r, ['"abc', "'abc", '"""\nabc', "~s(abc", "#{", "fn x ->", "do", "end", ")", "]", "}", ">>", "\0", "\0\0\0", "\x04", "\x1b[A", "\r\n", "?", ":", "&", "%", "<<", "~r/[/", "%x{}", "@", "__ENV__.", "...", "1 + ", "[", "x = ", "Enum.map(["]);
    }
  }
  switch (int(r, 12)) {
    case 0: return randomBytes(r, 1 + int(r, 60)).replace(/\n/g, " ");
    case 1: {
      const [o, c] = pick(r, [["[", "]"], ["{", "}"], ["(", ")"], ["%{a: ", "}"], ["<<", ">>"], ["fn -> ", " end"], ['"#{', '}"'], ["[1 | ", "]"]]);
      const n = pick(r, [1_000, 10_000, 100_000]);
      const balanced = r() < 0.7;
      return o.repeat(n) + (balanced ? c.repeat(n) : c.repeat(int(r, n)));
    }
    case 2: return pick(r, ["+", "-", "*", "|>", "++", "<>", "and", ".", "=", "::", "|", "when", "\\\\", "->"]).replace(/.*/, (op) => Array(pick(r, [1000, 30_000])).fill(pick(r, ["1", "x", "a", "[]", '"s"'])).join(` ${op} `));
    case 3: return `"${"x".repeat(pick(r, [100_000, 1 << 20]))}" |> byte_size()`;
    case 4: return `x = [${Array.from({ length: pick(r, [10_000, 100_000]) }, (_, i) => i).join(",")}]; length(x)`;
    case 5: return pick(r, ["9".repeat(100_000), "1" + "_000".repeat(20_000), "0x" + "f".repeat(50_000), "1." + "5".repeat(10_000), "1.0e" + "9".repeat(20), ":" + "a".repeat(256), "a".repeat(256) + " = 1", ":'" + "b".repeat(300) + "'"]);
    case 6: return pick(r, ['"a\xff b"', "'a\xc3'", "# \xff\xfe comment", "x\xff = 1", '"\xf0\x9f\x98"', "~s(\xe2\x82)", '"""\n\xff\n"""', ":\xff", "?\xff"]);
    case 7: return `:erlang.binary_to_term(<<${[131, ...Array.from({ length: int(r, 40) }, () => int(r, 256))].slice(r() < 0.8 ? 0 : 1).join(", ")}>>)`;
    case 8: return `:erlang.binary_to_term(<<131, ${pick(r, ["104, 255", "108, 255, 255, 255, 255", "109, 255, 255, 255, 255", "116, 127, 255, 255, 255", "110, 255, 0", "111, 255, 255, 255, 255, 0", "80, 0, 0, 0, 10, 120, 156", "97", "100, 0"])}>>)`;
    case 9: return pick(r, ["1 + ", "[", "x = ", "Enum.map(["]) + randomBytes(r, 1 + int(r, 8)).replace(/\n/g, " ");
    case 10: return pick(r, ['"abc', "'abc", '"""\nabc', "~s(abc", "#{", "fn x ->", "do", "end", ")", "]", "}", ">>", "\0", "\0\0\0", "\x04", "\x1b[A", "\r\n", "?", ":", "&", "%", "<<", '~r/[/', "%x{}", "@", "__ENV__.", "..."]);
    default: return `${pick(r, ["Enum.sort", "Enum.reverse", "String.reverse", ":lists.seq(1, ", "Enum.sum", "List.flatten", "inspect"])}${pick(r, ["(Enum.to_list(1..200_000))", "(String.duplicate(\"ab\", 500_000))", "(1..100_000 |> Enum.map(&{&1}))", "300_000)", "(List.duplicate([[1]], 100_000))"])} |> then(fn _ -> :done end)`;
  }
}

/**
 * One generated input: mostly a transcript chunk, mutated or not; then apply of random
 * functions, small hostile inputs, and now and then a large one (deep, long or huge).
 */
export function generate(r: Rand, chunks: readonly string[]): string {
  const k = r();
  if (k < 0.05) return applyInput(r);
  for (;;) {
    const input = k < 0.86 ? (r() < 0.15 ? pick(r, chunks) : mutate(pick(r, chunks), r)) : hostile(r, k > 0.995);
    if (isSafe(input)) return input;
  }
}

/** JS text that must never reach the user (Elixir's own SyntaxError etc. are fine). */
const JS_TEXT = /\b(TypeError|RangeError|ReferenceError|EvalError|InternalError|AggregateError): |internal (compiler )?error|Maximum call stack|is not a function|is not iterable|Cannot read propert|Cannot set propert|Cannot access '|undefined is not|\.js:\d+|heap out of memory|FATAL ERROR|ran out of memory|\[object Object\]/;

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
  timedOut: boolean;
  ms: number;
}

/** Runs `cmd` with `input` on stdin; SIGKILLs it (its whole group) after `timeoutMs`. */
export function runProgram(cmd: string[], input: Buffer, timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const t0 = performance.now();
  // Each run in an empty directory of its own, removed after: what the inputs write (a
  // Mnesia schema, files) neither lands in the checkout nor meets the next run.
  const cwd = mkdtempSync(join(tmpdir(), "beamsh-fuzz-"));
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const LIMIT = 64 << 20;
    child.stdout.on("data", (d: Buffer) => {
      if ((size += d.length) < LIMIT) out.push(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      if ((size += d.length) < LIMIT) err.push(d);
    });
    let timedOut = false;
    const killAll = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killAll();
    }, timeoutMs);
    child.stdin.on("error", () => {});
    child.stdin.end(input);
    child.on("close", (status) => {
      clearTimeout(timer);
      killAll(); // anything it started (none expected) goes too
      rmSync(cwd, { recursive: true, force: true });
      resolve({ stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), status, timedOut, ms: performance.now() - t0 });
    });
  });
}

export interface Verdict {
  ok: boolean;
  why: string;
}

/** A sentinel the shell must answer after a batch (unless an open construct swallowed it). */
export const sentinel = (n: number) => `:fuzz_alive_${n}`;

/** Judges one piped run of a batch ending with the sentinel. */
export function judge(r: RunResult, n: number): Verdict {
  if (r.timedOut) return { ok: false, why: `hang (no end after ${Math.round(r.ms)} ms)` };
  const js = JS_TEXT.exec(r.stdout) ?? JS_TEXT.exec(r.stderr);
  if (js !== null) {
    const text = (JS_TEXT.test(r.stdout) ? r.stdout : r.stderr);
    const at = text.indexOf(js[0]);
    return { ok: false, why: `JS text: ${JSON.stringify(text.slice(Math.max(0, at - 200), at + 200))}` };
  }
  if (r.status !== 0) return { ok: false, why: `exit status ${r.status}: ${r.stderr.slice(-500)}` };
  // An unterminated string, heredoc, sigil, bracket or block legitimately takes the rest
  // of the input with it: the shell is still reading an expression at the end (as iex, it
  // then says nothing more; only what its processes still print after a restart, see
  // drainAfterRestart in server.ts).
  const prompts = r.stdout.match(/(?:iex|\.\.\.)\(\d+\)> /g) ?? [];
  const reading = prompts.length > 0 && prompts[prompts.length - 1].startsWith("...");
  // (An input that takes the next line as its operand, `&` alone, makes the sentinel part of
  // its error, "Got: :fuzz_alive_N": the shell answered all the same.)
  if (!r.stdout.includes(sentinel(n)) && !reading) {
    return { ok: false, why: `the shell did not answer afterwards: ${JSON.stringify(r.stdout.slice(-400))}` };
  }
  return { ok: true, why: "" };
}

/** The bytes of a batch: its inputs, one per line, then the sentinel. */
export function batchBytes(inputs: readonly string[], n: number): Buffer {
  return Buffer.from(inputs.join("\n") + `\n${sentinel(n)}\n`, "latin1");
}

export const BEAMSH = ["node", join(process.cwd(), "bin", "beamsh.js")];
/** The fuzzed program's heap: a runaway input must not take the machine's memory. */
export const FUZZ_ENV = { BEAMSH_HEAP_MB: "2048", BEAMSH_HISTORY: "0" };

/** Time allowed for a batch: start-up plus a generous share per input and per MB. */
export function batchTimeout(bytes: number, inputs: number): number {
  return 30_000 + inputs * 300 + (bytes >> 20) * 20_000;
}

/** Runs `inputs` as one batch in a fresh shell and judges it. */
export async function check(inputs: readonly string[], seed = 0, cmd = BEAMSH): Promise<Verdict> {
  const bytes = batchBytes(inputs, seed);
  return judge(await runProgram(cmd, bytes, batchTimeout(bytes.length, inputs.length), FUZZ_ENV), seed);
}

/**
 * Narrows a failing batch by halves to the smallest runs that still fail: single inputs
 * when they fail alone, else the run of inputs whose failure needs what came before.
 */
export async function narrow(inputs: readonly string[], why: string, cmd = BEAMSH): Promise<{ inputs: string[]; why: string }[]> {
  if (inputs.length === 1) return [{ inputs: [...inputs], why }];
  const mid = inputs.length >> 1;
  const halves = [inputs.slice(0, mid), inputs.slice(mid)];
  const found: { inputs: string[]; why: string }[] = [];
  for (const h of halves) {
    const v = await check(h, 0, cmd);
    if (!v.ok) found.push(...(await narrow(h, v.why, cmd)));
  }
  return found.length > 0 ? found : [{ inputs: [...inputs], why }];
}

/**
 * The prompts a piped session printed, in order, as `iex` or `...` (a new expression or a
 * continuation line): how it framed the input. The counters are left out: they differ
 * whenever one shell answers an input with a value and the other with an error.
 */
export function prompts(stdout: string): string[] {
  return (stdout.match(/(?:iex|\.\.\.)\(\d+\)> /g) ?? []).map((p) => p.slice(0, 3));
}

// Exception.message/1, Exception.format_banner/3, format_exit/1 and stacktrace formatting
// as Elixir 1.14 does them, plus the blame step iex applies before printing an error
// (ArithmeticError operands, UndefinedFunctionError hints, KeyError suggestions,
// FunctionClauseError arguments). Everything that needs knowledge only the machine has
// (user exception messages, loaded modules' exports) comes through an ErrorContext.
import { MapTerm } from "./map.js";
import { strictEquals } from "./term-order.js";
import { Fun } from "./fun.js";
import { InspectOptions, inspect, inspectAtom, inspectForShell } from "./inspect.js";
import { toStringTerm } from "./string-chars.js";
import { a, Atom, Bin, Cons, Float, NIL, Pid, Port, Ref, Term, atomName, isAtom, isBinary, listToArray } from "./term.js";
import { fce } from "./arith.js";
import { exception, raise } from "./errors.js";
import { activeRuntime } from "./active.js";
import { memoized, request } from "./elixir-callback.js";
import { relativeToCwd } from "./relative-to-cwd.js";

/** What the machine knows and this module cannot compute by itself. */
export interface ErrorContext {
  /** A precomputed message (e.g. the result of a user exception's message/1). */
  message?: string;
  /** Message of a user exception with a custom message/1; null to use the default. */
  userMessage?: (exc: MapTerm) => string | null;
  /** Public functions and macros of a loaded module; null when the module is not loaded. */
  moduleExports?: (mod: Atom) => ModuleExports | null;
  /** "app vsn" owning a module (stacktrace prefix); default knows Elixir/OTP modules. */
  applicationOf?: (mod: Atom) => string | null;
  /** Options for every inspect done while formatting (struct field resolver...). */
  inspectOptions?: InspectOptions;
  /**
   * The clause heads iex lists for a FunctionClauseError in one of Elixir's functions (`cli`:
   * as Kernel.CLI marks them, what matched between `+` too).
   */
  blameClauses?: (mod: Atom, fun: Atom, args: Term[], cli?: boolean, marker?: (text: string, ok: boolean) => string) => string[] | null;
  /** An error printed by Elixir's command line (Kernel.CLI.format_error/3: a script's), not iex's. */
  cli?: boolean;
  /** Where Elixir defines one of its functions ([file, line]), for frames that carry none. */
  locationOf?: (mod: Atom, fun: Atom, arity: number) => [string, number] | null;
  /** The current directory (File.cwd!/0), which file names in messages are relative to. */
  cwd?: () => string;
}

/** What UndefinedFunctionError hints need to know about a loaded module. */
export interface ModuleExports {
  functions: [string, number][];
  macros?: [string, number][];
  /** Deprecated functions are never suggested by "Did you mean". */
  deprecated?: [string, number][];
  /** The module's behaviours with their required (non-optional) callbacks. */
  behaviours?: [string, [string, number][]][];
  /** Why OTP removed one of the module's functions (otp_internal:obsolete/3), or null. */
  removed?: (fun: string, arity: number) => string | null;
}

const APPS: [string, string][] = [
  ["elixir 1.14.0", "Access Agent Agent.Server Application ArgumentError ArithmeticError Atom BadArityError BadBooleanError BadFunctionError BadMapError BadStructError Base Behaviour Bitwise Calendar Calendar.ISO Calendar.TimeZoneDatabase Calendar.UTCOnlyTimeZoneDatabase CaseClauseError Code Code.Formatter Code.Fragment Code.Identifier Code.LoadError Code.Normalizer Code.Typespec Collectable Collectable.BitString Collectable.File.Stream Collectable.HashDict Collectable.HashSet Collectable.IO.Stream Collectable.List Collectable.Map Collectable.MapSet CompileError CondClauseError Config Config.Provider Config.Reader Date Date.Range DateTime Dict DynamicSupervisor Enum Enum.EmptyError Enum.OutOfBoundsError Enumerable Enumerable.Date.Range Enumerable.File.Stream Enumerable.Function Enumerable.GenEvent.Stream Enumerable.HashDict Enumerable.HashSet Enumerable.IO.Stream Enumerable.List Enumerable.Map Enumerable.MapSet Enumerable.Range Enumerable.Stream ErlangError Exception File File.CopyError File.Error File.LinkError File.RenameError File.Stat File.Stream Float Function FunctionClauseError GenEvent GenEvent.Stream GenServer HashDict HashSet IO IO.ANSI IO.ANSI.Docs IO.ANSI.Sequence IO.Stream IO.StreamError Inspect Inspect.Algebra Inspect.Any Inspect.Atom Inspect.BitString Inspect.Date Inspect.Date.Range Inspect.DateTime Inspect.Error Inspect.Float Inspect.Function Inspect.HashDict Inspect.HashSet Inspect.Inspect.Error Inspect.Integer Inspect.List Inspect.Macro.Env Inspect.Map Inspect.MapSet Inspect.NaiveDateTime Inspect.Opts Inspect.PID Inspect.Port Inspect.Range Inspect.Reference Inspect.Regex Inspect.Stream Inspect.Time Inspect.Tuple Inspect.URI Inspect.Version Inspect.Version.Requirement Integer Kernel Kernel.CLI Kernel.ErrorHandler Kernel.LexicalTracker Kernel.ParallelCompiler Kernel.ParallelRequire Kernel.SpecialForms Kernel.Typespec Kernel.Utils KeyError Keyword List List.Chars List.Chars.Atom List.Chars.BitString List.Chars.Float List.Chars.Integer List.Chars.List Macro Macro.Env Map MapSet MatchError Module Module.LocalsTracker Module.ParallelChecker Module.Types Module.Types.Error Module.Types.Expr Module.Types.Helpers Module.Types.Of Module.Types.Pattern Module.Types.Unify NaiveDateTime Node OptionParser OptionParser.ParseError PartitionSupervisor Path Path.Wildcard Port Process Protocol Protocol.UndefinedError Range Record Record.Extractor Regex Regex.CompileError Registry Registry.Partition Registry.Supervisor RuntimeError Set Stream Stream.Reducers String String.Break String.Chars String.Chars.Atom String.Chars.BitString String.Chars.Date String.Chars.DateTime String.Chars.Float String.Chars.Integer String.Chars.List String.Chars.NaiveDateTime String.Chars.Time String.Chars.URI String.Chars.Version String.Chars.Version.Requirement String.Tokenizer String.Tokenizer.ScriptSet String.Tokenizer.Security String.Unicode StringIO Supervisor Supervisor.Default Supervisor.Spec SyntaxError System System.EnvError System.SignalHandler SystemLimitError Task Task.Supervised Task.Supervisor Time TokenMissingError TryClauseError Tuple URI URI.Error UndefinedFunctionError UnicodeConversionError Version Version.InvalidRequirementError Version.InvalidVersionError Version.Parser Version.Requirement WithClauseError elixir elixir_aliases elixir_bitstring elixir_bootstrap elixir_clauses elixir_code_server elixir_compiler elixir_config elixir_def elixir_dispatch elixir_env elixir_erl elixir_erl_clauses elixir_erl_compiler elixir_erl_for elixir_erl_pass elixir_erl_try elixir_erl_var elixir_errors elixir_expand elixir_fn elixir_import elixir_interpolation elixir_lexical elixir_locals elixir_map elixir_module elixir_overridable elixir_parser elixir_quote elixir_rewrite elixir_sup elixir_tokenizer elixir_utils"],
  ["stdlib 4.2", "array base64 beam_lib binary c calendar dets dets_server dets_sup dets_utils dets_v9 dict digraph digraph_utils edlin edlin_expand epp erl_abstract_code erl_anno erl_bits erl_compile erl_error erl_eval erl_expand_records erl_features erl_internal erl_lint erl_parse erl_posix_msg erl_pp erl_scan erl_stdlib_errors erl_tar error_logger_file_h error_logger_tty_h escript ets eval_bits file_sorter filelib filename gb_sets gb_trees gen gen_event gen_fsm gen_server gen_statem io io_lib io_lib_format io_lib_fread io_lib_pretty lists log_mf_h maps math ms_transform orddict ordsets otp_internal peer pool proc_lib proplists qlc qlc_pt queue rand random re sets shell shell_default shell_docs slave sofs string supervisor supervisor_bridge sys timer unicode unicode_util uri_string win32reg zip"],
  ["kernel 8.5.3", "application application_controller application_master application_starter auth code code_server disk_log disk_log_1 disk_log_server disk_log_sup dist_ac dist_util erl_boot_server erl_compile_server erl_ddll erl_distribution erl_epmd erl_erts_errors erl_kernel_errors erl_reply erl_signal_handler erpc error_handler error_logger erts_debug file file_io_server file_server gen_sctp gen_tcp gen_tcp_socket gen_udp gen_udp_socket global global_group global_search group group_history heart inet inet6_sctp inet6_tcp inet6_tcp_dist inet6_udp inet_config inet_db inet_dns inet_gethost_native inet_hosts inet_parse inet_res inet_sctp inet_tcp inet_tcp_dist inet_udp kernel kernel_config kernel_refc local_tcp local_udp logger logger_backend logger_config logger_disk_log_h logger_filters logger_formatter logger_h_common logger_handler_watcher logger_olp logger_proxy logger_server logger_simple_h logger_std_h logger_sup net net_adm net_kernel os pg pg2 ram_file raw_file_io raw_file_io_compressed raw_file_io_deflate raw_file_io_delayed raw_file_io_inflate raw_file_io_list rpc seq_trace socket standard_error user user_drv user_sup wrap_log_reader"],
  ["logger 1.14.0", "Logger Logger.App Logger.BackendSupervisor Logger.Backends.Console Logger.Config Logger.Filter Logger.Formatter Logger.Handler Logger.Translator Logger.Utils Logger.Watcher"],
  ["ex_unit 1.14.0", "ExUnit ExUnit.AssertionError ExUnit.Assertions ExUnit.CLIFormatter ExUnit.Callbacks ExUnit.CaptureIO ExUnit.CaptureLog ExUnit.CaptureServer ExUnit.Case ExUnit.CaseTemplate ExUnit.Diff ExUnit.DocTest ExUnit.DocTest.Error ExUnit.DuplicateDescribeError ExUnit.DuplicateTestError ExUnit.EventManager ExUnit.FailuresManifest ExUnit.Filters ExUnit.Formatter ExUnit.MultiError ExUnit.OnExitHandler ExUnit.Runner ExUnit.RunnerStats ExUnit.Server ExUnit.Test ExUnit.TestCase ExUnit.TestModule ExUnit.TimeoutError"],
  ["stream_data 0.6.0", "ExUnitProperties ExUnitProperties.Error StreamData StreamData.FilterTooNarrowError StreamData.LazyTree StreamData.TooManyDuplicatesError"],
  ["iex 1.14.0", "IEx IEx.App IEx.Autocomplete IEx.Broker IEx.CLI IEx.Config IEx.Evaluator IEx.Helpers IEx.History IEx.Info IEx.Info.Any IEx.Info.Atom IEx.Info.BitString IEx.Info.Date IEx.Info.Float IEx.Info.Function IEx.Info.Integer IEx.Info.List IEx.Info.Map IEx.Info.NaiveDateTime IEx.Info.PID IEx.Info.Port IEx.Info.Reference IEx.Info.Time IEx.Info.Tuple IEx.Introspection IEx.Pry IEx.Server IEx.State"],
  ["eex 1.14.0", "EEx EEx.Compiler EEx.Engine EEx.SmartEngine EEx.SyntaxError"],
  ["mix 1.14.0", "Collectable.Mix.Shell Mix Mix.CLI Mix.Compilers.ApplicationTracer Mix.Compilers.Elixir Mix.Compilers.Erlang Mix.Compilers.Test Mix.Config Mix.Dep Mix.Dep.Converger Mix.Dep.ElixirSCM Mix.Dep.Fetcher Mix.Dep.Loader Mix.Dep.Lock Mix.Dep.Umbrella Mix.ElixirVersionError Mix.Error Mix.Generator Mix.Hex Mix.InvalidTaskError Mix.Local Mix.Local.Installer Mix.NoProjectError Mix.NoTaskError Mix.Project Mix.ProjectStack Mix.PublicKey Mix.Rebar Mix.Release Mix.RemoteConverger Mix.SCM Mix.SCM.Git Mix.SCM.Path Mix.Shell Mix.Shell.IO Mix.Shell.Process Mix.Shell.Quiet Mix.State Mix.Task Mix.Task.Compiler Mix.Task.Compiler.Diagnostic Mix.Tasks.App.Config Mix.Tasks.App.Start Mix.Tasks.App.Tree Mix.Tasks.Archive Mix.Tasks.Archive.Build Mix.Tasks.Archive.Check Mix.Tasks.Archive.Install Mix.Tasks.Archive.Uninstall Mix.Tasks.Clean Mix.Tasks.Cmd Mix.Tasks.Compile Mix.Tasks.Compile.All Mix.Tasks.Compile.App Mix.Tasks.Compile.Elixir Mix.Tasks.Compile.Erlang Mix.Tasks.Compile.Leex Mix.Tasks.Compile.Protocols Mix.Tasks.Compile.Yecc Mix.Tasks.Deps Mix.Tasks.Deps.Clean Mix.Tasks.Deps.Compile Mix.Tasks.Deps.Get Mix.Tasks.Deps.Loadpaths Mix.Tasks.Deps.Precompile Mix.Tasks.Deps.Tree Mix.Tasks.Deps.Unlock Mix.Tasks.Deps.Update Mix.Tasks.Do Mix.Tasks.Escript Mix.Tasks.Escript.Build Mix.Tasks.Escript.Install Mix.Tasks.Escript.Uninstall Mix.Tasks.Eval Mix.Tasks.Format Mix.Tasks.Help Mix.Tasks.Iex Mix.Tasks.Loadconfig Mix.Tasks.Loadpaths Mix.Tasks.Local Mix.Tasks.Local.Hex Mix.Tasks.Local.PublicKeys Mix.Tasks.Local.Rebar Mix.Tasks.New Mix.Tasks.Profile.Cprof Mix.Tasks.Profile.Eprof Mix.Tasks.Profile.Fprof Mix.Tasks.Release Mix.Tasks.Release.Init Mix.Tasks.Run Mix.Tasks.Test Mix.Tasks.Test.Coverage Mix.Tasks.WillRecompile Mix.Tasks.Xref Mix.TasksServer Mix.Utils"],
  ["crypto 5.1.2", "crypto crypto_ec_curves"],
  ["mnesia 4.21.3", "mnesia mnesia_app mnesia_backend_type mnesia_backup mnesia_bup mnesia_checkpoint mnesia_checkpoint_sup mnesia_controller mnesia_dumper mnesia_event mnesia_ext_sup mnesia_frag mnesia_frag_hash mnesia_index mnesia_kernel_sup mnesia_late_loader mnesia_lib mnesia_loader mnesia_locker mnesia_log mnesia_monitor mnesia_recover mnesia_registry mnesia_rpc mnesia_schema mnesia_snmp_hook mnesia_sp mnesia_subscr mnesia_sup mnesia_text mnesia_tm"],
];

const appIndex = new Map<string, string>();
for (const [app, mods] of APPS) for (const m of mods.split(" ")) appIndex.set(m, app);

/** The modules an application of Elixir's or OTP's ships (module atoms' names), by name ("stdlib"). */
export function applicationModules(app: string): string[] {
  const entry = APPS.find(([name]) => name.split(" ")[0] === app);
  if (entry === undefined) return [];
  return entry[1].split(" ").map((m) => (/^[A-Z]/.test(m) ? "Elixir." + m : m));
}

/** The application (name and version, "stdlib 4.2") a module of Elixir's or OTP's ships in. */
export function moduleApplication(module: string): string | undefined {
  return appIndex.get(module.startsWith("Elixir.") ? module.slice(7) : module);
}

const S = (k: string): Atom => a(k);
const field = (m: MapTerm, k: string): Term => m.get(S(k)) ?? null;
const isList = (t: Term): boolean => t === NIL || t instanceof Cons;
const isInt = (t: Term): boolean => typeof t === "number" || typeof t === "bigint";

/** Module name of an exception struct ("Elixir.KeyError"), or null when not an exception. */
export function exceptionModule(t: Term): string | null {
  if (!(t instanceof MapTerm)) return null;
  const mod = t.get(S("__struct__"));
  return mod instanceof Atom && t.get(S("__exception__")) === true ? mod.name : null;
}

function insp(t: Term, ctx: ErrorContext): string {
  return inspect(t, ctx.inspectOptions ?? {});
}

// (Elixir inspects module names, so Inspect.Opts.default_inspect_fun/1 reaches them too)
const modName = (m: Term): string => inspect(m);

// ---------------------------------------------------------------------------
// Exception.message/1

type MessageFn = (e: MapTerm, ctx: ErrorContext) => string;

const termMsg = (prefix: string): MessageFn => (e, ctx) => prefix + insp(field(e, "term"), ctx);

const MESSAGES: Record<string, MessageFn> = {
  "Elixir.MatchError": termMsg("no match of right hand side value: "),
  "Elixir.CaseClauseError": termMsg("no case clause matching: "),
  "Elixir.WithClauseError": termMsg("no with clause matching: "),
  "Elixir.TryClauseError": termMsg("no try clause matching: "),
  "Elixir.BadMapError": termMsg("expected a map, got: "),
  "Elixir.CondClauseError": () => "no cond clause evaluated to a truthy value",
  "Elixir.BadFunctionError": (e, ctx) => {
    const t = field(e, "term");
    if (t instanceof Fun) return `function ${insp(t, ctx)} is invalid, likely because it points to an old version of the code`;
    return "expected a function, got: " + insp(t, ctx);
  },
  "Elixir.BadStructError": (e, ctx) =>
    `expected a struct named ${insp(field(e, "struct"), ctx)}, got: ${insp(field(e, "term"), ctx)}`,
  "Elixir.BadBooleanError": (e, ctx) =>
    `expected a boolean on left-side of "${str(field(e, "operator"))}", got: ${insp(field(e, "term"), ctx)}`,
  "Elixir.BadArityError": badArityMessage,
  "Elixir.UndefinedFunctionError": (e, ctx) => {
    const msg = field(e, "message");
    if (msg !== null) return str(msg);
    return undefinedMessage(e, ctx)[0];
  },
  "Elixir.FunctionClauseError": (e, ctx) => {
    if (field(e, "function") === null) return "no function clause matches";
    const mfa = formatMfa(field(e, "module"), field(e, "function"), field(e, "arity"), ctx);
    return "no function clause matching in " + mfa + functionClauseBlame(e, (t) => insp(t, ctx), ctx);
  },
  "Elixir.Protocol.UndefinedError": (e, ctx) => {
    const value = field(e, "value");
    const desc = field(e, "description");
    const d = desc === "" || desc === null ? "" : ", " + str(desc);
    return `protocol ${insp(field(e, "protocol"), ctx)} not implemented for ${insp(value, ctx)} of type ${valueType(value, ctx)}${d}`;
  },
  "Elixir.KeyError": (e, ctx) => {
    const msg = field(e, "message");
    return msg !== null ? str(msg) : keyMessage(field(e, "key"), field(e, "term"), ctx);
  },
  "Elixir.ErlangError": (e, ctx) => {
    const reason = field(e, "reason");
    return "Erlang error: " + insp(field(e, "original"), ctx) + (reason === null ? "" : str(reason));
  },
  "Elixir.SyntaxError": fileLineMessage,
  "Elixir.TokenMissingError": fileLineMessage,
  "Elixir.CompileError": (e, ctx) => fileLine(relativeFile(field(e, "file"), ctx), field(e, "line"), null) + " " + str(field(e, "description")),
  "Elixir.File.Error": (e, ctx) =>
    `could not ${str(field(e, "action"))} ${insp(field(e, "path"), ctx)}: ${fileError(field(e, "reason"), field(e, "action"))}`,
};

const str = (t: Term): string => {
  const s = toStringTerm(t);
  return typeof s === "string" ? s : new TextDecoder("utf-8", { ignoreBOM: true }).decode(s.bytes);
};

/**
 * The message of an exception whose message/1 is compiled code: Exception.message/1, asked
 * for (see elixir-callback.ts). Null when message/1 is native, or no Elixir code can run here.
 */
function ownMessage(exc: MapTerm): string | null {
  const mod = exc.get(S("__struct__"));
  const own = mod instanceof Atom ? activeRuntime()?.modules.lookup(mod.name, "message", 1) : undefined;
  // (a struct marked as an exception whose module has no message/1 at all, nor a message
  // field: Exception.message/1 reports the UndefinedFunctionError of calling it, as Elixir's)
  const missing = (own === undefined || own === null) && mod instanceof Atom && MESSAGES[mod.name] === undefined && !exc.has(S("message"));
  if (!missing && (own === undefined || own === null || own.native !== undefined)) return null;
  const done = memoized(exc, "message");
  if (typeof done === "string") return done;
  const reason = raise("ArgumentError", { message: "Exception.message/1 cannot run outside a process" }).reason;
  return request(reason, exc, "message", "Elixir.Exception", "message", [exc]) ? "" : null;
}

/** Exception.message/1 for any exception struct (built-in or user-defined). */
export function exceptionMessage(exc: MapTerm, ctx: ErrorContext = {}): string {
  if (ctx.message !== undefined) return ctx.message;
  const user = ctx.userMessage?.(exc) ?? ownMessage(exc);
  if (user !== undefined && user !== null) return user;
  const mod = atomName(exc.get(S("__struct__")));
  const fn = MESSAGES[mod];
  if (fn !== undefined) return fn(exc, ctx);
  const msg = exc.get(S("message"));
  if (typeof msg === "string") return msg;
  return `got ${insp(msg ?? null, ctx)} while retrieving Exception.message/1 for ${insp(exc, ctx)} (expected a string)`;
}

function badArityMessage(e: MapTerm, ctx: ErrorContext): string {
  const fun = field(e, "function");
  const args = listToArray(field(e, "args")) ?? [];
  const ins = args.map((x) => insp(x, ctx)).join(", ");
  const count = args.length === 0 ? "no arguments" : args.length === 1 ? `1 argument (${ins})` : `${args.length} arguments (${ins})`;
  const arity = fun instanceof Fun ? fun.arity : 0;
  return `${insp(fun, ctx)} with arity ${arity} called with ${count}`;
}

function keyMessage(key: Term, term: Term, ctx: ErrorContext): string {
  const m = `key ${insp(key, ctx)} not found`;
  return term === null ? m : m + " in: " + insp(term, ctx);
}

/** The Elixir type name used by Protocol.UndefinedError. */
export function valueType(v: Term, ctx: ErrorContext = {}): string {
  if (v instanceof MapTerm && v.has(S("__struct__"))) return `${insp(v.get(S("__struct__")), ctx)} (a struct)`;
  if (isAtom(v)) return "Atom";
  if (typeof v === "string" || v instanceof Bin) return "BitString";
  if (v instanceof Float) return "Float";
  if (v instanceof Fun) return "Function";
  if (isInt(v)) return "Integer";
  if (isList(v)) return "List";
  if (v instanceof MapTerm) return "Map";
  if (v instanceof Pid) return "PID";
  if (v instanceof Port) return "Port";
  if (v instanceof Ref) return "Reference";
  return "Tuple";
}

function fileLine(file: Term, line: Term, column: Term): string {
  if (file === null) return "";
  const f = str(file);
  if (line === null || line === 0) return f + ":";
  if (column === null || column === 0) return `${f}:${line}:`;
  return `${f}:${line}:${column}:`;
}

function relativeFile(file: Term, ctx: ErrorContext): Term {
  return file === null ? file : relativeToCwd(str(file), ctx.cwd?.() ?? process.cwd());
}

function fileLineMessage(e: MapTerm, ctx: ErrorContext): string {
  const base = fileLine(relativeFile(field(e, "file"), ctx), field(e, "line"), field(e, "column")) + " " + str(field(e, "description"));
  const snippet = field(e, "snippet");
  if (!(snippet instanceof MapTerm) || field(e, "column") === null) return base;
  const line = field(e, "line");
  const digits = String(line).length;
  const placeholder = " ".repeat(Math.max(digits, 2));
  const padding = digits < 2 ? " " : "";
  return base + "\n" + ` ${placeholder} |\n` + ` ${padding}${line} | ${str(field(snippet, "content"))}\n` +
    ` ${placeholder} | ${" ".repeat(Number(field(snippet, "offset")))}^`;
}

const POSIX: Record<string, string> = {
  enoent: "no such file or directory", eacces: "permission denied", eexist: "file already exists",
  eisdir: "illegal operation on a directory", enotdir: "not a directory", enospc: "no space left on device",
  enotempty: "directory not empty", ebadf: "bad file number", eperm: "not owner", erofs: "read-only file system",
  emfile: "too many open files", einval: "invalid argument", eio: "I/O error", enametoolong: "file name too long",
  eloop: "too many levels of symbolic links", ebusy: "file busy", exdev: "cross-domain link",
  // Not posix codes, but file:format_error/1 words them too.
  badarg: "bad argument", terminated: "the file server process is terminated", system_limit: "a system limit was hit, probably not enough ports",
};

/** What :file.format_error/1 says of a posix atom, or undefined for an unknown one. */
export function posixMessage(reason: Atom): string | undefined {
  return POSIX[reason.name];
}

function fileError(reason: Term, action: Term): string {
  if (action === "remove directory" && reason instanceof Atom && reason.name === "eexist") return "directory is not empty";
  if (reason instanceof Atom && POSIX[reason.name]) return POSIX[reason.name];
  return "unknown POSIX error: " + (reason instanceof Atom ? reason.name : inspect(reason));
}

// ---------------------------------------------------------------------------
// UndefinedFunctionError

/** [message, loaded?] as UndefinedFunctionError.message/4 computes them. */
function undefinedMessage(e: MapTerm, ctx: ErrorContext | null): [string, boolean] {
  const mod = field(e, "module");
  const fun = field(e, "function");
  const arity = field(e, "arity");
  let reason = field(e, "reason");
  if (reason === null) {
    if (fun === null || arity === null) return ["undefined function", false];
    if (mod === null) return [`function ${formatMfa(mod, fun, arity)} is undefined`, false];
    const loaded = ctx?.moduleExports !== undefined && mod instanceof Atom && ctx.moduleExports(mod) !== null;
    reason = a(loaded ? "function not exported" : "module could not be loaded");
  }
  const mfa = formatMfa(mod, fun, arity);
  // A reason may be a string (Access says a struct does not implement it).
  const r = reason instanceof Atom ? atomName(reason) : isBinary(reason) ? str(reason) : atomName(reason);
  if (r === "module could not be loaded") return [`function ${mfa} is undefined (module ${modName(mod)} is not available)`, false];
  if (r === "function not exported") return [`function ${mfa} is undefined or private`, true];
  return [`function ${mfa} is undefined (${r})`, false];
}

function undefinedHint(e: MapTerm, loaded: boolean, ctx: ErrorContext): string {
  const mod = field(e, "module");
  const fun = field(e, "function");
  const arity = field(e, "arity");
  if (mod === null && arity === 0) {
    return ". If you are using the dot syntax, such as module.function(), make sure the left-hand side of the dot is a module atom";
  }
  if (!loaded || !(mod instanceof Atom) || !isAtom(fun)) return "";
  const exp = ctx.moduleExports?.(mod);
  if (!exp) return "";
  const name = atomName(fun);
  const expecting = (exp.behaviours ?? []).find(([, cbs]) => cbs.some(([n, ar]) => n === name && ar === arity));
  const behaviour = expecting === undefined ? "" : `, but the behaviour ${modName(a(expecting[0]))} expects it to be present`;
  return behaviour + loadedHint(exp, name, arity, mod);
}

function loadedHint(exp: ModuleExports, name: string, arity: Term, mod: Atom): string {
  if ((exp.macros ?? []).some(([n, ar]) => n === name && ar === arity)) {
    return `. However there is a macro with the same name and arity. Be sure to require ${modName(mod)} if you intend to invoke this macro`;
  }
  const removed = typeof arity === "number" ? exp.removed?.(name, arity) ?? null : null;
  if (removed !== null) return `, ${removed}`;
  const deprecated = new Set((exp.deprecated ?? []).map(([n, ar]) => n + "/" + ar));
  return didYouMeanFunction(name, [...(exp.macros ?? []), ...exp.functions], deprecated);
}

/** The ". Did you mean:" hint of UndefinedFunctionError (also used by the compiler's undefined-call warnings). */
export function didYouMeanFunction(name: string, exports: [string, number][], deprecated: Set<string>): string {
  const same = exports.filter(([n]) => n === name);
  let cands: [number, string, number][] = same.length > 0
    ? same.map(([n, ar]) => [1.0, n, ar])
    : exports.filter(([n, ar]) => !deprecated.has(n + "/" + ar)).map(([n, ar]) => [jaroDistance(name, n), n, ar] as [number, string, number]).filter((c) => c[0] >= 0.77);
  cands = stableSort(cands, (x, y) => x[0] >= y[0]).slice(0, 5);
  cands = stableSort(cands, (x, y) => compareNameArity(x, y) <= 0);
  if (cands.length === 0) return "";
  return ". Did you mean:\n\n" + cands.map(([, n, ar]) => `      * ${inspectAtom("remote_call", n)}/${ar}\n`).join("");
}

function compareNameArity(x: [number, string, number], y: [number, string, number]): number {
  if (x[1] !== y[1]) return codepointCompare(x[1], y[1]);
  return x[2] - y[2];
}

function codepointCompare(x: string, y: string): number {
  const ax = Array.from(x).map((c) => c.codePointAt(0)!);
  const ay = Array.from(y).map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ax.length, ay.length); i++) if (ax[i] !== ay[i]) return ax[i] - ay[i];
  return ax.length - ay.length;
}

/** Enum.sort/2 with a `fun(a, b) -> a comes first` predicate (a stable merge sort). */
function stableSort<T>(xs: T[], first: (a: T, b: T) => boolean): T[] {
  if (xs.length <= 1) return xs.slice();
  const mid = xs.length >> 1;
  const l = stableSort(xs.slice(0, mid), first);
  const r = stableSort(xs.slice(mid), first);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < l.length && j < r.length) out.push(first(l[i], r[j]) ? l[i++] : r[j++]);
  return out.concat(l.slice(i), r.slice(j));
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** String.jaro_distance/2, ported step by step from Elixir 1.14. */
export function jaroDistance(s1: string, s2: string): number {
  if (s1 === s2) return 1.0;
  if (s1 === "" || s2 === "") return 0.0;
  const c1 = Array.from(graphemes.segment(s1), (g) => g.segment);
  const c2 = Array.from(graphemes.segment(s2), (g) => g.segment);
  const [short, long] = c1.length < c2.length ? [c1, c2] : [c2, c1];
  const lim = Math.floor(long.length / 2) - 1;
  const chars: (string | null)[] = long.slice();
  let start = 0;
  let pre = 0;
  let comm = 0;
  let trans = 0;
  let former = -1;
  for (let idx = 0; idx < short.length; idx++) {
    let budget = pre + 1 + lim;
    for (let j = start; j < chars.length && budget > 0; j++, budget--) {
      if (chars[j] === short[idx]) {
        chars[j] = null;
        const current = idx - pre + (j - start);
        if (current < former) trans++;
        comm++;
        former = current;
        break;
      }
    }
    if (pre === lim) start++;
    else pre++;
  }
  if (comm === 0) return 0.0;
  return (comm / c1.length + comm / c2.length + (comm - trans) / comm) / 3;
}

// ---------------------------------------------------------------------------
// FunctionClauseError blame block

/**
 * "\n\nThe following arguments were given to M.f/1:\n..." (FunctionClauseError.blame/3),
 * or "" when the exception carries no args. `clauses`, when a list of binaries, holds the
 * already formatted clause heads ("def upcase(-\"\"-, _mode)").
 */
export function functionClauseBlame(
  e: MapTerm,
  inspectFun: (t: Term) => string,
  ctx: ErrorContext,
  marker?: (text: string, ok: boolean) => string,
): string {
  const args = listToArray(field(e, "args"));
  if (args === null || field(e, "args") === null) return "";
  const mfa = formatMfa(field(e, "module"), field(e, "function"), field(e, "arity"), ctx);
  const pad = (s: string) => s.replaceAll("\n", "\n    ");
  let out = `\n\nThe following arguments were given to ${mfa}:\n`;
  args.forEach((arg, i) => {
    out += pad("\n# ") + (i + 1) + pad("\n") + pad(inspectFun(arg)) + "\n";
  });
  let clauses = listToArray(field(e, "clauses"));
  const [mod, fun] = [field(e, "module"), field(e, "function")];
  if (clauses === null && ctx.blameClauses && mod instanceof Atom && fun instanceof Atom) clauses = ctx.blameClauses(mod, fun, args, ctx.cli === true, marker);
  if (clauses !== null && clauses.length > 0) {
    const top = clauses.slice(0, 10);
    out += `\nAttempted function clauses (showing ${top.length} out of ${clauses.length}):\n\n`;
    out += top.map((c) => "    " + str(c) + "\n").join("");
    const hidden = clauses.length - 10;
    if (hidden === 1) out += "    ...\n    (1 clause not shown)\n";
    else if (hidden > 1) out += `    ...\n    (${hidden} clauses not shown)\n`;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Normalization (ErlangError.normalize/2) and blame (Exception.blame/3)

const frames = (st: Term): Term[] => (isList(st) ? listToArray(st) ?? [] : []);

/** Converts an Erlang error reason into an Elixir exception struct. */
export function normalizeError(reason: Term, stacktrace: Term = NIL): MapTerm {
  if (exceptionModule(reason) !== null) return reason;
  // The reason as caught from an error the VM raised with this stack trace: the exception
  // it was raised as, its message explained from the BIF's arguments (machine.ts).
  const raised = stacktrace instanceof Cons && Array.isArray(stacktrace.h) ? (stacktrace.h as { raisedAs?: [Term, Term] }).raisedAs : undefined;
  if (raised !== undefined && strictEquals(raised[0], reason)) return raised[1];
  const name = reason instanceof Atom ? reason.name : null;
  if (name === "badarg") return exception("ArgumentError", { message: "argument error" });
  if (name === "badarith") return exception("ArithmeticError", { message: "bad argument in arithmetic expression" });
  if (name === "system_limit") return exception("SystemLimitError", { message: "a system limit has been reached" });
  if (name === "cond_clause") return exception("CondClauseError", {});
  if (name === "undef" || name === "function_clause") {
    const [module, fn, arity] = fromStacktrace(stacktrace);
    if (name === "undef") return exception("UndefinedFunctionError", { module, function: fn, arity, reason: null, message: null });
    return exception("FunctionClauseError", { module, function: fn, arity, kind: null, args: null, clauses: null });
  }
  if (Array.isArray(reason) && reason[0] instanceof Atom) {
    const n = normalizeTuple(reason, stacktrace);
    if (n !== null) return n;
  }
  return exception("ErlangError", { original: reason, reason: null });
}

function normalizeTuple(r: Term[], stacktrace: Term): MapTerm | null {
  const tag = (r[0] as Atom).name;
  const simple: Record<string, string> = {
    badmatch: "MatchError", badmap: "BadMapError", case_clause: "CaseClauseError",
    with_clause: "WithClauseError", try_clause: "TryClauseError", badfun: "BadFunctionError",
  };
  if (r.length === 2 && simple[tag]) return exception(simple[tag], { term: r[1] });
  if (tag === "badarity" && r.length === 2 && Array.isArray(r[1]) && r[1].length === 2) {
    return exception("BadArityError", { function: r[1][0], args: r[1][1] });
  }
  if (tag === "badstruct" && r.length === 3) return exception("BadStructError", { struct: r[1], term: r[2] });
  if (tag === "badbool" && r.length === 3) return exception("BadBooleanError", { operator: r[1], term: r[2] });
  if (tag === "badarg" && r.length === 2) return exception("ArgumentError", { message: "argument error: " + inspect(r[1]) });
  if (tag === "badkey" && r.length === 2) return exception("KeyError", { key: r[1], term: badkeyTerm(stacktrace), message: null });
  if (tag === "badkey" && r.length === 3) {
    if (r[2] instanceof MapTerm) return exception("KeyError", { key: r[1], term: r[2], message: null });
    const message = `key ${inspect(r[1])} not found in: ${inspect(r[2])}. If you are using the dot syntax, ` +
      "such as map.field, make sure the left-hand side of the dot is a map";
    return exception("KeyError", { key: r[1], term: r[2], message });
  }
  return null;
}

function badkeyTerm(stacktrace: Term): Term {
  const top = frames(stacktrace)[0];
  if (!Array.isArray(top) || top.length !== 4) return null;
  const args = listToArray(top[2]);
  if (args === null) return null;
  const m = atomName(top[0]);
  const f = atomName(top[1]);
  if (m === "Elixir.Map" && (f === "get_and_update!" || f === "update!") && args.length === 3) return args[0];
  if (m === "maps" && f === "update" && args.length === 3) return args[2];
  if (m === "maps" && f === "get" && args.length === 2) return args[1];
  if (m === "erlang" && f === "map_get" && args.length === 2) return args[1];
  return null;
}

function fromStacktrace(st: Term): [Term, Term, Term] {
  const top = frames(st)[0];
  if (Array.isArray(top) && top.length === 4) {
    const args = listToArray(top[2]);
    return [top[0], top[1], args !== null && isList(top[2]) ? args.length : top[2]];
  }
  return [null, null, null];
}

/** Exception.blame/3 for kind :error: normalizes and enriches the exception. */
export function blameError(reason: Term, stacktrace: Term, ctx: ErrorContext = {}): [MapTerm, Term] {
  const exc = normalizeError(reason, stacktrace);
  const mod = exceptionModule(exc)!;
  const top = frames(stacktrace)[0];
  switch (mod) {
    case "Elixir.ArithmeticError":
      return [blameArithmetic(exc, top), stacktrace];
    case "Elixir.ArgumentError":
      return [blameApply(exc, top), stacktrace];
    case "Elixir.UndefinedFunctionError": {
      const [msg, loaded] = undefinedMessage(exc, ctx);
      return [exc.put(S("message"), msg + undefinedHint(exc, loaded, ctx)), stacktrace];
    }
    case "Elixir.KeyError":
      return [blameKey(exc, ctx), stacktrace];
    case "Elixir.FunctionClauseError":
      return blameFunctionClause(exc, stacktrace);
  }
  return [exc, stacktrace];
}

const ARITH_UNARY = new Set(["+", "-"]);
const ARITH_BINARY = new Set(["+", "-", "*", "/"]);
const BITWISE = new Set(["band", "bor", "bxor", "bsl", "bsr"]);

function blameArithmetic(exc: MapTerm, top: Term): MapTerm {
  if (!Array.isArray(top) || top.length !== 4 || atomName(top[0]) !== "erlang") return exc;
  const args = isList(top[2]) ? listToArray(top[2]) : null;
  if (args === null || !isAtom(top[1])) return exc;
  const f = atomName(top[1]);
  const i = (t: Term) => inspect(t);
  let suffix = "";
  if (args.length === 1 && ARITH_UNARY.has(f)) suffix = `: ${f}(${i(args[0])})`;
  else if (args.length === 2 && ARITH_BINARY.has(f)) suffix = `: ${i(args[0])} ${f} ${i(args[1])}`;
  else if (args.length === 2 && (f === "div" || f === "rem")) suffix = `: ${f}(${i(args[0])}, ${i(args[1])})`;
  else if (args.length === 2 && BITWISE.has(f)) suffix = `: Bitwise.${f}(${i(args[0])}, ${i(args[1])})`;
  else if (args.length === 1 && f === "bnot") suffix = `: Bitwise.bnot(${i(args[0])})`;
  return exc.put(S("message"), str(field(exc, "message")) + suffix);
}

function blameApply(exc: MapTerm, top: Term): MapTerm {
  if (!Array.isArray(top) || top.length !== 4 || atomName(top[0]) !== "erlang" || atomName(top[1]) !== "apply") return exc;
  const a3 = listToArray(top[2]);
  if (a3 === null || a3.length !== 3) return exc;
  const [module, fun, args] = a3;
  const i = (t: Term) => inspect(t);
  let message: string;
  if (listToArray(args) === null) {
    message = `you attempted to apply a function named ${i(fun)} on module ${i(module)} with arguments ${i(args)}. ` +
      "Arguments (the third argument of apply) must always be a proper list";
  } else if (!isAtom(module) && isAtom(fun) && args === NIL) {
    message = `you attempted to apply a function named ${i(fun)} on ${i(module)}. If you are using Kernel.apply/3, make sure ` +
      "the module is an atom. If you are using the dot syntax, such as module.function(), make sure the left-hand side of the dot is a module atom";
  } else if (!isAtom(module)) {
    message = `you attempted to apply a function on ${i(module)}. Modules (the first argument of apply) must always be an atom`;
  } else if (!isAtom(fun)) {
    message = `you attempted to apply a function named ${i(fun)} on module ${i(module)}. However ${i(fun)} is not a valid ` +
      "function name. Function names (the second argument of apply) must always be an atom";
  } else return exc;
  return exc.put(S("message"), message);
}

function blameKey(exc: MapTerm, ctx: ErrorContext): MapTerm {
  if (typeof field(exc, "message") === "string") return exc;
  const key = field(exc, "key");
  const term = field(exc, "term");
  let message = keyMessage(key, term, ctx);
  if (term !== null && key instanceof Atom) {
    const keys = atomKeys(term);
    if (keys !== null) message += didYouMeanKey(key, keys, ctx);
  }
  return exc.put(S("message"), message);
}

/** Keys of a map with only atom keys or of a keyword list; otherwise null. */
function atomKeys(term: Term): Term[] | null {
  if (term instanceof MapTerm) {
    // In Map.keys order (atoms sort by name), as Elixir ranks the suggestions.
    const keys = [...term.entries.values()].map((e) => e[0]);
    return keys.every(isAtom) ? keys.sort((x, y) => codepointCompare(atomName(x), atomName(y))) : null;
  }
  const items = isList(term) ? listToArray(term) : null;
  if (items === null || !items.every((it) => Array.isArray(it) && it.length === 2 && isAtom(it[0]))) return null;
  return items.map((it) => it[0]);
}

function didYouMeanKey(key: Atom, keys: Term[], ctx: ErrorContext): string {
  const name = key.name;
  let sugg: [number, Term][] = keys
    .map((k) => [jaroDistance(name, atomName(k)), k] as [number, Term])
    .filter((s) => s[0] >= 0.77);
  if (sugg.length === 0) return "";
  sugg = stableSort(sugg, (x, y) => x[0] >= y[0]).slice(0, 5);
  sugg = stableSort(sugg, (x, y) => codepointCompare(atomName(x[1]), atomName(y[1])) <= 0);
  return ". Did you mean:\n\n" + sugg.map(([, k]) => `      * ${insp(k, ctx)}\n`).join("");
}

function blameFunctionClause(exc: MapTerm, stacktrace: Term): [MapTerm, Term] {
  const st = frames(stacktrace);
  const top = st[0];
  const arity = field(exc, "arity");
  if (!Array.isArray(top) || top.length !== 4 || top[0] !== field(exc, "module") || top[1] !== field(exc, "function")) {
    return [exc, stacktrace];
  }
  const args = isList(top[2]) ? listToArray(top[2]) : null;
  if (args === null || args.length !== arity) return [exc, stacktrace];
  let out = exc;
  if (field(exc, "args") === null) out = out.put(S("args"), top[2]);
  const rest = st.slice(1);
  let l: Term = NIL;
  for (let i = rest.length - 1; i >= 0; i--) l = new Cons(rest[i], l);
  return [out, new Cons([top[0], top[1], arity, top[3]], l)];
}

// ---------------------------------------------------------------------------
// Banners

export type ErrorKind = "error" | "throw" | "exit" | { exitFrom: Pid };

/** Exception.format_banner/3 ("** (RuntimeError) boom", "** (throw) :ball", ...). */
export function formatBannerPlain(kind: ErrorKind, reason: Term, stacktrace: Term = NIL, ctx: ErrorContext = {}): string {
  if (kind === "error") {
    const exc = normalizeError(reason, stacktrace);
    return "** (" + modName(exc.get(S("__struct__"))) + ") " + exceptionMessage(exc, ctx);
  }
  if (kind === "throw") return "** (throw) " + insp(reason, ctx);
  if (kind === "exit") return "** (exit) " + formatExitWith(reason, "\n    ", ctx);
  return `** (EXIT from ${insp(kind.exitFrom, ctx)}) ` + formatExitWith(reason, "\n    ", ctx);
}

/**
 * What iex prints for an uncaught error before the stacktrace: the blamed banner and, for
 * FunctionClauseError, the padded "The following arguments were given..." block (with
 * iex's trailing spaces). Starts with "** ". Use `formatIexError` for the full text.
 */
export function formatBanner(kind: ErrorKind, reason: Term, stacktrace: Term = NIL, ctx: ErrorContext = {}): string {
  if (kind !== "error") return formatBannerPlain(kind, reason, stacktrace, ctx);
  const [blamed] = blameError(reason, stacktrace, ctx);
  if (exceptionModule(blamed) === "Elixir.FunctionClauseError") {
    const banner = formatBannerPlain(kind, reason, stacktrace, ctx);
    const block = functionClauseBlame(blamed, (t) => inspectForShell(t, ctx.inspectOptions ?? {}), ctx);
    return banner + "    " + block.replaceAll("\n", "\n    ");
  }
  return formatBannerPlain(kind, blamed, stacktrace, ctx);
}

/** The whole text iex prints for an uncaught error: banner, newline, formatted stacktrace. */
export function formatIexError(kind: ErrorKind, reason: Term, stacktrace: Term = NIL, ctx: ErrorContext = {}, prune: (st: Term) => Term = (st) => st): string {
  const banner = formatBanner(kind, reason, stacktrace, ctx);
  const st = kind === "error" ? blameError(reason, stacktrace, ctx)[1] : stacktrace;
  return banner + "\n" + formatStacktrace(prune(st), ctx);
}

// ---------------------------------------------------------------------------
// Exits

/** Exception.format_exit/1. */
export function formatExit(reason: Term, ctx: ErrorContext = {}): string {
  return formatExitWith(reason, "\n    ", ctx);
}

function formatExitWith(reason: Term, joiner: string, ctx: ErrorContext): string {
  if (Array.isArray(reason) && reason.length === 2) {
    const [exc, st] = reason;
    if (st instanceof Cons) {
      const entries = listToArray(st);
      const formatted = entries?.map((e) => tryEntry(e, ctx));
      if (formatted && formatted.every((f) => f !== null)) {
        const msg = "an exception was raised:" + joiner + formatBannerPlain("error", exc, st, ctx);
        return [msg, ...(formatted as string[])].join(joiner + "    ");
      }
      return formatExitReason(reason, ctx);
    }
    const start = failedToStart(reason);
    if (start !== null) return formatStartChild(start[0], start[1], joiner, ctx);
    const mfa = reason[1];
    if (Array.isArray(mfa) && mfa.length === 3) {
      const args = listToArray(mfa[2]);
      if (args !== null && args.length < 256 && isList(mfa[2])) {
        if (!isAtom(mfa[0]) || !isAtom(mfa[1])) return formatExitReason(reason, ctx);
        return "exited in: " + formatMfa(mfa[0], mfa[1], mfa[2], ctx) + joiner + "** (EXIT) " +
          formatExitWith(reason[0], joiner + "    ", ctx);
      }
    }
  }
  return formatExitReason(reason, ctx);
}

function failedToStart(reason: Term[]): [Term, Term] | null {
  const inner = reason[1];
  if (atomName(reason[0]) !== "shutdown" || !Array.isArray(inner) || inner.length !== 3) return null;
  if (!(inner[0] instanceof Atom) || inner[0].name !== "failed_to_start_child") return null;
  const r = inner[2];
  if (Array.isArray(r) && r.length === 2 && r[0] instanceof Atom && r[0].name === "EXIT") return [inner[1], r[1]];
  return [inner[1], r];
}

function formatStartChild(child: Term, reason: Term, joiner: string, ctx: ErrorContext): string {
  return "shutdown: failed to start child: " + insp(child, ctx) + joiner + "** (EXIT) " +
    formatExitWith(reason, joiner + "    ", ctx);
}

const EXIT_ATOMS: Record<string, string> = {
  normal: "normal",
  shutdown: "shutdown",
  calling_self: "process attempted to call itself",
  timeout: "time out",
  killed: "killed",
  noconnection: "no connection",
  noproc: "no process: the process is not alive or there's no process currently associated with the given name, possibly because its application isn't started",
};

function formatExitReason(reason: Term, ctx: ErrorContext): string {
  if (reason instanceof Atom && EXIT_ATOMS[reason.name]) return EXIT_ATOMS[reason.name];
  if (Array.isArray(reason) && reason.length === 2 && reason[0] instanceof Atom) {
    const v = reason[1];
    switch (reason[0].name) {
      case "shutdown": return "shutdown: " + insp(v, ctx);
      case "nodedown": if (isAtom(v)) return "no connection to " + atomName(v); break;
      case "already_started": return "already started: " + insp(v, ctx);
      case "bad_return_value": return "bad return value: " + insp(v, ctx);
      case "bad_call": return "bad call: " + insp(v, ctx);
      case "bad_cast": return "bad cast: " + insp(v, ctx);
      case "bad_return":
        if (Array.isArray(v) && v.length === 3 && v[0] instanceof Atom && atomName(v[1]) === "init") {
          return formatMfa(v[0], v[1], 1, ctx) + " returned a bad value: " + insp(v[2], ctx);
        }
        break;
      case "bad_start_spec": return "bad child specification, invalid children: " + insp(v, ctx);
      case "start_spec": return "bad child specification, " + formatSupSpec(v, ctx);
      case "supervisor_data": return "bad supervisor configuration, " + formatSupData(v, ctx);
    }
  }
  return insp(reason, ctx);
}

function formatSupData(d: Term, ctx: ErrorContext): string {
  const names: Record<string, string> = {
    invalid_type: "invalid type: ", invalid_strategy: "invalid strategy: ",
    invalid_intensity: "invalid max_restarts (intensity): ", invalid_period: "invalid max_seconds (period): ",
    invalid_max_children: "invalid max_children: ", invalid_extra_arguments: "invalid extra_arguments: ",
  };
  if (Array.isArray(d) && d.length === 2 && d[0] instanceof Atom && names[d[0].name]) return names[d[0].name] + insp(d[1], ctx);
  return "got: " + insp(d, ctx);
}

/** Why :supervisor rejected a child specification (Elixir's texts for OTP's reasons). */
function formatSupSpec(spec: Term, ctx: ErrorContext): string {
  if (!Array.isArray(spec) || spec.length !== 2 || !(spec[0] instanceof Atom)) return "got: " + insp(spec, ctx);
  const v = insp(spec[1], ctx);
  switch (spec[0].name) {
    case "duplicate_child_name": return duplicateChildName(v);
    case "invalid_child_spec": return "invalid child specification: " + v;
    case "invalid_child_type": return `invalid child type: ${v}. Must be :worker or :supervisor.`;
    case "invalid_mfa": return "invalid mfa: " + v;
    case "invalid_restart_type": return `invalid restart type: ${v}. Must be :permanent, :transient or :temporary.`;
    case "invalid_shutdown": return `invalid shutdown: ${v}. Must be an integer >= 0, :infinity or :brutal_kill.`;
    case "invalid_module": return `invalid module: ${v}. Must be an atom.`;
    case "invalid_modules": return `invalid modules: ${v}. Must be a list of atoms or :dynamic.`;
  }
  return "got: " + insp(spec, ctx);
}

function duplicateChildName(id: string): string {
  return `more than one child specification has the id: ${id}.
If using maps as child specifications, make sure the :id keys are unique.
If using a module or {module, arg} as child, use Supervisor.child_spec/2 to change the :id, for example:

    children = [
      Supervisor.child_spec({MyWorker, arg}, id: :my_worker_1),
      Supervisor.child_spec({MyWorker, arg}, id: :my_worker_2)
    ]
`;
}

// ---------------------------------------------------------------------------
// Stacktraces

/** Exception.format_mfa/3: "Foo.bar/1", "Foo.bar(1, 2)", "anonymous fn/1 in Foo.bar/2". */
export function formatMfa(module: Term, fun: Term, arityOrArgs: Term, ctx: ErrorContext = {}): string {
  const parent = anonymousParent(atomName(fun));
  const arity = formatArity(arityOrArgs, ctx);
  if (parent !== null) {
    return `anonymous fn${arity} in ${inspectAtom("literal", module)}.${inspectAtom("remote_call", parent[0])}/${parent[1]}`;
  }
  return inspectAtom("literal", module) + "." + inspectAtom("remote_call", fun) + arity;
}

function formatArity(arity: Term, ctx: ErrorContext): string {
  if (isList(arity)) return "(" + (listToArray(arity) ?? []).map((x) => insp(x, ctx)).join(", ") + ")";
  return "/" + String(arity);
}

/** Code.Identifier.extract_anonymous_fun_parent/1: "-fact/1-fun-0-" → ["fact", "1"]. */
function anonymousParent(name: string): [string, string] | null {
  if (!name.startsWith("-")) return null;
  const parts = name.slice(1).split("/");
  const trailing = parts.pop()!;
  const pieces = trailing.split("-");
  if (parts.length === 0 || pieces.length !== 4 || pieces[3] !== "") return null;
  return [parts.join("/"), pieces[0]];
}

function kwGet(kw: Term, key: string): Term {
  for (const it of listToArray(kw) ?? []) {
    if (Array.isArray(it) && it.length === 2 && it[0] instanceof Atom && it[0].name === key) return it[1];
  }
  return null;
}

function formatLocation(loc: Term): string {
  const file = kwGet(loc, "file");
  const line = kwGet(loc, "line");
  if (file === null) return "";
  if (line === null || line === 0) return str(file) + ": ";
  return `${str(file)}:${line}: `;
}

function formatApplication(mod: Term, ctx: ErrorContext): string {
  if (!(mod instanceof Atom)) return "";
  const app = ctx.applicationOf ? ctx.applicationOf(mod) : defaultApplication(mod);
  if (!app) return "";
  // :application.get_application/1 knows only the modules of loaded applications
  const loaded = activeRuntime()?.loadedApplications;
  if (loaded !== undefined && !loaded.has(app.split(" ")[0])) return "";
  return "(" + app + ") ";
}

/** "elixir 1.14.0" for modules of Elixir's and OTP's standard applications. */
export function defaultApplication(mod: Atom): string | null {
  const n = mod.name.startsWith("Elixir.") ? mod.name.slice(7) : mod.name;
  return appIndex.get(n) ?? null;
}

/** Exception.format_stacktrace_entry/1; null when the entry is malformed. */
function tryEntry(e: Term, ctx: ErrorContext): string | null {
  if (!Array.isArray(e)) return null;
  if (e.length === 4 && isAtom(e[0]) && isAtom(e[1]) && isList(e[3])) {
    const [mod, fun, arity, loc] = e;
    const f = atomName(fun);
    if (f === "__MODULE__" && arity === 0) return formatLocation(loc) + inspectAtom("literal", mod) + " (module)";
    if (f === "__MODULE__" && arity === 1) return formatLocation(loc) + "(module)";
    if (f === "__FILE__" && arity === 1) return formatLocation(loc) + "(file)";
    if (!isInt(arity) && !isList(arity)) return null;
    let where = formatLocation(loc);
    if (where === "" && ctx.locationOf) {
      // a function the library implements natively: where Elixir defines it
      const known = ctx.locationOf(mod, fun, isInt(arity) ? Number(arity) : listToArray(arity)?.length ?? 0);
      if (known !== null) where = `${known[0]}:${known[1]}: `;
    }
    return formatApplication(mod, ctx) + where + formatMfa(mod, fun, arity, ctx);
  }
  if (e.length === 3 && e[0] instanceof Fun && isList(e[2])) {
    return formatLocation(e[2]) + insp(e[0], ctx) + formatArity(e[1], ctx);
  }
  return null;
}

/** Exception.format_stacktrace_entry/1 (without the leading indentation). */
export function formatStacktraceEntry(entry: Term, ctx: ErrorContext = {}): string {
  const s = tryEntry(entry, ctx);
  if (s === null) throw fce("Exception", "format_stacktrace_entry", [entry]);
  return s;
}

/** Exception.format_stacktrace/1: "    entry\n" per entry, "\n" when empty. */
export function formatStacktrace(trace: Term, ctx: ErrorContext = {}): string {
  const entries = frames(trace);
  if (entries.length === 0) return "\n";
  return "    " + entries.map((e) => formatStacktraceEntry(e, ctx)).join("\n    ") + "\n";
}

// The native library: every module implemented in TypeScript, and the hooks compiled code
// needs from the library, in one table (LIBRARY) that boot.ts installs into each runtime.
import { raise } from "../runtime/errors.js";
import type { Library, NativeModule } from "../runtime/library.js";
import { MapTerm } from "../runtime/map.js";
import { Bin, Cons, NIL, Pid, Term, a, list, tuple } from "../runtime/term.js";
import type { Runtime } from "../runtime/runtime.js";
import * as protocolMod from "./protocol.js";
import * as codeLoadingMod from "./code-loading.js";
import * as inspectAlgebraMod from "./inspect-algebra.js";
import * as accessMod from "./access.js";
import * as atomMod from "./atom.js";
import * as baseMod from "./base.js";
import * as beamshMod from "./beamsh.js";
import * as bitwiseMod from "./bitwise.js";
import * as calendarIsoMod from "./calendar-iso.js";
import * as dateMod from "./date.js";
import * as dateTimeMod from "./date-time.js";
import * as timeMod from "./time.js";
import * as enumMod from "./enum.js";
import * as enumHofMod from "./enum-hof.js";
import { enumMember, enumToArray } from "./enumerable.js";
import * as erlangMod from "./erlang.js";
import * as erlangIoMod from "./erlang-io.js";
import * as erlangStringMod from "./erlang-string.js";
import * as erlangOsMod from "./erlang-os.js";
import * as erlangCryptoMod from "./erlang-crypto.js";
import * as zlibMod from "./zlib.js";
import * as genTcpMod from "./gen-tcp.js";
import * as portsMod from "./ports.js";
import * as filelibMod from "./filelib.js";
import * as erlangRandMod from "./erlang-rand.js";
import * as erlangSystemMod from "./erlang-system.js";
import * as erlangMiscMod from "./erlang-misc.js";
import * as persistentTermMod from "./persistent-term.js";
import * as atomicsMod from "./atomics.js";
import * as reMod from "./re.js";
import * as erlangUnicodeMod from "./erlang-unicode.js";
import * as erlScanMod from "./erl-scan.js";
import * as erlParseMod from "./erl-parse.js";
import * as erlEvalMod from "./erl-eval.js";
import * as erlangBinaryMod from "./erlang-binary.js";
import * as etsFun2msMod from "./ets-fun2ms.js";
import * as etsMod from "./ets.js";
import * as exceptionMod from "./exception.js";
import * as externalTermMod from "./external-term.js";
import * as distMod from "./dist.js";
import * as floatMod from "./float.js";
import * as integerMod from "./integer.js";
import * as ioMod from "./io.js";
import * as kernelMod from "./kernel.js";
import * as systemMod from "./system.js";
import * as applicationMod from "./application.js";
import * as exUnitMod from "./ex-unit.js";
import * as uriMod from "./uri.js";
import * as uriStringMod from "./uri-string.js";
import * as eexMod from "./eex.js";
import * as iexInfoMod from "./iex-info.js";
import * as iexPryMod from "./iex-pry.js";
import * as replaceParts from "./replace-parts.js";
import * as keywordMod from "./keyword.js";
import * as listMod from "./list.js";
import * as listsMod from "./lists.js";
import * as mapSetMod from "./map-set.js";
import * as mapMod from "./map.js";
import * as mapsMod from "./maps.js";
import * as filenameMod from "./filename.js";
import * as moduleMod from "./module.js";
import * as elixirExpandMod from "./elixir-expand.js";
import * as macroMod from "./macro.js";
import * as codeEvalMod from "./code-eval.js";
import * as codeFormatMod from "./code-format.js";
import * as codeFragmentMod from "./code-fragment.js";
import * as mathMod from "./math.js";
import * as processMod from "./process.js";
import * as traceMod from "./trace.js";
import * as queueMod from "./queue.js";
import * as collectionHashMod from "./collection-hash.js";
import * as raiseAtMod from "./raise-at.js";
import * as rangeMod from "./range.js";
import * as regexMod from "./regex.js";
import { isRegex, makeRegex, regexMatch } from "./regex.js";
import { fce } from "../runtime/arith.js";
import * as stringMod from "./string.js";
import * as tupleMod from "./tuple.js";
import { blameClauses, elixirLocation } from "./clause-blame.js";
import { libraryFrames } from "./library-frames.js";
import { libraryDeprecation, otpRemoved, libraryDeprecations } from "./deprecations.js";
import * as fileMod from "./file.js";
import * as recordExtractMod from "./record-extract.js";
import * as unicodeUtilMod from "./unicode-util.js";

/** Every native module of the library, in install order (a later module's function wins). */
const NATIVE_MODULES: NativeModule[] = [
  ...processMod.natives,
  ...traceMod.natives,
  protocolMod.natives, ...codeLoadingMod.natives, ...codeLoadingMod.behaviourNatives,
  inspectAlgebraMod.natives, inspectAlgebraMod.optsNatives, ...inspectAlgebraMod.implNatives,
  accessMod.natives, atomMod.natives, baseMod.natives, bitwiseMod.natives, enumMod.natives, erlangMod.natives, exceptionMod.natives, floatMod.natives, integerMod.natives, ioMod.natives, ioMod.beamshIoNatives, kernelMod.natives, keywordMod.natives, listMod.natives, listsMod.natives, mapSetMod.natives, mapMod.natives, mapsMod.natives, mathMod.natives, rangeMod.natives, regexMod.natives, stringMod.natives, tupleMod.natives,
  { module: stringMod.binaryNatives.module, fns: erlangBinaryMod.explained(stringMod.binaryNatives.fns) },
  kernelMod.erlangExtras,
  systemMod.natives,
  applicationMod.natives,
  exUnitMod.natives,
  exUnitMod.runnerNatives,
  exUnitMod.docTestNatives,
  exUnitMod.captureIoNatives,
  exUnitMod.captureLogNatives,
  uriMod.natives,
  uriStringMod.natives,
  eexMod.natives,
  iexInfoMod.natives,
  iexPryMod.natives,
  replaceParts.stringNatives,
  replaceParts.regexNatives,
  filenameMod.natives,
  ...fileMod.natives,
  recordExtractMod.natives,
  calendarIsoMod.isoNatives, calendarIsoMod.routeCalendars(calendarIsoMod.calendarNatives), calendarIsoMod.utcDbNatives, calendarIsoMod.systemNatives,
  // a calendar other than Calendar.ISO: the call goes on in Elixir (calendar-iso.ts: routeCalendars)
  calendarIsoMod.routeCalendars(dateMod.natives), calendarIsoMod.routeCalendars(dateMod.rangeNatives), calendarIsoMod.routeCalendars(dateMod.sigilNatives, "Elixir.Calendar"),
  calendarIsoMod.routeCalendars(timeMod.natives), calendarIsoMod.routeCalendars(dateTimeMod.naiveNatives), calendarIsoMod.routeCalendars(dateTimeMod.dateTimeNatives),
  ...exceptionMod.builtinExceptions,
  etsMod.natives, etsMod.otpNatives,
  queueMod.natives, collectionHashMod.natives, raiseAtMod.natives, erlangStringMod.natives, unicodeUtilMod.natives, erlangIoMod.ioNatives, erlangIoMod.ioLibNatives,
  externalTermMod.natives,
  erlangOsMod.natives, erlangCryptoMod.natives, zlibMod.natives, genTcpMod.natives, ...portsMod.natives, ...filelibMod.natives, erlangRandMod.natives, erlangSystemMod.natives, erlangMiscMod.natives, persistentTermMod.natives, ...atomicsMod.natives, reMod.natives, erlangUnicodeMod.natives, erlScanMod.natives, erlParseMod.natives, erlEvalMod.natives, erlangBinaryMod.natives, etsFun2msMod.natives,
  ...distMod.natives,
  ...moduleMod.natives,
  ...elixirExpandMod.natives,
  ...macroMod.natives,
  beamshMod.natives,
  ...codeEvalMod.natives,
  ...codeFormatMod.natives,
  ...codeFragmentMod.natives,
];

const STRUCT = a("__struct__");
const URI = a("Elixir.URI");

/** String.Chars for the library's structs (other structs go through the protocol). */
function structToString(t: MapTerm): Term | undefined {
  if (t.get(STRUCT) === URI) return uriMod.toString(t);
  return undefined;
}

/** The library: installed into every runtime by boot.ts (see runtime/library.ts). */
export const LIBRARY: Library = {
  modules: [...NATIVE_MODULES, enumHofMod.natives],
  hooks: {
    enumToArray: (e) => enumToArray(e),
    enumMember: (e, x) => enumMember(e, x),
    structToString,
    regexCompile: (src, opts) => makeRegex(src, opts),
    regexMatch: (s, re) => {
      if (!isRegex(re)) throw fce("Regex", "match?", [re, s]);
      return regexMatch(re as MapTerm, s as string | Bin);
    },
    blameClauses,
    locationOf: elixirLocation,
    libraryFrames,
    deprecation: libraryDeprecation,
    otpRemoved,
    deprecations: libraryDeprecations,
    cwd: fileMod.cwdOf,
    routeCrash: routeCrashToLogger,
  },
};

/**
 * The emulator's event for a process that died of an exception goes to logger_proxy (which
 * hands it to Logger's handler) when Logger is configured beyond its defaults: a backend (the
 * Logger manager is up), a console format, translators or a :truncate other than the
 * defaults. Otherwise the runtime writes the report itself (the same text, at its moment).
 */
function routeCrashToLogger(rt: Runtime, pid: Pid, reason: Term, stack: Term): boolean {
  const proxy = rt.registry.whereis(a("logger_proxy"));
  if (proxy === null) return false;
  const translators = applicationMod.applicationEnv(rt, "logger", "translators");
  const defaultTranslators =
    translators instanceof Cons && translators.t === NIL && Array.isArray(translators.h) && translators.h.length === 2 &&
    translators.h[0] === a("Elixir.Logger.Translator") && translators.h[1] === a("translate");
  const truncate = applicationMod.applicationEnv(rt, "logger", "truncate");
  const configured = rt.logger.consoleConfig !== null || rt.registry.whereis(a("Elixir.Logger")) !== null || !defaultTranslators || (truncate !== 8096 && truncate !== undefined);
  if (!configured) return false;
  const format = list(Array.from("Error in process ~p with exit value:~n~p~n", (c) => c.charCodeAt(0)));
  const meta = MapTerm.fromPairs([
    [a("pid"), pid],
    [a("error_logger"), MapTerm.fromPairs([[a("emulator"), true], [a("tag"), a("error")]])],
  ]);
  rt.send(proxy, tuple(a("log"), a("error"), format, list([pid, tuple(reason, stack)]), meta));
  return true;
}

// The native library: every module implemented in TypeScript, registered into a runtime.
import { Code, NativeFn, nativeCode } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import * as accessMod from "./access.js";
import * as atomMod from "./atom.js";
import * as baseMod from "./base.js";
import * as bitwiseMod from "./bitwise.js";
import * as calendarIsoMod from "./calendar-iso.js";
import * as dateMod from "./date.js";
import * as dateTimeMod from "./date-time.js";
import * as timeMod from "./time.js";
import * as enumMod from "./enum.js";
import { resumables } from "./enum-hof.js";
import * as erlangMod from "./erlang.js";
import * as etsMod from "./ets.js";
import * as exceptionMod from "./exception.js";
import * as floatMod from "./float.js";
import * as integerMod from "./integer.js";
import * as ioMod from "./io.js";
import * as kernelMod from "./kernel.js";
import * as systemMod from "./system.js";
import * as uriMod from "./uri.js";
import * as replaceParts from "./replace-parts.js";
import * as keywordMod from "./keyword.js";
import * as listMod from "./list.js";
import * as listsMod from "./lists.js";
import * as mapSetMod from "./map-set.js";
import * as mapMod from "./map.js";
import * as mapsMod from "./maps.js";
import * as mathMod from "./math.js";
import * as processMod from "./process.js";
import * as queueMod from "./queue.js";
import * as rangeMod from "./range.js";
import * as regexMod from "./regex.js";
import * as stringMod from "./string.js";
import * as tupleMod from "./tuple.js";

interface NativeModule {
  module: string;
  fns: Record<string, NativeFn>;
}

export const NATIVE_MODULES: NativeModule[] = [
  ...processMod.natives,
  accessMod.natives, atomMod.natives, baseMod.natives, bitwiseMod.natives, enumMod.natives, erlangMod.natives, exceptionMod.natives, floatMod.natives, integerMod.natives, ioMod.natives, kernelMod.natives, keywordMod.natives, listMod.natives, listsMod.natives, mapSetMod.natives, mapMod.natives, mapsMod.natives, mathMod.natives, rangeMod.natives, regexMod.natives, stringMod.natives, tupleMod.natives,
  stringMod.binaryNatives,
  kernelMod.erlangExtras,
  systemMod.natives,
  uriMod.natives,
  replaceParts.stringNatives,
  replaceParts.regexNatives,
  calendarIsoMod.isoNatives, calendarIsoMod.calendarNatives, calendarIsoMod.utcDbNatives, calendarIsoMod.systemNatives,
  dateMod.natives, dateMod.rangeNatives, dateMod.sigilNatives, timeMod.natives, dateTimeMod.naiveNatives, dateTimeMod.dateTimeNatives,
  ...exceptionMod.builtinExceptions,
  etsMod.natives, etsMod.otpNatives,
  queueMod.natives,
];

const codeCache = new Map<NativeModule, [string, Code][]>();

/** Code objects for a native module (built once, shared by all runtimes). */
function codesOf(m: NativeModule): [string, Code][] {
  let c = codeCache.get(m);
  if (c === undefined) {
    c = Object.entries(m.fns).map(([key, native]) => {
      const slash = key.lastIndexOf("/");
      const code = nativeCode(m.module, key.slice(0, slash), Number(key.slice(slash + 1)), native);
      return [key, code];
    });
    codeCache.set(m, c);
  }
  return c;
}

export function installNatives(rt: Runtime, modules: NativeModule[] = NATIVE_MODULES): void {
  for (const m of modules) rt.modules.addFunctions(m.module, codesOf(m));
  if (modules === NATIVE_MODULES) for (const [mod, key, code] of resumables) rt.modules.addFunctions(mod, [[key, code]]);
}

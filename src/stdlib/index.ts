// The native library: every module implemented in TypeScript, registered into a runtime.
import type { Code, NativeFn } from "../runtime/code.js";
import type { Runtime } from "../runtime/runtime.js";
import * as enumMod from "./enum.js";
import * as erlang from "./erlang.js";
import * as exceptionMod from "./exception.js";
import * as float from "./float.js";
import * as io from "./io.js";
import * as kernel from "./kernel.js";
import * as keyword from "./keyword.js";
import * as listMod from "./list.js";
import * as lists from "./lists.js";
import * as mapSet from "./map-set.js";
import * as map from "./map.js";
import * as maps from "./maps.js";
import * as range from "./range.js";
import * as regex from "./regex.js";
import * as string from "./string.js";

interface NativeModule {
  module: string;
  fns: Record<string, NativeFn>;
}

export const NATIVE_MODULES: NativeModule[] = [
  enumMod.natives, erlang.natives, float.natives, io.natives, kernel.natives, keyword.natives,
  listMod.natives, lists.natives, mapSet.natives, map.natives, maps.natives, range.natives,
  regex.natives, string.natives, exceptionMod.natives, ...exceptionMod.builtinExceptions,
];

const codeCache = new Map<NativeModule, [string, Code][]>();

/** Code objects for a native module (built once, shared by all runtimes). */
function codesOf(m: NativeModule): [string, Code][] {
  let c = codeCache.get(m);
  if (c === undefined) {
    c = Object.entries(m.fns).map(([key, native]) => {
      const slash = key.lastIndexOf("/");
      const code: Code = { module: m.module, name: key.slice(0, slash), arity: Number(key.slice(slash + 1)), file: "", native };
      return [key, code];
    });
    codeCache.set(m, c);
  }
  return c;
}

export function installNatives(rt: Runtime, modules: NativeModule[] = NATIVE_MODULES): void {
  for (const m of modules) rt.addFunctions(m.module, codesOf(m));
}

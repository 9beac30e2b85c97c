// Object files (.beam) of modules compiled to a directory (IEx's c/2 with a path): the BEAM's
// IFF layout ("FOR1", the size, "BEAM", then chunks of a 4-byte id, a 32-bit size and the
// data padded to 4 bytes) holding what beamsh's other code reads back from one: the atom
// table (the module's name first), "Dbgi" (the module's typespecs and macros, what
// Code.Typespec reads) and "Docs" (EEP 48's docs_v1, what Code.fetch_docs/1 and h/1 read).
// beamsh runs no BEAM code: the module itself stays in memory; the file is found the way
// :code.get_object_code/1 finds one (the code path, then the current directory).
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Runtime } from "../runtime/runtime.js";
import { type Term, a, list, tuple } from "../runtime/term.js";
import { decode, encode } from "../runtime/dist/etf.js";
import { etfContext } from "../runtime/dist/context.js";
import { docsChunkTerm, objectFilePath, setObjectFilePath } from "../runtime/compiler/docs-chunk.js";
import { docsSourceOf } from "../runtime/compiler/module-build.js";
import { cwdOf } from "./file.js";

export { objectFilePath, setObjectFilePath };

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function chunk(id: string, data: Uint8Array): Uint8Array {
  const padded = (data.length + 3) & ~3;
  const out = new Uint8Array(8 + padded);
  out.set(ascii(id), 0);
  new DataView(out.buffer).setUint32(4, data.length);
  out.set(data, 8);
  return out;
}

/** The bytes of `module`'s object file (the module must be loaded). */
export function objectFileBytes(rt: Runtime, module: string): Uint8Array {
  const def = rt.modules.get(module);
  const nameBytes = new TextEncoder().encode(module);
  // (one atom, its length in one byte: the layout of a positive count)
  const atoms = new Uint8Array(5 + nameBytes.length);
  new DataView(atoms.buffer).setUint32(0, 1);
  atoms[4] = nameBytes.length;
  atoms.set(nameBytes, 5);
  const chunks = [chunk("AtU8", atoms)];
  if (def?.typespecs !== undefined) {
    const macros = (def.macros ?? []).map((k) => tuple(a(k.slice(0, k.lastIndexOf("/"))), Number(k.slice(k.lastIndexOf("/") + 1))));
    const info = tuple(a("debug_info_v1"), a("beamsh_module"), tuple(def.typespecs, list(macros)));
    chunks.push(chunk("Dbgi", encode(info, etfContext(rt))));
  }
  const docs = docsSourceOf(rt, module);
  if (docs !== undefined) chunks.push(chunk("Docs", encode(docsChunkTerm(module, docs), etfContext(rt), { compressed: 6 })));
  const size = 4 + chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(8 + size);
  out.set(ascii("FOR1"), 0);
  new DataView(out.buffer).setUint32(4, size);
  out.set(ascii("BEAM"), 8);
  let at = 12;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The chunks of an object file's bytes by id, or null when they are no BEAM file. */
export function beamChunks(bytes: Uint8Array): Map<string, Uint8Array> | null {
  const text = (i: number, n: number) => String.fromCharCode(...bytes.subarray(i, i + n));
  if (bytes.length < 12 || text(0, 4) !== "FOR1" || text(8, 4) !== "BEAM") return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = Math.min(bytes.length, 8 + view.getUint32(4));
  const out = new Map<string, Uint8Array>();
  for (let i = 12; i + 8 <= end; ) {
    const id = text(i, 4);
    const size = view.getUint32(i + 4);
    if (i + 8 + size > end) return null;
    if (!out.has(id)) out.set(id, bytes.subarray(i + 8, i + 8 + size));
    i += 8 + ((size + 3) & ~3);
  }
  return out;
}

/** The module an object file's atom table names first, or null. */
export function beamModule(chunks: Map<string, Uint8Array>): string | null {
  const atoms = chunks.get("AtU8") ?? chunks.get("Atom");
  if (atoms === undefined || atoms.length < 5) return null;
  const count = new DataView(atoms.buffer, atoms.byteOffset, atoms.byteLength).getInt32(0);
  let j = 4;
  let len = atoms[j++];
  if (count < 0) len = (len & 0x08) === 0 ? len >> 4 : ((len & 0xe0) << 3) | atoms[j++];
  return new TextDecoder().decode(atoms.subarray(j, j + len));
}

/**
 * :code.get_object_code/1's search for a module beamsh has no library file for: `Mod.beam`
 * in each directory of the code path, then in the current directory. Gives the bytes and the
 * absolute file name, or null.
 */
export function findObjectFile(rt: Runtime, module: string, codePath: string[]): { bytes: Uint8Array; file: string } | null {
  const cwd = cwdOf(rt);
  for (const dir of [...codePath, cwd]) {
    const file = resolve(cwd, join(dir, module + ".beam"));
    if (!existsSync(file)) continue;
    try {
      return { bytes: new Uint8Array(readFileSync(file)), file };
    } catch {
      continue;
    }
  }
  return null;
}

/** An object file's docs_v1 term; "chunk_not_found" or "invalid" when it has none to read. */
export function docsOfObject(rt: Runtime, bytes: Uint8Array): Term | "chunk_not_found" | "invalid" {
  const chunks = beamChunks(bytes);
  if (chunks === null) return "invalid";
  const docs = chunks.get("Docs");
  if (docs === undefined) return "chunk_not_found";
  try {
    return decode(docs, etfContext(rt)).term;
  } catch {
    return "invalid";
  }
}

/** The {typespecs, macros} an object file's debug info holds (beamsh's own), or null. */
export function debugInfoOfObject(rt: Runtime, bytes: Uint8Array): { module: string; typespecs: Term; macros: Term } | null {
  const chunks = beamChunks(bytes);
  if (chunks === null) return null;
  const module = beamModule(chunks);
  const dbgi = chunks.get("Dbgi");
  if (module === null || dbgi === undefined) return null;
  try {
    const info = decode(dbgi, etfContext(rt)).term as Term[];
    if (!Array.isArray(info) || info.length !== 3 || info[1] !== a("beamsh_module")) return null;
    const [typespecs, macros] = info[2] as Term[];
    return { module, typespecs, macros };
  } catch {
    return null;
  }
}

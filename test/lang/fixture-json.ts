// Converts ASTs to the JSON encoding used by the golden fixtures (see gen-fixtures.exs):
// integers {"$int": "..."}, floats {"$float": x}, invalid UTF-8 binaries {"$bytes": [...]}.
import type { Ast } from "../../src/lang/ast.js";
import { stringToBytes } from "../../src/lang/unescape.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function toJson(ast: Ast): Json {
  if (typeof ast === "bigint") return { $int: ast.toString() };
  if (typeof ast === "number") return { $float: ast };
  if (typeof ast === "string") return /[\udc80-\udcff]/.test(ast) ? { $bytes: Array.from(stringToBytes(ast)) } : ast;
  if (ast === null || typeof ast === "boolean") return ast;
  if (Array.isArray(ast)) return ast.map(toJson);
  if ("atom" in ast) return { atom: ast.atom };
  if ("tuple" in ast) return { tuple: [toJson(ast.tuple[0]), toJson(ast.tuple[1])] };
  if ("literal" in ast) throw new Error("the parser never makes literal nodes");
  const name = typeof ast.name === "string" ? ast.name : toJson(ast.name);
  return { name, meta: ast.meta as unknown as Json, args: ast.args === null ? null : ast.args.map(toJson) };
}

export interface FixtureError {
  kind: string;
  line: number;
  column: number | null;
  description: string;
  message: string;
  incomplete: boolean;
}

export interface Fixture {
  src: string;
  ast?: Json;
  error?: FixtureError;
}

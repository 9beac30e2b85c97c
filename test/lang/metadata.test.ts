// Metadata with repeated keys (`(((1; 2)))` has a :line and a :column per pair of
// parentheses): appended in place, at a cost that does not grow with what is already there.
// These tests count the work done (no timing).
import assert from "node:assert/strict";
import { test } from "node:test";
import { appendMeta } from "../../src/lang/ast.js";
import { parse } from "../../src/lang/parser.js";
import { metaToTerm } from "../../src/runtime/compiler/quoted.js";
import { inspect } from "../../src/runtime/inspect.js";
import type { AstNode } from "../../src/lang/ast.js";

test("appending to metadata looks at the keys appended, not at every key already held", () => {
  // Counts every look at the metadata object (has/get/own keys/descriptors): the append
  // copied the whole object and searched each repeated key's suffixes from 1, so 2,000
  // appends of :line and :column looked ~8,000,000 times.
  let looks = 0;
  const target: Record<string, unknown> = { line: 1, column: 1 };
  const owned = new Proxy(target, {
    has: (o, k) => (looks++, k in o),
    get: (o, k) => (looks++, o[k as string]),
    ownKeys: (o) => (looks++, Reflect.ownKeys(o)),
    getOwnPropertyDescriptor: (o, k) => (looks++, Reflect.getOwnPropertyDescriptor(o, k)),
  });
  let m: Record<string, unknown> = owned;
  const n = 2000;
  for (let i = 2; i <= n; i++) m = appendMeta(m, { line: i, column: i });
  assert.equal(m, owned, "appended in place");
  assert.ok(looks < 10 * n, `looked ${looks} times`);
  assert.equal(Object.keys(target).length, 2 * n);
  assert.equal(target["line\u00001"], 2);
  assert.equal(target[`column\u0000${n - 1}`], n);
});

test("repeated keys keep their order in the term, as Elixir's parser lists them", () => {
  const term = (src: string, opts = {}) => inspect(metaToTerm((parse(src, opts) as AstNode).meta, { columns: true }));
  assert.equal(term("(((1;2)))"), "[line: 1, column: 3, line: 1, column: 2, line: 1, column: 1]");
  // an expression's end_of_expression goes before the keys the parentheses added
  const block = parse("a\n(((1;2)))\nb", { tokenMetadata: true }) as AstNode;
  assert.equal(
    inspect(metaToTerm((block.args![1] as AstNode).meta, { columns: true })),
    "[end_of_expression: [newlines: 1, line: 2, column: 10], closing: [line: 2, column: 7], line: 2, column: 3, " +
      "closing: [line: 2, column: 8], line: 2, column: 2, closing: [line: 2, column: 9], line: 2, column: 1]",
  );
  assert.equal(term("f(a)(b)", { tokenMetadata: true }), "[closing: [line: 1, column: 7], closing: [line: 1, column: 4], line: 1, column: 1]");
  // metadata appended to keeps its first value under the plain key (what Keyword.get reads)
  const deep = parse("(".repeat(300) + "1;2" + ")".repeat(300)) as AstNode;
  assert.equal(deep.meta.column, 300);
  assert.equal(Object.keys(deep.meta).length, 600);
});

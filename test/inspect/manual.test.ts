// Hand-built cases for terms that cannot come from term_to_binary (funs, pids, refs, ports,
// bitstrings in Bin form), the algebra renderer itself (Inspect.Algebra doctests) and the
// option helpers. Every expectation was printed by Elixir 1.14 / iex.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DOC_LINE, concat, containerDoc, foldDoc, format, glue, group, nest, string,
} from "../../src/runtime/algebra.js";
import { exceptionMessage, formatBanner, formatMfa, formatStacktraceEntry, jaroDistance } from "../../src/runtime/exception-message.js";
import { Fun } from "../../src/runtime/fun.js";
import { inspect, inspectForShell, optionsFromKeyword, inspectAtom } from "../../src/runtime/inspect.js";
import { exception } from "../../src/runtime/errors.js";
import { Bin, Pid, Port, Ref, a, list, tuple, NIL } from "../../src/runtime/term.js";
import { toStringTerm } from "../../src/runtime/string-chars.js";

const check = (t: unknown, expected: string) => assert.equal(inspectForShell(t), expected);
const closure = (arity: number, index = 42, uniq = 3316493, where = ":erl_eval.expr/6") =>
  new Fun(arity, { module: "x", name: "y", arity, file: "" }, [], null, null, index, uniq, where);
const capture = (mod: string, name: string, arity: number) => new Fun(arity, null, [], a(mod), a(name), 0, 0, "");

test("funs", () => {
  check(closure(2, 41), "#Function<41.3316493/2 in :erl_eval.expr/6>");
  check(closure(1), "#Function<42.3316493/1 in :erl_eval.expr/6>");
  check(closure(1, 48, 103858489, "Stream.map/2"), "#Function<48.103858489/1 in Stream.map/2>");
  check(capture("Elixir.Enum", "map", 2), "&Enum.map/2");
  check(capture("erlang", "length", 1), "&:erlang.length/1");
  check(capture("erlang", "+", 2), "&:erlang.+/2");
  check(capture("weird mod", "f", 0), '&:"weird mod".f/0');
  check(capture("Elixir.Foo", "weird fun", 1), '&Foo."weird fun"/1');
  check(capture("Elixir.Foo", "Bar", 1), '&Foo."Bar"/1');
  check(capture("Elixir.Foo", "a?", 1), "&Foo.a?/1");
  check(capture("Elixir.Foo", "::", 1), "&Foo.::/1");
  check(capture("Elixir.Foo", "..", 1), '&Foo.".."/1');
  check(capture("Elixir.Foo", "foo@bar", 1), '&Foo."foo@bar"/1');
  check(tuple(a("a"), capture("Elixir.Enum", "map", 2)), "{:a, &Enum.map/2}");
  check(list([closure(1), closure(1)]),
    "[#Function<42.3316493/1 in :erl_eval.expr/6>,\n #Function<42.3316493/1 in :erl_eval.expr/6>]");
});

test("pids, ports, references", () => {
  check(new Pid(106, 0), "#PID<0.106.0>");
  check(list([capture("Elixir.Enum", "map", 2), new Pid(106, 0)]), "[&Enum.map/2, #PID<0.106.0>]");
  check(new Port(5), "#Port<0.5>");
  assert.match(inspect(new Ref(7)), /^#Reference<0\.\d+\.\d+\.7>$/);
  assert.equal(inspect(new Ref(7)), inspect(new Ref(7)));
});

test("bitstrings held in Bin", () => {
  check(new Bin(Uint8Array.from([0b00100000]), 3), "<<1::size(3)>>");
  check(new Bin(Uint8Array.from([1, 0b00100000]), 4), "<<1, 2::size(4)>>");
  check(new Bin(Uint8Array.from([255, 0b11100000]), 3), "<<255, 7::size(3)>>");
  assert.equal(inspect(new Bin(Uint8Array.from([1, 2, 0b00110000]), 4), { limit: 2 }), "<<1, 2, ...>>");
});

test("BadArityError and fun-carrying errors", () => {
  const exc = exception("BadArityError", { function: closure(1), args: list([1, 2]) });
  assert.equal(exceptionMessage(exc),
    "#Function<42.3316493/1 in :erl_eval.expr/6> with arity 1 called with 2 arguments (1, 2)");
  const one = exception("BadArityError", { function: closure(0), args: list([1]) });
  assert.equal(exceptionMessage(one), "#Function<42.3316493/0 in :erl_eval.expr/6> with arity 0 called with 1 argument (1)");
  const none = exception("BadArityError", { function: closure(1), args: NIL });
  assert.equal(exceptionMessage(none), "#Function<42.3316493/1 in :erl_eval.expr/6> with arity 1 called with no arguments");
  assert.equal(formatBanner("error", tuple(a("badarity"), tuple(closure(1), list([1, 2])))),
    "** (BadArityError) #Function<42.3316493/1 in :erl_eval.expr/6> with arity 1 called with 2 arguments (1, 2)");
  assert.equal(exceptionMessage(exception("BadFunctionError", { term: closure(1) })),
    "function #Function<42.3316493/1 in :erl_eval.expr/6> is invalid, likely because it points to an old version of the code");
  assert.equal(exceptionMessage(exception("Protocol.UndefinedError", { protocol: a("Elixir.Enumerable"), value: closure(1), description: "" })),
    "protocol Enumerable not implemented for #Function<42.3316493/1 in :erl_eval.expr/6> of type Function");
});

test("stacktrace entries", () => {
  const loc = list([tuple(a("file"), list([...Buffer.from("erl_eval.erl")])), tuple(a("line"), 714)]);
  assert.equal(formatStacktraceEntry(tuple(a("erl_eval"), a("do_apply"), 6, loc)), "(stdlib 4.2) erl_eval.erl:714: :erl_eval.do_apply/6");
  assert.equal(formatStacktraceEntry(tuple(closure(1), 2, NIL)), "#Function<42.3316493/1 in :erl_eval.expr/6>/2");
  assert.equal(formatStacktraceEntry(tuple(a("Elixir.Math"), a("secret"), NIL, NIL)), "Math.secret()");
  assert.equal(formatMfa(a("Elixir.Foo"), a("bar"), 1), "Foo.bar/1");
  assert.equal(formatMfa(null, a("bar"), NIL), "nil.bar()");
});

test("algebra doctests", () => {
  assert.equal(format(group(glue("a", " ", "b")), 80), "a b");
  assert.equal(format(group(glue("a".repeat(20), " ", "b")), 10), "a".repeat(20) + "\nb");
  assert.equal(format(group(nest(glue("hello", " ", "world"), 5)), 5), "hello\n     world");
  assert.equal(format(group(glue("hello", " ", "world")), 30), "hello world");
  assert.equal(format(group(glue("hello", " ", "world")), 10), "hello\nworld");
  assert.equal(format(group(glue("olá", " ", "mundo")), 9), "olá\nmundo");
  assert.equal(format(group(glue(string("olá"), " ", "mundo")), 9), "olá mundo");
  const doc = group(concat(group(concat("Hello,", concat({ k: "break", s: " ", flex: false }, "A"))), concat({ k: "break", s: " ", flex: false }, "B")));
  assert.equal(format(doc, 80), "Hello, A B");
  assert.equal(format(doc, 6), "Hello,\nA\nB");
  assert.equal(format(concat(concat("Hughes", DOC_LINE), "Wadler"), 80), "Hughes\nWadler");
  assert.equal(format(foldDoc(["A", "B", "C"], (d, acc) => concat([d, "!", acc])), 80), "A!B!C");
  const fun = (i: number) => String(i);
  assert.equal(format(containerDoc("[", [1, 2, 3, 4, 5], "]", { limit: Infinity }, fun), 5), "[1,\n 2,\n 3,\n 4,\n 5]");
  assert.equal(format(containerDoc("[", [1, 2, 3, 4, 5], "]", { limit: 3 }, fun), 20), "[1, 2, 3, ...]");
  assert.equal(format(containerDoc("[", [1, 2, 3, 4, 5], "]", { limit: 3 }, fun, { separator: "!" }), 20), "[1! 2! 3! ...]");
});

test("options from a keyword list", () => {
  const kw = list([tuple(a("limit"), 3), tuple(a("charlists"), a("as_lists")), tuple(a("pretty"), true), tuple(a("printable_limit"), a("infinity"))]);
  assert.deepEqual(optionsFromKeyword(kw), { limit: 3, charlists: "as_lists", pretty: true, printable_limit: "infinity" });
  assert.equal(inspect(list([97, 98, 99, 100]), optionsFromKeyword(kw)), "[97, 98, 99, ...]");
});

test("atom helpers", () => {
  assert.equal(inspectAtom("key", a("Elixir.Foo")), '"Elixir.Foo":');
  assert.equal(inspectAtom("key", a("a b")), '"a b":');
  assert.equal(inspectAtom("remote_call", a("a b")), '"a b"');
  assert.equal(inspectAtom("literal", a("Elixir.Foo.Bar")), "Foo.Bar");
});

test("jaro distance", () => {
  assert.equal(jaroDistance("same", "same"), 1.0);
  assert.equal(jaroDistance("", "abc"), 0.0);
  assert.equal(jaroDistance("dwayne", "duane"), 0.8222222222222223);
  assert.equal(jaroDistance("martha", "marhta"), 0.9444444444444445);
  assert.equal(jaroDistance("dixon", "dicksonx"), 0.7666666666666666);
  assert.equal(jaroDistance("mapp", "map"), 0.9166666666666666);
});

test("to_string of a list containing a fun", () => {
  assert.throws(() => toStringTerm(list([closure(1)])), (e: { reason: unknown }) => {
    assert.match(exceptionMessage(e.reason as never), /got:\n\n\[#Function<42\.3316493\/1 in :erl_eval\.expr\/6>\]\n$/);
    return true;
  });
});

test("Stream and Elixir-built documents", async () => {
  const { MapTerm } = await import("../../src/runtime/map.js");
  const { docFromTerm } = await import("../../src/runtime/algebra.js");
  const range = MapTerm.fromPairs([[a("__struct__"), a("Elixir.Range")], [a("first"), 1], [a("last"), 3], [a("step"), 1]]);
  const stream = MapTerm.fromPairs([
    [a("__struct__"), a("Elixir.Stream")], [a("enum"), range],
    [a("funs"), list([closure(1, 48, 103858489, "Stream.map/2")])], [a("accs"), NIL], [a("done"), null],
  ]);
  check(stream, "#Stream<[enum: 1..3, funs: [#Function<48.103858489/1 in Stream.map/2>]]>");
  const d = tuple(a("doc_group"), tuple(a("doc_cons"), "hello", tuple(a("doc_cons"), tuple(a("doc_break"), " ", a("strict")), "world")), a("self"));
  assert.equal(format(docFromTerm(d), 80), "hello world");
  assert.equal(format(docFromTerm(d), 5), "hello\nworld");
});

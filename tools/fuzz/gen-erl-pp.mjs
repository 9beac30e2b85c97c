#!/usr/bin/env node
// Lines for tools/fuzz/erl-diff.mjs that print random Erlang code with :erl_pp: source text
// is scanned and parsed (erl_scan, erl_parse) and the abstract code printed by expr/1..4,
// exprs/1..3, form/1,2, function/1, attribute/1 and guard/1 (some at other indents, line
// widths and encodings). The deep character lists are compared, not only their text.
// Usage: node tools/fuzz/gen-erl-pp.mjs [COUNT] [SEED] > FILE
const count = Number(process.argv[2] ?? 200);
let seed = Number(process.argv[3] ?? 1);
const r = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const pick = (xs) => xs[r(xs.length)];
const many = (n, g) => Array.from({ length: n }, g);

const vars = ["X", "Y", "Acc", "_", "_Tail", "LongVariableName", "N"];
const atoms = ["ok", "error", "foo", "'hello world'", "'Cap'", "true", "undefined", "a"];
const words = ["alpha", "beta", "gamma", "delta", "epsilon", "some longer words here"];
function str() {
  if (r(4) === 0) return '"' + many(3 + r(12), () => pick(words)).join(" ") + '"';
  return '"' + pick(["", "abc", "line\\nbreak", "tab\\there", "quote\\\"d"]) + '"';
}
function atomic() {
  switch (r(8)) {
    case 0: return pick(vars);
    case 1: return String(r(1000) - 100);
    case 2: return pick(["1.5", "0.1", "2.0e10", "-3.25"]);
    case 3: return pick(atoms);
    case 4: return str();
    case 5: return pick(["$a", "$\\n", "$\\s", "$ "]);
    case 6: return pick(["[]", "{}", "<<>>", "#{}"]);
    default: return pick(vars);
  }
}
function pat(d) {
  if (d <= 0) return pick([pick(vars), pick(atoms), String(r(10))]);
  switch (r(5)) {
    case 0: return "{" + many(r(4), () => pat(d - 1)).join(", ") + "}";
    case 1: return "[" + many(1 + r(3), () => pat(d - 1)).join(", ") + (r(2) ? " | " + pick(vars) : "") + "]";
    case 2: return "#{" + many(1 + r(2), () => pick(atoms) + " := " + pat(d - 1)).join(", ") + "}";
    case 3: return "<<" + pick(vars) + ":8, " + pick(vars) + "/binary>>";
    default: return pick(vars);
  }
}
function guard() {
  const g = () => pick([`is_integer(${pick(vars)})`, `${pick(vars)} > ${r(10)}`, `length(${pick(vars)}) =:= 2`, `is_atom(${pick(vars)}), ${pick(vars)} =/= ok`]);
  return " when " + many(1 + r(2), g).join("; ");
}
function clause(d, arity) {
  const head = arity === null ? pat(1) : "(" + many(arity, () => pat(1)).join(", ") + ")";
  return head + (r(3) === 0 ? guard() : "") + " -> " + body(d - 1);
}
function body(d) { return many(1 + r(3), () => expr(d)).join(", "); }
function expr(d) {
  if (d <= 0) return atomic();
  switch (r(26)) {
    case 0: return "{" + many(r(5), () => expr(d - 1)).join(", ") + "}";
    case 1: return "[" + many(r(5), () => expr(d - 1)).join(", ") + "]";
    case 2: return "[" + many(1 + r(3), () => expr(d - 1)).join(", ") + " | " + expr(d - 1) + "]";
    case 3: return "#{" + many(r(4), () => expr(d - 1) + " => " + expr(d - 1)).join(", ") + "}";
    case 4: return pick(vars) + "#{" + pick(atoms) + " := " + expr(d - 1) + "}";
    case 5: return expr(d - 1) + " " + pick(["+", "-", "*", "/", "div", "rem", "band", "bsl", "++", "--", "==", "=:=", "<", ">=", "and", "or", "xor", "!"]) + " " + expr(d - 1);
    case 6: return expr(d - 1) + " " + pick(["andalso", "orelse"]) + " " + expr(d - 1);
    case 7: return pick(["-", "+", "not ", "bnot "]) + expr(d - 1);
    case 8: return pick(["foo", "bar", "lists:map", "erlang:length", "erlang:float", "io:format", "erlang:element", "m:f"]) + "(" + many(r(4), () => expr(d - 1)).join(", ") + ")";
    case 9: return pick(["fun foo/1", "fun lists:map/2", "fun M:F/A", "fun erlang:length/1"]);
    case 10: return "fun" + many(1 + r(2), () => clause(d, 1 + r(2))).join("; ") + " end";
    case 11: return "fun Fact" + clause(d, 1) + " end";
    case 12: return "case " + expr(d - 1) + " of " + many(1 + r(3), () => clause(d, null)).join("; ") + " end";
    case 13: return "if " + many(1 + r(2), () => guard().slice(6) + " -> " + body(d - 1)).join("; ") + "; true -> ok end";
    case 14: return "receive " + many(1 + r(2), () => clause(d, null)).join("; ") + (r(2) ? " after " + r(1000) + " -> " + body(d - 1) : "") + " end";
    case 15: return "receive after " + pick(["0", "infinity", "T"]) + " -> " + body(d - 1) + " end";
    case 16: {
      const of = r(2) ? " of " + clause(d, null) : "";
      const cat = r(3) ? " catch " + pick(["error:R", "throw:T:St", "_:_", "exit:{E, _}:Stack"]) + " -> " + body(d - 1) : "";
      const aft = !cat || r(2) ? " after " + body(d - 1) : "";
      return "try " + body(d - 1) + of + cat + aft + " end";
    }
    case 17: return "begin " + body(d - 1) + " end";
    case 18: return "catch " + expr(d - 1);
    case 19: return "[" + expr(d - 1) + " || " + pat(1) + " <- " + expr(d - 1) + (r(2) ? ", " + expr(d - 1) : "") + "]";
    case 20: return "<< <<" + pick(vars) + ">> || <<" + pick(vars) + ":8>> <= " + expr(d - 1) + " >>";
    case 21: return pat(1) + " = " + expr(d - 1);
    case 22: return "<<" + many(1 + r(3), () => pick([`${pick(vars)}:8`, `${r(300)}/integer`, `${pick(vars)}:16/little-signed`, `${str()}/utf8`, `${pick(vars)}/binary`, `X:4/unit:8`])).join(", ") + ">>";
    case 23: return "(" + expr(d - 1) + ")";
    case 24: return "#rec{" + many(r(3), () => pick(["a", "b", "c"]) + " = " + expr(d - 1)).join(", ") + "}";
    default: return pick(["X#rec.a", "#rec.b", "X#rec{a = 1}", "(X#rec.a)#rec.b"]);
  }
}
const fn = () => {
  const arity = r(3);
  return "f(" + many(arity, () => pat(1)).join(", ") + ")" + (r(3) === 0 ? guard() : "") + " -> " + body(2 + r(2)) +
    many(r(3), () => "; f(" + many(arity, () => pat(1)).join(", ") + ") -> " + body(1 + r(2))).join("") + ".";
};
const attrs = [
  "-module(m).", "-export([f/1, g/2]).", "-export([]).", "-import(lists, [map/2]).", "-record(rec, {a, b = 1, c :: integer(), d = x :: atom()}).",
  "-type t() :: integer() | atom() | [t()].", "-type pair(A) :: {A, A}.", "-opaque o() :: #{atom() => binary()}.",
  "-spec f(integer()) -> ok | {error, term()}.", "-spec g(X, [Y]) -> X when X :: atom(), Y :: 1..10.", "-callback init(term()) -> {ok, term()}.",
  "-file(\"x.erl\", 3).", "-vsn(1).", "-on_load(init/0).", "-type f() :: fun((integer(), ...) -> ok) | fun(() -> ok) | fun().",
  "-type b() :: <<_:8, _:_*4>> | binary() | bitstring() | <<>>.", "-type r() :: #rec{a :: integer()} | #{} | map() | tuple() | {}.",
  "-type u() :: 'hello world' | -1 | 3 bsl 2 | nonempty_list(x) | m:t(1).",
  "-spec m:h(term()) -> term().", "-author(\"me\").", "-compile([export_all, {inline, [f/1]}]).",
];
const esc = (s) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/#/g, "\\#");
const out = [];
for (let i = 0; i < count; i++) {
  const k = r(10);
  if (k < 5) {
    const src = body(1 + r(4)) + ".";
    const call = pick(["es = :erl_pp.exprs(e); es", ":erl_pp.expr(hd(e))", ":erl_pp.exprs(e, 4, [])", ":erl_pp.expr(hd(e), -1, [])",
      ":erl_pp.expr(hd(e), 2, 0, [linewidth: 40])", ":erl_pp.exprs(e, [encoding: :latin1])", ":erl_pp.expr(hd(e), 0, 600, [])", ":erl_pp.exprs(e, -1, [indent: 2])"]);
    out.push(`(fn -> {:ok, t, _} = :erl_scan.string(String.to_charlist("${esc(src)}")); {:ok, e} = :erl_parse.parse_exprs(t); ${call} end).()`);
  } else if (k < 8) {
    const src = fn();
    const call = pick([":erl_pp.form(f)", ":erl_pp.function(f)", ":erl_pp.form(f, [linewidth: 50, indent: 2])", ":erl_pp.function(f, [encoding: :unicode])"]);
    out.push(`(fn -> {:ok, t, _} = :erl_scan.string(String.to_charlist("${esc(src)}")); {:ok, f} = :erl_parse.parse_form(t); ${call} end).()`);
  } else if (k < 9) {
    const src = pick(attrs);
    out.push(`(fn -> {:ok, t, _} = :erl_scan.string(String.to_charlist("${esc(src)}")); {:ok, f} = :erl_parse.parse_form(t); {:erl_pp.form(f), :erl_pp.attribute(f)} end).()`);
  } else {
    const src = "f() when " + guard().slice(6) + " -> ok.";
    out.push(`(fn -> {:ok, t, _} = :erl_scan.string(String.to_charlist("${esc(src)}")); {:ok, {:function, _, _, _, [{:clause, _, _, g, _}]}} = :erl_parse.parse_form(t); :erl_pp.guard(g) end).()`);
  }
}
console.log(out.join("\n"));

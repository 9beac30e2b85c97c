// Random :io_lib.format/2 calls (every control, widths, precisions, pads, modifiers) on
// random terms, including long nested ones for ~p's line breaking. For erl-diff.mjs.
// Usage: node gen-format.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const int = () => pick(["0", "1", "-7", "42", "255", "123456789", "-98765432109876543210", "65", "1000"]);
const flt = () => pick(["0.0", "1.0", "-1.5", "3.14159", "0.000123", "123456.789", "1.0e10", "2.5e-8", "-0.0", "99.995", "0.05", "1.0e100"]);
const atom = () => pick([":a", ":ok", ":\"hello world\"", "Foo", "nil", "true", ":else", ":a@b", ":é", ":\"ünï\"", ":_x"]);
const bin = () => pick(['"abc"', '""', '"héllo"', '"a\\nb"', '<<1, 2, 3>>', '<<200, 201>>', '<<1, 2::4>>', '"quote\\"s"', '"long text that goes on for quite a while to test wrapping"']);
const cl = () => pick(["'abc'", "'héllo'", "[1000, 1001]", "'a\\tb'", "[]", "'quote\\\"s'", "[?a | ?b]"]);
function term(d = 0) {
  const r = rnd();
  if (d > 3 || r < 0.45) return pick([int, flt, atom, bin, cl])();
  if (r < 0.6) return `{${Array.from({ length: Math.floor(rnd() * 5) }, () => term(d + 1)).join(", ")}}`;
  if (r < 0.75) return `[${Array.from({ length: Math.floor(rnd() * 7) }, () => term(d + 1)).join(", ")}]`;
  if (r < 0.85) return `%{${Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => `${pick([":k" + i, '"s' + i + '"', String(i)])} => ${term(d + 1)}`).join(", ")}}`;
  if (r < 0.9) return `Enum.to_list(1..${Math.floor(rnd() * 40)})`;
  return `{:tag, ${term(d + 1)}, ${term(d + 1)}}`;
}
function control() {
  const c = pick(["p", "w", "s", "e", "f", "g", "b", "B", "x", "X", "#", "+", "c", "~", "n", "i", "P", "W", "p", "p", "w"]);
  let spec = "~";
  const args = [];
  if (rnd() < 0.3) spec += pick(["-", ""]) + pick(["3", "8", "12", "20", "*"]);
  if (spec.endsWith("*")) args.push(pick(["5", "-5", "10"]));
  if (rnd() < 0.3) { spec += "." + pick(["2", "3", "16", "*", ""]); if (spec.endsWith("*")) args.push(pick(["2", "3"])); }
  if (rnd() < 0.15 && spec.includes(".")) spec += "." + pick(["0", "x", "*"]);
  if (spec.endsWith("*") && spec.includes("..") === false && spec.match(/\.\*$/) && spec.split(".").length === 3) args.push("?-");
  if (rnd() < 0.2) spec += pick(["t", "l", "tl"]);
  spec += c;
  const arg = {
    p: term, w: term, s: () => pick([bin, cl, atom, () => "['ab', \"cd\", ?e]"])(), e: flt, f: flt, g: flt,
    b: int, B: int, x: int, X: int, "#": int, "+": int, c: () => pick(["?a", "233", "1000"]), "~": null, n: null, i: term,
    P: term, W: term,
  }[c];
  if (arg) args.push(rnd() < 0.08 ? term() : arg());
  if (c === "x" || c === "X") args.push(pick(['"0x"', ":pre", "'#'"]));
  if (c === "P" || c === "W") args.push(pick(["1", "2", "3", "5", "10"]));
  return [spec, args];
}
const out = [];
for (let i = 0; i < Number(process.argv[3] || 200); i++) {
  const parts = [];
  const args = [];
  for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
    if (rnd() < 0.5) parts.push(pick(["x ", "abc: ", "\\t", "\\n", "-> ", "|"]));
    const [s, a] = control();
    parts.push(s);
    args.push(...a);
  }
  const fmt = parts.join("");
  const call = rnd() < 0.5 ? ":io_lib.format" : "List.to_string(:io_lib.format";
  out.push(call === ":io_lib.format" ? `:io_lib.format("${fmt}", [${args.join(", ")}])` : `:io_lib.format("${fmt}", [${args.join(", ")}]) |> IO.chardata_to_string()`);
}
console.log(out.join("\n"));

// Random long nested terms printed with ~p/~P at various columns and line lengths (the
// pretty printer's line breaking), for erl-diff.mjs. Usage: node gen-pretty.mjs SEED COUNT
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
function term(d = 0) {
  const r = rnd();
  if (d > 4 || r < 0.3) return pick(["1", "12345", ":an_atom", ":ok", '"a binary string"', "'chars'", "3.5", "[]", "{}", "%{}", ":error", '"x"', "nil"]);
  if (r < 0.5) return `{${pick([":ok", ":error", ":tag", ":state", '"str"', "1"])}, ${Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => term(d + 1)).join(", ")}}`;
  if (r < 0.7) return `[${Array.from({ length: Math.floor(rnd() * 8) }, () => term(d + 1)).join(", ")}]`;
  if (r < 0.85) return `%{${Array.from({ length: 1 + Math.floor(rnd() * 5) }, (_, i) => `${pick([":key" + i, '"k' + i + '"', String(i), "{:t, " + i + "}"])} => ${term(d + 1)}`).join(", ")}}`;
  if (r < 0.9) return `[${Array.from({ length: 2 + Math.floor(rnd() * 5) }, () => term(d + 1)).join(", ")} | ${term(d + 1)}]`;
  return `Enum.to_list(1..${Math.floor(rnd() * 60)})`;
}
const out = [];
for (let i = 0; i < Number(process.argv[3] || 100); i++) {
  const prefix = pick(["", "x", "some prefix: ", "\\t", "a long prefix text that pushes: ", "~w ", "line\\n  "]);
  const args = prefix.includes("~w") ? [":pre"] : [];
  const ctl = pick(["~p", "~p", "~P", "~40p", "~120p", "~tp", "~lp"]);
  args.push(term());
  if (ctl === "~P") args.push(pick(["3", "5", "8", "20"]));
  out.push(`:io_lib.format("${prefix}${ctl}", [${args.join(", ")}]) |> IO.chardata_to_string()`);
  if (rnd() < 0.3) out.push(`:io_lib.format("${prefix}${ctl}", [${args.join(", ")}])`);
}
console.log(out.join("\n"));

// Random Base and Version calls for tools/fuzz/erl-diff.mjs: every Base encoding (16, 32,
// hex32, 64, url64) both ways with case:, padding:, ignore: :whitespace on short, padded,
// mis-padded, wrong-case and invalid input (decode vs decode! errors), and Version parse/
// compare/match?/parse_requirement/compile_requirement/to_string on pre-releases, build
// metadata, ~> requirements, or/and, leading zeros and malformed strings.
// Usage: node gen-base-version.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const data = () => pick(['""', '"f"', '"fo"', '"foo"', '"foob"', '"fooba"', '"foobar"', "<<0, 255, 128>>", '"é"', "<<1::3>>", ":x", "String.duplicate(\"z\", 7)"]);
const enc = () => pick(["16", "32", "hex32", "64", "url64"]);
const encoded = () => pick([
  '"666F6F"', '"666f6f"', '"666F6"', '"zz"', '""', '"MZXW6==="', '"MZXW6"', '"mzxw6==="', '"MZXW6=="', '"CPNMU==="', '"cpnmu==="', '"Zm9v"', '"Zm8="', '"Zm8"', '"Zm9=v"',
  '"Zg=="', '"Zg"', '"Zg="', '"Z"', '"_-8="', '"/+8="', '"Zm 9v"', '"Zm9v\\n"', '"====="', '"AA=="', '"AB=="', '"MY======"', '"MZXQ===="', '"=="', '"a"', '"Zm9vYg=="',
]);
const opts = () => pick(["", ", case: :lower", ", case: :upper", ", case: :mixed", ", padding: false", ", padding: true", ", ignore: :whitespace", ", case: :lower, padding: false", ", ignore: :whitespace, padding: false", ", case: :x", ", padding: :x"]);
const ver = () => pick(['"1.0.0"', '"1.2.3-alpha"', '"1.2.3-alpha.1"', '"1.2.3-1"', '"1.2.3+build"', '"1.2.3-rc.1+b.2"', '"01.2.3"', '"1.2"', '"1.2.3.4"', '"1.2.3-"', '"1.2.3-01"', '"1.2.3-a..b"', '"v1.2.3"', '" 1.2.3"', '"1.2.3-0"', '"2.0.0"', '"1.10.0"', '"1.2.3-ALPHA"', '"0.0.0"', '"1.2.x"', '""', '"1.2.3-alpha.beta"', '"1.2.3-alpha.10"', '"1.2.3-alpha.2"']);
const req = () => pick(['"~> 1.2"', '"~> 1.2.3"', '"~> 1.2.3-rc"', '">= 1.0.0"', '"> 1.0.0 and < 2.0.0"', '"== 1.2.3"', '"!= 1.2.3"', '"1.2.3"', '"<= 1.2.3-alpha"', '"~> 1"', '"> 1.0.0 or < 0.1.0"', '"~>1.2"', '">=1.0.0"', '"> 1.0"', '"and"', '""', '"1.2.3 and"', '"!== 1.0.0"', '"== 01.0.0"', '"< 2.0.0-0"', '"~> 2.0-dev"', '"~> 1.2.3-alpha.1"']);
const calls = [
  () => `Base.encode${enc()}(${data()}${opts()})`, () => `Base.decode${enc()}(${encoded()}${opts()})`, () => `Base.decode${enc()}!(${encoded()}${opts()})`,
  () => { const e = enc(); const o = opts(); return `Base.decode${e}(Base.encode${e}(${data()}${o})${o})`; },
  () => `Version.parse(${ver()})`, () => `Version.parse!(${ver()})`, () => `Version.compare(${ver()}, ${ver()})`, () => `Version.match?(${ver()}, ${req()})`,
  () => `Version.match?(${ver()}, ${req()}, allow_pre: false)`, () => `Version.parse_requirement(${req()})`, () => `Version.parse_requirement!(${req()})`,
  () => `Version.compile_requirement(Version.parse_requirement!(${pick(['"~> 1.2"', '">= 1.0.0"', '"== 1.2.3-a"'])})) |> then(&Version.match?(${ver()}, &1))`,
  () => `to_string(Version.parse!(${pick(['"1.2.3"', '"1.2.3-a.1+b"', '"0.0.1+x.y"'])}))`, () => `Version.to_string(Version.parse!("1.2.3-pre+b"))`, () => `inspect(Version.parse!(${pick(['"1.2.3"', '"1.2.3-a+b"'])}))`,
  () => `inspect(Version.parse_requirement!(${pick(['"~> 1.2"', '">= 1.0.0 and < 2.0.0"'])}))`, () => `to_string(Version.parse_requirement!(${pick(['"~> 1.2"', '"== 1.0.0"'])}))`,
  () => `Version.compare(${pick(['"1.0.0"', "Version.parse!(\"1.0.0\")", '"x"', ":x", "%{major: 1, minor: 0, patch: 0, pre: [], build: nil}"])}, ${ver()})`,
  () => `Version.parse!(${ver()}) |> Map.from_struct()`, () => `Version.match?(${pick(['"1.2.3"', ':x', 'Version.parse!("1.2.3")'])}, ${pick(['"~> 1.2"', "Version.parse_requirement!(\"~> 1.2\")", ":x"])})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));

// Random Regex, URI, Base and Path calls (regex options, named captures, split with
// parts/trim/include_captures, replace with \0 and functions; URI parse/merge/encode/decode of
// odd inputs; every Base encoding with padding/case options and bad input; Path on relative,
// absolute, dotted and empty paths), for tools/fuzz/erl-diff.mjs.
// Usage: node gen-text.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const re = () => pick(["~r/a/", "~r/(a)(b)?/", "~r/(?<x>\\\\d+)-(?<y>\\\\w*)/", "~r/\\\\s*/", "~r//", "~r/[aeiou]/i", "~r/^\\\\w+$/m", "~r/./u", "~r/(.)/s", "~r/a+?/U", "~r/ é /x", "~r/(?<n>a)|(?<m>b)/", "~r/b/f", "~r/\\\\b/"]);
const subj = () => pick(['"abc"', '"aAbB"', '""', '"12-ab 3-"', '"a\\nb\\nab"', '"é a é"', '"aaa bbb"', '"ba"', '"  x  "', '"héllo wörld"', '"a,b,,c,"', "<<0xFF, ?a>>"]);
const ropts = () => pick(["[]", "parts: 2", "trim: true", "include_captures: true", "include_captures: true, trim: true", "parts: 2, include_captures: true", "on: [:x]", "on: :all_but_first", "on: [:n]", "parts: :infinity", "parts: 0"]);
const repl = () => pick(['"-"', '"[\\\\0]"', '"\\\\1\\\\1"', '"\\\\g{1}"', '"\\\\\\\\"', '"x\\\\2y"', 'fn m -> "<" <> m <> ">" end', 'fn m, a -> m <> "|" <> a end', 'fn _, _, _ -> "3" end', '"\\\\g{x}"']);
const uri = () => pick(['"http://user:pw@Example.com:80/a/b?q=1#f"', '"https://example.com"', '"//host/path"', '"/rel/path?x"', '"mailto:a@b.c"', '""', '"http://[::1]:8080/"', '"http://h:bad/"', '"foo"', '"http://a b.com/"', '"HTTP://EX.com:443/%7Efoo"', '"ftp://h/a;b"', '"?q"', '"#frag"', '"http://h/../a/./b"', '"a:b:c"', "%URI{host: \"x\"}", ":bad"]);
const raw = () => pick(['"a b&c=d/é"', '""', '"%41%2"', '"%ZZ"', '"%E9"', '"+"', '"a+b%20c"', '"~!*()\'"', '"日本"', '"%"', "<<0xFF>>"]);
const bin = () => pick(['""', '"f"', '"fo"', '"foo"', '"foob"', '"fooba"', '"foobar"', "<<0, 255, 128>>", '"é"', "<<1::size(3)>>", "<<0xFF, 0xFE, 0xFD, 0xFC>>"]);
const encb = () => pick(['"Zm9vYg=="', '"Zm9vYg"', '"Zm9vYg="', '"Zm9v"', '""', '"Zm9\\nvYg=="', '"Zm9vYg==="', '"Z"', '"_-8="', '"+/8="', '"MZXW6==="', '"MZXW6"', '"mzxw6==="', '"666F6F"', '"666f6f"', '"66F"', '"CPNMU"', '"cpnmu==="', '"!!"', '"Zm 9v"']);
const bopts = () => pick(["[]", "padding: false", "case: :lower", "case: :mixed", "ignore: :whitespace", "padding: false, case: :lower", "case: :upper", "ignore: :x"]);
const path = () => pick(['"/a/b/c.txt"', '"a/b/"', '"./a/../b"', '""', '"/"', '"~/x"', '"a.tar.gz"', '".bashrc"', '"a//b"', '"/a/b/.."', '"../.."', '"C:/x"', "'char/list'", '["a", "b"]', ':atom', '"a/./b/."', '"foo."', '"/a/b/c/"']);
const calls = [
  () => `Regex.run(${re()}, ${subj()})`, () => `Regex.run(${re()}, ${subj()}, ${pick(["return: :index", "capture: :all_but_first", "capture: :first", "capture: :none", "capture: [:x]", "capture: :all_names", "offset: 2", "capture: [\"y\", \"x\"]", "return: :binary"])})`,
  () => `Regex.scan(${re()}, ${subj()})`, () => `Regex.scan(${re()}, ${subj()}, ${pick(["return: :index", "capture: :all_but_first", "capture: :none", "offset: 1", "capture: :all_names"])})`,
  () => `Regex.named_captures(${re()}, ${subj()})`, () => `Regex.names(${re()})`, () => `Regex.match?(${re()}, ${subj()})`, () => `Regex.split(${re()}, ${subj()})`, () => `Regex.split(${re()}, ${subj()}, ${ropts()})`,
  () => `Regex.replace(${re()}, ${subj()}, ${repl()})`, () => `Regex.replace(${re()}, ${subj()}, ${repl()}, global: false)`, () => `Regex.source(${re()})`, () => `Regex.opts(${re()})`, () => `inspect(${re()})`,
  () => `Regex.compile(${pick(['"a("', '"(?<n>x)"', '"[a-"', '"\\\\d+"', '"é"', '"*"'])}, ${pick(['""', '"i"', '"iu"', '"z"', "[:caseless]", "[:ungreedy, :bogus]"])})`, () => `Regex.escape(${subj()})`, () => `Regex.run(${re()}, ${subj()}) == Regex.run(${re()}, ${subj()}, [])`,
  () => `String.split(${subj()}, ${re()}, ${ropts()})`, () => `Regex.compile!(${pick(['"a("', '"(?<n>x)"'])})`, () => `Regex.regex?(${re()})`, () => `Regex.version() |> is_binary()`,
  () => `URI.parse(${uri()})`, () => `URI.new(${uri()})`, () => `URI.new!(${uri()})`, () => `URI.to_string(URI.parse(${uri()}))`, () => `URI.merge(${uri()}, ${pick(['"../c"', '"/x"', '"g?y"', '"#s"', '""', '"//g"', '"http://o/"', '"?q"', '"../../../g"', '"./"'])})`,
  () => `URI.encode(${raw()})`, () => `URI.encode(${raw()}, &URI.char_unreserved?/1)`, () => `URI.encode_www_form(${raw()})`, () => `URI.decode(${raw()})`, () => `URI.decode_www_form(${raw()})`,
  () => `URI.encode_query(${pick(["%{a: 1, b: \"x y\"}", "[a: 1, a: 2]", "[{\"é\", \"&\"}]", "%{}", "[a: [1, 2]]", "[{1, nil}]"])}, ${pick([":www_form", ":rfc3986"])})`, () => `URI.decode_query(${pick(['"a=1&b=2"', '"a=1&a=2"', '"a"', '"=x"', '"a=%ZZ"', '"a+b=c+d"', '""', '"&&a=1&"'])})`,
  () => `URI.query_decoder(${pick(['"a=1&b"', '"x=%20&&y=2"', '""'])}) |> Enum.to_list()`, () => `URI.default_port(${pick(['"http"', '"https"', '"ftp"', '"ws"', '"gopher"', '"xyz"'])})`, () => `URI.append_query(URI.parse(${uri()}), "z=1")`,
  () => `Base.encode64(${bin()}, ${bopts()})`, () => `Base.url_encode64(${bin()}, ${bopts()})`, () => `Base.encode32(${bin()}, ${bopts()})`, () => `Base.hex_encode32(${bin()}, ${bopts()})`, () => `Base.encode16(${bin()}, ${bopts()})`,
  () => `Base.decode64(${encb()}, ${bopts()})`, () => `Base.url_decode64(${encb()}, ${bopts()})`, () => `Base.decode32(${encb()}, ${bopts()})`, () => `Base.hex_decode32(${encb()}, ${bopts()})`, () => `Base.decode16(${encb()}, ${bopts()})`,
  () => `Base.decode64!(${encb()}, ${bopts()})`, () => `Base.decode16!(${encb()}, ${bopts()})`, () => `Base.decode32!(${encb()}, ${bopts()})`,
  () => `Path.join(${path()}, ${path()})`, () => `Path.join(${pick(['["a", "/b", "c"]', "[]", '["", "a"]', '["/", "a"]', "[\"a\"]"])})`, () => `Path.split(${path()})`, () => `Path.basename(${path()})`, () => `Path.basename(${path()}, ${pick(['".txt"', '".gz"', '""', '"c.txt"'])})`,
  () => `Path.dirname(${path()})`, () => `Path.extname(${path()})`, () => `Path.rootname(${path()})`, () => `Path.rootname(${path()}, ${pick(['".txt"', '".gz"'])})`, () => `Path.type(${path()})`, () => `Path.relative_to(${path()}, ${pick(['"/a"', '"/a/b"', '"a"', '"/"'])})`,
  () => `Path.expand(${path()}, "/base/dir")`, () => `Path.absname(${path()}, "/base")`, () => `Path.relative(${path()})`, () => `Path.safe_relative(${path()})`, () => `Path.safe_relative_to(${path()}, "/a")`, () => `Path.wildcard("/nonexistent-d21/*") `,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));

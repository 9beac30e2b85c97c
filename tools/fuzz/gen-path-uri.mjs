// Random Path and URI calls for tools/fuzz/erl-diff.mjs: Path.join/split/expand (with a
// fixed relative_to)/relative_to/basename/dirname/rootname/extname/type/absname/safe_relative
// on odd paths (empty, "..", trailing and double slashes, charlists, unicode, dots), and
// URI.parse/new/merge/encode/decode/encode_query/decode_query/to_string/append_query/
// append_path/char_* on odd URIs (no scheme, IPv6 hosts, ports, percent escapes, fragments).
// Path.expand/absname/wildcard touch the machine's directories: only relative_to forms.
// Usage: node gen-path-uri.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const path = () => pick([
  '""', '"/"', '"//"', '"a"', '"a/b"', '"/a/b/"', '"a//b"', '"./a"', '"../a"', '"a/../b"', '"a/./b"', '"/.."', '"..."', '"a.b.c"', '".bashrc"', '"a/.b"',
  '"a.tar.gz"', '"/tmp/x.ex"', '"é/ü.txt"', '"a b/c"', "'a/b'", "['a', ?/, \"b\"]", '"~/x"', '"~"', '"C:/x"', '"a\\\\b"', '"foo."', '"/a/b.c/d"', ":x", '"a/b/.."',
]);
const uri = () => pick([
  '"http://user:pw@host:8080/p/a/t/h?query=1&b=2#frag"', '"https://example.com"', '"example.com"', '"//host/path"', '"/just/path"', '"mailto:a@b.c"',
  '"http://[::1]:80/x"', '"http://h:abc/"', '"http://h:/"', '"ftp://h/%41%zz"', '"?q"', '"#f"', '""', '"http://h/a b"', '"foo:bar"', '"http://h?"', '"HTTP://H.COM/"',
  '"file:///etc/x"', '"http://h:65536/"', '"http://h:-1/"', '"ldap://[2001:db8::7]/c=GB"', '"urn:isbn:0451450523"', '"http://h/%"', '"http://h/p?a=1;b=2"', '"data:,"',
]);
const str = () => pick(['"a b"', '"a+b"', '"%41"', '"%zz"', '"é"', '"a=1&b=2"', '"&&"', '"a=&=b"', '"a%20b=c%2Bd"', '""', '"~-._"', '"/?#[]@"', '"%"', '"a=1&a=2"', '"+"']);
const calls = [
  () => `Path.join(${path()}, ${path()})`, () => `Path.join([${path()}, ${path()}, ${path()}])`, () => `Path.join([])`, () => `Path.split(${path()})`,
  () => `Path.basename(${path()})`, () => `Path.basename(${path()}, ${pick(['".ex"', '".gz"', '".tar.gz"', '""', '"c"'])})`, () => `Path.dirname(${path()})`,
  () => `Path.rootname(${path()})`, () => `Path.rootname(${path()}, ${pick(['".ex"', '".gz"', '".c"', '""'])})`, () => `Path.extname(${path()})`, () => `Path.type(${path()})`,
  () => `Path.relative_to(${path()}, ${path()})`, () => `Path.relative(${path()})`, () => `Path.expand(${path()}, "/base/dir")`, () => `Path.absname(${path()}, "/base")`,
  () => `Path.safe_relative(${path()})`, () => `Path.safe_relative_to(${path()}, ${pick(['"/a"', '"a"', '"."'])})`, () => `Path.expand(${pick(['"/a/../../b"', '"/./a//b/"', '"/a/b/.."', '"/.."'])})`,
  () => `URI.parse(${uri()})`, () => `URI.new(${uri()})`, () => `URI.new!(${uri()})`, () => `URI.to_string(URI.parse(${uri()}))`, () => `to_string(URI.parse(${uri()}))`,
  () => `URI.merge(${uri()}, ${pick(['"../x"', '"/y"', '"?q=2"', '"#g"', '""', '"//other/z"', '"g;x"', '"."', '".."', '"g/./h"', '"http://abs/"'])})`,
  () => `URI.encode(${str()})`, () => `URI.encode(${str()}, &URI.char_unreserved?/1)`, () => `URI.encode_www_form(${str()})`, () => `URI.decode(${str()})`, () => `URI.decode_www_form(${str()})`,
  () => `URI.encode_query(${pick(["%{a: 1, b: \"x y\"}", "[a: 1, a: 2]", "[{\"k\", \"v&\"}]", "%{}", "[a: nil]", "[{1, 2}]", "[a: [1]]", ":x"])}${rnd() < 0.4 ? ", :rfc3986" : ""})`,
  () => `URI.decode_query(${str()})`, () => `URI.decode_query(${str()}, %{"x" => "y"}${rnd() < 0.4 ? ", :rfc3986" : ""})`, () => `URI.query_decoder(${str()}) |> Enum.to_list()`,
  () => `URI.default_port(${pick(['"http"', '"https"', '"ftp"', '"ws"', '"zzz"', '"HTTP"'])})`, () => `URI.${pick(["char_reserved?", "char_unreserved?", "char_unescaped?"])}(${pick(["?a", "?/", "?%", "?~", "?é", "0", "255"])})`,
  () => `URI.append_query(URI.parse(${uri()}), ${pick(['"x=1"', '""', '"a&b"'])})`, () => `URI.parse(${uri()}) |> Map.take([:host, :port, :path, :authority, :userinfo])`,
  () => `URI.parse(%URI{host: "h"})`, () => `URI.to_string(%URI{scheme: ${pick(['"http"', "nil", '"foo"'])}, host: ${pick(['"h"', "nil", '""', '"::1"'])}, port: ${pick(["80", "nil", "1"])}, path: ${pick(['"/p"', '"p"', "nil", '"//p"'])}, query: ${pick(['"q"', "nil"])}})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));

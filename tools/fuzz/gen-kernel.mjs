// Random Kernel calls for tools/fuzz/erl-diff.mjs: operators on every kind of term (and the
// wrong ones), comparisons across types, guards used as functions, conversions (to_string,
// to_charlist, *_to_* BIFs, String.to_atom...), tuple and list helpers, boolean operators
// with non-booleans, ranges, binary_part, apply, inspect of edge terms.
// Usage: node gen-kernel.mjs SEED COUNT > x.txt && node erl-diff.mjs x.txt
let seed = Number(process.argv[2] || 1);
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const term = () => pick([
  "0", "1", "-1", "3", "255", "1.0", "-0.0", "2.5", "1.0e20", "12345678901234567890", ":a", ":b", "nil", "true", "false", '""', '"ab"', '"é"',
  "<<1::3>>", "<<255>>", "[]", "[1, 2]", "'ab'", "[1 | 2]", "{}", "{1, 2}", "%{}", "%{a: 1}", "1..3", "1..5//2", "self()", "make_ref()", "(&abs/1)",
  "(fn x -> x end)", "%URI{}", "MapSet.new([1])", "[a: 1]", "~D[2020-01-01]",
]);
const num = () => pick(["0", "1", "-1", "7", "-7", "2.5", "-0.0", "1.0e308", "12345678901234567890", "3", ":x", "nil"]);
// (operands go through Function.identity/1 where Elixir would check literals at compile time)
const id = (t) => (rnd() < 0.5 ? `Function.identity(${t})` : t);
const calls = [
  () => `${term()} ${pick(["==", "!=", "===", "!==", "<", ">", "<=", ">="])} ${term()}`,
  () => `${num()} ${pick(["+", "-", "*", "/"])} ${num()}`, () => `${pick(["div", "rem", "max", "min"])}(${num()}, ${num()})`,
  () => `${pick(["abs", "round", "trunc", "ceil", "floor", "-", "+"])}(${num()})`,
  () => `${term()} ${pick(["and", "or"])} ${term()}`, () => `${term()} ${pick(["&&", "||"])} ${term()}`, () => `not ${term()}`, () => `!${term()}`,
  () => `${term()} ${pick(["++", "--"])} ${term()}`, () => `Function.identity(${term()}) <> Function.identity(${term()})`, () => `${term()} in Function.identity(${term()})`, () => `${term()} in ${pick(["[1, 2]", "1..3", "[]", "'ab'", "1..5//2"])}`,
  () => `${pick(["is_atom", "is_binary", "is_bitstring", "is_boolean", "is_float", "is_function", "is_integer", "is_list", "is_map", "is_nil", "is_number", "is_pid", "is_port", "is_reference", "is_tuple", "is_struct", "is_exception"])}(${term()})`,
  () => `is_function(${term()}, ${pick(["0", "1", "2", "-1", ":x"])})`, () => `is_map_key(${term()}, ${pick([":a", "1"])})`, () => `is_struct(${term()}, ${pick(["URI", "MapSet", ":x", "Foo"])})`,
  () => `${pick(["length", "hd", "tl", "tuple_size", "map_size", "byte_size", "bit_size"])}(${term()})`,
  () => `${pick(["to_string", "to_charlist", "inspect", "Atom.to_string", "Integer.to_string", "Float.to_string", "List.to_string", "Tuple.to_list", "Map.to_list"])}(${term()})`,
  () => `:erlang.${pick(["atom_to_binary", "binary_to_atom", "integer_to_binary", "float_to_binary", "binary_to_integer", "binary_to_float", "list_to_binary", "list_to_atom", "list_to_integer", "list_to_float", "list_to_tuple", "tuple_to_list", "term_to_binary", "integer_to_list", "float_to_list", "atom_to_list", "iolist_size", "iolist_to_binary"])}(${term()})`,
  () => `String.to_atom(${pick(['"a"', '""', '"é"', '"with space"', '"Elixir.Foo"', "String.duplicate(\"a\", 256)", ":a", "'a'"])})`,
  () => `String.to_existing_atom(${pick(['"a"', '"nonexistent_zz_q"', ":a", '"ok"'])})`, () => `List.to_atom(${pick(["'a'", "[]", "[256]", "[-1]", "'é'", "[?a | ?b]"])})`,
  () => `binary_part(${pick(['"hello"', '"é"', "<<1::3>>", ":x"])}, ${pick(["0", "1", "-1", "5", "6"])}, ${pick(["0", "1", "-1", "2", "10"])})`,
  () => `binary_slice(${pick(['"hello"', '""', "<<1, 2, 3>>"])}, ${pick(["0..1", "1..-1//1", "-3..-1", "2..1//1", "10..20", "0..4//2"])})`,
  () => `binary_slice(${pick(['"hello"', '""'])}, ${pick(["0", "-2", "10", "1", ":x"])}, ${pick(["0", "2", "100", "-1"])})`,
  () => `apply(${pick(["&abs/1", "fn -> 1 end", "fn a, b -> {a, b} end", ":x", "nil"])}, ${pick(["[]", "[1]", "[1, 2]", "[-3]", ":x", "[1 | 2]"])})`,
  () => `apply(${pick(["Kernel", "Enum", ":lists", "Foo", ":x", "1"])}, ${pick([":abs", ":max", ":reverse", ":nope", "\"abs\""])}, ${pick(["[-1]", "[[1, 2]]", "[1, 2]", "[]"])})`,
  () => `elem(${pick(["{1, 2, 3}", "{}", "[1]"])}, ${pick(["0", "2", "3", "-1", ":x"])})`, () => `put_elem(${pick(["{1, 2, 3}", "{}", "[1]"])}, ${pick(["0", "2", "3", "-1"])}, :v)`,
  () => `tuple_size(${pick(["{1, 2}", "{}", "[]"])})`, () => `Tuple.${pick(["insert_at", "delete_at"])}(${pick(["{1, 2, 3}", "{}", "[1]"])}, ${pick(["0", "3", "4", "-1"])}${rnd() < 0.5 ? ", :v" : ""})`,
  () => `Enum.to_list(${pick(["1..3", "3..1", "1..3//-1", "1..1", "0..10//4", "-3..-1//1", "5..1//-2", "1..0", "1..10//11"])})`,
  () => `Range.new(${num()}, ${num()}${rnd() < 0.5 ? ", " + pick(["1", "-1", "0", "2", ":x", "1.0"]) : ""})`,
  () => `Range.size(${pick(["1..3", "3..1//1", "1..10//3", "10..1//-3", "0..0//5"])})`, () => `${pick(["1..3", "3..1//1", "1..10//3"])} |> Enum.${pick(["count", "sum", "reverse", "slice(1..2)", "member?(2)", "at(1)"])}`,
  () => `${pick(["min", "max"])}(${term()}, ${term()})`, () => `Kernel.${pick(["to_string", "inspect"])}(${term()})`,
  () => `inspect(${term()}, ${pick(["limit: 1", "base: :hex", "structs: false", "charlists: :as_lists", "binaries: :as_binaries", "pretty: true, width: 5", "printable_limit: 1"])})`,
  () => `"#{${term()}}"`, () => `to_string(${pick(["[1, [2, \"a\"]]", "[?a, \"b\" | \"c\"]", "[256]", "[-1]", "[\"a\" | :b]", "{1}", "%{}", "1..2", "~T[00:00:00]", "~U[2020-01-01 00:00:00Z]", "%URI{host: \"h\"}", "Version.parse!(\"1.0.0\")"])})`,
  () => `${pick(["Integer", "Float", "Atom", "List", "Tuple", "Map", "BitString", "Function", "PID", "Reference", "Any"])} |> then(&Protocol.assert_impl!(Inspect, &1)) |> then(fn _ -> :ok end)`,
  () => `match?(${pick(["{_, _}", "[_ | _]", "%{a: _}", "x when is_integer(x)", "<<_::8>>", "1", "_"])}, ${term()})`,
  () => `Kernel.then(${term()}, &{&1})`, () => `tap(${term()}, fn _ -> :ignored end)`, () => `${term()} |> is_nil()`,
  () => `:erlang.phash2(${term()}, ${pick(["1", "100", "0", "-1"])})`, () => `node(${pick(["self()", "make_ref()", ":x", "1"])})`,
  () => `Kernel.${pick(["function_exported?", "macro_exported?"])}(${pick(["Kernel", "Enum", "Foo", ":lists", ":x"])}, ${pick([":if", ":map", ":reverse", ":inspect"])}, ${pick(["1", "2", "3"])})`,
  () => `struct(${pick(["URI", "MapSet", "Foo", "%URI{}", ":x", "Version"])}, ${pick(["[host: \"h\"]", "%{port: 1}", "[nope: 1]", "[]", ":x"])})`, () => `struct!(${pick(["URI", "Version", "Foo"])}, ${pick(["[host: \"h\"]", "[nope: 1]", "[major: 1]", "%{}"])})`,
  () => `get_in(${pick(["%{a: %{b: 1}}", "nil", "[a: 1]", "%{}"])}, ${pick(["[:a, :b]", "[:a]", "[]", ":a"])})`,
];
const out = [];
for (let i = 0; i < Number(process.argv[3] || 300); i++) out.push(pick(calls)());
console.log(out.join("\n"));

// The JS key-path helpers behind get_in/put_in/update_in/pop_in (plain keys).
import { test } from "node:test";
import assert from "node:assert/strict";
import { MapTerm } from "../../src/runtime/map.js";
import { a, list } from "../../src/runtime/term.js";
import { getAndUpdateIn, getIn, popIn, putIn, updateIn } from "../../src/stdlib/access.js";
import { evaluate, show } from "./helpers.js";

const users = evaluate('%{"john" => %{age: 27, langs: [elixir: 1]}, "meg" => %{age: 23}}');
const keys = (...ks: unknown[]) => list(ks);

test("getIn / putIn / popIn", () => {
  assert.equal(getIn(users, keys("john", a("age"))), 27);
  assert.equal(getIn(users, keys("nobody", a("age"))), null);
  assert.equal(show(putIn(users, keys("john", a("langs"), a("elixir")), 2)),
    '%{"john" => %{age: 27, langs: [elixir: 2]}, "meg" => %{age: 23}}');
  assert.equal(show(popIn(users, keys("meg", a("age")))), '{23, %{"john" => %{age: 27, langs: [elixir: 1]}, "meg" => %{}}}');
});

test("updateIn and getAndUpdateIn take JS callbacks", () => {
  const m = updateIn(users, keys("meg", a("age")), (x) => (x as number) + 1);
  assert.equal(getIn(m, keys("meg", a("age"))), 24);
  const [old, m2] = getAndUpdateIn(users, ["john", a("age")], (x) => [x, 0]);
  assert.equal(old, 27);
  assert.equal(getIn(m2, keys("john", a("age"))), 0);
  const [popped, m3] = getAndUpdateIn(users, ["john", a("age")], () => "pop");
  assert.equal(popped, 27);
  assert.ok(!((m3 as MapTerm).get("john") as MapTerm).has(a("age")));
});

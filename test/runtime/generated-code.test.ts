// Program text reaches generated JS only as constants: strings, atoms, names and file names
// that look like code (the compiler's own `O.x` helpers, quotes, backslashes, template
// syntax, line separators) come back exactly as written.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evalsTo } from "../helpers/eval.js";

const tricky = ["O.X", "O.1", "O.list(1)", "a\"b", "\\\\", "${x}", "`t`", "\u2028\u2029", "*/ //", "K[0]", "r[1]", "'; throw 1; '"];

test("string literals that look like generated code are kept verbatim", () => {
  for (const s of tricky) {
    const lit = JSON.stringify(s);
    assert.equal(evalsTo(lit), lit);
    assert.equal(evalsTo(`case ${lit} do ${lit} -> :ok end`), ":ok");
    assert.equal(evalsTo(`${lit} <> "!"`), JSON.stringify(s + "!"));
    assert.equal(evalsTo(`x = 1; "#{x}" <> ${lit}`), JSON.stringify("1" + s));
  }
});

test("atoms, module and function names that look like generated code", () => {
  assert.equal(evalsTo(`:"O.f"`), `:"O.f"`);
  assert.equal(evalsTo(`defmodule O.Mod do\n def f("O.1" <> x), do: {x, :"O.g"}\nend\nO.Mod.f("O.1O.2")`), `{"O.2", :"O.g"}`);
  assert.equal(evalsTo(`m = %{"O.k": 1}; m."O.k"`), "1");
});

test("sigils keep their text", () => {
  assert.equal(evalsTo(`~S(O.x\\n)`), `"O.x\\\\n"`);
  assert.equal(evalsTo(`~w(O.a O.b)a`), `[:"O.a", :"O.b"]`);
  assert.equal(evalsTo(`~c"O.1"`), `'O.1'`);
});

// Shell closures as erl_eval funs for real nodes (src/runtime/dist/erl-eval.ts): the profile
// learned from a real erl_eval, and random closures over random bindings evaluating on a real
// Elixir node to what they evaluate to in beamsh. Skips without Erlang/Elixir.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import { etfContext } from "../../src/runtime/dist/context.js";
import { ErlEvalProfile, erlEvalClosure, learnRequestArgs, profileFromReply } from "../../src/runtime/dist/erl-eval.js";
import { decode, encode } from "../../src/runtime/dist/etf.js";
import { funSourceOfCode } from "../../src/runtime/dist/fun-source.js";
import { isForeignFun } from "../../src/runtime/dist/funs.js";
import { Fun } from "../../src/runtime/fun.js";
import { inspect } from "../../src/runtime/inspect.js";
import { Pid, Term, a, list, tuple } from "../../src/runtime/term.js";
import { evaluate, testRuntime } from "../helpers/eval.js";
import { NO_ERLANG, hasErlang } from "./real-erl.js";

const t = testRuntime();
const ctx = etfContext(t.rt);
const wireOf = (f: Term) => (f instanceof Fun && isForeignFun(f) ? f.wire : null);

/** Runs an Elixir script on a real node with base64 arguments; returns its standard output. */
function elixir(script: string, args: string[]): string {
  const r = spawnSync("elixir", ["-e", script, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

const b64 = (t: Term) => Buffer.from(encode(t, ctx)).toString("base64");

describe("erl_eval funs", () => {
  test("a peer that cannot evaluate the request has no profile", () => {
    assert.equal(profileFromReply(tuple(a("badrpc"), a("nodedown")), wireOf), null);
    assert.equal(profileFromReply(tuple(a("value"), tuple(), list([])), wireOf), null);
  });

  test("closures over random bindings run on a real node as in beamsh", { skip: hasErlang() ? false : NO_ERLANG }, () => {
    // The profile, learned from the real erl_eval as a peer's rex would answer.
    const reply = elixir("[args] = System.argv(); IO.write(Base.encode64(:erlang.term_to_binary(apply(:erl_eval, :exprs, :erlang.binary_to_term(Base.decode64!(args))))))", [
      b64(learnRequestArgs()),
    ]);
    const profile = profileFromReply(decode(new Uint8Array(Buffer.from(reply, "base64")), ctx).term, wireOf) as ErlEvalProfile;
    assert.ok(profile !== null, "no profile from the real erl_eval");
    assert.equal(profile.funs.length, 21);

    let seed = 4242;
    const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647) % n);
    const value = (depth: number): string => {
      switch (depth > 2 ? rnd(4) : rnd(8)) {
        case 0:
          return String(rnd(2000) - 1000);
        case 1:
          return String(2n ** BigInt(rnd(100)) * (rnd(2) ? 1n : -1n));
        case 2:
          return JSON.stringify("s" + "é".repeat(rnd(3)) + rnd(100));
        case 3:
          return [":ok", ":error", "nil", "true", ":\"with space\""][rnd(5)];
        case 4:
          return "[" + Array.from({ length: rnd(4) }, () => value(depth + 1)).join(", ") + "]";
        case 5:
          return "{" + Array.from({ length: rnd(4) }, () => value(depth + 1)).join(", ") + "}";
        case 6:
          return "%{" + Array.from({ length: rnd(3) }, (_, i) => `k${i}: ${value(depth + 1)}`).join(", ") + "}";
        default:
          return `${rnd(100)}.5`;
      }
    };
    const bodies = [
      (xs: string[]) => `fn y -> {y, ${xs.join(", ")}} end`,
      (xs: string[]) => `fn y, z -> [z, y | [${xs.join(", ")}]] end`,
      (xs: string[]) => `fn -> Enum.map([${xs.join(", ")}], &inspect/1) end`,
      (xs: string[]) => `fn y -> case y do 1 -> ${xs[0]}; _ -> %{got: y, all: [${xs.join(", ")}]} end end`,
    ];
    const funs: Term[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      const n = 1 + rnd(4);
      const names = Array.from({ length: n }, (_, k) => `x${k}`);
      const fnSrc = bodies[i % bodies.length](names);
      const binds = names.map((x) => `${x} = ${value(0)}`).join("\n");
      const f = evaluate(`${binds}\n${fnSrc}`, t) as Fun;
      const src = funSourceOfCode(f.code);
      assert.ok(src !== undefined);
      const w = erlEvalClosure(profile, f, src, new Pid(100, 0));
      assert.ok(w !== null);
      const args = ["", "1", "1, 2"][f.arity];
      expected.push(inspect(evaluate(`${binds}\n(${fnSrc}).(${args})`, t)));
      funs.push(f);
    }
    // The codec with the profile: what a connection to a real node sends.
    const withProfile = { ...ctx, funs: { ...ctx.funs!, toWire: (f: Fun) => erlEvalClosure(profile, f, funSourceOfCode(f.code)!, new Pid(100, 0))! } };
    const out = elixir(
      "[b] = System.argv(); for f <- :erlang.binary_to_term(Base.decode64!(b)), do: IO.puts(inspect(apply(f, Enum.take([1, 2], :erlang.fun_info(f, :arity) |> elem(1)))))",
      [Buffer.from(encode(list(funs), withProfile)).toString("base64")],
    );
    assert.deepEqual(out.trimEnd().split("\n"), expected);
  });
});

// The heap watch (runtime/heap-watch.ts): max_heap_size as BEAM enforces it, and the runtime
// killing the process that holds the most when the JS heap is nearly full.
import assert from "node:assert/strict";
import { test } from "node:test";
import { NativeInterrupted, setInterruptCheck } from "../../src/runtime/heap-room.js";
import { MapTerm } from "../../src/runtime/map.js";
import { HeapWatch, measure } from "../../src/runtime/heap-watch.js";
import { inspect } from "../../src/runtime/inspect.js";
import { Term, a, int } from "../../src/runtime/term.js";
import { evalsTo, spawnEval, testRuntime } from "../helpers/eval.js";

/** The exception a process died of (its exit reason is the BEAM's own, `{:badarg, stack}`). */
const raises = (src: string) => {
  const t = testRuntime();
  const p = spawnEval(t.rt, src);
  t.rt.runUntilIdle();
  assert.equal(inspect((p.exitReason as Term[])[0]), ":badarg");
  return inspect(p.exc!.reason);
};

test("Process.flag(:max_heap_size) answers the old setting and checks its value as BEAM does", () => {
  assert.equal(evalsTo("Process.flag(:max_heap_size, 1_000_000)"), "%{error_logger: true, kill: true, size: 0}");
  assert.equal(
    evalsTo("Process.flag(:max_heap_size, %{size: 233, kill: false}); {Process.flag(:max_heap_size, 0), Process.info(self(), :max_heap_size)}"),
    "{%{error_logger: true, kill: false, size: 233}, {:max_heap_size, %{error_logger: true, kill: false, size: 0}}}",
  );
  assert.equal(
    evalsTo("Process.flag(:max_heap_size, %{size: 5000, error_logger: false}); elem(Process.info(self(), :garbage_collection), 1)[:max_heap_size]"),
    "%{error_logger: false, kill: true, size: 5000}",
  );
  for (const bad of ["-1", "5", "232", "1.5", ":foo", "%{kill: false}", "%{size: 10, foo: 1}", "%{size: 0, kill: 1}"]) {
    assert.match(raises(`Process.flag(:max_heap_size, ${bad})`), /2nd argument: invalid value for this process flag/, bad);
  }
});

test("a process past its max_heap_size is killed with BEAM's report; one with kill: false is only reported", () => {
  const t = testRuntime();
  const grower = spawnEval(t.rt, "Process.flag(:max_heap_size, 10_000); Enum.reduce(1..100_000, [], &[&1 | &2]) |> length()");
  t.rt.runUntilIdle();
  assert.equal(inspect(grower.exitReason), ":killed");
  const report = t.output.join("");
  assert.match(report, /\[error\]      Process:            #PID<0\.\d+\.0> \n     Context:            maximum heap size reached\n     Max Heap Size:      10000\n     Total Heap Size:    \d+\n     Kill:               true\n     Error Logger:       true\n     Message Queue Len:  0\n     GC Info:            \[\n  old_heap_block_size: \d+,\n/);
  assert.match(report, /\n  bin_old_vheap_block_size: 46422\n\]\n\n$/);

  const t2 = testRuntime();
  const survivor = spawnEval(t2.rt, "Process.flag(:max_heap_size, %{size: 10_000, kill: false}); Enum.reduce(1..100_000, [], &[&1 | &2]) |> length()");
  t2.rt.runUntilIdle();
  assert.equal(inspect(survivor.exitReason), ":normal");
  assert.match(t2.output.join(""), /Kill:               false/);

  const t3 = testRuntime();
  const quiet = spawnEval(t3.rt, "Process.flag(:max_heap_size, %{size: 10_000, error_logger: false}); Enum.reduce(1..100_000, [], &[&1 | &2]) |> length()");
  t3.rt.runUntilIdle();
  assert.equal(inspect(quiet.exitReason), ":killed");
  assert.equal(t3.output.join(""), "");
});

test("a process under its max_heap_size runs to its end", () => {
  assert.equal(evalsTo("Process.flag(:max_heap_size, 100_000); Enum.reduce(1..10_000, [], &[&1 | &2]) |> length()"), "10000");
});

test("measure counts frames, registers, messages and the dictionary, a shared term once", () => {
  const t = testRuntime();
  const p = spawnEval(t.rt, `
    defmodule Deep do
      def down(_l, 0), do: receive(do: (:stop -> :ok))
      def down(l, n), do: 1 + down(l, n - 1)
    end
    l = Enum.to_list(1..1000)
    Process.put(:k, "v")
    Deep.down(l, 500)`);
  t.rt.runUntilIdle();
  const m = measure(p);
  assert.ok(m.stack >= 500 * 3, `stack ${m.stack}`);
  assert.ok(m.heap >= 2000 && m.heap < 4000, `heap ${m.heap}: the list passed down 500 frames counts once`);
  assert.ok(measure(p, 100).stack + measure(p, 100).heap < 2000, "the walk stops past its cap");
});

test("when the heap is nearly full after a collection, the process holding the most is killed and reported", () => {
  const t = testRuntime();
  const small = spawnEval(t.rt, "receive do :stop -> :ok end");
  const big = spawnEval(t.rt, "l = Enum.to_list(1..200_000); receive do :stop -> l end");
  t.rt.runUntilIdle();
  let used = 0.9;
  let collected = 0;
  const watch = new HeapWatch(t.rt, { stats: () => ({ used: used * 1e9, limit: 1e9 }), collect: () => collected++ });
  assert.equal(watch.check(0), true);
  assert.equal(inspect(big.exitReason), ":killed");
  assert.equal(small.status, "waiting");
  assert.equal(collected, 2, "one collection before choosing, one after the kill");
  assert.match(t.output.join(""), /Process:            #PID<0\.\d+\.0> \n     Context:            maximum heap size reached\n     Max Heap Size:      93750000\n     Total Heap Size:    112500000\n/);
  // Not again within a second while there is room, and never when the heap is below the
  // line after collecting.
  used = 0.8;
  assert.equal(watch.check(500), false);
  assert.equal(collected, 2);
  used = 0.5;
  assert.equal(watch.check(5000), false);
  assert.equal(small.status, "waiting");
  // A heap full of something no process holds: killing a small process would not help.
  used = 0.95;
  assert.equal(watch.check(10_000), false);
  assert.equal(small.status, "waiting");
  t.rt.send(small.pid, a("stop"));
  t.rt.runUntilIdle();
  assert.equal(inspect(small.exitReason), ":normal");
});

test("a process that fills the heap within a second of a collection is still stopped before the heap is full", () => {
  const t = testRuntime();
  const big = spawnEval(t.rt, "l = Enum.to_list(1..200_000); receive do :stop -> l end");
  t.rt.runUntilIdle();
  let used = 0.76;
  let garbage = true;
  let collected = 0;
  const collect = () => {
    collected++;
    if (garbage) used = 0.7;
  };
  const watch = new HeapWatch(t.rt, { stats: () => ({ used: used * 1e9, limit: 1e9 }), collect });
  // Past the share, but what fills it is garbage: nobody is killed.
  assert.equal(watch.check(0), false);
  assert.equal(collected, 1);
  // Growing again: still room, so no second collection within the second.
  used = 0.8;
  assert.equal(watch.check(50), false);
  assert.equal(collected, 1);
  // Past halfway from the share to the limit 100 ms later, and live: collected and killed.
  used = 0.9;
  garbage = false;
  assert.equal(watch.check(100), true);
  assert.equal(inspect(big.exitReason), ":killed");
});

test("a native asked to build more than the heap can hold kills its process with the report, before building it; try cannot catch that", () => {
  const t = testRuntime();
  const bystander = spawnEval(t.rt, "receive do :stop -> :ok end");
  const cases = [
    "List.duplicate(0, 100_000_000_000)",
    ":lists.duplicate(100_000_000_000_000_000_000, :x)",
    "try do Enum.to_list(1..100_000_000_000) rescue _ -> :rescued catch _, _ -> :caught end",
    "Enum.reverse(1..100_000_000_000)",
    ":lists.seq(1, 100_000_000_000)",
    ":lists.seq(1, 0xffffffffffffffffffffffffffffff10)",
    ":lists.seq(0xffffffffffffffffffffffffffffff10, 1, -3)",
    ':binary.copy("ab", 100_000_000_000)',
    'String.duplicate("é", 100_000_000_000)',
  ];
  for (const src of cases) {
    const before = t.output.join("").length;
    const p = spawnEval(t.rt, src);
    t.rt.runUntilIdle();
    assert.equal(inspect(p.exitReason), ":killed", src);
    const report = t.output.join("").slice(before);
    assert.match(report, new RegExp(`Process:            ${inspect(p.pid).replace(/[.<>]/g, "\\$&")} \\n     Context:            maximum heap size reached\\n`), src);
    assert.match(report, /Total Heap Size:    \d+\n/, src);
  }
  assert.equal(bystander.status, "waiting");
  t.rt.send(bystander.pid, a("stop"));
  t.rt.runUntilIdle();
  assert.equal(inspect(bystander.exitReason), ":normal");
});

test("long list natives are done in steps, so other processes run meanwhile", () => {
  const t = testRuntime();
  const p = spawnEval(t.rt, "{length(List.duplicate(:a, 300_000)), length(Enum.to_list(1..300_000)), Enum.reverse(1..300_000) |> hd()}");
  const ticker = spawnEval(t.rt, "Enum.each(1..5, fn _ -> :erlang.yield() end)");
  let slices = 0;
  while (p.status !== "exited" && t.rt.step()) slices++;
  assert.equal(inspect(p.exitReason), ":normal");
  assert.equal(ticker.status, "exited", "the other process finished while the lists were built");
  assert.ok(slices > 10, `${slices} slices`);
});

test("a native walking a long list polls for Ctrl+C: when the interrupt killed its process it stops there; otherwise it goes on", () => {
  const t = testRuntime();
  let polls = 0;
  let victim: ReturnType<typeof spawnEval> | null = null;
  setInterruptCheck(() => {
    polls++;
    const p = t.rt.scheduler.current;
    if (p === null || p !== victim || polls < 2) return false;
    t.rt.signals.kill(p, a("killed"));
    return true;
  });
  try {
    victim = spawnEval(t.rt, "l = :lists.seq(1, 300_000); send(self(), :after); length(l ++ l)");
    t.rt.runUntilIdle();
    assert.equal(inspect(victim.exitReason), ":killed");
    assert.ok(polls >= 2);
    const other = spawnEval(t.rt, "l = :lists.seq(1, 300_000); length(l ++ l)");
    t.rt.runUntilIdle();
    assert.equal(inspect(other.exitReason), ":normal", "a poll that kills nothing changes nothing");
  } finally {
    setInterruptCheck(null);
  }
});

test("building a big map, and searching, splitting or hex-encoding a big binary, poll for Ctrl+C too", () => {
  const entries = new Map<unknown, [Term, Term]>();
  for (let i = 0; i < 300_000; i++) entries.set(i, [int(i), int(i)]);
  let polls = 0;
  setInterruptCheck(() => ++polls > 1);
  try {
    assert.throws(() => new MapTerm(entries), NativeInterrupted);
    assert.equal(polls, 2, "the build stopped at the first poll that said so");
  } finally {
    setInterruptCheck(null);
  }
  const t = testRuntime();
  for (const call of [':binary.replace(b, "a", "c", [:global])', ':binary.split(b, "a", [:global])', ":binary.encode_hex(b)"]) {
    let armed = false;
    let victim: ReturnType<typeof spawnEval> | null = null;
    setInterruptCheck(() => {
      const p = t.rt.scheduler.current;
      if (p === null || p !== victim) return false;
      // Only once the binary is built: the poll must come from the call itself.
      if (!armed) armed = p.mailbox.length > 0;
      if (!armed) return false;
      t.rt.signals.kill(p, a("killed"));
      return true;
    });
    try {
      victim = spawnEval(t.rt, `b = :binary.copy("ab", 400_000); send(self(), :built); _ = ${call}; :done`);
      t.rt.runUntilIdle();
      assert.equal(inspect(victim.exitReason), ":killed", call);
    } finally {
      setInterruptCheck(null);
    }
  }
});

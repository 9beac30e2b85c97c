// Direct bodies (protocol.ts): compiled functions run as plain JS calls and turn into heap
// frames only when the process must stop. What must hold whichever way a call runs: stack
// traces name the same frames (tail calls leave none), deep and infinite recursion,
// preemption at any point, suspension into code that has no direct body (receive, try,
// natives that read the stack), closures, and exceptions caught by a try further up.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TestRuntime, evaluate, evalsTo, spawnEval, testRuntime } from "../helpers/eval.js";
import { inspect } from "../../src/runtime/inspect.js";
import { genDirectFunction, isSpill } from "../../src/runtime/protocol.js";
import { liveAtSites } from "../../src/runtime/compiler/unit.js";
import type { ProcLike } from "../../src/runtime/code.js";
import { a } from "../../src/runtime/term.js";
import { natives as persistentTerm } from "../../src/stdlib/persistent-term.js";

const CHAIN = `
defmodule Chain do
  def a(x), do: {:a, b(x)}
  def b(x), do: {:b, c(x)}
  def c(x), do: x + 1
  def t(x), do: c(x)
end`;

test("a raise three direct calls deep shows every frame with its call line", () => {
  const got = evalsTo(`${CHAIN}
try do
  Chain.a(:x)
rescue
  _ -> Enum.map(__STACKTRACE__, fn {m, f, n, loc} -> {m, f, if(is_list(n), do: length(n), else: n), loc[:line]} end)
end`);
  assert.match(got, /^\[\{Chain, :c, 1, 5\}, \{Chain, :b, 1, 4\}, \{Chain, :a, 1, 3\}/);
});

test("a tail call leaves no frame of the caller in a stack trace", () => {
  const got = evalsTo(`${CHAIN}
try do
  Chain.t(:x)
rescue
  _ -> Enum.map(__STACKTRACE__, fn {m, f, _, _} -> {m, f} end)
end`);
  assert.match(got, /^\[\{Chain, :c\}/);
  assert.doesNotMatch(got, /:t\}/);
});

test("the error of a native called in tail position keeps the caller's frame", () => {
  const got = evalsTo(`
defmodule N do
  def n(s), do: String.to_integer(s)
end
try do
  N.n("x")
rescue
  _ -> Enum.map(__STACKTRACE__, fn {m, f, _, _} -> {m, f} end)
end`);
  assert.match(got, /^\[\{:erlang, :binary_to_integer\}, \{N, :n\}/);
});

test("one million deep body recursion gives the exact result with small slices", () => {
  const t = testRuntime(50);
  const p = spawnEval(t.rt, `
defmodule Sum do
  def sum([]), do: 0
  def sum([h | t]), do: h + sum(t)
end
Sum.sum(Enum.to_list(1..1_000_000))`);
  let slices = 0;
  while (t.rt.step()) slices++;
  assert.ok(slices > 20_000, `${slices} slices`);
  assert.equal((p.x as unknown[])[0], 500000500000);
});

// A body recursion deeper than a slice returns into activations its earlier slices recorded
// (spill frames), which go back into their direct bodies (protocol.ts: RESUME): what they do
// after their call must behave exactly as on heap frames.
const RETURNS = `
defmodule Ret do
  def sum([]), do: 0
  def sum([h | t]), do: h + sum(t)
  # after the recursive call: more calls, deep enough to be preempted themselves
  def walk([]), do: []
  def walk([h | t]) do
    rest = walk(t)
    [depth(h, 0) | rest]
  end
  defp depth(0, acc), do: acc
  defp depth(n, acc), do: 1 + depth(n - 1, acc)
  # a receive on the way back: the process blocks in the middle of the returns
  def ask([]), do: 0
  def ask([h | t]) do
    r = ask(t)
    send(self(), {:v, h})
    receive do
      {:v, v} -> r + v
    end
  end
end`;

test("returns into activations recorded slices ago continue where they stopped, at every slice size", () => {
  const src = `${RETURNS}
l = Enum.to_list(1..3000)
{Ret.sum(l), Enum.sum(Ret.walk(Enum.map(1..400, &rem(&1, 37)))), Ret.ask(Enum.to_list(1..500))}`;
  const want = evalsTo(src);
  assert.equal(want, `{4501500, ${[...Array(400).keys()].reduce((a, i) => a + ((i + 1) % 37), 0)}, 125250}`);
  for (const reds of [1, 2, 3, 7, 50, 100, 333, 1000]) assert.equal(evalsTo(src, testRuntime(reds)), want, `slices of ${reds}`);
});

test("a raise on the way back out of a deep recursion has the stack trace and reductions of a shallow one", () => {
  const src = `${RETURNS}
l = Enum.to_list(1..300) ++ [:x] ++ Enum.to_list(1..300)
try do
  Ret.sum(l)
rescue
  e -> {e.__struct__, for({m, f, a, loc} <- __STACKTRACE__, do: {m, f, a, loc[:line]})}
end`;
  const run = (reds: number): [string, number] => {
    const t = testRuntime(reds);
    const p = spawnEval(t.rt, src);
    t.rt.runUntilIdle();
    return [inspect((p.x as unknown[])[0]), p.reductions];
  };
  const want = run(1_000_000);
  // (h + sum(t) of two variables fails in the BIF on the BEAM: its entry comes first)
  assert.match(want[0], /^\{ArithmeticError, \[\{:erlang, :\+, \[:x, 45150\], nil\}, \{Ret, :sum, 1, 4\}/);
  for (const reds of [2, 3, 50, 100, 200]) assert.deepEqual(run(reds), want, `slices of ${reds}`);
});

// A direct body's self calls go on the process's explicit stack (protocol.ts XS), and a
// suspension leaves them there behind region frames: whichever way the recursion ends, the
// stack must be left as it was, or a process would keep what it no longer uses.
test("self calls leave the explicit stack empty: after returns, after an exception caught further up, at every slice size", () => {
  const src = `${RETURNS}
defmodule Bad do
  def boom([]), do: raise("bottom")
  def boom([h | t]), do: h + boom(t)
end
r1 = Ret.sum(Enum.to_list(1..5000))
r2 = for _ <- 1..3, do: (try do Bad.boom(Enum.to_list(1..4000)) rescue e -> e.message end)
r3 = try do Ret.sum(Enum.to_list(1..2000) ++ [:x] ++ Enum.to_list(1..2000)) rescue e -> e.__struct__ end
send(self(), {:r, r1, r2, r3})
receive do
  :never -> :ok
end`;
  for (const reds of [1, 3, 50, 1000, 1_000_000]) {
    const t = testRuntime(reds);
    const p = spawnEval(t.rt, src);
    t.rt.runUntilIdle();
    assert.equal(p.status, "waiting", `slices of ${reds}`);
    assert.equal(inspect(p.mailbox.items[p.mailbox.head]), '{:r, 12502500, ["bottom", "bottom", "bottom"], ArithmeticError}', `slices of ${reds}`);
    assert.equal(p.xsN, 0, `slices of ${reds}`);
    // (a process waiting in a receive lets the stack go)
    assert.equal(p.xs, null, `slices of ${reds}`);
  }
});

// Once a recursion has records on the explicit stack, its self calls go there at once: a
// slice resumed in the middle of a deep recursion starts no new run of JS calls, which its
// suspension would have to capture (64 activations, a spill frame per slice).
test("a deep recursion resumed slice after slice keeps its self calls on the explicit stack", () => {
  const t = testRuntime(200);
  const p = spawnEval(t.rt, `${RETURNS}
Ret.sum(Enum.to_list(1..1_000_000))`);
  // (the list is built and the recursion well under way)
  for (let i = 0; i < 400 && p.xsN < 20_000; i++) t.rt.step();
  const before = p.xsN;
  assert.ok(before >= 20_000, `${before} slots on the explicit stack`);
  for (let i = 0; i < 50; i++) t.rt.step();
  let spills = 0;
  let frames = 0;
  for (let f: typeof p.frame | null = p.frame; f !== null; f = f.up, frames++) if (isSpill(f)) spills++;
  // 50 slices of 200 reductions: 10,000 more records of one slot (`h`), under one region
  // frame and one entry frame each (the first slice's JS calls are one spill frame at most)
  assert.ok(p.xsN - before >= 50 * 190, `${p.xsN - before} slots more`);
  assert.ok(spills <= 1, `${spills} spill frames`);
  assert.ok(frames <= 2 * (400 + 50) + 10, `${frames} frames`);
  t.rt.runUntilIdle();
  assert.equal(p.status, "exited");
  assert.equal(p.xsN, 0);
});

test("Process.info of a process blocked at the bottom of a deep body recursion names its frames", () => {
  const src = `
defmodule Down do
  def down(0) do
    receive do
      :go -> 0
    end
  end
  def down(n), do: 1 + down(n - 1)
  def wait(pid) do
    case Process.info(pid, :status) do
      {:status, :waiting} -> :ok
      _ -> wait(pid)
    end
  end
end
parent = self()
pid = spawn(fn -> send(parent, {:done, Down.down(3000)}) end)
Down.wait(pid)
{:current_stacktrace, st} = Process.info(pid, :current_stacktrace)
send(pid, :go)
receive do
  {:done, v} -> {v, for({m, f, a, loc} <- Enum.take(st, 2), do: {m, f, a, loc[:line]})}
end`;
  for (const reds of [1, 7, 100, 1000]) assert.equal(evalsTo(src, testRuntime(reds)), "{3000, [{Down, :down, 1, 3}, {Down, :down, 1, 8}]}", `slices of ${reds}`);
});

test("mutual tail recursion runs in constant memory, preempted by reductions", () => {
  const t = testRuntime(1000);
  const p = spawnEval(t.rt, `
defmodule Ping do
  def ping(n), do: pong(n + 1)
  def pong(n), do: Ping.ping(n + 1)
end
Ping.ping(0)`);
  let maxDepth = 0;
  for (let i = 0; i < 500; i++) {
    t.rt.step();
    let depth = 0;
    for (let f: typeof p.frame | null = p.frame; f !== null; f = f.up) depth++;
    maxDepth = Math.max(maxDepth, depth);
  }
  assert.ok(maxDepth <= 4, `frame stack ${maxDepth} deep`);
  assert.equal(p.status, "runnable");
  assert.ok(p.reductions >= 450_000, `ran ${p.reductions} reductions`);
});

test("every slice size gives the same result (suspension at any call)", () => {
  const src = `
defmodule Mix1 do
  def go(n), do: Enum.reduce(1..n, 0, fn x, acc -> acc + f(x) end)
  defp f(x) when rem(x, 3) == 0, do: g(x) * 2
  defp f(x), do: g(x) + h(x)
  defp g(x), do: x + 1
  defp h(x), do: apply(__MODULE__, :k, [x])
  def k(x), do: x * x
end
Mix1.go(300)`;
  const want = evalsTo(src);
  for (const reds of [1, 2, 3, 5, 17]) assert.equal(evalsTo(src, testRuntime(reds)), want, `slices of ${reds}`);
});

test("a direct body calling a function with receive suspends into it and gets its value", () => {
  const got = evalsTo(`
defmodule W do
  def outer(x), do: 1 + inner(x)
  def inner(x) do
    send(self(), {:v, x})
    wait()
  end
  def wait do
    receive do
      {:v, v} -> v * 10
    end
  end
end
W.outer(4)`);
  assert.equal(got, "41");
});

test("call sites recording the same registers share one restoring case of the direct body", () => {
  const sites = [
    { pc: 1, live: [0, 1, 2], ref: "S[0]" },
    { pc: 4, live: [1], ref: "S[1]" },
    { pc: 2, live: [0, 1, 2], ref: "S[2]" },
  ];
  const src = genDirectFunction("C[0]", 1, 3, undefined, "case 0:{$x=r$0;break S;}", true, sites);
  assert.ok(src.includes("switch($pc){case 1:case 2:r$0=$c[$i+1];r$1=$c[$i+2];r$2=$c[$i+3];break;case 4:r$1=$c[$i+1];break;}"), src);
});

test("a call site records the registers its continuation reads, past a receive and a dead block", () => {
  // block 0 calls (resuming at 1); 1 receives in 2 (its wait's record names every register,
  // its code as C[i]); 3 is a dead block (nothing jumps to it) that runs on into 4
  const res = [
    "r[2]=r[0];f.pc=1;return O.rcall(p,f,K[0],[]);",
    "r[3]=p.x;f.pc=2;continue L;",
    "M1:{if(O.recvTimedOut(p)){f.pc=4;continue L;}r[4]=r[2];f.pc=4;continue L;}return 3;",
    "r[5]=p.x;",
    "p.x=r[4];break S;",
  ];
  const dir = [
    "r$2=r$0;$pc=1;$x=O.drcall(p,K[0],[]);/*>1*/continue L;",
    "r$3=$x;$pc=2;continue L;",
    "M1:{if(O.recvTimedOut(p)){$pc=4;continue L;}r$4=r$2;$pc=4;continue L;}return O.suspendWait(p,C[6],2,$ln,[r$0,r$1,r$2,r$3,r$4,r$5],0);",
    "r$5=$x;",
    "$x=r$4;break S;",
  ];
  const live = liveAtSites(res, dir, [1], 6, false);
  assert.deepEqual(live.get(1), [2, 4]);
});

test("GenServer.call-like code (a yield, an and, a receive with after) resumes right at every slice size", () => {
  const src = `
defmodule Srv do
  def start, do: spawn(fn -> loop(0) end)
  def loop(n) do
    receive do
      {:call, from, ref, k} -> send(from, {ref, n + k}); loop(n + k)
    end
  end
  def call(pid, k, timeout) do
    if is_tuple(pid) and not Node.alive?() do
      exit(:nodedown)
    end
    ref = Process.monitor(pid)
    send(pid, {:call, self(), ref, k})
    :erlang.yield()
    receive do
      {^ref, reply} ->
        Process.demonitor(ref, [:flush])
        {k, reply}
      {:DOWN, ^ref, _, _, reason} -> exit(reason)
    after
      timeout -> exit({:timeout, k, pid})
    end
  end
  def run(pid, n, acc) when n > 0, do: run(pid, n - 1, [call(pid, n, 5000) | acc])
  def run(_pid, 0, acc), do: acc
end
pid = Srv.start()
Srv.run(pid, 30, [])`;
  const want = evalsTo(src);
  assert.match(want, /^\[\{1, 465\}, \{2, 464\}/);
  for (const reds of [1, 2, 3, 5, 13]) assert.equal(evalsTo(src, testRuntime(reds)), want, `slices of ${reds}`);
});

test("a process suspending again and again at the same depths reuses its pooled frames", () => {
  const t = testRuntime();
  const p = spawnEval(t.rt, `
defmodule Yields do
  def a(n), do: b(n) + 1
  def b(n), do: (:erlang.yield(); n * 2)
  def go(0, acc), do: acc
  def go(n, acc), do: go(n - 1, acc + a(n))
end
Yields.go(200, 0)`);
  t.rt.runUntilIdle(60);
  assert.notEqual(p.status, "exited");
  const pooled = p.stack.filter((f) => f !== undefined).length;
  const seen = new Set(p.stack.filter((f) => f !== undefined));
  t.rt.runUntilIdle(200);
  assert.equal(p.stack.filter((f) => f !== undefined && !seen.has(f)).length, 0, "no new pooled frames");
  assert.ok(pooled >= 3, `${pooled} pooled frames`);
  t.rt.runUntilIdle();
  assert.equal(inspect((p.x as unknown[])[0]), String(200 * 201 + 200));
});

test("a process's first frame tail-calling a direct body: its value, preemption at every slice size, and a crash's trace without it", () => {
  const src = `
defmodule First do
  def start, do: spawn_monitor(fn -> loop(3) end)
  def loop(0), do: raise("boom")
  def loop(n), do: loop(n - 1)
  def count(0, acc, to), do: send(to, {:count, acc})
  def count(n, acc, to), do: count(n - 1, acc + n, to)
end
{_pid, ref} = First.start()
trace = receive do {:DOWN, ^ref, _, _, {e, st}} -> {e.message, Enum.map(st, fn {m, f, a, loc} -> {m, f, a, loc[:line]} end)} end
me = self()
spawn(fn -> First.count(5000, 0, me) end)
{trace, receive(do: ({:count, n} -> n))}`;
  // (as elixir prints it: the fn's tail call leaves no frame of the fn)
  const want = '{{"boom", [{First, :loop, 1, 4}]}, 12502500}';
  for (const reds of [1, 2, 3, 7, 1000]) assert.equal(evalsTo(src, testRuntime(reds)), want, `slices of ${reds}`);
});

test("a process spawned spinning in a tail-recursive function runs it direct after every preemption", () => {
  const t = testRuntime(50);
  const p = spawnEval(t.rt, `
defmodule Spin do
  def spin(n), do: spin(n + 1)
end
spawn(fn -> Spin.spin(0) end)`);
  for (let i = 0; i < 100_000 && p.status !== "exited"; i++) t.rt.runUntilIdle(1);
  assert.equal(p.status, "exited");
  const spinner = [...t.rt.procs.values()].find((q) => q !== p && q.status !== "exited")!;
  for (let i = 0; i < 20; i++) t.rt.runUntilIdle(1);
  // preempted inside its direct body, it is one frame at its entry (the spawned fn is gone)
  assert.equal(spinner.frame.code.name, "spin");
  assert.equal(spinner.frame.up, null);
  assert.equal(spinner.base, null);
  assert.ok(spinner.reductions >= 1000, `${spinner.reductions} reductions`);
  t.rt.signals.exitProcess(spinner, a("kill"));
});

test("a function with a try resumes each of its suspended call sites with its own registers", () => {
  const src = `
defmodule Sites do
  def run(a, b) do
    try do
      x = wait(a)
      y = wait(b) + x
      z = wait(x * y) + a
      {x, y, z, wait(z - b)}
    rescue
      e in ArithmeticError -> {:caught, a, b, e.message}
    end
  end
  def wait(v) do
    send(self(), {:v, v})
    receive do
      {:v, w} -> w
    end
  end
end
{Sites.run(2, 3), Sites.run(:x, 3)}`;
  const want = '{{2, 5, 12, 9}, {:caught, :x, 3, "bad argument in arithmetic expression"}}';
  for (const reds of [1, 2, 3, 7, 1000]) assert.equal(evalsTo(src, testRuntime(reds)), want, `slices of ${reds}`);
});

test("a try in resumable code catches an error raised in direct code below it", () => {
  const got = evalsTo(`${CHAIN}
defmodule Guard do
  def safe(x) do
    try do
      Chain.a(x)
    rescue
      ArithmeticError -> :caught
    end
  end
end
{Guard.safe(:x), Guard.safe(1)}`);
  assert.equal(got, "{:caught, {:a, {:b, 2}}}");
});

test("closures with captured variables run direct and through Enum's natives", () => {
  const got = evalsTo(`
defmodule Clo do
  def run(k) do
    add = fn x -> x + k end
    Enum.map([1, 2, 3], add) ++ [add.(10)] ++ Enum.map([1, 2], &twice/1)
  end
  defp twice(x), do: x * 2
end
Clo.run(100)`);
  assert.equal(got, "[101, 102, 103, 110, 2, 4]");
});

test("Process.info(self(), :current_stacktrace) sees the direct callers", () => {
  const got = evalsTo(`
defmodule Deep do
  def a, do: {:a, b()}
  def b, do: {:b, Process.info(self(), :current_stacktrace)}
end
{:a, {:b, {:current_stacktrace, st}}} = Deep.a()
Enum.take(Enum.map(st, fn {m, f, n, _} -> {m, f, n} end), 3)`);
  assert.equal(got, "[{Process, :info, 2}, {Deep, :b, 0}, {Deep, :a, 0}]");
});

const TRY = `
defmodule Tr do
  def deep(0, e), do: raise(e)
  def deep(n, e), do: 1 + deep(n - 1, e)
  def spin(0), do: :ok
  def spin(n), do: spin(n - 1)
  def guarded(n, e) do
    try do
      spin(50)
      {:ok, deep(n, e)}
    rescue
      x in ArgumentError -> {:rescued, x.message}
    catch
      :throw, v -> {:thrown, v}
    end
  end
  def cleanup(n, e) do
    try do
      deep(n, e)
    after
      send(self(), :after_ran)
    end
  end
  def nested(n) do
    try do
      try do
        deep(n, RuntimeError)
      rescue
        ArgumentError -> :inner
      end
    rescue
      RuntimeError -> :outer
    end
  end
end`;

test("a try in a direct body catches what its direct callees raise, at every slice size", () => {
  const src = `${TRY}
r1 = Tr.guarded(30, ArgumentError)
r2 = try do Tr.cleanup(30, RuntimeError) rescue e -> e.message end
r3 = receive do :after_ran -> :after_ran after 0 -> :none end
r4 = Tr.nested(40)
r5 = Tr.guarded(3, %ArgumentError{message: "m"})
{r1, r2, r3, r4, r5}`;
  const want = `{{:rescued, "argument error"}, "runtime error", :after_ran, :outer, {:rescued, "m"}}`;
  assert.equal(evalsTo(src), want);
  for (const reds of [1, 2, 3, 7, 50]) assert.equal(evalsTo(src, testRuntime(reds)), want, `slices of ${reds}`);
});

test("an exception a direct try does not match keeps the frames it passed, and the try's call line", () => {
  const got = evalsTo(`${TRY}
try do
  Tr.guarded(2, KeyError)
rescue
  _ -> Enum.map(__STACKTRACE__, fn {m, f, _, loc} -> {m, f, loc[:line]} end)
end`);
  // deep/2 raising, deep/2 (recursion shown once per line), then guarded/2 at its call line
  assert.match(got, /^\[\{Tr, :deep, 3\}, \{Tr, :deep, 4\}, \{Tr, :guarded, 10\}/);
});

test("__STACKTRACE__ in a rescue sees the callers of the function that caught", () => {
  const got = evalsTo(`
defmodule St do
  def outer, do: {:outer, middle()}
  def middle, do: {:middle, catcher()}
  def catcher do
    try do
      raise "x"
    rescue
      _ -> Enum.map(__STACKTRACE__, fn {_, f, _, _} -> f end)
    end
  end
end
St.outer()`);
  assert.equal(got, "{:outer, {:middle, [:catcher, :middle, :outer]}}");
});

test("a receive in a direct body takes a waiting message and blocks when there is none", () => {
  const src = `
defmodule Rc do
  def drain(acc) do
    receive do
      {:n, n} -> drain(acc + n)
    after
      0 -> acc
    end
  end
  def echo do
    receive do
      {:echo, from, v} -> send(from, {:back, v}); echo()
      :stop -> :stopped
    end
  end
  def ask(pid, v) do
    send(pid, {:echo, self(), v})
    receive do
      {:back, ^v} -> v
    after
      1000 -> :timeout
    end
  end
  def run do
    Enum.each(1..100, &send(self(), {:n, &1}))
    sum = drain(0)
    pid = spawn(&echo/0)
    asked = Enum.map(1..20, &ask(pid, &1))
    send(pid, :stop)
    {sum, Enum.sum(asked)}
  end
end
Rc.run()`;
  assert.equal(evalsTo(src), "{5050, 210}");
  for (const reds of [1, 2, 5]) assert.equal(evalsTo(src, testRuntime(reds)), "{5050, 210}", `slices of ${reds}`);
});

// A slice may run past its budget on the JS stack while nothing else wants to run
// (Scheduler.extendSlice); tests run on the main thread's small stack, where it is off
// unless a test sets `extendReds`.
const DEEP_SUM = `
defmodule DeepSum do
  def sum([]), do: 0
  def sum([h | t]), do: h + sum(t)
  def loop(0), do: :done
  def loop(n), do: loop(n - 1)
  def boom(0), do: raise("bottom")
  def boom(n), do: 1 + boom(n - 1)
end`;

test("a lone process runs a deep recursion past its slice on the JS stack, reductions counted", () => {
  const run = (extend: number) => {
    const t = testRuntime(200);
    t.rt.scheduler.extendReds = extend;
    const p = spawnEval(t.rt, `${DEEP_SUM}\nDeepSum.sum(Enum.to_list(1..1500))`);
    let slices = 0;
    while (t.rt.step()) slices++;
    return { slices, value: (p.x as unknown[])[0], reductions: p.reductions };
  };
  const plain = run(0);
  const extended = run(2000);
  assert.equal(extended.value, 1125750);
  assert.equal(plain.value, 1125750);
  assert.ok(extended.slices < plain.slices, `${extended.slices} slices against ${plain.slices}`);
  assert.ok(Math.abs(extended.reductions - plain.reductions) < 50, `${extended.reductions} reductions against ${plain.reductions}`);
});

test("a slice is not extended while another process is runnable", () => {
  const t = testRuntime(200);
  t.rt.scheduler.extendReds = 100_000;
  const src = `${DEEP_SUM}\nDeepSum.loop(100_000)`;
  const a = spawnEval(t.rt, src);
  const b = spawnEval(t.rt, src);
  for (let i = 1; i <= 40; i++) {
    assert.ok(t.rt.step());
    const most = 200 * (Math.ceil(i / 2) + 1);
    assert.ok(a.reductions <= most && b.reductions <= most, `step ${i}: ${a.reductions} / ${b.reductions} reductions`);
  }
  assert.equal(a.status === "exited" || b.status === "exited", false);
});

test("an exception deep in an extended slice has the stack trace of a plain one", () => {
  const trace = (extend: number) => {
    const t = testRuntime(200);
    t.rt.scheduler.extendReds = extend;
    return evalsTo(`${DEEP_SUM}
try do
  DeepSum.boom(1500)
rescue
  e -> {e, Enum.map(__STACKTRACE__, fn {m, f, n, loc} -> {m, f, n, loc[:line]} end)}
end`, t);
  };
  const plain = trace(0);
  assert.match(plain, /RuntimeError/);
  assert.equal(trace(2000), plain);
});

// A catch clause that cleans up and raises again what it caught: compiled as a rethrow of
// the exception caught (control.ts rethrowPrefix), it needs no __STACKTRACE__ value, so the
// function keeps its direct body; the trace is the one the exception was raised with (the
// function's own entry at the call inside the try, not at the cleanup's call), as
// :erlang.raise/3 gives it on the BEAM.
const RETHROW = `
defmodule Re do
  def f(x, log) do
    try do
      g(x)
    catch
      kind, reason ->
        send(log, {:cleanup, kind})
        :erlang.raise(kind, reason, __STACKTRACE__)
    end
  end
  def g(x), do: {:g, h(x)}
  def h(:throw), do: throw(:t)
  def h(:exit), do: exit(:e)
  def h(x), do: 1 / x
  def outer(x), do: {:outer, f(x, self())}
  def bound(x) do
    try do
      h(x)
    catch
      kind, reason ->
        reason = {:wrapped, reason}
        :erlang.raise(kind, reason, __STACKTRACE__)
    end
  end
end
for x <- [0, :throw, :exit] do
  try do
    Re.outer(x)
  catch
    k, r -> {k, r, Enum.map(__STACKTRACE__, fn {m, f, a, loc} -> {m, f, if(is_list(a), do: length(a), else: a), loc[:line]} end) |> Enum.take(4), receive(do: ({:cleanup, c} -> c))}
  end
end ++ [try(do: Re.bound(:throw), catch: (:throw, v -> v))]`;

test("a catch clause ending in :erlang.raise(kind, reason, __STACKTRACE__) rethrows what it caught, with its trace, from a direct body", () => {
  // (as real Elixir 1.14 prints it)
  const want =
    "[{:error, :badarith, [{Re, :h, 1, 15}, {Re, :g, 1, 12}, {Re, :f, 2, 5}, {Re, :outer, 1, 16}], :error}, " +
    "{:throw, :t, [{Re, :h, 1, 13}, {Re, :g, 1, 12}, {Re, :f, 2, 5}, {Re, :outer, 1, 16}], :throw}, " +
    "{:exit, :e, [{Re, :h, 1, 14}, {Re, :g, 1, 12}, {Re, :f, 2, 5}, {Re, :outer, 1, 16}], :exit}, {:wrapped, :t}]";
  for (const reds of [1, 3, 1000]) {
    const t = testRuntime(reds);
    assert.equal(evalsTo(RETHROW, t), want, `slices of ${reds}`);
    assert.notEqual(t.rt.modules.lookup("Elixir.Re", "f", 2)?.direct, undefined, "f/2 has a direct body");
  }
});

test("an external fun called from a direct body runs its function's latest code, in every runtime that calls it", () => {
  // (Enum.reduce/3 over a list calls its fun at a fun call site of a direct body, which
  // calls an external fun resolved before as it calls a closure)
  const src = `
defmodule Ext do
  def add(x, acc), do: x + acc
end
f = &Ext.add/2
a = Enum.reduce(Enum.to_list(1..5000), 0, f)
Code.compiler_options(ignore_module_conflict: true)
defmodule Ext do
  def add(x, acc), do: x * 2 + acc
end
b = Enum.reduce(Enum.to_list(1..5000), 0, f)
:code.purge(Ext)
:code.delete(Ext)
c = try do
  Enum.reduce([1, 2], 0, f)
rescue
  e in UndefinedFunctionError -> {e.module, e.function, e.arity}
end
{a, b, c}`;
  assert.equal(evalsTo(src), "{12502500, 25005000, {Ext, :add, 2}}");
  // (a small slice: the reduce is preempted between its calls, and resumes on heap frames)
  assert.equal(evalsTo(src, testRuntime(7)), "{12502500, 25005000, {Ext, :add, 2}}");
});

test("one external fun value called in two runtimes runs each runtime's own function", () => {
  const t1 = testRuntime();
  const t2 = testRuntime();
  const def = (k: number) => `defmodule Ext2 do\n  def add(x, acc), do: x * ${k} + acc\nend\n`;
  evaluate(def(1), t1);
  evaluate(def(3), t2);
  const fun = evaluate("&Ext2.add/2", t1);
  const call = (t: TestRuntime) => {
    persistentTerm.fns["put/2"]([a("ext2_fun"), fun], { rt: t.rt } as unknown as ProcLike);
    return evalsTo(`Enum.reduce(Enum.to_list(1..100), 0, :persistent_term.get(:ext2_fun))`, t);
  };
  assert.deepEqual([call(t1), call(t2), call(t1), call(t2)], ["5050", "15150", "5050", "15150"]);
});

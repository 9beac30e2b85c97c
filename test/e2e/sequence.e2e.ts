// The observer's Sequence view in a real terminal: seed 001's GenServer called every 300 ms
// by a process that seq([pid]) follows; the diagram shows the $gen_call message, its reply
// and the receives live, and q returns to the prompt with the shell intact.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

const ECHO = `defmodule EchoServer do
  use GenServer
  def start_link(opts \\\\ []), do: GenServer.start_link(__MODULE__, :ok, opts)
  def ping(pid \\\\ __MODULE__), do: GenServer.call(pid, :ping)
  def init(:ok), do: {:ok, %{count: 0}}
  def handle_call(:ping, _from, state), do: {:reply, {:pong, state.count}, %{state | count: state.count + 1}}
end
`;

let t: TmuxSession;
before(async () => {
  t = new TmuxSession(BEAMSH, 120, 32);
  await t.waitFor("iex(1)>");
});
after(() => t.kill());

test("seq([pid]) opens the Sequence view following a process as it calls a GenServer", async () => {
  t.paste(ECHO);
  await t.waitFor("{:module, EchoServer,");
  t.type("{:ok, _} = EchoServer.start_link(name: EchoServer)");
  t.send("Enter");
  await t.waitFor("iex(3)>");
  t.type("pinger = spawn(fn -> Stream.repeatedly(fn -> EchoServer.ping(); Process.sleep(300) end) |> Stream.run() end)");
  t.send("Enter");
  await t.waitFor("iex(4)>");
  t.type("seq([pinger])");
  t.send("Enter");
  const s = await t.waitFor(/● receive \{\[:alias \| #Reference<[\d.]+>\], \{:pong, \d+\}\}/);
  assert.match(s, /8 Sequence/);
  assert.match(s, /Sequence · following <0\.\d+\.0> and those they talk to/);
  assert.match(s, /^#PID<0\.\d+\.0> +EchoServer/m, "lanes: the pinger, then the server by its name");
  assert.match(s, /\{:"\$gen_call", \{#PID<0\.\d+\.0>, \[:alias \| #Reference/);
  assert.match(s, /├─+▶│/, "a message arrow to the server");
  assert.match(s, /│◀─+┤/, "the reply coming back");
  // Newer calls keep arriving at the bottom (the count goes up).
  const count = (screen: string) => Math.max(...[...screen.matchAll(/\{:pong, (\d+)\}/g)].map((m) => Number(m[1])));
  const first = count(s);
  const deadline = Date.now() + 20000;
  while (count(t.screen()) <= first) {
    assert.ok(Date.now() < deadline, "newer calls appear");
    await new Promise((r) => setTimeout(r, 200));
  }
  t.send("q");
  await t.waitFor("iex(5)>");
  t.type("Process.alive?(pinger)");
  t.send("Enter");
  await t.waitFor(/^true\s*$/m);
});

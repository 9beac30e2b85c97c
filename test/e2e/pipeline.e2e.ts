// The observer's Pipeline view in a real terminal: seed 003's pipeline (a counting producer,
// a producer_consumer keeping even numbers, two slow consumers) runs while the view shows
// each subscription's pending demand and events/s, and the stages' buffers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BEAMSH, TmuxSession } from "./tmux.js";

const SEED = `defmodule GenstageExample.Producer do
  use GenStage
  def start_link(initial \\\\ 0), do: GenStage.start_link(__MODULE__, initial, name: __MODULE__)
  def init(counter), do: {:producer, counter}
  def handle_demand(demand, state) do
    events = Enum.to_list(state..(state + demand - 1))
    {:noreply, events, state + demand}
  end
end
defmodule GenstageExample.ProducerConsumer do
  use GenStage
  require Integer
  def start_link, do: GenStage.start_link(__MODULE__, :state_doesnt_matter, name: __MODULE__)
  def init(state), do: {:producer_consumer, state, subscribe_to: [GenstageExample.Producer]}
  def handle_events(events, _from, state), do: {:noreply, Enum.filter(events, &Integer.is_even/1), state}
end
defmodule Slow do
  use GenStage
  def start_link, do: GenStage.start_link(__MODULE__, :state_doesnt_matter)
  def init(state), do: {:consumer, state, subscribe_to: [{GenstageExample.ProducerConsumer, max_demand: 50}]}
  def handle_events(_events, _from, state) do
    Process.sleep(10)
    {:noreply, [], state}
  end
end
`;

let t: TmuxSession;
before(async () => {
  t = new TmuxSession(BEAMSH, 170, 30);
  await t.waitFor("iex(1)>");
});
after(() => t.kill());

test("the Pipeline view shows the seed's stages, demand and rates while it runs", async () => {
  t.paste(SEED);
  await t.waitFor("{:module, Slow,");
  t.type("{:ok, _} = GenstageExample.Producer.start_link(0); {:ok, _} = GenstageExample.ProducerConsumer.start_link(); {:ok, c1} = Slow.start_link(); {:ok, c2} = Slow.start_link()");
  t.send("Enter");
  await t.waitFor("iex(5)>");
  t.type("observer()");
  t.send("Enter");
  await t.waitFor("5 Pipeline");
  t.send("5");
  // Once two samples are in, edges have rates; the slow consumers hold the flow back. (A
  // sample can show an edge idle while the stage after it works off its buffer, so each is
  // waited for on its own.)
  const s = await t.waitFor(/─┬─\[\d+\/50 · [1-9][\d.]*k?\/s\]/);
  assert.match(s, /4 stages · 3 subscriptions/);
  assert.match(s, /producer · buffer \d+ · out/);
  assert.match(s, /producer_consumer · buffer \d+/);
  await t.waitFor(/GenstageExample\.Producer +───\[\d+\/1000 · [1-9][\d.]*k?\/s\]─▶ GenstageExample\.ProducerConsumer/);
  await t.waitFor(/└─\[\d+\/50 · [1-9][\d.]*k?\/s\]─+▶ Slow/);
  await t.waitFor(/( consumer · in [1-9][^\n]*\n[^]*){2}/);
  t.send("q");
  await t.waitFor("iex(6)>");
  t.type("Enum.map([c1, c2], &Process.alive?/1)");
  t.send("Enter");
  await t.waitFor("[true, true]");
});

// Docs for GenServer basics (abridged from Elixir's).
import type { RawModuleDoc } from "./index.js";

export const GEN_SERVER: RawModuleDoc = {
  module: "Elixir.GenServer",
  moduledoc: `
A behaviour module for implementing the server of a client-server relation.

A GenServer is a process like any other Elixir process and it can be used
to keep state, execute code asynchronously and so on. The advantage of using
a generic server process (GenServer) implemented using this module is that it
will have a standard set of interface functions and include functionality for
tracing and error reporting.

## Example

    defmodule Stack do
      use GenServer

      @impl true
      def init(stack), do: {:ok, stack}

      @impl true
      def handle_call(:pop, _from, [head | tail]), do: {:reply, head, tail}

      @impl true
      def handle_cast({:push, element}, state), do: {:noreply, [element | state]}
    end

    # Start the server
    {:ok, pid} = GenServer.start_link(Stack, [:hello])

    # This is the client
    GenServer.call(pid, :pop)
    #=> :hello

    GenServer.cast(pid, {:push, :world})
    #=> :ok

    GenServer.call(pid, :pop)
    #=> :world`,
  functions: [
    ["call(server, request, timeout \\\\ 5000)", "call(server(), term(), timeout()) :: term()", `
Makes a synchronous call to the \`server\` and waits for its reply.

The client sends the given \`request\` to the server and waits until a reply
arrives or a timeout occurs. \`c:handle_call/3\` will be called on the server
to handle the request.`],
    ["cast(server, request)", "cast(server(), term()) :: :ok", `
Sends an asynchronous request to the \`server\`.

This function always returns \`:ok\` regardless of whether
the destination \`server\` (or node) exists. Therefore it
is unknown whether the destination \`server\` successfully
handled the request.

\`c:handle_cast/2\` will be called on the server to handle
the request.`],
    ["start_link(module, init_arg, options \\\\ [])", "start_link(module(), any(), options()) :: on_start()", `
Starts a \`GenServer\` process linked to the current process.

Once the server is started, the \`c:init/1\` function of the given \`module\` is
called with \`init_arg\` as its argument to initialize the server. To ensure a
synchronized start-up procedure, this function does not return until \`c:init/1\`
has returned.

The \`:name\` option registers the server under a name.`],
    ["start(module, init_arg, options \\\\ [])", "start(module(), any(), options()) :: on_start()", `
Starts a \`GenServer\` process without links (outside of a supervision tree).

See \`start_link/3\` for more information.`],
    ["stop(server, reason \\\\ :normal, timeout \\\\ :infinity)", "stop(server(), reason :: term(), timeout()) :: :ok", `
Synchronously stops the server with the given \`reason\`.

The \`c:terminate/2\` callback of the given \`server\` will be invoked before
exiting.`],
    ["reply(client, reply)", "reply(from(), term()) :: :ok", `
Replies to a client.

This function can be used to explicitly send a reply to a client that called
\`call/3\` when the reply cannot be specified in the return value of
\`c:handle_call/3\`.`],
  ],
};

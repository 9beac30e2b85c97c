// Docs for Kernel (abridged from Elixir's): the functions and macros imported everywhere.
import type { RawModuleDoc } from "./index.js";

export const KERNEL: RawModuleDoc = {
  module: "Elixir.Kernel",
  moduledoc: `
\`Kernel\` is Elixir's default environment.

It mainly consists of:

  * basic language primitives, such as arithmetic operators, spawning of processes,
    data type handling, and others
  * macros for control-flow and defining new functionality (modules, functions, and the like)
  * guard checks for augmenting pattern matching

You can invoke \`Kernel\` functions and macros anywhere in Elixir code
without the use of the \`Kernel.\` prefix since they have all been
automatically imported.`,
  functions: [
    ["is_atom(term)", "is_atom(term()) :: boolean()", `
Returns \`true\` if \`term\` is an atom; otherwise returns \`false\`.

Allowed in guard tests. Inlined by the compiler.

## Examples

    iex> is_atom(false)
    true

    iex> is_atom(:name)
    true

    iex> is_atom(AnAtom)
    true

    iex> is_atom("true")
    false`],
    ["is_integer(term)", "is_integer(term()) :: boolean()", `
Returns \`true\` if \`term\` is an integer; otherwise returns \`false\`.

Allowed in guard tests. Inlined by the compiler.`],
    ["is_list(term)", "is_list(term()) :: boolean()", `
Returns \`true\` if \`term\` is a list with zero or more elements; otherwise returns \`false\`.

Allowed in guard tests. Inlined by the compiler.`],
    ["length(list)", "length(list()) :: non_neg_integer()", `
Returns the length of \`list\`.

Allowed in guard tests. Inlined by the compiler.

## Examples

    iex> length([1, 2, 3, 4, 5, 6, 7, 8, 9])
    9`],
    ["inspect(term, opts \\\\ [])", "inspect(Inspect.t(), keyword()) :: String.t()", `
Inspects the given argument according to the \`Inspect\` protocol.
The second argument is a keyword list with options to control
inspection.

## Examples

    iex> inspect(:foo)
    ":foo"

    iex> inspect([1, 2, 3, 4, 5], limit: 3)
    "[1, 2, 3, ...]"`],
    ["self()", "self() :: pid()", `
Returns the PID (process identifier) of the calling process.

Allowed in guard clauses. Inlined by the compiler.`],
    ["send(dest, message)", "send(dest :: Process.dest(), message) :: message when message: any()", `
Sends a message to the given \`dest\` and returns the message.

\`dest\` may be a remote or local PID, a local port, a locally
registered name, or a tuple in the form of \`{registered_name, node}\` for a
registered name at another node.

Inlined by the compiler.

## Examples

    iex> send(self(), :hello)
    :hello`],
    ["spawn(fun)", "spawn((-> any())) :: pid()", `
Spawns the given function and returns its PID.

Typically developers do not use the \`spawn\` functions, instead they use
abstractions such as \`Task\`, \`GenServer\` and \`Agent\`, built on top of
\`spawn\`, that spawns processes with more conveniences in terms of
introspection and debugging.

Inlined by the compiler.

## Examples

    current = self()
    child = spawn(fn -> send(current, {self(), 1 + 2}) end)

    receive do
      {^child, 3} -> IO.puts("Received 3 back")
    end`],
    ["spawn_link(fun)", "spawn_link((-> any())) :: pid()", `
Spawns the given function, links it to the current process, and returns its PID.

If the spawned process exits abnormally, the current process exits too
(unless it traps exits). In the shell, this restarts the shell process.

Inlined by the compiler.

## Examples

    current = self()
    child = spawn_link(fn -> send(current, {self(), 1 + 2}) end)

    receive do
      {^child, 3} -> IO.puts("Received 3 back")
    end`],
    ["exit(reason)", "exit(term()) :: no_return()", `
Stops the execution of the calling process with the given reason.

Since evaluating this function causes the process to terminate,
it has no return value.

Inlined by the compiler.

## Examples

When a process reaches its end, by default it exits with
reason \`:normal\`. You can also call \`exit/1\` explicitly if you
want to terminate a process but not signal any failure:

    exit(:normal)

In case something goes wrong, you can also use \`exit/1\` with
a different reason:

    exit(:seems_bad)`],
    ["defmacro receive(args)", "", `
Checks if there is a message matching the given clauses
in the current process mailbox.

In case there is no such message, the current process hangs
until a message arrives or waits until a given timeout value.

## Examples

    receive do
      {:selector, number, name} when is_integer(number) ->
        name
      name when is_atom(name) ->
        name
      _ ->
        IO.puts(:stderr, "Unexpected message received")
    end

An optional \`after\` clause can be given in case the message was not
received after the given timeout period, specified in milliseconds.`],
  ],
};

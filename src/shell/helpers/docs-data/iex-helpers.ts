// Docs for the shell helpers (IEx.Helpers), including the text h/0 prints.
import type { RawModuleDoc } from "./index.js";

/** IEx.Helpers' module doc, exactly as iex 1.14 prints it for h/0. */
export const H0_TEXT = `
Welcome to Interactive Elixir. You are currently seeing the documentation for
the module \`IEx.Helpers\` which provides many helpers to make Elixir's shell
more joyful to work with.

This message was triggered by invoking the helper \`h()\`, usually referred to as
\`h/0\` (since it expects 0 arguments).

You can use the \`h/1\` function to invoke the documentation for any Elixir
module or function:

    iex> h(Enum)
    iex> h(Enum.map)
    iex> h(Enum.reverse/1)

You can also use the \`i/1\` function to introspect any value you have in the
shell:

    iex> i("hello")

There are many other helpers available, here are some examples:

  * \`b/1\`            - prints callbacks info and docs for a given module
  * \`c/1\`            - compiles a file
  * \`c/2\`            - compiles a file and writes bytecode to the given
    path
  * \`cd/1\`           - changes the current directory
  * \`clear/0\`        - clears the screen
  * \`exports/1\`      - shows all exports (functions + macros) in a module
  * \`flush/0\`        - flushes all messages sent to the shell
  * \`h/0\`            - prints this help message
  * \`h/1\`            - prints help for the given module, function or macro
  * \`i/0\`            - prints information about the last value
  * \`i/1\`            - prints information about the given term
  * \`ls/0\`           - lists the contents of the current directory
  * \`ls/1\`           - lists the contents of the specified directory
  * \`open/1\`         - opens the source for the given module or function in
    your editor
  * \`pid/1\`          - creates a PID from a string
  * \`pid/3\`          - creates a PID with the 3 integer arguments passed
  * \`port/1\`         - creates a port from a string
  * \`port/2\`         - creates a port with the 2 non-negative integers
    passed
  * \`pwd/0\`          - prints the current working directory
  * \`r/1\`            - recompiles the given module's source file
  * \`recompile/0\`    - recompiles the current project
  * \`ref/1\`          - creates a reference from a string
  * \`ref/4\`          - creates a reference with the 4 integer arguments
    passed
  * \`runtime_info/0\` - prints runtime info (versions, memory usage, stats)
  * \`t/1\`            - prints the types for the given module or function
  * \`v/0\`            - retrieves the last value from the history
  * \`v/1\`            - retrieves the nth value from the history

Help for all of those functions can be consulted directly from the command line
using the \`h/1\` helper itself. Try:

    iex> h(v/0)

To list all IEx helpers available, which is effectively all exports (functions
and macros) in the \`IEx.Helpers\` module:

    iex> exports(IEx.Helpers)

This module also includes helpers for debugging purposes, see \`IEx.break!/4\`
for more information.

To learn more about IEx as a whole, type \`h(IEx)\`.
`;

export const IEX_HELPERS: RawModuleDoc = {
  module: "Elixir.IEx.Helpers",
  moduledoc: H0_TEXT,
  functions: [
    ["v(n \\\\ -1)", "", `
Returns the value of the \`n\`th expression in the history.

\`n\` can be a negative value: if it is, the corresponding expression value
relative to the current one is returned. For example, \`v(-2)\` returns the value
of the expression evaluated before the last evaluated expression. In
particular, \`v(-1)\` returns the result of the last evaluated expression and
\`v()\` does the same.

## Examples

    iex(1)> "hello" <> " world"
    "hello world"
    iex(2)> 40 + 2
    42
    iex(3)> v(-2)
    "hello world"
    iex(4)> v(2)
    42
    iex(5)> v()
    42`],
    ["flush()", "", `
Clears out all messages sent to the shell's inbox and prints them out.`],
    ["pid(string)", "", `
Creates a PID from \`string\` or \`atom\`.

## Examples

    iex> pid("0.21.32")
    #PID<0.21.32>`],
    ["pid(x, y, z)", "", `
Creates a PID with 3 non-negative integers passed as arguments
to the function.

## Examples

    iex> pid(0, 21, 32)
    #PID<0.21.32>
    iex> pid(0, 64, 2048)
    #PID<0.64.2048>`],
    ["ref(string)", "", `
Creates a Reference from \`string\`.

## Examples

    iex> ref("0.1.2.3")
    #Reference<0.1.2.3>`],
    ["i(term \\\\ v(-1))", "", `
Prints information about the data type of any given term.

If no argument is given, the value of the previous expression is used.

## Examples

    iex> i(1..5)

Will print:

    Term
      1..5
    Data type
      Range
    Description
      This is a struct. Structs are maps with a __struct__ key.
    Reference modules
      Range, Map`],
    ["c(files, path \\\\ :in_memory)", "", `
Compiles the given files.

In beamsh the modules are compiled into the running system (never written to
disk). It returns the names of the compiled modules.

If you want to recompile an existing module, check \`r/1\` instead.

## Examples

    iex> c("baz.ex")
    [Baz]`],
    ["r(module)", "", `
Recompiles and reloads the given \`module\`, from the file it was compiled
from with \`c/1\`.

Returns \`{:reloaded, modules}\`.`],
    ["h()", "", `
Prints the documentation for \`IEx.Helpers\`.`],
    ["defmacro h(term)", "", `
Prints the documentation for the given module or for the given \`function/arity\`
pair.

## Examples

    iex> h(Enum)

It also accepts functions in the format \`function/arity\` and
\`module.function/arity\`, for example:

    iex> h(receive/1)
    iex> h(Enum.all?/2)
    iex> h(Enum.all?)`],
    ["exports(module \\\\ Kernel)", "", `
Prints a list of all the functions and macros exported by the given module.`],
    ["clear()", "", `
Clears the console screen.

This function only works if ANSI escape codes are enabled on the shell,
which means this function is by default unavailable on Windows machines.`],
    ["respawn()", "", `
Respawns the current shell by starting a new shell process.`],
    ["runtime_info()", "", `
Prints VM/runtime information such as versions, memory usage and statistics.
Additional topics are available via \`runtime_info/1\`.

For more metrics, info, and debugging facilities, see the
[Recon](https://github.com/ferd/recon) project.`],
    ["pwd()", "", `
Prints the current working directory.`],
    ["cd(directory)", "", `
Changes the current working directory to the given path.`],
    ["ls(path \\\\ \".\")", "", `
Prints a list of the given directory's contents.

If \`path\` points to a file, prints its full path.`],
  ],
};

// Docs for Process (abridged from Elixir's).
import type { RawModuleDoc } from "./index.js";

export const PROCESS: RawModuleDoc = {
  module: "Elixir.Process",
  moduledoc: `
Conveniences for working with processes and the process dictionary.

Besides the functions available in this module, the \`Kernel\` module
exposes and auto-imports some basic functionality related to processes
available through the following functions:

  * \`Kernel.spawn/1\` and \`Kernel.spawn/3\`
  * \`Kernel.spawn_link/1\` and \`Kernel.spawn_link/3\`
  * \`Kernel.spawn_monitor/1\` and \`Kernel.spawn_monitor/3\`
  * \`Kernel.self/0\`
  * \`Kernel.send/2\``,
  functions: [
    ["alive?(pid)", "alive?(pid()) :: boolean()", `
Tells whether the given process is alive on the local node.

If the process identified by \`pid\` is alive (that is, it's not exiting and has
not exited yet) than this function returns \`true\`. Otherwise, it returns
\`false\`.

Inlined by the compiler.`],
    ["exit(pid, reason)", "exit(pid(), term()) :: true", `
Sends an exit signal with the given \`reason\` to \`pid\`.

The following behaviour applies if \`reason\` is any term except \`:normal\`
or \`:kill\`:

  1. If \`pid\` is not trapping exits, \`pid\` will exit with the given
     \`reason\`.

  2. If \`pid\` is trapping exits, the exit signal is transformed into a
     message \`{:EXIT, from, reason}\` and delivered to the message queue
     of \`pid\`.

If \`reason\` is \`:kill\`, the process dies with reason \`:killed\`: this
signal cannot be trapped.

## Examples

    Process.exit(pid, :kill)
    #=> true`],
    ["flag(flag, value)", "flag(:trap_exit, boolean()) :: boolean()", `
Sets the given \`flag\` to \`value\` for the calling process.

Returns the old value of \`flag\`. With \`:trap_exit\`, exit signals from
linked processes arrive as \`{:EXIT, from, reason}\` messages.`],
    ["info(pid)", "info(pid()) :: keyword() | nil", `
Returns information about the process identified by \`pid\`, or returns \`nil\` if the process
is not alive.

Use this only for debugging information.`],
    ["link(pid_or_port)", "link(pid() | port()) :: true", `
Creates a link between the calling process and the given item (process or
port).

Links are bidirectional. Linked processes can be unlinked by using \`unlink/1\`.

If such a link exists already, this function does nothing since there can only
be one link between two given processes.`],
    ["monitor(item)", "monitor(pid() | {atom(), node()} | atom()) :: reference()", `
Starts monitoring the given \`item\` from the calling process.

Once the monitored process dies, a message is delivered to the
monitoring process in the shape of:

    {:DOWN, ref, :process, object, reason}`],
    ["register(pid_or_port, name)", "register(pid() | port(), atom()) :: true", `
Registers the given \`pid_or_port\` under the given \`name\` on the local node.

\`name\` must be an atom and can then be used instead of the
PID/port identifier when sending messages with \`Kernel.send/2\`.`],
    ["send_after(dest, msg, time, opts \\\\ [])", "send_after(pid() | atom(), term(), non_neg_integer(), [{:abs, boolean()}]) :: reference()", `
Sends \`msg\` to \`dest\` after \`time\` milliseconds.

Returns the timer reference, which can be read with \`read_timer/1\`
or cancelled with \`cancel_timer/1\`.

## Examples

    timer_ref = Process.send_after(pid, :hi, 1000)`],
    ["sleep(timeout)", "sleep(timeout()) :: :ok", `
Sleeps the current process for the given \`timeout\`.

\`timeout\` is either the number of milliseconds to sleep as an
integer or the atom \`:infinity\`.

## Examples

    iex> Process.sleep(10)
    :ok`],
    ["whereis(name)", "whereis(atom()) :: pid() | port() | nil", `
Returns the PID or port identifier registered under \`name\` or \`nil\` if the
name is not registered.`],
  ],
};

// Test helper: a real Erlang VM as a term-format oracle, answering re-encode requests on its
// standard input and output, so one VM serves a whole property test. Tests skip with a message when Erlang is not installed.
import { ChildProcess, spawn, spawnSync } from "node:child_process";

/** True when `erl` can be run; otherwise explains on stderr once. */
export function hasErlang(): boolean {
  const r = spawnSync("erl", ["-noshell", "-eval", "halt()."], { stdio: "ignore" });
  return r.status === 0;
}

export const NO_ERLANG = "Erlang/Elixir is not installed: real-node tests skipped (CI installs the elixir package)";

// Frames of {packet, 4} both ways: a mode byte and the bytes in; the bytes (or nothing,
// for "could not decode") out.
const LOOP = `
Port = open_port({fd, 0, 1}, [binary, {packet, 4}, eof]),
Loop = fun L() ->
  receive
    {Port, eof} -> halt();
    {Port, {data, <<Mode, Bin/binary>>}} ->
      Out = try
        T = binary_to_term(Bin),
        case Mode of
          $p -> term_to_binary(T);
          $d -> term_to_binary(T, [deterministic]);
          $z -> term_to_binary(T, [compressed]);
          $Z -> term_to_binary(T, [{compressed, 9}]);
          $0 -> term_to_binary(T, [{minor_version, 0}]);
          $2 -> term_to_binary(T, [{minor_version, 2}])
        end
      catch _:_ -> <<>>
      end,
      Port ! {self(), {command, Out}},
      L()
  end
end,
Loop().
`;

const MODES = { plain: "p", det: "d", zip: "z", zip9: "Z", v0: "0", v2: "2" };

/** A running `erl` answering re-encode requests. */
export class ErlOracle {
  private readonly child: ChildProcess;
  private readonly waiting: ((b: Uint8Array) => void)[] = [];
  private buf = Buffer.alloc(0);

  constructor() {
    this.child = spawn("erl", ["-noshell", "-noinput", "-eval", LOOP], { stdio: ["pipe", "pipe", "inherit"] });
    this.child.stdout!.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readUInt32BE(0)) {
        const n = this.buf.readUInt32BE(0);
        const frame = new Uint8Array(this.buf.subarray(4, 4 + n));
        this.buf = this.buf.subarray(4 + n);
        this.waiting.shift()?.(frame);
      }
    });
  }

  /** Decodes `bytes` on the real VM and encodes the term again (`mode` picks the options). */
  reencode(bytes: Uint8Array, mode: keyof typeof MODES = "plain"): Promise<Uint8Array | null> {
    return new Promise((resolve) => {
      this.waiting.push((b) => resolve(b.length === 0 ? null : b));
      const head = Buffer.alloc(5);
      head.writeUInt32BE(bytes.length + 1, 0);
      head[4] = MODES[mode].charCodeAt(0);
      this.child.stdin!.write(Buffer.concat([head, bytes]));
    });
  }

  close(): void {
    this.child.stdin!.end();
    this.child.kill();
  }
}

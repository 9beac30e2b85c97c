// The runtime's logger: where crash reports (and later other log events) are written.
//
// As Elixir's Logger is a separate process, a report is not written in the middle of the
// scheduler's work: with a real clock it is queued and written on the next turn of Node's
// event loop, after the shell has printed the result it was already producing — the order
// iex shows ("#PID<0.108.0>", the prompt, then the report). With a virtual clock (tests) it
// is written at once, keeping tests synchronous.

export class Logger {
  private queue: string[] = [];
  private scheduled = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly deferred: boolean,
  ) {}

  /** Writes (or queues) one formatted log event. */
  log(text: string): void {
    if (!this.deferred) return this.write(text);
    this.queue.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes every queued event now. */
  flush(): void {
    this.scheduled = false;
    const q = this.queue;
    this.queue = [];
    for (const t of q) this.write(t);
  }
}

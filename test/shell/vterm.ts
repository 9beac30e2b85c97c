// A minimal terminal emulator for tests: applies the control sequences the shell writes
// (CR, LF, cursor up/forward/column, erase below, clear screen) to a grid of rows, so a
// test can assert what a person would see on the screen.
export class VTerm {
  rows: string[] = [""];
  row = 0;
  col = 0;

  constructor(readonly cols = 80) {}

  write(s: string): void {
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === "\x1b") {
        const m = /^\x1b\[(\d*)([A-Za-z])/.exec(s.slice(i));
        if (m) {
          this.control(m[2], m[1] === "" ? 1 : Number(m[1]));
          i += m[0].length;
          continue;
        }
        const csi = /^\x1b\[[0-9;?]*[A-Za-z]/.exec(s.slice(i));
        i += csi ? csi[0].length : 1;
        continue;
      }
      if (c === "\r") this.col = 0;
      else if (c === "\n") this.lineFeed();
      else if (c === "\b") this.col = Math.max(0, this.col - 1);
      else this.put(c);
      i++;
    }
  }

  private control(op: string, n: number): void {
    if (op === "A") this.row = Math.max(0, this.row - n);
    else if (op === "C") this.col = Math.min(this.cols - 1, this.col + n);
    else if (op === "G") this.col = n - 1;
    else if (op === "J") {
      this.rows[this.row] = this.rows[this.row].slice(0, this.col);
      this.rows.length = this.row + 1;
    } else if (op === "H") {
      this.row = 0;
      this.col = 0;
    } else if (op === "m") return;
  }

  private lineFeed(): void {
    this.row++;
    this.col = 0;
    while (this.rows.length <= this.row) this.rows.push("");
  }

  private put(c: string): void {
    if (this.col >= this.cols) this.lineFeed();
    const line = this.rows[this.row].padEnd(this.col);
    this.rows[this.row] = line.slice(0, this.col) + c + line.slice(this.col + 1);
    this.col++;
  }

  /** The screen as text, trailing spaces trimmed. */
  text(): string {
    return this.rows.map((r) => r.replace(/\s+$/, "")).join("\n");
  }
}

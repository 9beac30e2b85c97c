// Grapheme clusters of a JS string. Intl.Segmenter is slow (microseconds a cluster, and
// seconds for 100k characters at once), so text is cut into pieces at places where a
// cluster boundary is certain: a unit with such boundaries on both sides is a cluster
// alone, and only the pieces between are segmented, each on its own. A boundary is
// certain between two "plain" characters: ones that are neither controls, extenders,
// spacing marks, prepends, joiners, regional indicators nor Hangul jamo (UAX #29 has no
// rule keeping two such characters together): printable ASCII, Latin-1 to Latin
// Extended-B and spacing modifiers (below the combining marks at U+0300, except the soft
// hyphen), CJK ideographs and precomposed Hangul syllables; and around controls.
import { STEP_UNITS, Work, runToEnd } from "./work-in-steps.js";
import { pollStep } from "./heap-room.js";

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

const printableAscii = (c: number) => c >= 0x20 && c <= 0x7e;
const plain = (c: number) =>
  (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c < 0x300 && c !== 0xad) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3);

/** C0 and C1 controls (UAX #29 Control, CR and LF among them). */
const control = (c: number) => c < 0x20 || (c >= 0x7f && c <= 0x9f);

/**
 * Whether a cluster boundary is certain between two adjacent UTF-16 units: always after
 * or before a control (GB4, GB5) except inside CR LF (GB3), and between two plain
 * characters (no rule joins them).
 */
const certainBoundary = (c: number, d: number) => (control(c) || control(d) ? !(c === 13 && d === 10) : plain(c) && plain(d));

/**
 * The end of the piece starting at `i` that must go through the segmenter: the first
 * certain boundary after i + 1, or the end of `s`.
 */
function pieceEnd(s: string, i: number): number {
  let end = Math.min(s.length, i + 2);
  while (end < s.length && !certainBoundary(s.charCodeAt(end - 1), s.charCodeAt(end))) end++;
  return end;
}

/** Units the segmenter is given at once: it takes time quadratic in the length of its text. */
const WINDOW = 256;

/**
 * The clusters of s[i, end), where i is a cluster boundary and end a certain one (or the
 * end of `s`), in time linear in end - i: the segmenter is given windows of WINDOW units.
 * The boundaries it finds in a window that starts at a boundary are the true ones, all but
 * the window's end: a rule only looks one character ahead (whole, so a window never ends
 * between the halves of a surrogate pair), and back only within the cluster. So every
 * cluster of a window but its last is kept, and the next window starts where that last
 * one did; a cluster longer than a window (a long run of combining marks) doubles it.
 */
function* piece(s: string, i: number, end: number): Generator<string> {
  let w = WINDOW;
  while (i < end) {
    let stop = Math.min(end, i + w);
    const last = s.charCodeAt(stop - 1);
    if (stop < end && last >= 0xd800 && last <= 0xdbff) stop++;
    if (stop === end) {
      for (const g of segmenter.segment(i === 0 && end === s.length ? s : s.slice(i, end))) yield g.segment;
      return;
    }
    let prev: string | null = null;
    let at = i;
    for (const g of segmenter.segment(s.slice(i, stop))) {
      if (prev !== null) {
        yield prev;
        at += prev.length;
      }
      prev = g.segment;
    }
    if (at === i) w *= 2;
    else {
      i = at;
      w = WINDOW;
    }
    pollStep();
  }
}

/** The grapheme clusters of `s`, in order. */
export function* graphemeClusters(s: string): Generator<string> {
  const n = s.length;
  let i = 0;
  while (i < n) {
    pollStep();
    // A unit followed by a certain boundary is a cluster alone (most text): no segmenter.
    if (i + 1 === n || certainBoundary(s.charCodeAt(i), s.charCodeAt(i + 1))) {
      yield s[i++];
      continue;
    }
    const end = pieceEnd(s, i);
    yield* piece(s, i, end);
    i = end;
  }
}

/**
 * `s` with its grapheme clusters in reverse order (String.reverse/1), in time linear in
 * its length, as steps of handed-over work (work-in-steps.ts): clusters are written from
 * the end of a buffer, without a string per cluster for the common single-unit ones.
 */
export class ReversedGraphemes implements Work {
  private readonly out: Uint16Array;
  private wide = false;
  private i = 0;
  private text: string | null = null;
  /** The clusters of the piece being written (a piece can be the whole text), and its end. */
  private clusters: Generator<string> | null = null;
  private end = 0;

  constructor(private readonly s: string) {
    this.out = new Uint16Array(s.length);
  }

  step(): boolean {
    const { s, out } = this;
    const n = s.length;
    let i = this.i;
    let budget = STEP_UNITS;
    while (i < n && budget > 0) {
      if (this.clusters !== null) {
        const g = this.clusters.next();
        if (g.done === true) {
          this.clusters = null;
          i = this.end;
          continue;
        }
        const len = g.value.length;
        const o = n - i - len;
        for (let k = 0; k < len; k++) {
          const u = g.value.charCodeAt(k);
          if (u > 0xff) this.wide = true;
          out[o + k] = u;
        }
        i += len;
        // A cluster from the segmenter costs some times a single unit's copy.
        budget -= 4 * len;
        continue;
      }
      const c = s.charCodeAt(i);
      budget--;
      if (i + 1 === n || certainBoundary(c, s.charCodeAt(i + 1))) {
        out[n - 1 - i] = c;
        if (c > 0xff) this.wide = true;
        i++;
        continue;
      }
      this.end = pieceEnd(s, i);
      this.clusters = piece(s, i, this.end);
    }
    this.i = i;
    return i >= n;
  }

  result(): string {
    if (this.text === null) {
      const out = this.out;
      this.text = this.wide ? Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString("utf16le") : Buffer.from(out).toString("latin1");
    }
    return this.text;
  }
}

/** `s` with its grapheme clusters in reverse order, at once. */
export function reverseGraphemes(s: string): string {
  return s.length < 2 ? s : (runToEnd(new ReversedGraphemes(s)) as string);
}

/** Number of grapheme clusters in `s` (printable ASCII text is counted directly). */
export function graphemeLength(s: string): number {
  let i = 0;
  while (i < s.length && printableAscii(s.charCodeAt(i))) i++;
  if (i === s.length) return s.length;
  let n = 0;
  for (const _ of graphemeClusters(s)) n++;
  return n;
}

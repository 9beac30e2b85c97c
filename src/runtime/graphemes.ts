// Grapheme clusters of a JS string. Intl.Segmenter is slow on long strings (segmenting
// 100k characters took seconds), so long text is cut into pieces at places where a
// cluster boundary is certain, and each piece is segmented on its own. A boundary is
// certain between two "plain" characters: ones that are neither controls, extenders,
// spacing marks, prepends, joiners, regional indicators nor Hangul jamo (UAX #29 has no
// rule keeping two such characters together): printable ASCII, Latin-1 to Latin
// Extended-B and spacing modifiers (below the combining marks at U+0300, except the soft
// hyphen), CJK ideographs and precomposed Hangul syllables.
const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
const PIECE = 256;

const printableAscii = (c: number) => c >= 0x20 && c <= 0x7e;
const plain = (c: number) =>
  (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c < 0x300 && c !== 0xad) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3);

/** The grapheme clusters of `s`, in order. */
export function* graphemeClusters(s: string): Generator<string> {
  let start = 0;
  while (start < s.length) {
    let end = Math.min(s.length, start + PIECE);
    while (end < s.length && !(plain(s.charCodeAt(end - 1)) && plain(s.charCodeAt(end)))) end++;
    for (const g of segmenter.segment(end - start === s.length ? s : s.slice(start, end))) yield g.segment;
    start = end;
  }
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

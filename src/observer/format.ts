// Pure text helpers for the observer: Elixir-style names for modules and functions, and
// compact numbers, sizes and durations for table cells.

/** `Elixir.Foo.Bar` → `Foo.Bar`; `erlang` → `:erlang` (how Elixir prints module atoms). */
export function moduleName(mod: string): string {
  if (mod.startsWith("Elixir.")) return mod.slice(7);
  if (mod === "") return "(iex)";
  return /^[a-z_][a-zA-Z0-9_@]*$/.test(mod) ? ":" + mod : ':"' + mod + '"';
}

/** `Spin.spin/1`, `:erlang.apply/2`. */
export function mfa(mod: string, name: string, arity: number): string {
  return `${moduleName(mod)}.${name}/${arity}`;
}

/** `<0.104.0>` as observer_cli and `:observer` show pids in tables. */
export function shortPid(id: number, serial = 0): string {
  return `<0.${id}.${serial}>`;
}

/** `#PID<0.104.0>` as iex prints a pid. */
export function pidText(id: number, serial = 0): string {
  return `#PID${shortPid(id, serial)}`;
}

/** 1234 → "1234", 12345 → "12.3K", 2.5e6 → "2.5M" (fits a 7-column cell). */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs < 10_000) return String(Math.round(n));
  if (abs < 1e6) return (n / 1e3).toFixed(abs < 1e5 ? 1 : 0) + "K";
  if (abs < 1e9) return (n / 1e6).toFixed(abs < 1e8 ? 1 : 0) + "M";
  return (n / 1e9).toFixed(1) + "G";
}

/** Bytes in binary units: 2816 → "2.8 KiB". */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Milliseconds → "1d 02:03:04" / "02:03:04". */
export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const hms = [Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60, s % 60].map((x) => String(x).padStart(2, "0")).join(":");
  return d > 0 ? `${d}d ${hms}` : hms;
}

/** Interval as typed by users: 250 → "250ms", 1000 → "1s", 1500 → "1.5s". */
export function intervalText(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}

/** Wall-clock time of day with milliseconds, for trace lines. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** Cuts `s` to `width` columns, marking the cut with "…". */
export function fit(s: string, width: number): string {
  if (width <= 0) return "";
  if (s.length <= width) return s;
  return width === 1 ? "…" : s.slice(0, width - 1) + "…";
}

/** Left- or right-aligned cell of exactly `width` columns. */
export function cell(s: string, width: number, align: "left" | "right" = "left"): string {
  const t = fit(s, width);
  return align === "left" ? t.padEnd(width) : t.padStart(width);
}

/** One line of inspected text: newlines from pretty printing folded to spaces. */
export function oneLine(s: string): string {
  return s.replace(/\n\s*/g, " ");
}

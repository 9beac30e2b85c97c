// The process table: one row per process, sorted and filtered, with the selection.
import { Box, Text } from "ink";
import { COLUMNS, Row, RowQuery, columnWidths, pageInfo } from "../model.js";
import { bytes, cell, compactNumber } from "../format.js";
import { useTheme } from "../hooks/use-theme.js";
import { statusColour } from "../theme.js";

export interface ProcessesProps {
  /** The rows on screen only (large arrays as props are slow in React's dev build). */
  visible: Row[];
  total: number;
  selected: number;
  top: number;
  height: number;
  width: number;
  query: RowQuery;
  traced: number | null;
}

export function Processes({ visible, total, selected, top, height, width, query, traced }: ProcessesProps) {
  const t = useTheme();
  const widths = columnWidths(width);
  const bodyHeight = Math.max(1, height - 2);
  const { page, pages } = pageInfo(top, bodyHeight, total);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {"  " +
          COLUMNS.map((c, i) => {
            const arrow = c.id === query.sort ? (query.desc ? "▼" : "▲") : "";
            const title = c.id === "reductions" ? (query.mode === "delta" ? "Reds Δ" : "Reds Σ") : c.title;
            return cell(title + arrow, widths[i], c.align);
          }).join(" ")}
      </Text>
      {visible.map((r, i) => {
        const sel = top + i === selected;
        return <ProcessRow key={r.id} row={r} selected={sel} traced={r.id === traced} widths={widths} />;
      })}
      {Array.from({ length: bodyHeight - visible.length }, (_, i) => (
        <Text key={"pad" + i}> </Text>
      ))}
      <Text color={t.dim} wrap="truncate">
        {total === 0
          ? "no processes match"
          : `${selected + 1}/${total} · page ${page}/${pages}${query.filter ? ` · filter /${query.filter}` : ""}`}
      </Text>
    </Box>
  );
}

function ProcessRow({ row: r, selected, traced, widths }: { row: Row; selected: boolean; traced: boolean; widths: number[] }) {
  const t = useTheme();
  const cells = [
    r.pid,
    r.name,
    compactNumber(r.reductions),
    bytes(r.memory),
    String(r.mqueue),
    r.current,
    r.status,
  ].map((v, i) => cell(v, widths[i], COLUMNS[i].align));
  const marker = selected ? "▶" : traced ? "◆" : " ";
  return (
    <Text wrap="truncate" inverse={selected}>
      {marker + " "}
      {cells[0]} <Text color={r.sample.kind === "shell" ? t.shell : r.registered ? t.accent : undefined}>{cells[1]}</Text> {cells[2]} {cells[3]}{" "}
      <Text color={r.mqueue > 100 ? t.warn : undefined}>{cells[4]}</Text> {cells[5]} <Text color={statusColour(t, r.status)}>{cells[6]}</Text>
    </Text>
  );
}

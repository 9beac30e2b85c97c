// Colours of the observer, in one place. With NO_COLOR set (https://no-color.org) every
// colour is undefined, so ink prints plain text; inverse video still marks the selection.
export interface Theme {
  title?: string;
  accent?: string;
  dim?: string;
  key?: string;
  warn?: string;
  danger?: string;
  ok?: string;
  shell?: string;
}

const COLOURS: Theme = {
  title: "cyan",
  accent: "yellow",
  dim: "gray",
  key: "cyan",
  warn: "yellow",
  danger: "red",
  ok: "green",
  shell: "magenta",
};

export function colourEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === "";
}

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
  return colourEnabled(env) ? COLOURS : {};
}

/** Colour for a process status. */
export function statusColour(t: Theme, status: string): string | undefined {
  return status === "runnable" || status === "running" ? t.ok : status === "exited" ? t.danger : undefined;
}

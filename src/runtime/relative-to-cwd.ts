// Path.relative_to_cwd/1 for the runtime's own uses (file names in messages, stack entries
// and the compiler's environment), where Elixir's compiler and formatters apply it.

/**
 * Path.relative_to_cwd/1 of a file name: what follows the current directory's parts when it
 * starts with them ("." when it is that directory), else the name as it is.
 */
export function relativeToCwd(path: string, cwd: string): string {
  const parts = (p: string) => p.split("/").filter((x, i) => x !== "" || i === 0);
  const given = parts(path);
  const dir = parts(cwd);
  let i = 0;
  while (i < given.length && i < dir.length && given[i] === dir[i]) i++;
  if (i < dir.length) return path;
  return i === given.length ? "." : given.slice(i).join("/");
}

/** The runtime's current directory (File.cd/1 changes it), the program's without a runtime or library. */
export function cwdOfRuntime(rt: import("./runtime.js").Runtime | null): string {
  return rt === null ? process.cwd() : (rt.hooks.cwd?.(rt) ?? process.cwd());
}

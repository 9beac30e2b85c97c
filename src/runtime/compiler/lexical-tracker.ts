// Which aliases and imports a module's code uses, to warn about the others as Elixir's
// lexical tracker does once a module (with the modules nested in it) is compiled:
//
//   warning: unused alias Foo          warning: unused import String.upcase/1
//     iex:4                              iex:2
//
// Aliases come first, sorted by name, then imports sorted by module: `import M` unused at all
// is one warning; with `only:` and some of them used, each unused name/arity is one.
// Directives written by a macro (`context:` in their meta) or with `warn: false` are not
// tracked.
export class LexicalTracker {
  /** Short alias ("Elixir.Foo") → where it was defined. */
  private readonly aliases = new Map<string, Location>();
  /** Module → its import's entries: the module itself and each `only:` name/arity, with where. */
  private readonly imports = new Map<string, Map<string, Location>>();
  /**
   * Set once the code it tracks has been compiled: a module the code defines only when it
   * runs later (a defmodule inside a function) is tracked by a tracker of its own.
   */
  ended = false;

  addAlias(short: string, file: string, line: number): void {
    this.aliases.set(short, { file, line });
  }

  aliasUsed(short: string): void {
    this.aliases.delete(short);
  }

  addImport(module: string, only: string[], file: string, line: number): void {
    this.imports.set(module, new Map([module, ...only].map((k) => [k, { file, line }])));
  }

  /** A call (or capture) of `module`'s imported `name/arity`. */
  importUsed(module: string, nameArity: string): void {
    const entries = this.imports.get(module);
    if (entries === undefined) return;
    entries.delete(module);
    entries.delete(nameArity);
  }

  /** Everything imported from `module` counts as used (code compiled without this tracker). */
  importsUsed(module: string): void {
    this.imports.get(module)?.clear();
  }

  warnings(): string[] {
    const out: string[] = [];
    for (const [short, at] of [...this.aliases].sort(byKey)) out.push(warning(`unused alias ${display(short)}`, at));
    for (const [module, entries] of [...this.imports].sort(byKey)) {
      const whole = entries.get(module);
      if (whole !== undefined) {
        out.push(warning(`unused import ${display(module)}`, whole));
        continue;
      }
      const fas = [...entries].map(([k, at]) => {
        const i = k.lastIndexOf("/");
        return { name: k.slice(0, i), arity: Number(k.slice(i + 1)), at };
      });
      fas.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.arity - y.arity));
      for (const f of fas) out.push(warning(`unused import ${display(module)}.${f.name}/${f.arity}`, f.at));
    }
    return out;
  }
}

interface Location {
  file: string;
  line: number;
}

const byKey = <T>(x: [string, T], y: [string, T]): number => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);

const display = (m: string): string => (m.startsWith("Elixir.") ? m.slice(7) : ":" + m);

const warning = (message: string, at: Location): string => `warning: ${message}\n  ${at.file}:${at.line}\n\n`;

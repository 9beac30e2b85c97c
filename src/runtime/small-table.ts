// A table keyed by references (refKey: small integers for local ones), for the monitors a
// process holds and those on it, or by pids (pidKey) for its links. Most processes hold none
// or one at a time, with a new key each time (a GenServer.call monitors the server, then
// demonitors; Task.async_stream's consumer links to each task, which unlinks as it exits): a
// JS Map under that churn keeps rehashing, so small tables are two parallel arrays searched
// linearly, becoming a Map past LIMIT entries. Iteration follows insertion order, like a Map.
const LIMIT = 16;

/** A local reference's (pid's) number, or the string key of another node's (see refKey, pidKey). */
type Key = number | string;

/** The arrays of a table that never held an entry (shared: never written; see set). */
const NO_KEYS: never[] = [];
const NO_VALUES: never[] = [];

/** (keyed by Key, or, for the process dictionary, by map.ts keyOf's normalised keys) */
export class SmallTable<V, K = Key> {
  private keys: K[] = NO_KEYS;
  private vals: V[] = NO_VALUES;
  private big: Map<K, V> | null = null;

  get size(): number {
    return this.big !== null ? this.big.size : this.keys.length;
  }

  get(key: K): V | undefined {
    if (this.big !== null) return this.big.get(key);
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.vals[i];
    return undefined;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    if (this.big !== null) {
      this.big.set(key, value);
      return this;
    }
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === key) {
        this.vals[i] = value;
        return this;
      }
    }
    if (keys === NO_KEYS) {
      // (arrays of one: most tables never hold more, and a first push would reserve 17)
      this.keys = [key];
      this.vals = [value];
      return this;
    }
    keys.push(key);
    this.vals.push(value);
    if (keys.length > LIMIT) {
      this.big = new Map(keys.map((k, i) => [k, this.vals[i]]));
      this.keys = NO_KEYS;
      this.vals = NO_VALUES;
    }
    return this;
  }

  delete(key: K): boolean {
    if (this.big !== null) return this.big.delete(key);
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === key) {
        // (moved down in place: splice would allocate the array of what it removed)
        const vals = this.vals;
        const last = keys.length - 1;
        for (let j = i; j < last; j++) {
          keys[j] = keys[j + 1];
          vals[j] = vals[j + 1];
        }
        keys.pop();
        vals.pop();
        return true;
      }
    }
    return false;
  }

  values(): IterableIterator<V> {
    return this.big !== null ? this.big.values() : this.vals.values();
  }

  /** Removes every entry. */
  clear(): void {
    this.keys = NO_KEYS;
    this.vals = NO_VALUES;
    this.big = null;
  }

  /** `[key, value]` pairs, in insertion order (a copy: the table may change meanwhile). */
  entries(): [K, V][] {
    if (this.big !== null) return [...this.big.entries()];
    return this.keys.map((k, i) => [k, this.vals[i]]);
  }
}

/** The shared table of a process that has none (replaced by a real one on first write). */
export class EmptyTable<V, K = Key> extends SmallTable<V, K> {
  override set(): this {
    throw new Error("write to a shared empty process table (use the Process *Table() methods)");
  }
}

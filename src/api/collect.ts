/**
 * Collecting what happens while a function runs: a stack of open lists, the innermost receiving.
 * @module
 */

/** A stack of open collections; `collect` opens one for the duration of a call. */
export class Collector<T> {
  private readonly open: T[][] = [];

  /** Whether any collection is open. */
  get active(): boolean {
    return this.open.length > 0;
  }

  /** Adds an item to the innermost open collection (or, with `all`, to every open one). */
  add(item: T, all = false): void {
    const open = this.open;
    const n = open.length;
    if (n === 0) return; // (reading open[-1] would be a slow keyed lookup on every call)
    if (all) for (let i = 0; i < n; i++) open[i]!.push(item);
    else open[n - 1]!.push(item);
  }

  /**
   * Runs `fn` with a new collection open; returns its value and what was collected. With
   * `passOut`, an enclosing collection receives the items too when this one closes; when `fn` throws,
   * `onThrow` gets what was collected before the error passes on.
   */
  collect<R>(fn: () => R, passOut = false, onThrow?: (items: readonly T[]) => void): { value: R; items: T[] } {
    const items: T[] = [];
    this.open.push(items);
    try {
      return { value: fn(), items };
    } catch (e) {
      onThrow?.(items);
      throw e;
    } finally {
      this.close(items, passOut);
    }
  }

  /** As {@link Collector.collect}, for an async `fn`: the collection stays open until it settles. */
  async collectAsync<R>(fn: () => Promise<R>, passOut = false): Promise<{ value: R; items: T[] }> {
    const items: T[] = [];
    this.open.push(items);
    try {
      return { value: await fn(), items };
    } finally {
      this.close(items, passOut);
    }
  }

  /** Closes the collection `items` (the innermost one but where async collections interleave). */
  private close(items: T[], passOut: boolean): void {
    const open = this.open;
    if (open[open.length - 1] === items) open.pop();
    else open.splice(open.lastIndexOf(items), 1);
    if (!passOut || open.length === 0 || items.length === 0) return;
    const outer = open[open.length - 1]!;
    for (let i = 0; i < items.length; i++) outer.push(items[i]!); // (a spread of a long list could overflow the stack)
  }
}

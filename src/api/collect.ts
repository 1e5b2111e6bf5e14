/**
 * Collecting what happens while a function runs: a stack of open lists, the innermost receiving.
 * @module
 */

/** A stack of open collections; `collect` opens one for the duration of a call. */
export class Collector<T> {
  private readonly stack: T[][] = [];

  /** Whether any collection is open. */
  get active(): boolean {
    return this.stack.length > 0;
  }

  /** Adds an item to the innermost open collection (or, with `all`, to every open one). */
  add(item: T, all = false): void {
    const stack = this.stack;
    const n = stack.length;
    if (n === 0) return; // (reading stack[-1] would be a slow keyed lookup on every call)
    if (all) for (let i = 0; i < n; i++) stack[i]!.push(item);
    else stack[n - 1]!.push(item);
  }

  /**
   * Runs `fn` with a new collection open; returns its value and what was collected. With
   * `passOut`, an enclosing collection receives the items too when this one closes.
   */
  collect<R>(fn: () => R, passOut = false): { value: R; items: T[] } {
    const items = this.open();
    try {
      return { value: fn(), items };
    } finally {
      this.close(items, passOut);
    }
  }

  /**
   * Opens a collection and returns it, for a caller that runs its own function and closes it with
   * {@link Collector.close} in a `finally` (a scope per op makes no closure or result object so).
   */
  open(): T[] {
    const items: T[] = [];
    this.stack.push(items);
    return items;
  }

  /** As {@link Collector.collect}, for an async `fn`: the collection stays open until it settles. */
  async collectAsync<R>(fn: () => Promise<R>, passOut = false): Promise<{ value: R; items: T[] }> {
    const items = this.open();
    try {
      return { value: await fn(), items };
    } finally {
      this.close(items, passOut);
    }
  }

  /**
   * Closes the collection `items` (the innermost one but where async collections interleave); with
   * `passOut`, the enclosing one receives its items.
   */
  close(items: T[], passOut: boolean): void {
    const stack = this.stack;
    if (stack[stack.length - 1] === items) stack.pop();
    else stack.splice(stack.lastIndexOf(items), 1);
    if (!passOut || stack.length === 0 || items.length === 0) return;
    const outer = stack[stack.length - 1]!;
    for (let i = 0; i < items.length; i++) outer.push(items[i]!); // (a spread of a long list could overflow the stack)
  }
}

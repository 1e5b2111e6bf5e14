/**
 * Orders of an explored run's ops: the choices that launch a given order, program order with one op
 * moved ahead, and the number of legal orders.
 * @module
 */
import type { ExploredOp } from './run-program.js';

/**
 * The choices that make the scheduler launch `order` (a legal order of the run's ops, by program
 * index): at each step with more than one ready op, the place of the next one among them.
 */
export function choicesFor(ops: readonly ExploredOp[], order: readonly number[]): number[] {
  const byIndex = new Map(ops.map((o) => [o.index, o]));
  const done = new Set<number>();
  const choices: number[] = [];
  for (const next of order) {
    const batch = byIndex.get(next)!.batch;
    const ready = ops
      .filter((o) => o.batch === batch && !done.has(o.index) && o.after.every((d) => done.has(d) || byIndex.get(d)?.batch !== batch))
      .map((o) => o.index)
      .sort((x, y) => x - y);
    if (ready.length > 1) choices.push(ready.indexOf(next));
    done.add(next);
  }
  return choices;
}

/**
 * Program order, except that `u` (with whatever it waits for that comes later) is launched just before
 * `v`: the order with the fewest deviations in which u runs before v. Null when u must follow v.
 */
export function hoisted(ops: readonly ExploredOp[], u: number, v: number): number[] | null {
  const byIndex = new Map(ops.map((o) => [o.index, o]));
  const order = ops.map((o) => o.index).sort((x, y) => x - y);
  // already before it in program order (moving it later would put it after the ops that wait for it)
  if (u < v) return order;
  const lift = new Set<number>([u]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of lift) {
      for (const d of byIndex.get(i)!.after) {
        if (d === v) return null;
        if (d > v && byIndex.has(d) && !lift.has(d)) {
          lift.add(d);
          changed = true;
        }
      }
    }
  }
  const at = order.indexOf(v);
  return [...order.slice(0, at).filter((i) => !lift.has(i)), ...order.filter((i) => lift.has(i)), ...order.slice(at).filter((i) => !lift.has(i))];
}

/**
 * The number of legal launch orders (linear extensions) of a run's ops: what an exhaustive search
 * without reduction runs. Counted by dynamic programming over the sets of launched ops, so keep it to
 * small graphs (up to about 20 ops).
 *
 * @example
 * ```ts
 * import { Tensor, ops, setContext } from 'mindsim';
 * import { explore, linearExtensions } from 'mindsim/testing';
 * setContext({ deviceTarget: 'CPU' });
 * explore(() => {
 *   const x = new Tensor([1], 'float32');
 *   return ops.Add()(ops.Neg()(x), ops.Abs()(x));
 * }, { runs: 1, property: ({ ops }) => void console.log(linearExtensions(ops)) }); // 2
 * ```
 */
export function linearExtensions(ops: readonly ExploredOp[]): number {
  const memo = new Map<string, number>();
  const count = (done: ReadonlySet<number>): number => {
    if (done.size === ops.length) return 1;
    const key = [...done].sort((a, b) => a - b).join();
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let total = 0;
    for (const o of ops) if (!done.has(o.index) && o.after.every((d) => done.has(d))) total += count(new Set([...done, o.index]));
    memo.set(key, total);
    return total;
  };
  return count(new Set());
}

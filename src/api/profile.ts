/**
 * `profile(fn)`: what the device work of a piece of a program cost, per op, as TensorFlow.js's
 * `tf.profile` and PyTorch's profiler (`key_averages().table()`) report it, in simulated time.
 * @module
 */
import { ArgumentTypeError } from '../errors/index.js';
import { profileRows, profileTable, type ProfileRow, type TraceRecord } from '../runtime/index.js';
import { currentContext } from './execution-context.js';
import { executorOf } from './graph/executor.js';

/** What {@link profile} gives. */
export interface ProfileResult<R> {
  /** What `fn` returned. */
  readonly result: R;
  /** Per op, longest total device time first. */
  readonly rows: readonly ProfileRow[];
  /** Simulated time from the call to the end of its work, ns. */
  readonly elapsedNs: number;
  /** The rows as a table (the first `limit`). */
  table(options?: { limit?: number }): string;
}

/**
 * Runs `fn` in the current context and profiles the device work it caused: its pending work is run to
 * the end (a synchronisation, as a profiler's stop is), then per op the count, simulated device time,
 * bytes and streams. An async `fn` is awaited first (the result is then a Promise).
 *
 * @throws {@link ArgumentTypeError} when `fn` is not a function; what `fn` throws.
 * @example
 * ```ts
 * import { Tensor, ops, profile, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'GPU' });
 * const x = new Tensor([[1, 2], [3, 4]], 'float32');
 * const p = profile(() => ops.MatMul()(ops.Add()(x, 1), x));
 * console.log(p.rows.map((r) => `${r.op} x${r.count}`).join(', ')); // copy H2D x2, Add x1, MatMul x1
 * ```
 */
export function profile<R>(fn: () => Promise<R>): Promise<ProfileResult<R>>;
export function profile<R>(fn: () => R): ProfileResult<R>;
export function profile<R>(fn: () => R | Promise<R>): ProfileResult<R> | Promise<ProfileResult<R>> {
  if (typeof fn !== 'function') throw new ArgumentTypeError(`profile: fn must be a function, but got ${typeof fn}`);
  const ctx = currentContext();
  const sim = ctx.getSimulator();
  const records: TraceRecord[] = [];
  const start = sim.now();
  const subscription = sim.trace$.subscribe((r) => records.push(r));
  const finish = (result: R): ProfileResult<R> => {
    try {
      if (!ctx.launcher) ctx.run(() => executorOf(ctx).drain()); // a launched rank's work is awaited by its program
    } finally {
      subscription.unsubscribe();
    }
    const rows = profileRows(records);
    return { result, rows, elapsedNs: sim.now() - start, table: (options = {}) => profileTable(rows, options) };
  };
  let out: R | Promise<R>;
  try {
    out = ctx.run(fn);
  } catch (e) {
    subscription.unsubscribe();
    throw e;
  }
  if (out instanceof Promise) return out.then(finish, (e: unknown) => {
    subscription.unsubscribe();
    throw e;
  });
  return finish(out);
}

/**
 * Memory the TensorFlow.js way: {@link tidy} releases what a function made but did not return,
 * {@link memory} says what the devices hold. Releases happen at points of the simulated program (when
 * the ops that read a tensor have run), never at the JavaScript garbage collector's, so traces and
 * memory figures repeat exactly (see graph/release.ts).
 * @module
 */
import { ArgumentTypeError } from '../errors/index.js';
import { currentContext } from './execution-context.js';
import { requestRelease, type ReleaseKind } from './graph/release.js';
import { Tensor, type TensorData } from './tensor.js';

/** Every Tensor in `value` (arrays and plain objects searched a few levels deep). */
function keptTensors(value: unknown, into: Tensor[], depth = 0): Tensor[] {
  if (value instanceof Tensor) {
    into.push(value);
    // a result that unpacks into several tensors (LossScaleOutput) keeps them all
    if (depth < 4 && Symbol.iterator in value) for (const v of value as unknown as Iterable<unknown>) if (v !== value) keptTensors(v, into, depth + 1);
  } else if (depth < 4 && Array.isArray(value)) for (const v of value) keptTensors(v, into, depth + 1);
  else if (depth < 4 && value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) keptTensors(v, into, depth + 1);
  }
  return into;
}

/**
 * Runs `fn` while `items`, a collection just opened on the context's data scopes, receives the data it
 * makes; closes it (its items pass to the enclosing one) and, when `fn` throws, asks for the release
 * (`kind`) of everything it made but Parameters' data. Every scope runs so: no closure or result object
 * per call (a tidy or a Cell call per op made several).
 */
function runIn<R>(items: TensorData[], why: string, kind: ReleaseKind, fn: () => R): R {
  const scopes = currentContext().dataScopes; // the one `items` was opened on (fn may switch contexts)
  try {
    return fn();
  } catch (e) {
    releaseAllBut(items, null, why, kind);
    throw e;
  } finally {
    scopes.close(items, true);
  }
}

/** Opens a collection of the data made from now on in the current context. */
const openScope = (): TensorData[] => currentContext().dataScopes.open();

/**
 * @internal runs `fn` in a scope: every tensor it made, but Parameters' data and what it returns, is
 * released (`kind`) once the ops that read it have run; when `fn` throws, everything it made is, too
 */
export function scoped<R>(why: string, kind: ReleaseKind, fn: () => R): R {
  const items = openScope();
  const value = runIn(items, why, kind, fn);
  if (items.length === 0) return value;
  if (value instanceof Tensor && !(Symbol.iterator in value)) {
    // a lone Tensor (a tidy per op returns one): compared directly, no lists
    const kept = value.data_;
    for (let i = 0; i < items.length; i++) {
      const d = items[i]!;
      if (d !== kept && !d.persistent) requestRelease(d, why, kind);
    }
  } else {
    releaseAllBut(items, keptData(keptTensors(value, [])), why, kind);
  }
  return value;
}

/**
 * @internal as {@link scoped} (releasing the device copies), also returning the tensors of `fn`'s
 * result whose data `fn` made (not Parameters', not its inputs')
 */
export function scopedMade<R>(why: string, fn: () => R): { value: R; made: Tensor[] } {
  const items = openScope();
  const value = runIn(items, why, 'device', fn);
  const returned = keptTensors(value, []);
  releaseAllBut(items, keptData(returned), why, 'device');
  const created = new Set(items);
  return { value, made: returned.filter((t) => created.has(t.data_) && !t.data_.persistent) };
}

/**
 * @internal runs `fn`; when it throws, everything it made (but Parameters' data) is released once the
 * ops that read it have run, so a refused call holds nothing
 */
export function releasedOnThrow<R>(why: string, fn: () => R): R {
  return runIn(openScope(), why, 'device', fn);
}

/** Asks for the release of everything `created` but Parameters' data and what `kept` holds. */
function releaseAllBut(created: readonly TensorData[], kept: KeptData | null, why: string, kind: ReleaseKind): void {
  for (const d of created) if (!d.persistent && !(kept !== null && isKept(kept, d))) requestRelease(d, why, kind);
}

/** The data a scope keeps: a short list, or a set where a scope returns many tensors. */
type KeptData = ReadonlySet<TensorData> | readonly TensorData[];

function isKept(kept: KeptData, d: TensorData): boolean {
  return Array.isArray(kept) ? (kept as readonly TensorData[]).includes(d) : (kept as ReadonlySet<TensorData>).has(d);
}

/** The data of the tensors a scope returns: a list when few (a tidy per op returns one), else a set. */
function keptData(returned: readonly Tensor[]): KeptData {
  return returned.length <= 8 ? returned.map((t) => t.data_) : new Set(returned.map((t) => t.data_));
}

/**
 * @internal runs `fn` as a step whose intermediates are released: every tensor it made, except
 * Parameters' data and what `keep` picks from its result, once the ops that read it have run
 * (TrainOneStepCell runs each step so). Reading a released result is a clear error.
 */
export function stepScope<R>(why: string, fn: () => R, keep: (result: R) => readonly Tensor[]): R {
  const { value, items } = currentContext().dataScopes.collect(fn, true);
  releaseAllBut(items, keptData(keep(value)), why, 'device');
  return value;
}

/** @internal as {@link stepScope}, for an async step (a launched rank's, which awaits its decisions) */
export async function stepScopeAsync<R>(why: string, fn: () => Promise<R>, keep: (result: R) => readonly Tensor[]): Promise<R> {
  const { value, items } = await currentContext().dataScopes.collectAsync(fn, true);
  releaseAllBut(items, keptData(keep(value)), why, 'device');
  return value;
}

/**
 * Runs `fn` and releases every tensor it made except those it returns (in an array or a plain object
 * too), as TensorFlow.js's `tf.tidy`: each goes once the ops already recorded that read it have run,
 * so a loop of `tidy` calls holds steady memory. Parameters are never released by a scope. Scopes
 * nest: what an inner one returns belongs to the outer one.
 *
 * @throws {@link ArgumentTypeError} when `fn` is not a function or returns a Promise (as TensorFlow.js,
 *   a tidy function must be synchronous).
 * @example
 * ```ts
 * import { Tensor, memory, ops, tidy } from 'mindsim';
 * let x = new Tensor([0], 'float32');
 * for (let i = 0; i < 1000; i++) {
 *   const next = tidy(() => ops.Add()(ops.Mul()(x, 1), 1)); // the Mul result is released
 *   x.dispose();
 *   x = next;
 * }
 * console.log(String(x), memory().numTensors <= 4); // [1000.] true
 * ```
 */
export function tidy<R>(fn: () => R): R {
  if (typeof fn !== 'function') throw new ArgumentTypeError(`tidy: expected a function, but got ${fn === null ? 'null' : typeof fn}`);
  const value = scoped('released by tidy()', 'all', fn);
  if (value instanceof Promise) throw new ArgumentTypeError('tidy: the function returned a Promise; a tidy function must be synchronous (as in TensorFlow.js)');
  return value;
}

/** What one device holds. */
export interface DeviceMemory {
  /** Bytes allocated (aligned as the device allocates). */
  readonly bytes: number;
  /** Live allocations: tensors on the device (and, on a CPU, which shares the host's memory, staging buffers). */
  readonly tensors: number;
  /** The most bytes it has held. */
  readonly peakBytes: number;
  /** Its capacity in bytes. */
  readonly capacity: number;
}

/** What the current context's devices hold (TensorFlow.js's `memory()`, per device). */
export interface MemoryInfo {
  /** Bytes on every device the context has used. */
  readonly numBytes: number;
  /** Allocations on every device the context has used. */
  readonly numTensors: number;
  /** Per device name (`Ascend:0`). */
  readonly devices: Readonly<Record<string, DeviceMemory>>;
}

/**
 * The device memory the current context's machine holds: bytes and tensors per device, as
 * TensorFlow.js's `memory()`. Figures are simulated allocations, exact and repeatable.
 *
 * @example
 * ```ts
 * import { Tensor, memory, ops } from 'mindsim';
 * String(ops.Add()(new Tensor([1, 2], 'float32'), 1));
 * const m = memory();
 * console.log(m.numTensors > 0, Object.keys(m.devices)); // true [ 'Ascend:0' ]
 * ```
 */
export function memory(): MemoryInfo {
  const devices: Record<string, DeviceMemory> = {};
  let numBytes = 0;
  let numTensors = 0;
  for (const device of currentContext().getPlatform().listDevices()) {
    const m = device.memory;
    devices[device.name] = { bytes: m.used, tensors: m.allocations, peakBytes: m.peak, capacity: m.capacity };
    numBytes += m.used;
    numTensors += m.allocations;
  }
  return { numBytes, numTensors, devices };
}

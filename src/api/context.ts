/**
 * The current context's simulated machine. `setContext` (device target, mode, schedule) builds on this;
 * for now the context is the platform: its simulator, host memory and devices.
 * @module
 */
import { Platform, type PlatformOptions, type Simulator } from '../runtime/index.js';

/** Trace records the context's simulator keeps by default: enough for a timeline, bounded in memory. */
export const DEFAULT_TRACE_RECORDS = 100_000;

let current: Platform | undefined;

/**
 * The current context's platform (created on first use with the built-in devices).
 *
 * @example
 * ```ts
 * import { getPlatform } from 'mindsim';
 * const npu = getPlatform().device('Ascend:0');
 * console.log(npu.name); // Ascend:0
 * ```
 */
export function getPlatform(): Platform {
  current ??= new Platform({ record: DEFAULT_TRACE_RECORDS });
  return current;
}

/**
 * The current context's simulator: `now()` in ns, `trace$` (RxJS), `chromeTrace()`, `timeline()`.
 *
 * @example
 * ```ts
 * import { getSimulator } from 'mindsim';
 * console.log(getSimulator().now()); // 0
 * ```
 */
export function getSimulator(): Simulator {
  return getPlatform().sim;
}

/**
 * Replaces the context's platform with a fresh simulated machine (clock at 0, no devices yet).
 *
 * @example
 * ```ts
 * import { resetPlatform } from 'mindsim';
 * const p = resetPlatform({ tieBreakSeed: 7, record: Infinity });
 * console.log(p.sim.now()); // 0
 * ```
 */
export function resetPlatform(options: PlatformOptions = {}): Platform {
  current = new Platform({ record: DEFAULT_TRACE_RECORDS, ...options });
  return current;
}

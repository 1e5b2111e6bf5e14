/**
 * The context functions, as MindSpore's `context.set_context`/`get_context`: each acts on the current
 * {@link ExecutionContext} (the default one unless a `ctx.run` is executing). The platform gives the
 * simulator (`getSimulator()`), host memory and devices.
 * @module
 */
import type { Device, Platform, PlatformOptions, Simulator } from '../runtime/index.js';
import { currentContext, type ContextOptions, type ContextState } from './execution-context.js';

export {
  DEFAULT_TRACE_RECORDS, ExecutionContext, currentContext, type ContextOptions, type ContextState, type DeviceTarget, type ExecutionContextOptions,
  type ExecutionMode,
} from './execution-context.js';

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
  return currentContext().getPlatform();
}

/**
 * The current context's simulator: `now()` in ns, `trace$` (RxJS), `chromeTrace()`, `timeline()`.
 *
 * @example
 * ```ts
 * import { getSimulator } from 'mindsim';
 * console.log(typeof getSimulator().now()); // number
 * ```
 */
export function getSimulator(): Simulator {
  return currentContext().getSimulator();
}

/**
 * Replaces the current context's platform with a fresh simulated machine (clock at 0, no devices yet).
 * Results still pending on the old machine stay readable.
 *
 * @example
 * ```ts
 * import { resetPlatform } from 'mindsim';
 * const p = resetPlatform({ tieBreakSeed: 7, record: Infinity });
 * console.log(p.sim.now()); // 0
 * ```
 */
export function resetPlatform(options: PlatformOptions = {}): Platform {
  return currentContext().resetPlatform(options);
}

/**
 * The device ops run on: the current context's target (and preset) on its platform.
 *
 * @example
 * ```ts
 * import { currentDevice, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'GPU' });
 * console.log(currentDevice().name); // GPU:0
 * ```
 */
export function currentDevice(): Device {
  return currentContext().currentDevice();
}

/**
 * Sets the current context's options (only those given); on a refusal nothing changes.
 *
 * @throws {@link ArgumentValueError} for an unknown target, device, mode or schedule policy, a device
 *   name with a number (that is `deviceId`), a device id outside [0, 4095], a preset of another
 *   family, a preset for a device id that the context's machine already has as another preset (use
 *   another id, `resetPlatform()`, or a new `ExecutionContext`), or a `replay` schedule without a list
 *   of non-negative integer choices.
 * @throws {@link ArgumentTypeError} for a device that is not a string, a device id that is not an
 *   integer, or a schedule that is not an object.
 * @example
 * ```ts
 * import { setContext, getContext } from 'mindsim';
 * setContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' });
 * console.log(getContext('deviceTarget'), getContext('mode')); // CPU PYNATIVE_MODE
 * ```
 */
export function setContext(options: ContextOptions): void {
  currentContext().setContext(options);
}

/**
 * One option of the current context.
 *
 * @throws {@link ArgumentValueError} for a key that is not an option.
 * @example
 * ```ts
 * import { getContext } from 'mindsim';
 * console.log(['Ascend', 'GPU', 'CPU'].includes(getContext('deviceTarget') as string)); // true
 * ```
 */
export function getContext<K extends keyof ContextState>(key: K): ContextState[K] {
  return currentContext().getContext(key);
}

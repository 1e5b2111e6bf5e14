/**
 * The context: which simulated machine, which device target and preset, which execution mode.
 * `setContext`/`getContext` mirror MindSpore's `context.set_context`/`get_context`; the platform gives
 * the simulator (`getSimulator()`), host memory and devices.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError } from '../errors/index.js';
import { Platform, checkSchedule, defaultRegistry, type Device, type PlatformOptions, type ScheduleOptions, type Simulator } from '../runtime/index.js';

/** Trace records the context's simulator keeps by default: enough for a timeline, bounded in memory. */
export const DEFAULT_TRACE_RECORDS = 100_000;

/** MindSpore's device targets. */
export type DeviceTarget = 'Ascend' | 'GPU' | 'CPU';
/** MindSpore's execution modes. */
export type ExecutionMode = 'GRAPH_MODE' | 'PYNATIVE_MODE';

/** What `setContext` takes. */
export interface ContextOptions {
  /** The device family (default 'Ascend', as MindSpore r1.5). */
  readonly deviceTarget?: DeviceTarget;
  /** A preset of that family (`'ascend910b'`, `'h100'`); the family's default when omitted. */
  readonly device?: string;
  /** The device number (0). */
  readonly deviceId?: number;
  /** GRAPH_MODE (default: independent ops may run on several streams) or PYNATIVE_MODE (one stream, program order). */
  readonly mode?: ExecutionMode;
  /**
   * How GRAPH_MODE orders each batch of ops among the legal orders: `critical-path` (the default),
   * `program-order` (one stream), `random` with a seed, or `replay` of recorded choices. A new
   * schedule starts afresh (its random stream, its replay position). PYNATIVE_MODE runs every op as it
   * is called, in program order.
   */
  readonly schedule?: ScheduleOptions;
}

/** The context's options, as `getContext` reads them. */
export interface ContextState {
  /** The device family. */
  deviceTarget: DeviceTarget;
  /** The preset, when one was chosen. */
  device: string | undefined;
  /** The device number. */
  deviceId: number;
  /** The execution mode. */
  mode: ExecutionMode;
  /** The GRAPH_MODE schedule (`{ policy: 'critical-path' }` by default). */
  schedule: ScheduleOptions;
}

let current: Platform | undefined;
/** The device `currentDevice` resolved last, and for which platform and context (any change clears it). */
let resolved: { platform: Platform; device: Device } | undefined;
const state: ContextState = { deviceTarget: 'Ascend', device: undefined, deviceId: 0, mode: 'GRAPH_MODE', schedule: { policy: 'critical-path' } };

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
 * console.log(typeof getSimulator().now()); // number
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
  resolved = undefined;
  for (const fn of resetHooks) fn();
  return current;
}

const resetHooks: (() => void)[] = [];

/**
 * @internal makes `platform` the context's again (the explorer puts the user's machine back after
 * running on fresh ones); the executor forgets what it held of the machine it leaves
 */
export function restorePlatform(platform: Platform): void {
  current = platform;
  resolved = undefined;
  for (const fn of resetHooks) fn();
}

/** @internal runs `fn` whenever the platform is replaced (the executor forgets work on the old one) */
export function onPlatformReset(fn: () => void): void {
  resetHooks.push(fn);
}

/**
 * The device ops run on: the context's target (and preset) on the context's platform.
 *
 * @example
 * ```ts
 * import { currentDevice, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'GPU' });
 * console.log(currentDevice().name); // GPU:0
 * ```
 */
export function currentDevice(): Device {
  const platform = getPlatform();
  if (resolved?.platform === platform) return resolved.device; // every op asks: resolve once per context
  const device = platform.device(`${state.device ?? state.deviceTarget}:${state.deviceId}`);
  resolved = { platform, device };
  return device;
}

/**
 * Sets context options (only those given).
 *
 * @throws {@link ArgumentValueError} for an unknown target, mode or schedule policy, a preset of another
 *   family, or a `replay` schedule without a list of non-negative integer choices.
 * @throws {@link ArgumentTypeError} for a non-integer device id, or a schedule that is not an object.
 * @example
 * ```ts
 * import { setContext, getContext } from 'mindsim';
 * setContext({ deviceTarget: 'CPU', mode: 'PYNATIVE_MODE' });
 * console.log(getContext('deviceTarget'), getContext('mode')); // CPU PYNATIVE_MODE
 * ```
 */
export function setContext(options: ContextOptions): void {
  const next: ContextState = { ...state };
  if (options.deviceTarget !== undefined) {
    if (!['Ascend', 'GPU', 'CPU'].includes(options.deviceTarget)) {
      throw new ArgumentValueError(`For 'set_context', the argument 'device_target' must be one of ['Ascend', 'GPU', 'CPU'], but got '${String(options.deviceTarget)}'.`);
    }
    next.deviceTarget = options.deviceTarget;
    if (options.device === undefined) next.device = undefined;
  }
  if (options.device !== undefined) next.device = options.device;
  if (options.deviceId !== undefined) {
    if (!Number.isInteger(options.deviceId) || options.deviceId < 0) {
      throw new ArgumentTypeError(`For 'set_context', the argument 'device_id' must be a non-negative int, but got ${String(options.deviceId)}.`);
    }
    next.deviceId = options.deviceId;
  }
  if (options.mode !== undefined) {
    if (options.mode !== 'GRAPH_MODE' && options.mode !== 'PYNATIVE_MODE') {
      throw new ArgumentValueError(`For 'set_context', the argument 'mode' must be GRAPH_MODE or PYNATIVE_MODE, but got '${String(options.mode)}'.`);
    }
    next.mode = options.mode;
  }
  if (options.schedule !== undefined) next.schedule = checkSchedule(options.schedule);
  if (next.device !== undefined) {
    const spec = defaultRegistry.resolve(next.device).spec; // checks the name without creating a device
    if (spec.kind !== next.deviceTarget) {
      throw new ArgumentValueError(`For 'set_context', the device '${next.device}' is a ${spec.kind} preset, not a ${next.deviceTarget} one.`);
    }
  }
  Object.assign(state, next);
  resolved = undefined;
}

/**
 * One context option.
 *
 * @example
 * ```ts
 * import { getContext } from 'mindsim';
 * console.log(['Ascend', 'GPU', 'CPU'].includes(getContext('deviceTarget') as string)); // true
 * ```
 */
export function getContext<K extends keyof ContextState>(key: K): ContextState[K] {
  if (!(key in state)) throw new ArgumentValueError(`For 'get_context', there is no context option '${String(key)}'.`);
  return state[key];
}

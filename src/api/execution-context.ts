/**
 * The ExecutionContext: everything one simulated program's front end keeps — its machine (platform
 * and device), its context options, its executor (pending ops, schedule, side-effect chains,
 * placement), its autodiff tapes and step scopes, its random state and its print sink. The
 * MindSpore-style functions (`setContext`, `setSeed`, `print`, every op) act on the *current* context;
 * a default one exists, so a program that never names a context runs as it always has. A rank of a
 * cluster, or one run of the explorer, is a context of its own.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DeviceError } from '../errors/index.js';
import { Platform, checkSchedule, defaultRegistry, type Device, type DeviceRegistry, type PlatformOptions, type ScheduleOptions, type Simulator } from '../runtime/index.js';
import { describeValue } from '../kernels/index.js';
import { Collector } from './collect.js';
import { SeedState } from './seed-state.js';
import type { Executor } from './graph/executor.js';
import type { TapeEntry } from './graph/tape.js';
import type { Tensor, TensorData } from './tensor.js';
import type { NDArray } from './numpy/index.js';
import type { CommState } from './comm/state.js';
import { AUTO_PARALLEL_KEYS, AutoParallelContext } from './parallel/auto-parallel-context.js';
import { PsContext } from './parallel/ps-context.js';
import { SemiAutoState } from './parallel/state.js';

/** @internal what a launcher offers its ranks: a read that lets the other ranks run while it waits */
export interface RankWaits {
  /** Resolves with the tensor's data once its work (and the collectives it needs) has run. */
  read(ctx: ExecutionContext, t: Tensor): Promise<NDArray>;
}

/** Trace records a context's simulator keeps by default: enough for a timeline, bounded in memory. */
export const DEFAULT_TRACE_RECORDS = 100_000;

/** MindSpore's device targets. */
export type DeviceTarget = 'Ascend' | 'GPU' | 'CPU';
/** MindSpore's execution modes. */
export type ExecutionMode = 'GRAPH_MODE' | 'PYNATIVE_MODE';

const TARGETS: readonly DeviceTarget[] = ['Ascend', 'GPU', 'CPU'];
/** The keys `setContext` takes. */
const CONTEXT_KEYS: readonly string[] = ['deviceTarget', 'device', 'deviceId', 'mode', 'schedule'];
/** r1.5's key for a camel-cased one, as its messages name it. */
const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** What `setContext` takes. */
export interface ContextOptions {
  /** The device family (default 'Ascend', as MindSpore r1.5). */
  readonly deviceTarget?: DeviceTarget;
  /**
   * A preset of that family (`'ascend910b'`, `'h100'`) or the family's name; the family's default when
   * omitted. The device's number is `deviceId`, not part of this name.
   */
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

/** What `new ExecutionContext(options)` takes: context options, and where its machine, seed and output come from. */
export interface ExecutionContextOptions extends ContextOptions {
  /**
   * The simulated machine: a {@link Platform} to share (contexts on one platform share its clock; each
   * should use a device of its own), or options for a fresh one (default: a fresh platform keeping
   * the newest 100,000 trace records).
   */
  readonly platform?: Platform | PlatformOptions;
  /** A global seed to start from (as `setSeed`); none by default, as a fresh process. */
  readonly seed?: number;
  /** Where `print` and the Print op write (standard output by default). */
  readonly printSink?: (text: string) => void;
  /**
   * The program's environment variables, as a process has them (`RANK_ID`, `MS_ROLE`...; none by
   * default: the host's own environment is never read, so runs are reproducible). `launch` sets each
   * rank's.
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Keep the output of every top-level Cell call on the device until it is disposed or its scope ends
   * (default false: an output that two later top-level calls of the same cell have superseded leaves
   * the device once the ops reading it have run, its value kept on the host; see
   * docs/errors-faults-and-memory.md). Set it where a program keeps many outputs and the device
   * memory figures must count them all.
   */
  readonly keepCellOutputs?: boolean;
}

/**
 * Standard output, where a context prints unless told otherwise: Node's, or the console where there is
 * no `process` (a browser bundle), read at the call, never at import.
 */
function writeStdout(text: string): void {
  const stdout = (globalThis as { process?: { stdout?: { write(text: string): unknown } } }).process?.stdout;
  if (stdout) stdout.write(text);
  else console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
}

/** The largest device id r1.5's set_context takes ("Device id must be in [0, 4095]"). */
const MAX_DEVICE_ID = 4095;

/**
 * `setContext`'s `device`: a family or preset name the registry knows, without a device number (that
 * is `deviceId`; a `'h100:3'` here became the device name `h100:3:0`, which no op could run on).
 */
function checkDevice(device: unknown, registry: DeviceRegistry): string {
  if (typeof device !== 'string') throw new ArgumentTypeError(`For 'set_context', the argument 'device' must be a str (a device family or preset), but got ${describeValue(device)}.`);
  try {
    registry.resolve(device); // the registry's own grammar: a name, and an optional ':n'
  } catch (e) {
    if (!(e instanceof DeviceError)) throw e;
    throw new ArgumentValueError(`For 'set_context', the argument 'device' must be a device family or preset, but got '${device}': ${e.message}.`);
  }
  if (device.includes(':')) {
    throw new ArgumentValueError(`For 'set_context', the argument 'device' must be a device family or preset name, the device number going in 'device_id', but got '${device}'.`);
  }
  return device;
}

/**
 * One simulated program's front-end state. Make one with `new ExecutionContext(options)` and run code
 * in it with `ctx.run(fn)`; the MindSpore-style free functions (`setContext`, `setSeed`, ops...) act on
 * {@link currentContext}. A Tensor belongs to the context whose ops made it: it can be read from
 * anywhere (reading synchronises its own context), but the ops of one context refuse a Tensor whose
 * value is only on another context's device (pending there, or written there and not read back), and
 * refuse to write in place into data on another context's device. Host data is usable everywhere: an
 * op reading a value that is on the host gets a device copy of its own, as a second process would.
 *
 * @example
 * ```ts
 * import { ExecutionContext, Tensor, ops, getContext } from 'mindsim';
 * const gpu = new ExecutionContext({ deviceTarget: 'GPU', mode: 'PYNATIVE_MODE', seed: 1 });
 * const y = gpu.run(() => ops.Add()(new Tensor([1, 2], 'float32'), 1));
 * console.log(String(y), gpu.currentDevice().name, getContext('deviceTarget')); // [2. 3.] GPU:0 Ascend
 * ```
 */
export class ExecutionContext {
  private readonly state: ContextState = { deviceTarget: 'Ascend', device: undefined, deviceId: 0, mode: 'GRAPH_MODE', schedule: { policy: 'critical-path' } };
  private platformValue: Platform | undefined;
  private readonly platformOptions: PlatformOptions;
  /** The device {@link currentDevice} resolved (cleared by any change of target, preset, id or platform). */
  private resolved: Device | undefined;
  /** @internal the random state: global seed, numpy's RandomState, the Normal op-seed counter */
  readonly seeds: SeedState;
  private sink: (text: string) => void;
  /** @internal the tapes open while gradients are taken (innermost last) */
  readonly tapes = new Collector<TapeEntry>();
  /** @internal the step scopes open: the data created in each */
  readonly dataScopes = new Collector<TensorData>();
  /**
   * @internal the executor of the current platform: made by the executor module on first use, dropped
   * when the platform is replaced (the old one keeps serving the tensors it made)
   */
  executor: Executor | null = null;
  /** @internal its place in a cluster (set by `launch`, or by `init()` as a world of one) */
  comm: CommState | null = null;
  /** @internal the launcher that runs this context as a rank (it resolves `asnumpyAsync`) */
  launcher: RankWaits | null = null;
  /** @internal semi-automatic parallel's per-program state (layouts, planner depth) */
  readonly semi = new SemiAutoState();
  /** @internal how deep in Cell calls the program is (0: the next call is a top-level one) */
  cellDepth = 0;
  /** @internal a GRAPH_MODE cell recorded a Print the top-level call must see printed before it returns */
  printsPending = false;
  /** @internal the dataset pipeline's seed (r1.5's `dataset.config` seed: std::mt19937's default, 5489) */
  datasetSeed = 5489;
  /** Whether top-level Cell outputs stay on the device when later calls supersede them (see {@link ExecutionContextOptions.keepCellOutputs}). */
  readonly keepCellOutputs: boolean;
  /** @internal the outputs of each cell's latest top-level calls (see nn/cell-outputs.ts) */
  readonly cellOutputs = new WeakMap<object, Tensor[][]>();
  /** @internal the top-level cells compiled, with the input signatures they were compiled for */
  readonly compiled = new WeakMap<object, Set<string>>();
  /** The program's environment variables (see {@link ExecutionContextOptions.env}). */
  readonly env: Readonly<Record<string, string>>;
  /** @internal the auto-parallel settings (`setAutoParallelContext` acts on the current context's) */
  readonly autoParallel: AutoParallelContext;
  /** @internal the parameter-server settings (`setPsContext` acts on the current context's) */
  readonly ps: PsContext;

  /**
   * @throws {@link ArgumentValueError} / {@link ArgumentTypeError} for options `setContext` refuses, a
   *   bad seed, or a print sink that is not a function.
   */
  constructor(options: ExecutionContextOptions = {}) {
    if (options === null || typeof options !== 'object') throw new ArgumentTypeError(`ExecutionContext: options must be an object, but got ${describeValue(options)}`);
    const { platform, seed, printSink, env, keepCellOutputs, ...contextOptions } = options;
    if (keepCellOutputs !== undefined && typeof keepCellOutputs !== 'boolean') throw new ArgumentTypeError(`ExecutionContext: keepCellOutputs must be a boolean, but got ${describeValue(keepCellOutputs)}`);
    this.keepCellOutputs = keepCellOutputs ?? false;
    if (printSink !== undefined && typeof printSink !== 'function') throw new ArgumentTypeError(`ExecutionContext: printSink must be a function, but got ${describeValue(printSink)}`);
    if (env !== undefined && (env === null || typeof env !== 'object' || Object.values(env).some((v) => typeof v !== 'string'))) {
      throw new ArgumentTypeError(`ExecutionContext: env must be an object of strings, but got ${describeValue(env)}`);
    }
    this.sink = printSink ?? writeStdout;
    this.env = Object.freeze({ ...env });
    this.autoParallel = new AutoParallelContext((m) => this.sink(`[WARNING] ${m}\n`), () => this.state.deviceTarget);
    this.ps = new PsContext(() => this.env);
    this.seeds = new SeedState();
    if (seed !== undefined) this.setSeed(seed);
    if (platform instanceof Platform) {
      this.platformValue = platform;
      this.platformOptions = {};
    } else {
      this.platformOptions = platform ?? {};
    }
    this.setContext(contextOptions);
  }

  /**
   * Runs `fn` with this context current (nested calls nest; the previous context is current again
   * afterwards, also when `fn` throws); returns what `fn` returns. `fn` runs synchronously: work it
   * leaves pending stays with this context, and reading its results later synchronises this context.
   */
  run<R>(fn: () => R): R {
    if (typeof fn !== 'function') throw new ArgumentTypeError(`ExecutionContext.run: fn must be a function, but got ${describeValue(fn)}`);
    const previous = current;
    current = this;
    try {
      return fn();
    } finally {
      current = previous;
    }
  }

  /** The context's simulated machine (made on first use with the built-in devices). */
  getPlatform(): Platform {
    return (this.platformValue ??= new Platform({ record: DEFAULT_TRACE_RECORDS, ...this.platformOptions }));
  }

  /** The context's simulator: `now()` in ns, `trace$`, `chromeTrace()`, `timeline()`. */
  getSimulator(): Simulator {
    return this.getPlatform().sim;
  }

  /**
   * Replaces the context's machine with a fresh one (clock at 0, no devices yet). Work pending on the
   * old machine stays with it: its results can still be read.
   *
   * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for bad options (see {@link Platform}); the old machine stays.
   */
  resetPlatform(options: PlatformOptions = {}): Platform {
    const given = options as unknown;
    this.platformValue = new Platform(typeof given === 'object' && given !== null && !Array.isArray(given) ? { record: DEFAULT_TRACE_RECORDS, ...options } : options); // the platform checks them
    this.resolved = undefined;
    this.executor = null;
    return this.platformValue;
  }

  /** The device ops run on: the context's target (and preset) and id on its platform. */
  currentDevice(): Device {
    if (this.resolved) return this.resolved; // every op asks: resolve once
    const name = `${this.state.device ?? this.state.deviceTarget}:${this.state.deviceId}`;
    return (this.resolved = this.getPlatform().device(name));
  }

  /**
   * Sets context options (only those given); on a refusal nothing changes.
   *
   * @throws {@link ArgumentValueError} for an unknown target, device, mode or schedule policy, a device
   *   name with a number (that is `deviceId`), a device id outside [0, 4095], a preset of another
   *   family, a preset for a device id that this context's machine already has as another preset, or a
   *   `replay` schedule without a list of non-negative integer choices.
   * @throws {@link ArgumentTypeError} for a device that is not a string, a device id that is not an
   *   integer, or a schedule that is not an object.
   */
  setContext(options: ContextOptions): void {
    if (options === null || typeof options !== 'object') throw new ArgumentTypeError(`For 'set_context', the options must be an object, but got ${describeValue(options)}.`);
    for (const key of Object.keys(options)) {
      if (!CONTEXT_KEYS.includes(key)) {
        const hint = AUTO_PARALLEL_KEYS.includes(key) ? ` (${key} is an auto-parallel setting: use setAutoParallelContext)` : '';
        throw new ArgumentValueError(`Set context keyword ${snake(key)} is not recognized!${hint}`);
      }
    }
    const next: ContextState = { ...this.state };
    if (options.deviceTarget !== undefined) {
      if (!TARGETS.includes(options.deviceTarget)) {
        throw new ArgumentValueError(`For 'set_context', the argument 'device_target' must be one of ['Ascend', 'GPU', 'CPU'], but got '${String(options.deviceTarget)}'.`);
      }
      next.deviceTarget = options.deviceTarget;
      if (options.device === undefined) next.device = undefined;
    }
    const registry = this.platformValue?.registry ?? this.platformOptions.registry ?? defaultRegistry;
    if (options.device !== undefined) next.device = checkDevice(options.device, registry);
    if (options.deviceId !== undefined) {
      if (!Number.isInteger(options.deviceId)) {
        throw new ArgumentTypeError(`For 'set_context', the argument 'device_id' must be an int, but got ${describeValue(options.deviceId)}.`);
      }
      if (options.deviceId < 0 || options.deviceId > MAX_DEVICE_ID) {
        throw new ArgumentValueError(`For 'set_context', Device id must be in [0, ${MAX_DEVICE_ID}], but got ${options.deviceId}.`);
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
    // the names are checked without creating a device
    const spec = next.device !== undefined || this.platformValue ? registry.resolve(next.device ?? next.deviceTarget).spec : undefined;
    if (spec && next.device !== undefined && spec.kind !== next.deviceTarget) {
      throw new ArgumentValueError(`For 'set_context', the device '${next.device}' is a preset of the ${spec.kind} family, not of ${next.deviceTarget}.`);
    }
    const existing = spec && this.platformValue?.findDevice(`${spec.kind}:${next.deviceId}`);
    if (spec && existing && existing.spec.preset !== spec.preset) {
      throw new ArgumentValueError(
        `For 'set_context', ${existing.name} of this context's machine is already a ${existing.spec.preset}; it cannot become a ${spec.preset}. ` +
          `Use another device id, call resetPlatform() for a fresh machine, or run the program in a new ExecutionContext({ device: '${spec.preset}' }).`,
      );
    }
    Object.assign(this.state, next);
    this.resolved = undefined;
  }

  /** @internal the execution mode (what every recorded op asks; `getContext('mode')` checks its key) */
  get executionMode(): ContextState['mode'] {
    return this.state.mode;
  }

  /** @internal the GRAPH_MODE schedule options (see {@link ExecutionContext.executionMode}) */
  get scheduleOptions(): ContextState['schedule'] {
    return this.state.schedule;
  }

  /**
   * One context option.
   *
   * @throws {@link ArgumentValueError} for a key that is not an option.
   */
  getContext<K extends keyof ContextState>(key: K): ContextState[K] {
    if (typeof key !== 'string' || !Object.hasOwn(this.state, key)) throw new ArgumentValueError(`Get context keyword ${snake(String(key))} is not recognized!`);
    return this.state[key];
  }

  /**
   * Sets the global seed, as MindSpore r1.5's `set_seed`: seeds numpy's RandomState and restarts the
   * Normal initializer's op-seed counter.
   *
   * @throws {@link ArgumentTypeError} "The argument 'seed' must be type of int, but got {type}." for a
   *   non-integer or negative seed.
   * @throws {@link ArgumentValueError} above 2**32 - 1, which numpy rejects.
   */
  setSeed(seed: number): void {
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) {
      const type = typeof seed === 'number' ? (Number.isInteger(seed) ? 'negative int' : "<class 'float'>") : describeValue(seed);
      throw new ArgumentTypeError(`The argument 'seed' must be type of int, but got ${type}.`);
    }
    this.seeds.seed(seed);
  }

  /** The global seed, or null when none was set. */
  getSeed(): number | null {
    return this.seeds.globalSeed;
  }

  /** Where `print` writes. */
  get printSink(): (text: string) => void {
    return this.sink;
  }

  /**
   * Redirects `print` and the Print op; returns the previous sink.
   *
   * @throws {@link ArgumentTypeError} when `next` is not a function.
   */
  setPrintSink(next: (text: string) => void): (text: string) => void {
    if (typeof next !== 'function') throw new ArgumentTypeError(`setPrintSink: the sink must be a function, but got ${describeValue(next)}`);
    const previous = this.sink;
    this.sink = next;
    return previous;
  }

  /** The options in force, as a new object (what a fresh context made with them would have). */
  options(): ContextState {
    return { ...this.state };
  }
}

/** @internal makes `ctx` current (the launcher switches ranks so); returns the previous context */
export function switchContext(ctx: ExecutionContext): ExecutionContext {
  const previous = current;
  current = ctx;
  return previous;
}

/**
 * The context the MindSpore-style functions act on: the default context until a `run` makes another
 * current (the one mutable binding src/api keeps at module level).
 */
let current: ExecutionContext = new ExecutionContext();

/**
 * The current context: the one whose `run` is executing, else the default context.
 *
 * @example
 * ```ts
 * import { ExecutionContext, currentContext } from 'mindsim';
 * const ctx = new ExecutionContext();
 * console.log(ctx.run(() => currentContext() === ctx), currentContext() === ctx); // true false
 * ```
 */
export function currentContext(): ExecutionContext {
  return current;
}

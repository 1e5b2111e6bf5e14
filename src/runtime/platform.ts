/**
 * A platform: one simulator, the host's memory, and the devices on it, created by name on first use.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DeviceError } from '../errors/index.js';
import { Simulator } from './sim/simulator.js';
import { MemorySpace, type Allocation } from './device/memory.js';
import type { Device, DeviceHost } from './device/device.js';
import type { Stream } from './device/work.js';
import { defaultRegistry, type DeviceRegistry } from './device/registry.js';

/** Options of a {@link Platform}. */
export interface PlatformOptions {
  /** Where device names resolve; the built-in devices by default. */
  readonly registry?: DeviceRegistry;
  /** Tie-break seed for same-time events (see {@link SimulatorOptions}). */
  readonly tieBreakSeed?: number;
  /** Trace records to keep (see {@link SimulatorOptions}); default 0. */
  readonly record?: number;
  /**
   * Costs and ordering only: no arithmetic, no data movement, no data buffers. A value read back from a
   * device there is zeros (the read still synchronises and takes its simulated time, so a loop that reads
   * its loss each step is timed right; a decision made on a read value sees zeros).
   */
  readonly timingOnly?: boolean;
  /** Host memory capacity in bytes; default 256 GiB. */
  readonly hostMemoryBytes?: number;
}

/** Checks a platform's options before anything is built. */
function checkOptions(options: PlatformOptions): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ArgumentTypeError(`Platform: options must be an object, but got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const { hostMemoryBytes: bytes, tieBreakSeed: seed, timingOnly } = options;
  if (bytes !== undefined && !(typeof bytes === 'number' && Number.isSafeInteger(bytes) && bytes >= 0)) {
    throw new ArgumentValueError(`Platform: hostMemoryBytes must be a non-negative integer, but got ${String(bytes)}`);
  }
  if (seed !== undefined && !(typeof seed === 'number' && Number.isSafeInteger(seed))) {
    throw new ArgumentValueError(`Platform: tieBreakSeed must be an integer, but got ${String(seed)}`);
  }
  if (timingOnly !== undefined && typeof timingOnly !== 'boolean') {
    throw new ArgumentTypeError(`Platform: timingOnly must be a boolean, but got ${typeof timingOnly} ${String(timingOnly)}`);
  }
}

/**
 * A simulated machine: host memory plus devices.
 *
 * @example
 * ```ts
 * import { runtime } from 'mindsim';
 * const platform = new runtime.Platform({ record: Infinity });
 * const npu = platform.device('Ascend:0');
 * const host = platform.allocateHost(1024, { pinned: true });
 * const dev = npu.allocate(1024);
 * npu.copyAsync(dev, host, npu.defaultStream);
 * npu.synchronize();
 * console.log(npu.spec.preset, platform.sim.now() > 0); // ascend910 true
 * ```
 */
export class Platform implements DeviceHost {
  /** The simulator every device of the platform runs on. */
  readonly sim: Simulator;
  /** The host's memory. */
  readonly host: MemorySpace;
  /** Costs and ordering only: no arithmetic, no data movement (values read back are zeros; see {@link PlatformOptions.timingOnly}). */
  readonly timingOnly: boolean;
  /** Where its device names resolve. */
  readonly registry: DeviceRegistry;
  private readonly devices = new Map<string, Device>();
  private ids = 0;

  /**
   * @throws {@link ArgumentTypeError} when `options` is not an object, or `timingOnly` not a boolean.
   * @throws {@link ArgumentValueError} for a `hostMemoryBytes` that is not a non-negative integer, a
   *   `tieBreakSeed` that is not an integer, or a negative `record`.
   */
  constructor(options: PlatformOptions = {}) {
    checkOptions(options);
    this.sim = new Simulator({
      ...(options.tieBreakSeed !== undefined ? { tieBreakSeed: options.tieBreakSeed } : {}),
      ...(options.record !== undefined ? { record: options.record } : {}),
    });
    this.host = new MemorySpace('host', options.hostMemoryBytes ?? 256 * 2 ** 30, 64, this.sim, 0x10000);
    this.timingOnly = options.timingOnly ?? false;
    this.registry = options.registry ?? defaultRegistry;
  }

  /**
   * The device of a name (`'Ascend:0'`, `'GPU:1'`, `'ascend910b'`, `'h100:2'`), created on first use.
   *
   * @throws {@link DeviceError} for an unknown name, or a family/ordinal already created from another preset.
   */
  device(name: string): Device {
    const { spec, ordinal, factory } = this.registry.resolve(name);
    const key = `${spec.kind}:${ordinal}`;
    const existing = this.devices.get(key);
    if (existing) {
      if (existing.spec.preset !== spec.preset) {
        throw new DeviceError(`${key} already exists as ${existing.spec.preset}; '${name}' asks for ${spec.preset}`);
      }
      return existing;
    }
    const device = factory(spec, ordinal, this);
    this.devices.set(key, device);
    return device;
  }

  /**
   * The device of a name if it was created already (nothing is created).
   *
   * @throws {@link DeviceError} for an unknown name.
   */
  findDevice(name: string): Device | undefined {
    const { spec, ordinal } = this.registry.resolve(name);
    return this.devices.get(`${spec.kind}:${ordinal}`);
  }

  /** The devices created so far. */
  listDevices(): Device[] {
    return [...this.devices.values()];
  }

  /** Allocates host memory; `pinned` (page-locked) memory allows asynchronous copies. */
  allocateHost(bytes: number, options: { pinned?: boolean } = {}): Allocation {
    return this.host.allocate(bytes, options);
  }

  /** Frees host memory. */
  freeHost(allocation: Allocation): void {
    this.host.free(allocation);
  }

  /** @internal a fresh id for a work item */
  nextId(): number {
    return ++this.ids;
  }

  /** @internal every stream of every device */
  allStreams(): Stream[] {
    return [...this.devices.values()].flatMap((d) => [...d.listStreams()]);
  }
}

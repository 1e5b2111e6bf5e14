/**
 * A device model is data: this spec. The few behaviours that differ between device families (the
 * float-status register, the GPU legacy default stream, shared host memory) are switched by its fields
 * and implemented by the device classes in src/devices.
 * @module
 */
import type { DTypeName } from '../../kernels/index.js';

/** How a device reports float overflow. */
export type OverflowMode = 'saturation' | 'ieee';

/** Latencies of the cost model, in ns. */
export interface DeviceLatencies {
  /** Kernel launch: part of every kernel's time on its compute slot. */
  readonly launch: number;
  /** Copy start: part of every copy's time on its copy engine. */
  readonly copy: number;
  /** Event record and stream wait. */
  readonly event: number;
  /** Host synchronisation: added to the host's time after the awaited work finished. */
  readonly sync: number;
}

/** Copy engines per direction. */
export interface CopyEngines {
  /** Host-to-device engines. */
  readonly h2d: number;
  /** Device-to-host engines. */
  readonly d2h: number;
  /** Device-to-device engines. */
  readonly d2d: number;
}

/** Peak FLOP/s per dtype. */
export type PeakRates = Readonly<Partial<Record<DTypeName, number>>> & {
  /** The rate for dtypes without their own entry. */
  readonly default: number;
};

/** A kernel's own fitted figures (see {@link FittedCosts}). */
export interface FittedKernel {
  /** Its startup in ns (in place of {@link FittedCosts.kernelStartup}). */
  readonly startup: number;
  /** The fraction of {@link DeviceSpec.peakFlops} it reaches. */
  readonly peakFraction: number;
}

/**
 * Figures fitted to a real device's measured timings (scripts/gpu: measure.sh takes them, fit.py fits
 * them). With them a kernel occupies its compute slot for `max(launch, startup + max(flops / (peak ×
 * peakFraction), bytes / memoryBandwidth))`: a stream's launches overlap the work before them, so short
 * kernels cost the launch interval and long ones their startup plus their work; on-device copies have
 * their own latency and bandwidth. Presets without them use the plain roofline ({@link kernelTime}).
 */
export interface FittedCosts {
  /** Where the measurements come from (device, software, the file). */
  readonly source: string;
  /** A kernel's startup in ns (its own in `kernels` where it has one). */
  readonly kernelStartup: number;
  /** Kernels with their own startup and peak fraction, by kernel name. */
  readonly kernels: Readonly<Record<string, FittedKernel>>;
  /** Copies within the device: start latency (ns) and bytes copied per second. */
  readonly deviceCopy: {
    /** Start latency in ns. */
    readonly latency: number;
    /** Bytes copied per second. */
    readonly bandwidth: number;
  };
}

/** Everything that describes one device model. */
export interface DeviceSpec {
  /** The preset's name: `ascend910`, `a100`, `cpu`... */
  readonly preset: string;
  /** The device family, as `deviceTarget` names it. */
  readonly kind: 'Ascend' | 'GPU' | 'CPU' | 'Null';
  /** What the figures describe, and their sources. */
  readonly description: string;
  /** Kernels that may run at once (hardware work queues / cores). */
  readonly computeSlots: number;
  /** Copy engines per direction. */
  readonly copyEngines: CopyEngines;
  /** Device memory capacity in bytes. */
  readonly memoryBytes: number;
  /** Device memory bandwidth in bytes/s. */
  readonly memoryBandwidth: number;
  /** Peak arithmetic rate in FLOP/s per dtype; `default` for the others. */
  readonly peakFlops: PeakRates;
  /** Host link bandwidth (H2D and D2H) in bytes/s, effective. */
  readonly hostLinkBandwidth: number;
  /** Device-to-device link bandwidth (peer copies) in bytes/s. */
  readonly deviceLinkBandwidth: number;
  /** Latencies of the cost model. */
  readonly latency: DeviceLatencies;
  /** How overflow shows in data: saturated to the largest finite value, or IEEE inf/NaN. */
  readonly overflowMode: OverflowMode;
  /** Whether kernels' overflow sets a float-status register (Ascend). */
  readonly floatStatusRegister: boolean;
  /** Most events alive at once (Ascend training parts: 65535). */
  readonly maxEvents: number;
  /**
   * What a stream wait waits for: the event's latest record at the time of the wait (`captured`, CUDA;
   * a wait on a never-recorded event does nothing), or its next record if none was issued yet
   * (`pending`, Ascend ACL: a wait can then block forever, which is reported as a deadlock).
   */
  readonly eventWait: 'captured' | 'pending';
  /** Whether the default stream is CUDA's legacy default stream (synchronises with blocking streams). */
  readonly legacyDefaultStream: boolean;
  /** Alignment of device allocations in bytes. */
  readonly allocationAlignment: number;
  /** Alignment async copies need of their device and host addresses (Ascend: 64); 1 for none. */
  readonly copyAlignment: number;
  /** Whether device memory is the host's memory (CPU): copies are memcpy at memory bandwidth. */
  readonly sharesHostMemory: boolean;
  /** Whether kernels' arithmetic runs (false for the null device). */
  readonly computes: boolean;
  /** Cost-model figures fitted to a real device's timings, where measured (the `h200` preset). */
  readonly fitted?: FittedCosts;
}

/** Peak rate for a dtype. */
export function peakRate(spec: DeviceSpec, dtype: DTypeName | undefined): number {
  return (dtype && spec.peakFlops[dtype]) || spec.peakFlops.default;
}

/**
 * Nanoseconds a kernel occupies a compute slot: launch + max(flops / peak, bytes / bandwidth), rounded
 * up to a whole nanosecond (the clock counts whole nanoseconds); with {@link DeviceSpec.fitted} figures,
 * max(launch, startup + max(flops / (peak × its fraction), bytes / bandwidth)) with the kernel's own
 * startup and fraction where it has them (`name`).
 *
 * @example
 * ```ts
 * import { devices, runtime } from 'mindsim';
 * console.log(runtime.kernelTime(devices.h200, 2 * 1024 ** 3, 12 * 1024 ** 2, 'float32', 'MatMul')); // 52121
 * ```
 */
export function kernelTime(spec: DeviceSpec, flops: number, bytes: number, dtype?: DTypeName, name?: string): number {
  const fitted = spec.fitted;
  const own = fitted && name !== undefined && Object.hasOwn(fitted.kernels, name) ? fitted.kernels[name] : undefined;
  const compute = flops > 0 ? (flops / (peakRate(spec, dtype) * (own ? own.peakFraction : 1))) * 1e9 : 0;
  const memory = bytes > 0 ? (bytes / spec.memoryBandwidth) * 1e9 : 0;
  if (!fitted) return Math.ceil(spec.latency.launch + Math.max(compute, memory));
  return Math.ceil(Math.max(spec.latency.launch, (own ? own.startup : fitted.kernelStartup) + Math.max(compute, memory)));
}

/** Nanoseconds a copy occupies its engine: copy latency + bytes / link bandwidth, rounded up. */
export function copyTime(spec: DeviceSpec, bytes: number, bandwidth: number): number {
  return Math.ceil(spec.latency.copy + (bytes / bandwidth) * 1e9);
}

/**
 * Nanoseconds a copy within one device's memory occupies its engine: its fitted latency and rate where
 * the spec has them ({@link FittedCosts.deviceCopy}), else copy latency + bytes / memory bandwidth.
 */
export function deviceCopyTime(spec: DeviceSpec, bytes: number): number {
  const fitted = spec.fitted?.deviceCopy;
  return fitted ? Math.ceil(fitted.latency + (bytes / fitted.bandwidth) * 1e9) : copyTime(spec, bytes, spec.memoryBandwidth);
}

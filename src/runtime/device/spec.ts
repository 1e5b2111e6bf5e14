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
}

/** Peak rate for a dtype. */
export function peakRate(spec: DeviceSpec, dtype: DTypeName | undefined): number {
  return (dtype && spec.peakFlops[dtype]) || spec.peakFlops.default;
}

/**
 * Nanoseconds a kernel occupies a compute slot: launch + max(flops / peak, bytes / bandwidth), rounded
 * up to a whole nanosecond (the clock counts whole nanoseconds).
 */
export function kernelTime(spec: DeviceSpec, flops: number, bytes: number, dtype?: DTypeName): number {
  const compute = flops > 0 ? (flops / peakRate(spec, dtype)) * 1e9 : 0;
  const memory = bytes > 0 ? (bytes / spec.memoryBandwidth) * 1e9 : 0;
  return Math.ceil(spec.latency.launch + Math.max(compute, memory));
}

/** Nanoseconds a copy occupies its engine: copy latency + bytes / link bandwidth, rounded up. */
export function copyTime(spec: DeviceSpec, bytes: number, bandwidth: number): number {
  return Math.ceil(spec.latency.copy + (bytes / bandwidth) * 1e9);
}

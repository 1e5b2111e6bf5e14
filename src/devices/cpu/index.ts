/**
 * The CPU family: the host as a device. Its memory is the host's own (copies are memcpy at memory
 * bandwidth), a kernel occupies one core, and there is no float-status register.
 * Figures: ~30 GB/s memory bandwidth, ~100 GFLOP/s fp32 per core (AVX2/AVX-512 sgemm; OpenBLAS measured
 * 104 GFLOP/s on one core of this workplace's machines). 8 cores, fixed so simulations do not depend on
 * the machine that runs them.
 * @module
 */
import { runtime } from '../kit.js';

/** The host CPU as a device. */
export const cpu: runtime.DeviceSpec = {
  preset: 'cpu',
  kind: 'CPU',
  description: 'the host CPU: 8 cores, ~100 GFLOP/s fp32 per core, ~30 GB/s memory bandwidth, host memory',
  computeSlots: 8,
  copyEngines: { h2d: 1, d2h: 1, d2d: 2 },
  memoryBytes: 256 * 2 ** 30,
  memoryBandwidth: 30e9,
  peakFlops: { float32: 100e9, float64: 50e9, default: 100e9 },
  hostLinkBandwidth: 30e9,
  deviceLinkBandwidth: 30e9,
  latency: { launch: 1000, copy: 1000, event: 200, sync: 1000 },
  overflowMode: 'ieee',
  floatStatusRegister: false,
  maxEvents: Infinity,
  eventWait: 'captured',
  legacyDefaultStream: false,
  allocationAlignment: 64,
  copyAlignment: 1,
  sharesHostMemory: true,
  computes: true,
};

/** Registers the family. */
export function registerCpu(registry: runtime.DeviceRegistry): void {
  registry.registerFamily('CPU', (spec, ordinal, host) => new runtime.Device(spec, ordinal, host), [cpu]);
}

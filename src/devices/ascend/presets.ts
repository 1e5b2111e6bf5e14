/**
 * Ascend presets. Figures are public vendor numbers, rounded (see the shared spec's devices.md).
 * @module
 */
import type { runtime } from '../kit.js';

const GiB = 2 ** 30;

/**
 * Ascend 910 (Atlas 800 training server): 32 AI cores, 32 GiB HBM2 at 1.2 TB/s, 256 TFLOPS fp16,
 * fp32 treated as half of that; PCIe 4.0 x16 (~25 GB/s effective); HCCS 3 × 30 GB/s.
 * Sources: Huawei Ascend 910 product brief and Atlas 800 (model 9000) datasheet.
 * Overflow: saturation only (inf → ±max, NaN → 0), recorded in the float-status register.
 */
export const ascend910: runtime.DeviceSpec = {
  preset: 'ascend910',
  kind: 'Ascend',
  description: 'Ascend 910 (Atlas 800 training): 32 AI cores, 32 GiB HBM2, saturation overflow mode',
  computeSlots: 32,
  copyEngines: { h2d: 1, d2h: 1, d2d: 1 },
  memoryBytes: 32 * GiB,
  memoryBandwidth: 1.2e12,
  peakFlops: { float16: 256e12, float32: 128e12, default: 128e12 },
  hostLinkBandwidth: 25e9,
  deviceLinkBandwidth: 90e9,
  latency: { launch: 7000, copy: 10000, event: 1000, sync: 5000 },
  overflowMode: 'saturation',
  floatStatusRegister: true,
  maxEvents: 65535,
  eventWait: 'pending',
  legacyDefaultStream: false,
  allocationAlignment: 512,
  copyAlignment: 64,
  sharesHostMemory: false,
  computes: true,
};

/**
 * Ascend 910B (Atlas A2 class): 24 AI cores, 64 GiB HBM2e at 1.6 TB/s, ~313 TFLOPS fp16/bf16, ~157 fp32;
 * PCIe 5.0 x16 (~50 GB/s effective); HCCS 7 × 56 GB/s.
 * Sources: Huawei Atlas 800T A2 datasheet; public 910B benchmarks for the rates.
 * Overflow: INF/NaN (IEEE) by default; the float-status register is still set.
 */
export const ascend910b: runtime.DeviceSpec = {
  ...ascend910,
  preset: 'ascend910b',
  description: 'Ascend 910B (Atlas A2 class): 24 AI cores, 64 GiB HBM2e, INF/NaN overflow mode',
  computeSlots: 24,
  memoryBytes: 64 * GiB,
  memoryBandwidth: 1.6e12,
  peakFlops: { float16: 313e12, bfloat16: 313e12, float32: 157e12, default: 157e12 },
  hostLinkBandwidth: 50e9,
  deviceLinkBandwidth: 392e9,
  overflowMode: 'ieee',
};

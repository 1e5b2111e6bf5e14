/**
 * NVIDIA GPU presets. Figures are public spec-sheet numbers (dense rates), rounded.
 * computeSlots is the number of kernels that may run at once (128 concurrent kernels from Volta on).
 * @module
 */
import type { runtime } from '../kit.js';

const GiB = 2 ** 30;

/** V100 SXM2 32 GB: 80 SMs, 900 GB/s HBM2, 125 TFLOPS fp16 (tensor), 15.7 fp32; PCIe 3.0 x16 (~12 GB/s); NVLink 300 GB/s. Source: NVIDIA V100 datasheet. */
export const v100: runtime.DeviceSpec = {
  preset: 'v100',
  kind: 'GPU',
  description: 'NVIDIA V100 SXM2 32 GB: 80 SMs, 900 GB/s HBM2',
  computeSlots: 128,
  copyEngines: { h2d: 1, d2h: 1, d2d: 1 },
  memoryBytes: 32 * GiB,
  memoryBandwidth: 900e9,
  peakFlops: { float16: 125e12, float32: 15.7e12, float64: 7.8e12, default: 15.7e12 },
  hostLinkBandwidth: 12e9,
  deviceLinkBandwidth: 300e9,
  latency: { launch: 4000, copy: 10000, event: 1000, sync: 5000 },
  overflowMode: 'ieee',
  floatStatusRegister: false,
  maxEvents: Infinity,
  eventWait: 'captured',
  legacyDefaultStream: true,
  allocationAlignment: 256,
  copyAlignment: 1,
  sharesHostMemory: false,
  computes: true,
};

/** A100 SXM4 80 GB: 108 SMs, 2.0 TB/s HBM2e, 312 TFLOPS fp16/bf16, 19.5 fp32; PCIe 4.0 x16 (~25 GB/s); NVLink 600 GB/s. Source: NVIDIA A100 datasheet. */
export const a100: runtime.DeviceSpec = {
  ...v100,
  preset: 'a100',
  description: 'NVIDIA A100 SXM4 80 GB: 108 SMs, 2.0 TB/s HBM2e',
  memoryBytes: 80 * GiB,
  memoryBandwidth: 2.0e12,
  peakFlops: { float16: 312e12, bfloat16: 312e12, float32: 19.5e12, float64: 9.7e12, default: 19.5e12 },
  hostLinkBandwidth: 25e9,
  deviceLinkBandwidth: 600e9,
};

/** H100 SXM 80 GB: 132 SMs, 3.35 TB/s HBM3, 989 TFLOPS fp16/bf16, 67 fp32; PCIe 5.0 x16 (~50 GB/s); NVLink 900 GB/s. Source: NVIDIA H100 datasheet. */
export const h100: runtime.DeviceSpec = {
  ...v100,
  preset: 'h100',
  description: 'NVIDIA H100 SXM 80 GB: 132 SMs, 3.35 TB/s HBM3',
  memoryBytes: 80 * GiB,
  memoryBandwidth: 3.35e12,
  peakFlops: { float16: 989e12, bfloat16: 989e12, float32: 67e12, float64: 34e12, default: 67e12 },
  hostLinkBandwidth: 50e9,
  deviceLinkBandwidth: 900e9,
};

/**
 * H200 SXM 141 GB: 132 SMs, 4.8 TB/s HBM3e, the H100's arithmetic (989 TFLOPS fp16/bf16 dense, 67 fp32);
 * PCIe 5.0 x16; NVLink 900 GB/s. Source: NVIDIA H200 datasheet. Unlike the other presets its cost model is
 * fitted to one H200's measured timings (CUDA 13.0, driver 580, cuBLAS SGEMM, cuDNN through PyTorch 2.11;
 * scripts/gpu/measurements/h200-*.json, fit.py): the memory bandwidth an elementwise kernel reaches
 * (3.4 TB/s), the launch interval, startups, the host link as pinned copies see it (54.7 GB/s) and SGEMM's
 * and cuDNN convolution's fractions of the fp32 peak. Simulated times land within 20 % of 30 of the 32
 * measured points (test/devices/gpu-calibration.test.ts; the two others are in docs/streams-events-and-float-status.md).
 */
export const h200: runtime.DeviceSpec = {
  ...v100,
  preset: 'h200',
  description: 'NVIDIA H200 SXM 141 GB: 132 SMs, 4.8 TB/s HBM3e (cost model fitted to measured timings)',
  memoryBytes: 143771 * 2 ** 20, // as nvidia-smi reports it
  memoryBandwidth: 3.4e12,
  peakFlops: { float16: 989e12, bfloat16: 989e12, float32: 67e12, float64: 34e12, default: 67e12 },
  hostLinkBandwidth: 54.7e9,
  deviceLinkBandwidth: 900e9,
  latency: { launch: 3620, copy: 2130, event: 1000, sync: 5000 },
  fitted: {
    source: 'one NVIDIA H200 (CUDA 13.0, driver 580.159, cuBLAS, cuDNN via PyTorch 2.11): scripts/gpu/measurements/h200-*.json',
    kernelStartup: 1770,
    kernels: {
      MatMul: { startup: 9930, peakFraction: 50.9e12 / 67e12 },
      BatchMatMul: { startup: 9930, peakFraction: 50.9e12 / 67e12 },
      Conv2D: { startup: 24400, peakFraction: 31.2e12 / 67e12 },
    },
    deviceCopy: { latency: 3640, bandwidth: 2.43e12 },
  },
};

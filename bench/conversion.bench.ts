/**
 * float32 → float16 / bfloat16 bulk conversion throughput, against a plain per-element baseline
 * (the generic float64 rounding path called once per element) in the same run, on two data sets:
 * standard-normal values (weights, activations: all in float16's normal range) and mixed magnitudes
 * 2^-20..2^20 (a quarter of them subnormal in float16 or overflowing).
 * For scale, numpy 2.4's astype(float16) on this machine: 605 M elements/s on the standard-normal set,
 * 55 M elements/s on the mixed set (measured with the same data; numpy is not run here).
 */
import { kernels } from '../src/index.js';
import { type GroupResult, runGroup } from './harness.js';

const N = 1 << 20;

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s;
  };
}

/** Mixed magnitudes 2^-20..2^20 with random signs. */
function mixedInputs(): Float32Array {
  const a = new Float32Array(N);
  const next = lcg(12345);
  for (let i = 0; i < N; i++) {
    const s = next();
    a[i] = ((s / 2 ** 32) * 2 - 1) * 2 ** ((s % 40) - 20);
  }
  return a;
}

/** Standard-normal values (Box–Muller). */
function normalInputs(): Float32Array {
  const a = new Float32Array(N);
  const next = lcg(777);
  for (let i = 0; i < N; i++) {
    const u = (next() + 1) / 2 ** 32;
    const v = next() / 2 ** 32;
    a[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return a;
}

export function conversionBenchmarks(): GroupResult[] {
  const src = normalInputs();
  const mixed = mixedInputs();
  const out = new Uint16Array(N);
  const f32 = new Float32Array(N);
  kernels.float32ToFloat16(src, out);
  const halfs = out.slice();
  return [
    runGroup(`float32 → float16, ${N} standard-normal elements`, 'elements', [
      {
        name: 'baseline: numberToFloat16Bits per element',
        units: N,
        fn: () => {
          for (let i = 0; i < N; i++) out[i] = kernels.numberToFloat16Bits(src[i]!);
        },
      },
      { name: 'float32ToFloat16 (IEEE)', units: N, fn: () => kernels.float32ToFloat16(src, out) },
      { name: 'float32ToFloat16Saturating', units: N, fn: () => kernels.float32ToFloat16Saturating(src, out) },
    ]),
    runGroup(`float32 → float16, ${N} mixed-magnitude elements`, 'elements', [
      {
        name: 'baseline: numberToFloat16Bits per element',
        units: N,
        fn: () => {
          for (let i = 0; i < N; i++) out[i] = kernels.numberToFloat16Bits(mixed[i]!);
        },
      },
      { name: 'float32ToFloat16 (IEEE)', units: N, fn: () => kernels.float32ToFloat16(mixed, out) },
      { name: 'float32ToFloat16Saturating', units: N, fn: () => kernels.float32ToFloat16Saturating(mixed, out) },
    ]),
    runGroup(`float32 → bfloat16, ${N} standard-normal elements`, 'elements', [
      {
        name: 'baseline: numberToBFloat16Bits per element',
        units: N,
        fn: () => {
          for (let i = 0; i < N; i++) out[i] = kernels.numberToBFloat16Bits(src[i]!);
        },
      },
      { name: 'float32ToBFloat16 (IEEE)', units: N, fn: () => kernels.float32ToBFloat16(src, out) },
      { name: 'float32ToBFloat16Saturating', units: N, fn: () => kernels.float32ToBFloat16Saturating(src, out) },
    ]),
    runGroup(`float16 → float32, ${N} elements`, 'elements', [
      {
        name: 'baseline: float16BitsToNumber per element',
        units: N,
        fn: () => {
          for (let i = 0; i < N; i++) f32[i] = kernels.float16BitsToNumber(halfs[i]!);
        },
      },
      { name: 'float16ToFloat32 (table)', units: N, fn: () => kernels.float16ToFloat32(halfs, f32) },
    ]),
  ];
}

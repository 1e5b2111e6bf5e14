/**
 * Kernel throughput against naive loops in the same run:
 * - MatMul float32 512×512×512 (GFLOP/s) vs a naive triple loop;
 * - Conv2D float32 [8, 64, 56, 56] × 64 3×3 'same' (GFLOP/s) vs a naive nested loop (on one image);
 * - Add of 16M float32 (GB/s moved: two reads and a write) vs a plain loop;
 * - Cast float32 → float16 of 16M elements (M elements/s) vs per-element conversion.
 * For scale on this machine: TensorFlow.js's CPU backend does 0.93 GFLOP/s on the matmul and 1.0 on
 * the convolution; OpenBLAS on one core 104 GFLOP/s.
 */
import { kernels } from '../src/index.js';
import { type GroupResult, runGroup } from './harness.js';

const { DTYPES, ktensor } = kernels;

function random(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}

export function kernelBenchmarks(): GroupResult[] {
  const n = 512;
  const A = ktensor(DTYPES.float32, [n, n], random(n * n, 1));
  const B = ktensor(DTYPES.float32, [n, n], random(n * n, 2));
  const C = ktensor(DTYPES.float32, [n, n]);
  const a = A.data as Float32Array;
  const b = B.data as Float32Array;
  const c = C.data as Float32Array;
  const mmFlops = 2 * n * n * n;

  const x = ktensor(DTYPES.float32, [8, 64, 56, 56], random(8 * 64 * 56 * 56, 3));
  const w = ktensor(DTYPES.float32, [64, 64, 3, 3], random(64 * 64 * 9, 4));
  const y = ktensor(DTYPES.float32, [8, 64, 56, 56]);
  const convFlops = 2 * 8 * 64 * 56 * 56 * 64 * 9;
  const xs = x.data as Float32Array;
  const wsd = w.data as Float32Array;
  const ys = y.data as Float32Array;

  const M = 1 << 24;
  const p = ktensor(DTYPES.float32, [M], random(M, 5));
  const q = ktensor(DTYPES.float32, [M], random(M, 6));
  const r = ktensor(DTYPES.float32, [M]);
  const h = ktensor(DTYPES.float16, [M]);
  const pd = p.data as Float32Array;
  const qd = q.data as Float32Array;
  const rd = r.data as Float32Array;
  const hd = h.data as Uint16Array;

  return [
    runGroup('MatMul float32 512×512×512', 'FLOP', [
      {
        name: 'baseline: naive triple loop',
        units: mmFlops,
        fn: () => {
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
            let acc = 0;
            for (let k = 0; k < n; k++) acc += a[i * n + k]! * b[k * n + j]!;
            c[i * n + j] = acc;
          }
        },
      },
      { name: 'kernels.MatMul', units: mmFlops, fn: () => kernels.MatMul.compute([A, B], {}, { out: C }) },
    ]),
    runGroup('Conv2D float32 [8, 64, 56, 56] × 64 3×3 same', 'FLOP', [
      {
        name: 'baseline: naive nested loops (one image)',
        units: convFlops / 8,
        fn: () => {
          for (let o = 0; o < 64; o++) for (let oh = 0; oh < 56; oh++) for (let ow = 0; ow < 56; ow++) {
            let acc = 0;
            for (let ci = 0; ci < 64; ci++) for (let kh = 0; kh < 3; kh++) for (let kw = 0; kw < 3; kw++) {
              const ih = oh + kh - 1;
              const iw = ow + kw - 1;
              if (ih < 0 || ih >= 56 || iw < 0 || iw >= 56) continue;
              acc = Math.fround(acc + wsd[((o * 64 + ci) * 3 + kh) * 3 + kw]! * xs[(ci * 56 + ih) * 56 + iw]!);
            }
            ys[(o * 56 + oh) * 56 + ow] = acc;
          }
        },
      },
      { name: 'kernels.Conv2D', units: convFlops, fn: () => kernels.Conv2D.compute([x, w], { padMode: 'same' }, { out: y }) },
    ]),
    runGroup('Add, 16M float32 (bytes moved)', 'B', [
      {
        name: 'baseline: plain loop',
        units: 12 * M,
        fn: () => {
          for (let i = 0; i < M; i++) rd[i] = pd[i]! + qd[i]!;
        },
      },
      { name: 'kernels.ELEMENTWISE.Add', units: 12 * M, fn: () => kernels.ELEMENTWISE.Add!.compute([p, q], {}, { out: r }) },
    ]),
    runGroup('Cast float32 → float16, 16M elements', 'elements', [
      {
        name: 'baseline: numberToFloat16Bits per element',
        units: M,
        fn: () => {
          for (let i = 0; i < M; i++) hd[i] = kernels.numberToFloat16Bits(pd[i]!);
        },
      },
      { name: 'kernels.Cast', units: M, fn: () => kernels.Cast.compute([p], { dtype: 'float16' }, { out: h }) },
    ]),
  ];
}

/**
 * Kernel throughput against peers and limits measured in the same run (peers.ts):
 * - MatMul float32 1024³ (GFLOP/s): single-thread OpenBLAS (the limit, baseline), TensorFlow.js's
 *   WebAssembly backend (the peer), mindsim's WebAssembly SIMD kernel with a multiply then an add and
 *   with relaxed SIMD's fused multiply-add (the same bits; Node 22+, or Node 20 with the flag run.ts sets),
 *   and the float64 SIMD peak those results allow (simd-peak.ts);
 * - MatMul float32 512³: a naive triple loop (baseline), TensorFlow.js's CPU backend, mindsim's
 *   JavaScript loop (SIMD off) and its SIMD kernel;
 * - Conv2D float32 [8, 64, 56, 56] × 64 3×3 'same': numpy im2col + single-thread OpenBLAS (the limit),
 *   TensorFlow.js's WebAssembly backend (NHWC, its native layout), TensorFlow.js's CPU backend and a
 *   naive nested loop on one image, mindsim (unfused and fused), and the peak of float64 SIMD steps each
 *   rounded to float32 as Conv2D's are (simd-peak.ts);
 * - Add of 16M float32 (GB/s moved: two reads and a write) vs a plain loop;
 * - Cast float32 → float16 of 16M elements (M elements/s) vs per-element conversion;
 * - the same Cast through the whole stack (cast-stack.ts) on each target, plainly and in `tidy` (the way a
 *   loop frees its device memory), against its bare kernel (writing into one warm array, and into a new
 *   array each call: the fresh pages a result array of its own costs, which asnumpy cannot avoid); then
 *   again in a child process whose allocator asks for transparent huge pages, where Linux and glibc can.
 */
import { kernels } from '../src/index.js';
import { castStackGroup, castStackWithHugePages } from './cast-stack.js';
import { type Case, type GroupResult, type Measured, random, runGroup } from './harness.js';
import { fromSeconds, numpyTimings, tf, tfjsCase, tfjsReady, useBackend } from './peers.js';
import { f64x2Peak } from './simd-peak.js';

const { DTYPES, ktensor } = kernels;

const NUMPY = `
import json, time, numpy as np
from numpy.lib.stride_tricks import sliding_window_view
rng = np.random.default_rng(0)
a = rng.random((1024, 1024), dtype=np.float32) - 0.5
b = rng.random((1024, 1024), dtype=np.float32) - 0.5
x = rng.random((8, 64, 56, 56), dtype=np.float32) - 0.5
w = rng.random((64, 64, 3, 3), dtype=np.float32) - 0.5
def conv():
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    cols = sliding_window_view(xp, (3, 3), axis=(2, 3)).transpose(0, 2, 3, 1, 4, 5).reshape(8 * 56 * 56, 64 * 9)
    return (cols @ w.reshape(64, 576).T).reshape(8, 56, 56, 64).transpose(0, 3, 1, 2).copy()
def series(f, n):
    f()
    out = []
    for _ in range(n):
        t = time.perf_counter(); f(); out.append(time.perf_counter() - t)
    return out
print(json.dumps({'matmul': series(lambda: a @ b, 20), 'conv': series(conv, 10)}))
`;

/** The numpy rows (OpenBLAS on one thread), or none where python3 with numpy is missing. */
function openBlas(name: string, timings: ReturnType<typeof numpyTimings>, key: string, units: number): Measured[] {
  const series = timings?.find((t) => t.name === key);
  return series ? [{ name, ...fromSeconds(series.seconds, units) }] : [];
}

export async function kernelBenchmarks(): Promise<GroupResult[]> {
  await tfjsReady();
  const numpy = numpyTimings(NUMPY);
  const big = 1024;
  const bigFlops = 2 * big ** 3;
  const A1 = ktensor(DTYPES.float32, [big, big], random(big * big, 7));
  const B1 = ktensor(DTYPES.float32, [big, big], random(big * big, 8));
  const C1 = ktensor(DTYPES.float32, [big, big]);
  const tfTensors = (backend: 'cpu' | 'wasm', make: () => tf.Tensor[]): tf.Tensor[] => {
    useBackend(backend);
    return make();
  };
  const [wa, wb] = tfTensors('wasm', () => [tf.tensor2d(A1.data as Float32Array, [big, big]), tf.tensor2d(B1.data as Float32Array, [big, big])]);
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

  const [ca, cb] = tfTensors('cpu', () => [tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])]);
  const nhwc = (v: Float32Array, s: number[]) => tf.transpose(tf.tensor4d(v, s as [number, number, number, number]), [0, 2, 3, 1]);
  const [wx, ww] = tfTensors('wasm', () => [nhwc(xs, [8, 64, 56, 56]), tf.transpose(tf.tensor4d(wsd, [64, 64, 3, 3]), [2, 3, 1, 0])]);
  const [cx, cw] = tfTensors('cpu', () => [nhwc(xs.subarray(0, 64 * 56 * 56), [1, 64, 56, 56]), tf.transpose(tf.tensor4d(wsd, [64, 64, 3, 3]), [2, 3, 1, 0])]);
  /** `fn` with a kernel switch (setMatMulSimd, setRelaxedSimd) off. */
  const switchedOff = (set: (on: boolean) => boolean, fn: () => void): Case['fn'] => () => {
    const previous = set(false);
    try {
      fn();
    } finally {
      set(previous);
    }
  };
  const unfused = (fn: () => void) => switchedOff(kernels.setRelaxedSimd, fn);
  const simdOff = (fn: () => void) => switchedOff(kernels.setMatMulSimd, fn);
  const fusedLabel = kernels.relaxedSimdAvailable() ? 'fused multiply-add' : 'no relaxed SIMD here: multiply, add';

  return [
    runGroup('MatMul float32 1024×1024×1024', 'FLOP', [
      ...openBlas('limit: numpy + OpenBLAS, 1 thread', numpy, 'matmul', bigFlops),
      tfjsCase('tfjs-wasm (XNNPACK SIMD, 1 thread)', 'wasm', bigFlops, () => tf.matMul(wa!, wb!)),
      f64x2Peak('limit: float64 SIMD peak (12 multiply-add chains, no memory)'),
      { name: 'kernels.MatMul (WebAssembly SIMD, multiply then add)', units: bigFlops, fn: unfused(() => kernels.MatMul.compute([A1, B1], {}, { out: C1 })) },
      { name: `kernels.MatMul (WebAssembly SIMD, ${fusedLabel})`, units: bigFlops, fn: () => kernels.MatMul.compute([A1, B1], {}, { out: C1 }) },
    ], 'tfjs-wasm (XNNPACK SIMD, 1 thread)'),
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
      tfjsCase('tfjs-cpu', 'cpu', mmFlops, () => tf.matMul(ca!, cb!)),
      { name: 'kernels.MatMul (JavaScript, SIMD off)', units: mmFlops, fn: simdOff(() => kernels.MatMul.compute([A, B], {}, { out: C })) },
      { name: 'kernels.MatMul (WebAssembly SIMD)', units: mmFlops, fn: () => kernels.MatMul.compute([A, B], {}, { out: C }) },
    ], 'tfjs-cpu'),
    runGroup('Conv2D float32 [8, 64, 56, 56] × 64 3×3 same', 'FLOP', [
      ...openBlas('limit: numpy im2col + OpenBLAS, 1 thread', numpy, 'conv', convFlops),
      tfjsCase('tfjs-wasm (XNNPACK SIMD, 1 thread)', 'wasm', convFlops, () => tf.conv2d(wx as tf.Tensor4D, ww as tf.Tensor4D, 1, 'same')),
      f64x2Peak('limit: float32-stepped SIMD peak (12 chains, no memory)', true),
      tfjsCase('tfjs-cpu (one image)', 'cpu', convFlops / 8, () => tf.conv2d(cx as tf.Tensor4D, cw as tf.Tensor4D, 1, 'same')),
      {
        name: 'naive nested loops (one image)',
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
      { name: 'kernels.Conv2D (SIMD, multiply then add)', units: convFlops, fn: unfused(() => kernels.Conv2D.compute([x, w], { padMode: 'same' }, { out: y })) },
      { name: `kernels.Conv2D (SIMD, ${fusedLabel})`, units: convFlops, fn: () => kernels.Conv2D.compute([x, w], { padMode: 'same' }, { out: y }) },
    ], 'tfjs-wasm (XNNPACK SIMD, 1 thread)'),
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
    castStackGroup('Cast float32 → float16, 16M elements, whole stack (op + asnumpy)'),
    ...castStackWithHugePages(),
  ];
}

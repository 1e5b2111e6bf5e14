/**
 * The layers ResNet-style networks port (issue 15): MaxPool 3×3 stride 2 'same' and training-mode
 * BatchNorm on [8, 64, 56, 56] float32 (a ResNet stem's sizes), forward and backward, in elements of x
 * per second. In the same run: a naive loop computing the same result (the baseline; the setup checks
 * that it equals the kernel's bit for bit, so the two do the same work) and, where TensorFlow.js's CPU
 * backend has the same kernel, that (NHWC, its layout: MaxPool, MaxPoolGrad, FusedBatchNorm with the
 * batch's moments).
 */
import { kernels } from '../src/index.js';
import { type GroupResult, random, runGroup } from './harness.js';
import { tf, tfjsCase, tfjsReady, useBackend } from './peers.js';

const { DTYPES, ktensor } = kernels;
const [N, C, H, W] = [8, 64, 56, 56];
const ELEMENTS = N * C * H * W;
const POOL = { kernelSize: [3, 3], strides: [2, 2], padMode: 'SAME' } as const;
const BN = { isTraining: true, epsilon: 1e-5 };

/** Throws unless the two arrays hold the same float32 values (the naive loop must do the kernel's work). */
function same(what: string, a: ArrayLike<number | bigint>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} values vs ${b.length}`);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}: value ${i} is ${a[i]} in the kernel and ${b[i]} in the naive loop`);
}

/** Output size and top padding of 3×3 stride-2 'same' pooling (r1.5's GetPadding). */
const OH = Math.ceil(H / 2), OW = Math.ceil(W / 2);
const PT = Math.floor(Math.max(0, (OH - 1) * 2 + 3 - H) / 2), PL = Math.floor(Math.max(0, (OW - 1) * 2 + 3 - W) / 2);

/** MaxPool as nested loops: every tap of every window, bounds checked tap by tap. */
function naiveMaxPool(x: Float32Array, y: Float32Array): void {
  for (let p = 0; p < N * C; p++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        let m = -Infinity;
        for (let kh = 0; kh < 3; kh++) {
          for (let kw = 0; kw < 3; kw++) {
            const ih = oh * 2 - PT + kh, iw = ow * 2 - PL + kw;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
            const v = x[(p * H + ih) * W + iw]!;
            if (v > m) m = v;
          }
        }
        y[(p * OH + oh) * OW + ow] = m;
      }
    }
  }
}

/** MaxPoolGrad as nested loops: each window's dy to its first largest element, column by column (r1.5's rule). */
function naiveMaxPoolGrad(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  dx.fill(0);
  for (let p = 0; p < N * C; p++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        let best = -1;
        for (let kw = 0; kw < 3; kw++) {
          for (let kh = 0; kh < 3; kh++) {
            const ih = oh * 2 - PT + kh, iw = ow * 2 - PL + kw;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
            const at = (p * H + ih) * W + iw;
            if (best < 0 || x[at]! > x[best]!) best = at;
          }
        }
        dx[best] = dx[best]! + dy[(p * OH + oh) * OW + ow]!;
      }
    }
  }
}

/** Training BatchNorm as loops over n, c, h, w: float64 sums per channel, then y. */
function naiveBatchNorm(x: Float32Array, scale: Float32Array, bias: Float32Array, y: Float32Array, mean: Float32Array, variance: Float32Array): void {
  const inner = H * W, count = N * inner;
  const sums = new Float64Array(C);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let i = 0; i < inner; i++) sums[c] = sums[c]! + x[(n * C + c) * inner + i]!;
  for (let c = 0; c < C; c++) mean[c] = sums[c]! / count;
  sums.fill(0);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < inner; i++) {
        const d = x[(n * C + c) * inner + i]! - mean[c]!;
        sums[c] = sums[c]! + d * d;
      }
    }
  }
  for (let c = 0; c < C; c++) variance[c] = sums[c]! / count;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const inv = 1 / Math.sqrt(variance[c]! + BN.epsilon);
      for (let i = 0; i < inner; i++) {
        const at = (n * C + c) * inner + i;
        y[at] = (x[at]! - mean[c]!) * inv * scale[c]! + bias[c]!;
      }
    }
  }
}

/** BatchNormGrad (training) as loops over n, c, h, w: the two sums per channel, then dx. */
function naiveBatchNormGrad(dy: Float32Array, x: Float32Array, scale: Float32Array, mean: Float32Array, variance: Float32Array, dx: Float32Array, dscale: Float32Array, dbias: Float32Array): void {
  const inner = H * W, count = N * inner;
  const sumDy = new Float64Array(C), sumDyXhat = new Float64Array(C), inv = new Float64Array(C);
  for (let c = 0; c < C; c++) inv[c] = 1 / Math.sqrt(variance[c]! + BN.epsilon);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < inner; i++) {
        const at = (n * C + c) * inner + i;
        sumDy[c] = sumDy[c]! + dy[at]!;
        sumDyXhat[c] = sumDyXhat[c]! + dy[at]! * (x[at]! - mean[c]!) * inv[c]!;
      }
    }
  }
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const k = scale[c]! * inv[c]!;
      for (let i = 0; i < inner; i++) {
        const at = (n * C + c) * inner + i;
        dx[at] = k * (dy[at]! - sumDy[c]! / count - (x[at]! - mean[c]!) * inv[c]! * (sumDyXhat[c]! / count));
      }
    }
  }
  for (let c = 0; c < C; c++) {
    dscale[c] = sumDyXhat[c]!;
    dbias[c] = sumDy[c]!;
  }
}

export async function layerBenchmarks(): Promise<GroupResult[]> {
  await tfjsReady();
  const x = ktensor(DTYPES.float32, [N, C, H, W], random(ELEMENTS, 11));
  const xs = x.data as Float32Array;
  const dyPool = ktensor(DTYPES.float32, [N, C, OH, OW], random(N * C * OH * OW, 12));
  const dyBn = ktensor(DTYPES.float32, [N, C, H, W], random(ELEMENTS, 13));
  const scale = ktensor(DTYPES.float32, [C], random(C, 14).map((v) => 1 + v));
  const bias = ktensor(DTYPES.float32, [C], random(C, 15));
  const zeros = ktensor(DTYPES.float32, [C]);

  // the kernels' results, and the naive loops checked against them
  const pooled = kernels.MaxPool.compute([x], POOL).outputs[0]!;
  const yPool = new Float32Array(N * C * OH * OW);
  naiveMaxPool(xs, yPool);
  same('MaxPool', pooled.data, yPool);
  const poolGrad = () => kernels.MaxPoolGrad.compute([x, pooled, dyPool], POOL).outputs[0]!;
  const dxPool = new Float32Array(ELEMENTS);
  naiveMaxPoolGrad(xs, dyPool.data as Float32Array, dxPool);
  same('MaxPoolGrad', poolGrad().data, dxPool);
  const bn = kernels.BatchNorm.compute([x, scale, bias, zeros, zeros], BN).outputs;
  const yBn = new Float32Array(ELEMENTS), mean = new Float32Array(C), variance = new Float32Array(C);
  naiveBatchNorm(xs, scale.data as Float32Array, bias.data as Float32Array, yBn, mean, variance);
  same('BatchNorm y', bn[0]!.data, yBn);
  same('BatchNorm mean', bn[3]!.data, mean);
  same('BatchNorm variance', bn[4]!.data, variance);
  const bnGrad = () => kernels.BatchNormGrad.compute([dyBn, x, scale, bn[3]!, bn[4]!, zeros], BN).outputs;
  const dxBn = new Float32Array(ELEMENTS), dscale = new Float32Array(C), dbias = new Float32Array(C);
  naiveBatchNormGrad(dyBn.data as Float32Array, xs, scale.data as Float32Array, mean, variance, dxBn, dscale, dbias);
  const g = bnGrad();
  same('BatchNormGrad dx', g[0]!.data, dxBn);
  same('BatchNormGrad dscale', g[1]!.data, dscale);
  same('BatchNormGrad dbias', g[2]!.data, dbias);

  useBackend('cpu');
  const nhwc = (v: Float32Array, s: [number, number, number, number]) => tf.transpose(tf.tensor4d(v, s), [0, 2, 3, 1]) as tf.Tensor4D;
  const tx = nhwc(xs, [N, C, H, W]);
  const tdy = nhwc(dyPool.data as Float32Array, [N, C, OH, OW]);
  const ty = tf.maxPool(tx, 3, 2, 'same');
  const tscale = tf.tensor1d(scale.data as Float32Array);
  const tbias = tf.tensor1d(bias.data as Float32Array);
  const pool = { filterSize: 3, strides: 2, pad: 'same' };
  const nt = ELEMENTS;
  const TF_POOL = 'tfjs-cpu, MaxPool (NHWC)';
  const TF_POOL_GRAD = 'tfjs-cpu, MaxPoolGrad (NHWC)';
  const TF_BN = 'tfjs-cpu, moments + FusedBatchNorm (NHWC)';
  return [
    runGroup(`MaxPool 3×3 stride 2 same, float32 [${N}, ${C}, ${H}, ${W}] (elements of x)`, 'elements', [
      { name: 'baseline: naive nested loops', units: nt, fn: () => naiveMaxPool(xs, yPool) },
      tfjsCase(TF_POOL, 'cpu', nt, () => tf.maxPool(tx, 3, 2, 'same')),
      { name: 'kernels.MaxPool', units: nt, fn: () => void kernels.MaxPool.compute([x], POOL) },
    ], TF_POOL),
    runGroup(`MaxPoolGrad of the same (elements of x)`, 'elements', [
      { name: 'baseline: naive nested loops', units: nt, fn: () => naiveMaxPoolGrad(xs, dyPool.data as Float32Array, dxPool) },
      tfjsCase(TF_POOL_GRAD, 'cpu', nt, () => tf.engine().runKernel('MaxPoolGrad', { dy: tdy, input: tx, output: ty }, pool) as tf.Tensor),
      { name: 'kernels.MaxPoolGrad', units: nt, fn: () => void poolGrad() },
    ], TF_POOL_GRAD),
    runGroup(`BatchNorm (training: batch statistics), float32 [${N}, ${C}, ${H}, ${W}] (elements of x)`, 'elements', [
      { name: 'baseline: naive loops over n, c, h, w', units: nt, fn: () => naiveBatchNorm(xs, scale.data as Float32Array, bias.data as Float32Array, yBn, mean, variance) },
      tfjsCase(TF_BN, 'cpu', nt, () => {
        const m = tf.moments(tx, [0, 1, 2]);
        const out = tf.batchNorm(tx, m.mean, m.variance, tbias, tscale, BN.epsilon);
        m.mean.dispose();
        m.variance.dispose();
        return out;
      }),
      { name: 'kernels.BatchNorm', units: nt, fn: () => void kernels.BatchNorm.compute([x, scale, bias, zeros, zeros], BN) },
    ], TF_BN),
    runGroup(`BatchNormGrad (training) of the same (elements of x)`, 'elements', [
      { name: 'baseline: naive loops over n, c, h, w', units: nt, fn: () => naiveBatchNormGrad(dyBn.data as Float32Array, xs, scale.data as Float32Array, mean, variance, dxBn, dscale, dbias) },
      { name: 'kernels.BatchNormGrad', units: nt, fn: () => void bnGrad() },
    ]),
  ];
}

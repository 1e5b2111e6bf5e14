/**
 * BatchNorm as MindSpore r1.5's `P.BatchNorm` (NCHW or [N, C]): x float16/float32; scale, bias, mean
 * and variance [C] of one float dtype. Per channel over N·H·W elements (sums in float64, each result
 * rounded once to float32): training uses the batch mean and the biased batch variance; inference the
 * given mean and variance. y = (x − mean) / √(variance + ε) · scale + bias, in x's dtype.
 *
 * Outputs, as r1.5's CPU kernel fills them: y; batch_mean and batch_variance (the moving statistics'
 * slots, zeros in training, the given mean and variance in inference); reserve_space_1/2 (the batch
 * mean and variance in training, the given ones in inference) — what BatchNormGrad reads.
 *
 * The moving statistics' update (`BatchNormMovingUpdate`) is a separate in-place kernel, as Ascend's
 * BNTrainingReduce / BNTrainingUpdate split is: moving = moving · (1 − momentum) + batch · momentum in
 * float32, the variance term scaled by `varianceScale` (1 on CPU, r1.5's MKL-DNN kernel; n / (n − 1) on
 * GPU and Ascend, cuDNN's and TBE's unbiased running variance).
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { finishFloat, floatValues } from '../float-output.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, ktensor, outputFor, type KSignature, type KTensor, type KernelDef } from '../tensor.js';

/** BatchNorm's attributes. */
export interface BatchNormAttrs {
  /** Normalise with the batch's statistics (true) or the given mean and variance (false). */
  readonly isTraining: boolean;
  /** Added to the variance (r1.5: (0, 1]). */
  readonly epsilon: number;
}

const FLOATS = ['float16', 'float32'];

/** How BatchNorm sees an [N, C] or [N, C, H, W] input. */
export interface ChannelGeometry {
  /** The batch size N. */
  readonly n: number;
  /** The channel count C. */
  readonly c: number;
  /** The elements per channel and sample (H·W; 1 for [N, C]). */
  readonly inner: number;
}

/** The channel count and the elements per channel of an [N, C] or [N, C, H, W] input. */
export function channelGeometry(shape: readonly number[]): ChannelGeometry {
  return { n: shape[0]!, c: shape[1]!, inner: sizeOf(shape.slice(2)) };
}

/** Checks x and the four [C] tensors as r1.5's BatchNorm infer does (name: the op, for messages). */
export function checkBatchNormInputs(name: string, inputs: readonly KSignature[], count: number): void {
  if (inputs.length !== count) throw new ShapeError(`For '${name}', the number of inputs must be ${count}, but got ${inputs.length}`);
  const [x, scale] = inputs as [KSignature, KSignature];
  if (!FLOATS.includes(x.dtype.name)) throw new DTypeError(`For '${name}', the 'input_x' should be one of [Float16, Float32], but got ${x.dtype.msName}`);
  if (x.shape.length !== 2 && x.shape.length !== 4) throw new ShapeError(`For '${name}', the 'input_x' must be 2-D [N, C] or 4-D [N, C, H, W], but got ${formatShape(x.shape)}`);
  if (!FLOATS.includes(scale.dtype.name)) throw new DTypeError(`For '${name}', the 'scale' should be one of [Float16, Float32], but got ${scale.dtype.msName}`);
  if (scale.shape.length !== 1) throw new ShapeError(`For '${name}', the 'scale rank' must be equal to 1, but got ${scale.shape.length}`);
  if (scale.shape[0] !== x.shape[1]) throw new ShapeError(`For '${name}', the 'scale shape[0]' must be equal to 'input_x channel' ${x.shape[1]}, but got ${scale.shape[0]}`);
}

function checkParams(name: string, inputs: readonly KSignature[], names: readonly string[]): void {
  const scale = inputs[1]!;
  for (let k = 2; k < inputs.length; k++) {
    const s = inputs[k]!;
    if (s.dtype !== scale.dtype) throw new DTypeError(`For '${name}', the '${names[k]}' must have the same dtype as 'scale' (${scale.dtype.msName}), but got ${s.dtype.msName}`);
    if (s.shape.length !== 1 || s.shape[0] !== scale.shape[0]) throw new ShapeError(`For '${name}', the '${names[k]}' shape must be equal to 'scale' shape ${formatShape(scale.shape)}, but got ${formatShape(s.shape)}`);
  }
}

/** Per-channel mean and biased variance of x (float64 sums, rounded to float32). */
export function batchStatistics(x: ArrayLike<number>, shape: readonly number[]): { mean: Float32Array; variance: Float32Array } {
  const { n, c, inner } = channelGeometry(shape);
  const mean = new Float32Array(c);
  const variance = new Float32Array(c);
  const count = n * inner;
  for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let b = 0; b < n; b++) for (let i = 0, at = (b * c + ch) * inner; i < inner; i++) s += x[at + i]!;
    const m = Math.fround(s / count);
    let q = 0;
    for (let b = 0; b < n; b++) {
      for (let i = 0, at = (b * c + ch) * inner; i < inner; i++) {
        const d = x[at + i]! - m;
        q += d * d;
      }
    }
    mean[ch] = m;
    variance[ch] = q / count;
  }
  return { mean, variance };
}

/** The BatchNorm kernel: (x, scale, bias, mean, variance) → (y, batch_mean, batch_variance, reserve_space_1, reserve_space_2). */
export const BatchNorm: KernelDef<BatchNormAttrs> = {
  name: 'BatchNorm',
  infer(inputs) {
    checkBatchNormInputs('BatchNorm', inputs, 5);
    checkParams('BatchNorm', inputs, ['input_x', 'scale', 'bias', 'mean', 'variance']);
    const c = [inputs[1]!.shape[0]!];
    const stat = { dtype: DTYPES.float32, shape: c };
    return [{ dtype: inputs[0]!.dtype, shape: [...inputs[0]!.shape] }, stat, { ...stat }, { ...stat }, { ...stat }];
  },
  compute(inputs, attrs, options) {
    const sigs = this.infer(inputs, attrs);
    const [x, scale, bias, mean, variance] = inputs.map(floatValues) as ArrayLike<number>[] as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
    const shape = inputs[0]!.shape;
    const { n, c, inner } = channelGeometry(shape);
    const stats = attrs.isTraining ? batchStatistics(x, shape) : { mean: Float32Array.from(mean), variance: Float32Array.from(variance) };
    const y = new Float32Array(sizeOf(shape));
    for (let ch = 0; ch < c; ch++) {
      const inv = 1 / Math.sqrt(stats.variance[ch]! + attrs.epsilon);
      const m = stats.mean[ch]!;
      for (let b = 0; b < n; b++) {
        for (let i = 0, at = (b * c + ch) * inner; i < inner; i++) y[at + i] = (x[at + i]! - m) * inv * scale[ch]! + bias[ch]!;
      }
    }
    const out = outputFor(sigs[0]!, options, this.name);
    const overflow = finishFloat(y, out, true, options);
    const slot = (v: Float32Array): KTensor => ktensor(DTYPES.float32, [c], v);
    const given = attrs.isTraining ? [new Float32Array(c), new Float32Array(c)] : [stats.mean.slice(), stats.variance.slice()];
    return { outputs: [out, slot(given[0]!), slot(given[1]!), slot(stats.mean), slot(stats.variance)], overflow };
  },
  cost(inputs) {
    const n = sizeOf(inputs[0]!.shape);
    return { flops: 8 * n, bytes: 3 * bytesOf(inputs[0]!) + 4 * bytesOf(inputs[1]!), dtype: DTYPES.float32 };
  },
};

/** The moving-statistics update's attributes. */
export interface BatchNormMovingUpdateAttrs {
  /** The weight of the batch's statistics (r1.5's op momentum, 1 − the layer's momentum). */
  readonly momentum: number;
  /** What the batch variance is multiplied by first: 1 (biased, CPU) or n / (n − 1) (unbiased). */
  readonly varianceScale: number;
}

/** (moving_mean, moving_variance, batch_mean, batch_variance) → new moving mean and variance (written in place). */
export const BatchNormMovingUpdate: KernelDef<BatchNormMovingUpdateAttrs> = {
  name: 'BatchNormMovingUpdate',
  infer(inputs) {
    if (inputs.length !== 4) throw new ShapeError(`For 'BatchNorm', the moving statistics update takes 4 inputs, but got ${inputs.length}`);
    const [mean] = inputs as [KSignature];
    for (const s of inputs) {
      if (s.dtype.name !== 'float32') throw new DTypeError(`For 'BatchNorm', the moving mean and variance must be Float32 to be updated in training, but got ${s.dtype.msName}`);
      if (s.shape.length !== 1 || s.shape[0] !== mean.shape[0]) throw new ShapeError(`For 'BatchNorm', the moving statistics must all have shape ${formatShape(mean.shape)}, but got ${formatShape(s.shape)}`);
    }
    return [{ dtype: DTYPES.float32, shape: [...mean.shape] }, { dtype: DTYPES.float32, shape: [...mean.shape] }];
  },
  compute(inputs, attrs) {
    const [mean, variance, bm, bv] = inputs.map((t) => t.data as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const keep = Math.fround(1 - attrs.momentum);
    const m = Math.fround(attrs.momentum);
    const scale = Math.fround(attrs.varianceScale);
    const newMean = new Float32Array(mean.length);
    const newVar = new Float32Array(mean.length);
    for (let i = 0; i < mean.length; i++) {
      newMean[i] = Math.fround(Math.fround(mean[i]! * keep) + Math.fround(bm[i]! * m));
      newVar[i] = Math.fround(Math.fround(variance[i]! * keep) + Math.fround(Math.fround(bv[i]! * scale) * m));
    }
    return { outputs: [ktensor(DTYPES.float32, inputs[0]!.shape, newMean), ktensor(DTYPES.float32, inputs[0]!.shape, newVar)], overflow: false };
  },
  cost(inputs) {
    return { flops: 5 * sizeOf(inputs[0]!.shape), bytes: 6 * bytesOf(inputs[0]!), dtype: DTYPES.float32 };
  },
};

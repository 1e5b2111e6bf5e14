/**
 * LayerNorm and LayerNormGrad as MindSpore r1.5's CPU kernels (layer_norm_cpu_kernel.cc,
 * layer_norm_grad_cpu_kernel.cc) compute them, in float32 arithmetic (float16 inputs are computed in
 * float32 and rounded once, as the float32 path of those kernels). x is split into blocks of the axes
 * from `beginNormAxis` on; gamma and beta cover the axes from `beginParamsAxis` on.
 *
 * Forward, per block: sum and sum of squares in float32 in index order; mean = sum / n; variance =
 * square_sum / n − mean² (the kernel's one-pass formula); y = (x − mean) / √(variance + ε) (the root in
 * double, rounded to float32) · gamma + beta. Outputs y, mean and variance (mean and variance with x's
 * shape and the normalised axes set to 1, as r1.5's infer).
 *
 * Gradient (r1.5's formulas; ε is an attribute here — r1.5's kernels use a fixed 1e-12 whatever the
 * forward's epsilon, MindSpore 2.x the forward's): dgamma and dbeta summed over the leading axes in index order; dx from the three block sums
 * of the kernel.
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { finishFloat, floatValues } from '../float-output.js';
import { formatShape, sameShape, sizeOf } from '../shape.js';
import { bytesOf, outputFor, type KSignature, type KernelDef } from '../tensor.js';

/** LayerNorm's attributes (axes in [-1, rank), as r1.5 checks them). */
export interface LayerNormAttrs {
  /** The first axis normalised over. */
  readonly beginNormAxis: number;
  /** The first axis gamma and beta cover. */
  readonly beginParamsAxis: number;
  /** Added to the variance. */
  readonly epsilon: number;
}

const FLOATS = ['float16', 'float32'];
const f = Math.fround;

function axisOf(name: string, attr: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -1 || axis >= rank) throw new ShapeError(`For '${name}', the '${attr}' must be in range [-1, ${rank}), but got ${axis}`);
  return axis < 0 ? axis + rank : axis;
}

/** The block and parameter geometry of x under the attributes. */
function geometry(name: string, shape: readonly number[], attrs: Pick<LayerNormAttrs, 'beginNormAxis' | 'beginParamsAxis'>) {
  if (shape.length === 0) throw new ShapeError(`For '${name}', the 'input_x' must have at least one dimension, but got a scalar`);
  const norm = axisOf(name, 'begin_norm_axis', attrs.beginNormAxis, shape.length);
  const params = axisOf(name, 'begin_params_axis', attrs.beginParamsAxis, shape.length);
  return {
    norm,
    params,
    blockNum: sizeOf(shape.slice(0, norm)),
    blockSize: sizeOf(shape.slice(norm)),
    paramNum: sizeOf(shape.slice(params)),
    statShape: shape.map((d, i) => (i >= norm ? 1 : d)),
  };
}

function checkParam(name: string, what: string, x: KSignature, p: KSignature, from: number): void {
  if (!FLOATS.includes(p.dtype.name)) throw new DTypeError(`For '${name}', the '${what}' should be one of [Float16, Float32], but got ${p.dtype.msName}`);
  const want = x.shape.slice(from);
  if (!sameShape(p.shape, want)) {
    throw new ShapeError(`For '${name}', the '${what}' shape must be the input's shape from 'begin_params_axis' on, ${formatShape(want)}, but got ${formatShape(p.shape)}`);
  }
}

/** The LayerNorm kernel: (x, gamma, beta) → (y, mean, variance). */
export const LayerNorm: KernelDef<LayerNormAttrs> = {
  name: 'LayerNorm',
  infer(inputs, attrs) {
    if (inputs.length !== 3) throw new ShapeError(`For 'LayerNorm', the number of inputs must be 3, but got ${inputs.length}`);
    const [x, gamma, beta] = inputs as [KSignature, KSignature, KSignature];
    if (!FLOATS.includes(x.dtype.name)) throw new DTypeError(`For 'LayerNorm', the 'x' should be one of [Float16, Float32], but got ${x.dtype.msName}`);
    const g = geometry('LayerNorm', x.shape, attrs);
    checkParam('LayerNorm', 'gamma', x, gamma, g.params);
    checkParam('LayerNorm', 'beta', x, beta, g.params);
    return [{ dtype: x.dtype, shape: [...x.shape] }, { dtype: x.dtype, shape: g.statShape }, { dtype: x.dtype, shape: [...g.statShape] }];
  },
  compute(inputs, attrs, options) {
    const sigs = this.infer(inputs, attrs);
    const [x, gamma, beta] = inputs.map(floatValues) as ArrayLike<number>[] as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
    const { blockNum, blockSize, paramNum } = geometry('LayerNorm', inputs[0]!.shape, attrs);
    const y = new Float32Array(blockNum * blockSize);
    const mean = new Float32Array(blockNum);
    const variance = new Float32Array(blockNum);
    const n = f(blockSize);
    for (let b = 0; b < blockNum; b++) {
      let sum = 0;
      let squares = 0;
      const from = b * blockSize;
      for (let j = from; j < from + blockSize; j++) {
        sum = f(sum + x[j]!);
        squares = f(squares + f(x[j]! * x[j]!));
      }
      const m = f(sum / n);
      const v = f(f(squares / n) - f(m * m));
      const root = f(Math.sqrt(v + attrs.epsilon));
      for (let j = from; j < from + blockSize; j++) {
        const p = j % paramNum;
        y[j] = f(f(f(f(x[j]! - m) / root) * gamma[p]!) + beta[p]!);
      }
      mean[b] = m;
      variance[b] = v;
    }
    const outs = sigs.map((s, k) => outputFor(s, k === 0 ? options : undefined, this.name));
    const overflow = finishFloat(y, outs[0]!, true, options);
    finishFloat(mean, outs[1]!, true, options);
    finishFloat(variance, outs[2]!, true, options);
    return { outputs: outs, overflow };
  },
  cost(inputs) {
    const n = sizeOf(inputs[0]!.shape);
    return { flops: 8 * n, bytes: 2 * bytesOf(inputs[0]!) + 2 * bytesOf(inputs[1]!), dtype: DTYPES.float32 };
  },
};

/** LayerNormGrad's attributes (ε: r1.5's kernels use a fixed 1e-12, not the forward's epsilon). */
export type LayerNormGradAttrs = LayerNormAttrs;

/** The LayerNormGrad kernel: (x, dy, variance, mean, gamma) → (dx, dgamma, dbeta). */
export const LayerNormGrad: KernelDef<LayerNormGradAttrs> = {
  name: 'LayerNormGrad',
  infer(inputs, attrs) {
    if (inputs.length !== 5) throw new ShapeError(`For 'LayerNormGrad', the number of inputs must be 5, but got ${inputs.length}`);
    const [x, dy, variance, mean, gamma] = inputs as [KSignature, KSignature, KSignature, KSignature, KSignature];
    if (!FLOATS.includes(x.dtype.name)) throw new DTypeError(`For 'LayerNormGrad', the 'x' should be one of [Float16, Float32], but got ${x.dtype.msName}`);
    const g = geometry('LayerNormGrad', x.shape, attrs);
    if (dy.dtype !== x.dtype || formatShape(dy.shape) !== formatShape(x.shape)) throw new ShapeError(`For 'LayerNormGrad', the 'dy' must be x's shape ${formatShape(x.shape)} and dtype, but got ${formatShape(dy.shape)} ${dy.dtype.msName}`);
    for (const [what, s] of [['variance', variance], ['mean', mean]] as const) {
      if (sizeOf(s.shape) !== g.blockNum) throw new ShapeError(`For 'LayerNormGrad', the '${what}' must have ${g.blockNum} elements, but got ${formatShape(s.shape)}`);
    }
    checkParam('LayerNormGrad', 'gamma', x, gamma, g.params);
    return [{ dtype: x.dtype, shape: [...x.shape] }, { dtype: gamma.dtype, shape: [...gamma.shape] }, { dtype: gamma.dtype, shape: [...gamma.shape] }];
  },
  compute(inputs, attrs, options) {
    const sigs = this.infer(inputs, attrs);
    const [x, dy, variance, mean, gamma] = inputs.map(floatValues) as ArrayLike<number>[] as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
    const { blockNum, blockSize, paramNum } = geometry('LayerNormGrad', inputs[0]!.shape, attrs);
    const total = blockNum * blockSize;
    const invRoot = (b: number): number => f(Math.pow(variance[b]! + attrs.epsilon, -0.5));
    const dg = new Float32Array(paramNum);
    const db = new Float32Array(paramNum);
    for (let p = 0; p < paramNum; p++) {
      let sg = 0;
      let sb = 0;
      for (let j = p; j < total; j += paramNum) {
        const b = Math.floor(j / blockSize);
        sg = f(sg + f(f(dy[j]! * invRoot(b)) * f(x[j]! - mean[b]!)));
        sb = f(sb + dy[j]!);
      }
      dg[p] = sg;
      db[p] = sb;
    }
    const dx = new Float32Array(total);
    const n = f(blockSize);
    const invN = f(1 / n);
    for (let b = 0; b < blockNum; b++) {
      const from = b * blockSize;
      const pow15 = f(Math.pow(variance[b]! + attrs.epsilon, -1.5));
      const root = invRoot(b);
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = from; j < from + blockSize; j++) {
        const dxm = f(x[j]! - mean[b]!);
        const dyg = f(dy[j]! * gamma[j % paramNum]!);
        s1 = f(s1 + f(f(f(-0.5 * dyg) * dxm) * pow15));
        s2 = f(s2 + dyg);
        s3 = f(s3 + f(-2 * dxm));
      }
      const tail = f(f(f(f(-1 * root) * s2) + f(f(invN * s1) * s3)) * invN);
      for (let j = from; j < from + blockSize; j++) {
        const dx1 = f(f(dy[j]! * gamma[j % paramNum]!) * root);
        const dx2 = f(f(f(s1 * 2) / n) * f(x[j]! - mean[b]!));
        dx[j] = f(f(dx1 + dx2) + tail);
      }
    }
    const outs = sigs.map((s, k) => outputFor(s, k === 0 ? options : undefined, this.name));
    const overflow = finishFloat(dx, outs[0]!, true, options);
    finishFloat(dg, outs[1]!, true, options);
    finishFloat(db, outs[2]!, true, options);
    return { outputs: outs, overflow };
  },
  cost(inputs) {
    const n = sizeOf(inputs[0]!.shape);
    return { flops: 20 * n, bytes: 3 * bytesOf(inputs[0]!) + 3 * bytesOf(inputs[4]!), dtype: DTYPES.float32 };
  },
};

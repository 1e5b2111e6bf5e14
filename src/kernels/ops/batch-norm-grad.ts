/**
 * BatchNormGrad as r1.5's `G.BatchNormGrad(is_training, epsilon)`: (dy, x, scale, save_mean,
 * save_variance, reserve) → (dx, dscale, dbias). Per channel over its M = N·H·W elements, with
 * x̂ = (x − mean) / √(variance + ε): dbias = Σ dy, dscale = Σ dy · x̂, and
 * dx = scale / √(variance + ε) · (dy − dbias / M − x̂ · dscale / M) in training (the batch statistics
 * depend on x), dx = dy · scale / √(variance + ε) in inference. Sums in float64, rounded once.
 * @module
 */
import { ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { finishFloat, floatValues } from '../float-output.js';
import { formatShape, sameShape, sizeOf } from '../shape.js';
import { bytesOf, ktensor, outputFor, type KernelDef } from '../tensor.js';
import { channelGeometry, checkBatchNormInputs, type BatchNormAttrs } from './batch-norm.js';

/** The BatchNormGrad kernel. */
export const BatchNormGrad: KernelDef<BatchNormAttrs> = {
  name: 'BatchNormGrad',
  infer(inputs) {
    if (inputs.length !== 6) throw new ShapeError(`For 'BatchNormGrad', the number of inputs must be 6, but got ${inputs.length}`);
    const [dy, x, ...rest] = inputs;
    checkBatchNormInputs('BatchNormGrad', [x!, ...rest], 5);
    if (dy!.dtype !== x!.dtype || !sameShape(dy!.shape, x!.shape)) {
      throw new ShapeError(`For 'BatchNormGrad', 'dy' must be ${x!.dtype.msName} ${formatShape(x!.shape)} like 'x', but got ${dy!.dtype.msName} ${formatShape(dy!.shape)}`);
    }
    const c = x!.shape[1]!;
    for (const [k, label] of [[3, 'save_mean'], [4, 'save_variance']] as const) {
      const s = inputs[k]!;
      if (s.shape.length !== 1 || s.shape[0] !== c) throw new ShapeError(`For 'BatchNormGrad', '${label}' must have shape [${c}], but got ${formatShape(s.shape)}`);
    }
    return [{ dtype: x!.dtype, shape: [...x!.shape] }, { dtype: DTYPES.float32, shape: [c] }, { dtype: DTYPES.float32, shape: [c] }];
  },
  compute(inputs, attrs, options) {
    const sigs = this.infer(inputs, attrs);
    const [dy, x, scale, mean, variance] = inputs.map(floatValues) as ArrayLike<number>[] as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
    const { n, c, inner } = channelGeometry(inputs[1]!.shape);
    const count = n * inner;
    const dx = new Float32Array(sizeOf(inputs[1]!.shape));
    const dscale = new Float32Array(c);
    const dbias = new Float32Array(c);
    for (let ch = 0; ch < c; ch++) {
      const inv = 1 / Math.sqrt(variance[ch]! + attrs.epsilon);
      const m = mean[ch]!;
      let sumDy = 0;
      let sumDyXhat = 0;
      for (let b = 0; b < n; b++) {
        for (let i = 0, at = (b * c + ch) * inner; i < inner; i++) {
          sumDy += dy[at + i]!;
          sumDyXhat += dy[at + i]! * (x[at + i]! - m) * inv;
        }
      }
      dbias[ch] = sumDy;
      dscale[ch] = sumDyXhat;
      const k = scale[ch]! * inv;
      for (let b = 0; b < n; b++) {
        for (let i = 0, at = (b * c + ch) * inner; i < inner; i++) {
          dx[at + i] = attrs.isTraining ? k * (dy[at + i]! - sumDy / count - (x[at + i]! - m) * inv * (sumDyXhat / count)) : k * dy[at + i]!;
        }
      }
    }
    const out = outputFor(sigs[0]!, options, this.name);
    const overflow = finishFloat(dx, out, true, options);
    return { outputs: [out, ktensor(DTYPES.float32, [c], dscale), ktensor(DTYPES.float32, [c], dbias)], overflow };
  },
  cost(inputs) {
    return { flops: 12 * sizeOf(inputs[1]!.shape), bytes: 3 * bytesOf(inputs[1]!) + 6 * bytesOf(inputs[2]!), dtype: DTYPES.float32 };
  },
};

/**
 * SparseSoftmaxCrossEntropyWithLogits as MindSpore r1.5's CPU kernel computes it: the softmax p of each
 * row of logits [N, C] (float32), then — forward — the batch mean of −log p[label] (a float32 running
 * total, p at most FLT_MIN clamped to it, divided by N), or — with `isGrad` — the gradient
 * (p − onehot(label)) / N in float32. Labels are int32/int64 class indices; one outside [0, C) fails the
 * kernel (r1.5's "Label value must >= 0" / "Error label input!").
 * @module
 */
import { ArgumentValueError, DTypeError, ShapeError } from '../../errors/index.js';
import { finishFloat, floatValues } from '../float-output.js';
import { formatShape } from '../shape.js';
import { softmaxInto } from './softmax.js';
import { bytesOf, outputFor, type KSignature, type KernelDef } from '../tensor.js';

/** The kernel's attribute. */
export interface SparseSoftmaxCrossEntropyAttrs {
  /** Output the gradient for the logits instead of the loss. */
  readonly isGrad: boolean;
}

const FLT_MIN = 1.1754943508222875e-38;
const f = Math.fround;

function check(inputs: readonly KSignature[]): [KSignature, KSignature] {
  const [logits, labels] = inputs;
  if (!logits || !labels || inputs.length !== 2) throw new ShapeError(`For 'SparseSoftmaxCrossEntropyWithLogits', the number of inputs must be 2, but got ${inputs.length}`);
  if (logits.dtype.name !== 'float16' && logits.dtype.name !== 'float32') throw new DTypeError(`For 'SparseSoftmaxCrossEntropyWithLogits', the 'logits' should be one of [Float16, Float32], but got ${logits.dtype.msName}`);
  if (labels.dtype.name !== 'int32' && labels.dtype.name !== 'int64') throw new DTypeError(`For 'SparseSoftmaxCrossEntropyWithLogits', the 'labels' should be one of [Int32, Int64], but got ${labels.dtype.msName}`);
  if (logits.shape.length !== 2 || labels.shape.length !== 1 || labels.shape[0] !== logits.shape[0]) {
    throw new ShapeError(`For 'SparseSoftmaxCrossEntropyWithLogits', the 'logits_shape[0]' must be equal to 'labels_shape[0]' (logits [N, C], labels [N]), but got ${formatShape(logits.shape)} and ${formatShape(labels.shape)}`);
  }
  return [logits, labels];
}

/** The kernel: (logits, labels) → the mean loss (a 0-d tensor), or the logits' gradient with isGrad. */
export const SparseSoftmaxCrossEntropyWithLogits: KernelDef<SparseSoftmaxCrossEntropyAttrs> = {
  name: 'SparseSoftmaxCrossEntropyWithLogits',
  infer(inputs, attrs) {
    const [logits] = check(inputs);
    return [{ dtype: logits.dtype, shape: attrs.isGrad ? [...logits.shape] : [] }];
  },
  compute(inputs, attrs, options) {
    const sig = this.infer(inputs, attrs)[0]!;
    const [n, c] = inputs[0]!.shape as [number, number];
    const p = new Float32Array(n * c);
    softmaxInto(Float32Array.from(floatValues(inputs[0]!)), [n, c], 1, false, p);
    const labels = inputs[1]!.data;
    const label = (i: number): number => {
      const v = Number(labels[i]!);
      if (v < 0) throw new ArgumentValueError("For 'SparseSoftmaxCrossEntropyWithLogits', Label value must >= 0");
      if (v >= c) throw new ArgumentValueError(`For 'SparseSoftmaxCrossEntropyWithLogits', Error label input! (label ${v}, ${c} classes)`);
      return v;
    };
    const out = outputFor(sig, options, this.name);
    if (attrs.isGrad) {
      const grad = new Float32Array(n * c);
      for (let i = 0; i < n; i++) {
        const l = label(i);
        for (let j = 0; j < c; j++) grad[i * c + j] = f((j === l ? f(p[i * c + j]! - 1) : p[i * c + j]!) / n);
      }
      return { outputs: [out], overflow: finishFloat(grad, out, true, options) };
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
      const q = p[i * c + label(i)]!;
      total = f(total - f(Math.log(q <= 0 ? FLT_MIN : q)));
    }
    return { outputs: [out], overflow: finishFloat(Float32Array.of(f(total / n)), out, true, options) };
  },
  cost: (inputs) => ({ flops: 12 * inputs[0]!.shape.reduce((a, b) => a * b, 1), bytes: 2 * bytesOf(inputs[0]!) + bytesOf(inputs[1]!), dtype: inputs[0]!.dtype }),
};

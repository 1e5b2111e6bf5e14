/**
 * BinaryCrossEntropy and its gradient as MindSpore r1.5's CPU kernels (binary_cross_entropy_cpu_kernel.cc,
 * binary_cross_entropy_grad_kernel.cc) compute them, in float32 arithmetic (float16 computed in float32
 * and rounded once): loss_i = −w_i · (y_i · log(x_i + ε) + (1 − y_i) · log(1 − x_i + ε)) with ε = 1e-12;
 * 'sum' and 'mean' add the losses in the kernel's pairwise order (LaunchToScalar: halving strides, an odd
 * tail folded into the first element), 'mean' then divides by the count. The gradient is
 * w_i · (x_i − y_i) / max(x_i · (1 − x_i), ε) times dloss (divided by the count first for 'mean').
 * The weight is optional: two inputs, or three with the weight.
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { finishFloat, floatValues } from '../float-output.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, outputFor, type KSignature, type KernelDef } from '../tensor.js';

/** BinaryCrossEntropy's attributes. */
export interface BinaryCrossEntropyAttrs {
  /** 'none', 'mean' or 'sum'. */
  readonly reduction: 'none' | 'mean' | 'sum';
}

const FLOATS = ['float16', 'float32'];
const f = Math.fround;
const EPSILON = f(1e-12);

function checkInputs(name: string, inputs: readonly KSignature[], names: readonly string[], min: number): void {
  if (inputs.length < min || inputs.length > min + 1) throw new ShapeError(`For '${name}', the number of inputs must be ${min} or ${min + 1} (with 'weight'), but got ${inputs.length}`);
  const x = inputs[0]!;
  inputs.forEach((s, k) => {
    const what = names[k] ?? 'weight';
    if (!FLOATS.includes(s.dtype.name)) throw new DTypeError(`For '${name}', the '${what}' should be one of [Float16, Float32], but got ${s.dtype.msName}`);
    if (s.dtype !== x.dtype) throw new DTypeError(`For '${name}', the '${what}' must have the same dtype as 'logits' (${x.dtype.msName}), but got ${s.dtype.msName}`);
    const sameShape = k === 2 && name === 'BinaryCrossEntropyGrad' ? true : formatShape(s.shape) === formatShape(x.shape);
    if (!sameShape) throw new ShapeError(`For '${name}', the '${what}' shape must be equal to 'logits' shape ${formatShape(x.shape)}, but got ${formatShape(s.shape)}`);
  });
}

/** r1.5's LaunchToScalar: the pairwise sum of `v` (overwritten), in float32. */
function pairwiseSum(v: Float32Array): number {
  const size = v.length;
  if (size === 0) return 0;
  if (size % 2 === 1) v[0] = f(v[0]! + v[size - 1]!);
  for (let stride = Math.floor(size / 2); stride > 0; stride = Math.floor(stride / 2)) {
    for (let i = 0; i < stride; i++) v[i] = f(v[i]! + v[i + stride]!);
    if (stride > 2 && stride % 2 === 1) v[0] = f(v[0]! + v[stride - 1]!);
  }
  return v[0]!;
}

/** The BinaryCrossEntropy kernel: (logits, labels[, weight]) → loss. */
export const BinaryCrossEntropy: KernelDef<BinaryCrossEntropyAttrs> = {
  name: 'BinaryCrossEntropy',
  infer(inputs, attrs) {
    checkInputs('BinaryCrossEntropy', inputs, ['logits', 'labels'], 2);
    return [{ dtype: inputs[0]!.dtype, shape: attrs.reduction === 'none' ? [...inputs[0]!.shape] : [] }];
  },
  compute(inputs, attrs, options) {
    const sig = this.infer(inputs, attrs)[0]!;
    const [x, y, w] = inputs.map(floatValues) as ArrayLike<number>[] as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number> | undefined];
    const n = x.length;
    const loss = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const inner = f(f(y[i]! * f(Math.log(f(x[i]! + EPSILON)))) + f(f(1 - y[i]!) * f(Math.log(f(f(1 - x[i]!) + EPSILON)))));
      loss[i] = w ? f(-w[i]! * inner) : -inner;
    }
    let values = loss;
    if (attrs.reduction !== 'none') {
      const sum = pairwiseSum(loss);
      values = Float32Array.of(attrs.reduction === 'mean' ? f(sum / n) : sum);
    }
    const out = outputFor(sig, options, this.name);
    return { outputs: [out], overflow: finishFloat(values, out, true, options) };
  },
  cost(inputs) {
    return { flops: 12 * sizeOf(inputs[0]!.shape), bytes: inputs.reduce((s, t) => s + bytesOf(t), 0), dtype: DTYPES.float32 };
  },
};

/** The BinaryCrossEntropyGrad kernel: (logits, labels, dloss[, weight]) → dlogits. */
export const BinaryCrossEntropyGrad: KernelDef<BinaryCrossEntropyAttrs> = {
  name: 'BinaryCrossEntropyGrad',
  infer(inputs, attrs) {
    checkInputs('BinaryCrossEntropyGrad', inputs, ['logits', 'labels', 'grad_output'], 3);
    const d = inputs[2]!;
    const want = attrs.reduction === 'none' ? inputs[0]!.shape : [];
    if (formatShape(d.shape) !== formatShape(want)) throw new ShapeError(`For 'BinaryCrossEntropyGrad', the 'grad_output' shape must be ${formatShape(want)}, but got ${formatShape(d.shape)}`);
    return [{ dtype: inputs[0]!.dtype, shape: [...inputs[0]!.shape] }];
  },
  compute(inputs, attrs, options) {
    const sig = this.infer(inputs, attrs)[0]!;
    const [x, y, d, w] = inputs.map(floatValues) as ArrayLike<number>[] as [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>, ArrayLike<number> | undefined];
    const n = x.length;
    const dx = new Float32Array(n);
    const scalar = attrs.reduction === 'none' ? 0 : attrs.reduction === 'mean' ? f(d[0]! / f(n)) : d[0]!;
    for (let i = 0; i < n; i++) {
      const product = f(x[i]! * f(1 - x[i]!));
      const denominator = product > EPSILON ? product : EPSILON;
      const diff = f(x[i]! - y[i]!);
      const value = w ? f(f(w[i]! * diff) / denominator) : f(diff / denominator);
      dx[i] = value * (attrs.reduction === 'none' ? d[i]! : scalar);
    }
    const out = outputFor(sig, options, this.name);
    return { outputs: [out], overflow: finishFloat(dx, out, true, options) };
  },
  cost(inputs) {
    return { flops: 6 * sizeOf(inputs[0]!.shape), bytes: 4 * bytesOf(inputs[0]!), dtype: DTYPES.float32 };
  },
};

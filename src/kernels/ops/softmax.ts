/**
 * Softmax and LogSoftmax along an axis, and SoftmaxCrossEntropyWithLogits. float16, bfloat16 and
 * float32 compute in float32 (each step rounded), float64 in float64; per slice: m = max, e = exp(x - m),
 * s = Σ e in index order, softmax = e / s, log-softmax = (x - m) - log(s).
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { allFinite, computeDType, finishFloat, floatValues, type FloatValues } from '../float-output.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, ktensor, outputFor, trustedOutput, type KSignature, type KernelDef, type KernelOptions } from '../tensor.js';
import { normaliseAxes } from './reduce.js';

/** The axis of Softmax and LogSoftmax (-1 by default). */
export interface SoftmaxAttrs {
  /** The axis to normalise along. */
  readonly axis?: number;
}

function floatInput(name: string, inputs: readonly KSignature[], count: number): void {
  if (inputs.length !== count) throw new DTypeError(`${name}: expected ${count} input(s), but got ${inputs.length}`);
  for (const s of inputs) if (s.dtype.kind !== 'float') throw new DTypeError(`${name}: ${s.dtype.msName} inputs are not supported (floats only)`);
}

/** Computes softmax or log-softmax of each slice along `axis` into `out` (compute dtype; float32 out: float32 sums). */
export function softmaxInto(x: FloatValues, shape: readonly number[], axis: number, log: boolean, out: FloatValues): void {
  const n = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  const f32 = out instanceof Float32Array;
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      const base = a * n * inner + b;
      let m = -Infinity;
      for (let k = 0; k < n; k++) {
        const v = x[base + k * inner]!;
        if (v > m || v !== v) m = v;
      }
      let s = 0;
      for (let k = 0; k < n; k++) {
        const i = base + k * inner;
        out[i] = Math.exp(x[i]! - m);
        s = f32 ? Math.fround(s + out[i]!) : s + out[i]!;
      }
      const logS = Math.log(s);
      for (let k = 0; k < n; k++) {
        const i = base + k * inner;
        out[i] = log ? x[i]! - m - logS : out[i]! / s;
      }
    }
  }
}

function softmaxKernel(name: string, log: boolean): KernelDef<SoftmaxAttrs> {
  const infer = (inputs: readonly KSignature[], attrs: SoftmaxAttrs): KSignature[] => {
    floatInput(name, inputs, 1);
    normaliseAxes(attrs.axis ?? -1, inputs[0]!.shape.length, name);
    return [{ dtype: inputs[0]!.dtype, shape: [...inputs[0]!.shape] }];
  };
  return {
    name,
    infer,
    compute(inputs, attrs, options?: KernelOptions) {
      const x = inputs[0]!;
      const out = trustedOutput(options) ?? outputFor(infer(inputs, attrs)[0]!, options, name);
      const [axis] = normaliseAxes(attrs.axis ?? -1, x.shape.length, name);
      const values = floatValues(x);
      const tmp = computeDType(x.dtype) === DTYPES.float64 ? new Float64Array(values.length) : new Float32Array(values.length);
      if (x.shape.length > 0) softmaxInto(values, x.shape, axis!, log, tmp);
      const detect = options?.detectOverflow === true || options?.saturate === true;
      return { outputs: [out], overflow: finishFloat(tmp, out, detect && allFinite(values), options) };
    },
    cost(inputs) {
      const n = sizeOf(inputs[0]!.shape);
      return { flops: 15 * n, bytes: 2 * bytesOf(inputs[0]!), dtype: inputs[0]!.dtype };
    },
  };
}

/** Softmax. */
export const Softmax = softmaxKernel('Softmax', false);
/** LogSoftmax. */
export const LogSoftmax = softmaxKernel('LogSoftmax', true);

/**
 * SoftmaxCrossEntropyWithLogits(logits [N, C], labels [N, C]) → (loss [N], dlogits [N, C]):
 * loss = -Σ labels · log_softmax(logits), dlogits = softmax(logits) - labels (MindSpore's two outputs).
 */
export const SoftmaxCrossEntropyWithLogits: KernelDef = {
  name: 'SoftmaxCrossEntropyWithLogits',
  infer(inputs) {
    floatInput('SoftmaxCrossEntropyWithLogits', inputs, 2);
    const [logits, labels] = inputs as [KSignature, KSignature];
    if (logits.shape.length !== 2 || formatShape(logits.shape) !== formatShape(labels.shape)) {
      throw new ShapeError(`SoftmaxCrossEntropyWithLogits: logits and labels must be 2-D of one shape, but got ${formatShape(logits.shape)} and ${formatShape(labels.shape)}`);
    }
    if (logits.dtype !== labels.dtype) {
      // r1.5's check_tensors_dtypes_same_and_valid
      throw new DTypeError(`For 'SoftmaxCrossEntropyWithLogits', type of 'labels' should be same as 'logits', but got 'logits' with type Tensor[${logits.dtype.msName}] and 'labels' with type Tensor[${labels.dtype.msName}].`);
    }
    return [
      { dtype: logits.dtype, shape: [logits.shape[0]!] },
      { dtype: logits.dtype, shape: [...logits.shape] },
    ];
  },
  compute(inputs, attrs, options) {
    const [lossSig, gradSig] = this.infer(inputs, attrs) as [KSignature, KSignature];
    const loss = outputFor(lossSig, options, 'SoftmaxCrossEntropyWithLogits');
    const grad = ktensor(gradSig.dtype, gradSig.shape);
    const logits = inputs[0]!;
    const labels = inputs[1]!;
    const x = floatValues(logits);
    const y = floatValues(labels);
    const wide = computeDType(logits.dtype) === DTYPES.float64;
    const logp = wide ? new Float64Array(x.length) : new Float32Array(x.length);
    softmaxInto(x, logits.shape, 1, true, logp);
    const [n, c] = logits.shape as [number, number];
    const l = wide ? new Float64Array(n) : new Float32Array(n);
    const g = wide ? new Float64Array(x.length) : new Float32Array(x.length);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let k = 0; k < c; k++) {
        const j = i * c + k;
        acc = wide ? acc - y[j]! * logp[j]! : Math.fround(acc - y[j]! * logp[j]!);
        g[j] = Math.exp(logp[j]!) - y[j]!;
      }
      l[i] = acc;
    }
    const detect = options?.detectOverflow === true || options?.saturate === true;
    const finite = detect && allFinite(x) && allFinite(y);
    const o1 = finishFloat(l, loss, finite, options);
    const o2 = finishFloat(g, grad, finite, options);
    return { outputs: [loss, grad], overflow: o1 || o2 };
  },
  cost(inputs) {
    const n = sizeOf(inputs[0]!.shape);
    return { flops: 20 * n, bytes: 3 * bytesOf(inputs[0]!), dtype: inputs[0]!.dtype };
  },
};

/**
 * The shape of an optimizer update kernel (ApplyMomentum, SGD, Adam): tensors of one float dtype and
 * shape (the parameter, its state, the gradient), scalars (learning rate, momentum...) as one-element
 * tensors, and new values of the parameter and its state as outputs, which the executor writes back in
 * place. Arithmetic runs in the compute dtype (float32 for float16/float32) and rounds once per output.
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { computeDType, finishFloat, floatValues, type FloatValues } from '../float-output.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, ktensor, type KSignature, type KernelDef } from '../tensor.js';

/** An update rule: element i of the tensors, the scalars, and the new values to write. */
export type UpdateRule<A> = (i: number, t: readonly FloatValues[], s: readonly number[], out: FloatValues[], attrs: A) => void;

/** Describes an optimizer kernel. */
export interface OptimizerSpec<A> {
  readonly name: string;
  /** Input names in order (for messages). */
  readonly inputs: readonly string[];
  /** Which inputs are scalars (one element). */
  readonly scalars: readonly number[];
  /** Which inputs the outputs are new values of, in output order. */
  readonly updates: readonly number[];
  /** Flops per element. */
  readonly flops: number;
  readonly rule: UpdateRule<A>;
}

/** Builds the kernel of an optimizer spec. */
export function optimizerKernel<A>(spec: OptimizerSpec<A>): KernelDef<A> {
  const tensors = spec.inputs.map((_, i) => i).filter((i) => !spec.scalars.includes(i));
  const infer = (inputs: readonly KSignature[]): KSignature[] => {
    if (inputs.length !== spec.inputs.length) {
      throw new DTypeError(`${spec.name}: expected ${spec.inputs.length} inputs (${spec.inputs.join(', ')}), but got ${inputs.length}`);
    }
    const first = inputs[tensors[0]!]!;
    if (first.dtype.kind !== 'float') throw new DTypeError(`For '${spec.name}', '${spec.inputs[tensors[0]!]}' must be a float tensor, but got ${first.dtype.msName}`);
    for (const i of tensors) {
      const s = inputs[i]!;
      if (s.dtype !== first.dtype) throw new DTypeError(`For '${spec.name}', '${spec.inputs[i]}' must be ${first.dtype.msName} like '${spec.inputs[tensors[0]!]}', but got ${s.dtype.msName}`);
      if (s.shape.length !== first.shape.length || s.shape.some((d, k) => d !== first.shape[k])) {
        throw new ShapeError(`For '${spec.name}', '${spec.inputs[i]}' must have shape ${formatShape(first.shape)}, but got ${formatShape(s.shape)}`);
      }
    }
    for (const i of spec.scalars) {
      const s = inputs[i]!;
      if (sizeOf(s.shape) !== 1 || s.dtype.kind !== 'float') throw new DTypeError(`For '${spec.name}', '${spec.inputs[i]}' must be a float scalar, but got ${s.dtype.msName} ${formatShape(s.shape)}`);
    }
    return spec.updates.map(() => ({ dtype: first.dtype, shape: [...first.shape] }));
  };
  return {
    name: spec.name,
    infer: (inputs) => infer(inputs),
    compute(inputs, attrs, options) {
      const sigs = infer(inputs);
      const values = inputs.map((t, i) => (spec.scalars.includes(i) ? null : floatValues(t)));
      const scalars = spec.scalars.map((i) => floatValues(inputs[i]!)[0]!);
      const n = sizeOf(sigs[0]!.shape);
      const wide = computeDType(sigs[0]!.dtype).name === 'float64';
      const outs: FloatValues[] = spec.updates.map(() => (wide ? new Float64Array(n) : new Float32Array(n)));
      const dense = tensors.map((i) => values[i]!);
      for (let i = 0; i < n; i++) spec.rule(i, dense, scalars, outs, attrs);
      let overflow = false;
      const outputs = sigs.map((sig, k) => {
        const out = ktensor(sig.dtype, sig.shape);
        if (finishFloat(outs[k]!, out, true, options)) overflow = true;
        return out;
      });
      return { outputs, overflow };
    },
    cost(inputs) {
      const sig = infer(inputs)[0]!;
      return { flops: spec.flops * sizeOf(sig.shape), bytes: inputs.reduce((b, s) => b + bytesOf(s), 0) + spec.updates.length * bytesOf(sig), dtype: sig.dtype };
    },
  };
}

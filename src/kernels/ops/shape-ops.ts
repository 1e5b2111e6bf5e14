/**
 * Shape kernels: Reshape (one dimension may be -1), Transpose (a permutation of the axes), and the
 * fills OnesLike and ZerosLike. Bit patterns are copied, so every dtype passes through exactly.
 * @module
 */
import { ShapeError } from '../../errors/index.js';
import { formatShape, sizeOf, stridesOf } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KernelDef } from '../tensor.js';
import { castArray } from '../cast.js';
import { DTYPES } from '../dtype.js';

/** Reshape's attribute: the new shape. */
export interface ReshapeAttrs {
  /** The new dimensions; one may be -1. */
  readonly shape: readonly number[];
}

/** The new shape, its one -1 resolved, as numpy's reshape does it (and refuses what numpy refuses). */
function reshaped(input: KSignature, shape: readonly number[]): number[] {
  const n = sizeOf(input.shape);
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const unknown = shape.filter((d) => d === -1).length;
  // -1 cannot be resolved beside a 0 (numpy: "cannot reshape array of size 0 into shape (-1,0)")
  const out = shape.map((d) => (d === -1 && known > 0 ? n / known : d));
  if (unknown > 1 || shape.some((d) => !Number.isInteger(d) || d < -1) || out.includes(-1) || sizeOf(out) !== n || out.some((d) => !Number.isInteger(d))) {
    throw new ShapeError(`For 'Reshape', the product of shape ${formatShape(input.shape)} must equal that of the new shape ${formatShape(shape)}`);
  }
  return out;
}

/** Reshape. */
export const Reshape: KernelDef<ReshapeAttrs> = {
  name: 'Reshape',
  infer: (inputs, attrs) => [{ dtype: inputs[0]!.dtype, shape: reshaped(inputs[0]!, attrs.shape) }],
  compute(inputs, attrs, options) {
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'Reshape');
    out.data.set(inputs[0]!.data as never);
    return { outputs: [out], overflow: false };
  },
  cost: (inputs) => ({ flops: 0, bytes: 2 * bytesOf(inputs[0]!), dtype: inputs[0]!.dtype }),
};

/** Transpose's attribute: the permutation. */
export interface TransposeAttrs {
  /** perm[i] is the input axis that becomes output axis i. */
  readonly perm: readonly number[];
}

/** Transpose. */
export const Transpose: KernelDef<TransposeAttrs> = {
  name: 'Transpose',
  infer(inputs, attrs) {
    const x = inputs[0]!;
    const perm = attrs.perm;
    if (perm.length !== x.shape.length || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
      throw new ShapeError(`For 'Transpose', perm ${formatShape(perm)} is not a permutation of the ${x.shape.length} axes of ${formatShape(x.shape)}`);
    }
    return [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]!) }];
  },
  compute(inputs, attrs, options) {
    const x = inputs[0]!;
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'Transpose');
    const inStrides = stridesOf(x.shape);
    const outShape = out.shape;
    const idx = new Array<number>(outShape.length).fill(0);
    const src = x.data as Float32Array;
    const dst = out.data as Float32Array;
    for (let i = 0; i < dst.length; i++) {
      let o = 0;
      for (let k = 0; k < idx.length; k++) o += idx[k]! * inStrides[attrs.perm[k]!]!;
      dst[i] = src[o]!;
      for (let ax = outShape.length - 1; ax >= 0; ax--) {
        if (++idx[ax]! < outShape[ax]!) break;
        idx[ax] = 0;
      }
    }
    return { outputs: [out], overflow: false };
  },
  cost: (inputs) => ({ flops: 0, bytes: 2 * bytesOf(inputs[0]!), dtype: inputs[0]!.dtype }),
};

function fillKernel(name: string, value: number): KernelDef {
  return {
    name,
    infer: (inputs) => [{ dtype: inputs[0]!.dtype, shape: [...inputs[0]!.shape] }],
    compute(inputs, attrs, options) {
      const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, name);
      out.data.set(castArray(new Float64Array(out.data.length).fill(value), DTYPES.float64, out.dtype) as never);
      return { outputs: [out], overflow: false };
    },
    cost: (inputs) => ({ flops: 0, bytes: bytesOf(inputs[0]!), dtype: inputs[0]!.dtype }),
  };
}

/** OnesLike. */
export const OnesLike = fillKernel('OnesLike', 1);
/** ZerosLike. */
export const ZerosLike = fillKernel('ZerosLike', 0);

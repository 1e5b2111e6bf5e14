/**
 * What kernels compute on: a dtype, a shape and C-ordered storage. Kernels are pure functions over
 * these; the runtime hands them device buffers, the API hands them host arrays.
 * @module
 */
import { ArgumentTypeError } from '../errors/index.js';
import type { DType, TypedArray } from './dtype.js';
import { formatShape, sameShape, sizeOf, type Shape } from './shape.js';

/** A dtype, a shape and storage of `prod(shape)` elements in C order. */
export interface KTensor {
  /** The element type. */
  readonly dtype: DType;
  /** The dimensions. */
  readonly shape: Shape;
  /** The elements (float16/bfloat16 as bit patterns, int64 as BigInt64Array). */
  readonly data: TypedArray;
}

/** The dtype and shape of a kernel output, known before it runs. */
export interface KSignature {
  /** The element type. */
  readonly dtype: DType;
  /** The dimensions. */
  readonly shape: Shape;
}

/**
 * A tensor of `dtype` and `shape`: wraps `data` when given (checked), else allocates zeros.
 *
 * @throws {@link ArgumentTypeError} when `data` does not suit the dtype or shape.
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const t = kernels.ktensor(kernels.DTYPES.float32, [2, 2], new Float32Array([1, 2, 3, 4]));
 * console.log(t.shape); // [ 2, 2 ]
 * ```
 */
export function ktensor(dtype: DType, shape: Shape, data?: TypedArray): KTensor {
  const n = sizeOf(shape);
  if (data === undefined) return { dtype, shape: [...shape], data: dtype.allocate(n) };
  if (!(data instanceof dtype.storage) || data.length !== n) {
    throw new ArgumentTypeError(`kernel tensor: ${dtype.name} of shape ${formatShape(shape)} needs a ${dtype.storage.name} of ${n} elements`);
  }
  return { dtype, shape: [...shape], data };
}

/** Options every kernel takes. */
export interface KernelOptions {
  /** Clamp float results that overflow to the largest finite value and NaN to 0 (Ascend 910). */
  readonly saturate?: boolean;
  /** Count overflows (a non-finite result from finite inputs, or a saturated value). */
  readonly detectOverflow?: boolean;
  /** Storage to write the first output into (its dtype and shape must match). */
  readonly out?: KTensor;
  /**
   * The caller vouches that `out` has the signature this kernel's `infer` gives for these inputs and
   * attributes (the executor inferred it when it recorded the op): the kernel uses it without
   * inferring and checking again.
   */
  readonly inferred?: boolean;
}

/** What a kernel returns. */
export interface KernelResult {
  /** The outputs, in the kernel's order. */
  readonly outputs: KTensor[];
  /** Whether its arithmetic overflowed (only computed when asked, or when saturating). */
  readonly overflow: boolean;
}

/** A kernel's cost, which device models turn into simulated time. */
export interface KernelCost {
  /** Floating-point (or integer) operations. */
  readonly flops: number;
  /** Bytes read and written. */
  readonly bytes: number;
  /** The dtype the arithmetic runs in. */
  readonly dtype: DType;
}

/**
 * A kernel: a name, output inference, the computation, and its cost.
 *
 * @typeParam A - the attributes (options) the kernel takes.
 */
export interface KernelDef<A = Record<string, never>> {
  /** MindSpore's primitive name: `Add`, `MatMul`, `Conv2D`... */
  readonly name: string;
  /**
   * The outputs' dtypes and shapes for inputs of these dtypes and shapes.
   *
   * @throws {@link ShapeError} / {@link DTypeError} for inputs the kernel does not accept.
   */
  infer(inputs: readonly KSignature[], attrs: A): KSignature[];
  /** Computes the outputs (inputs are checked by `infer` first). */
  compute(inputs: readonly KTensor[], attrs: A, options?: KernelOptions): KernelResult;
  /** The cost of running it on these inputs. */
  cost(inputs: readonly KSignature[], attrs: A): KernelCost;
}

/** The output tensor for a signature: `options.out` when it matches, else a new one. */
export function outputFor(sig: KSignature, options: KernelOptions | undefined, kernel: string): KTensor {
  const out = options?.out;
  if (!out) return ktensor(sig.dtype, sig.shape);
  if (out.dtype !== sig.dtype || !sameShape(out.shape, sig.shape)) {
    throw new ArgumentTypeError(
      `${kernel}: the output buffer is ${out.dtype.name} ${formatShape(out.shape)} but the result is ${sig.dtype.name} ${formatShape(sig.shape)}`,
    );
  }
  return out;
}

/**
 * `options.out` when the caller vouches it has the inferred signature (`inferred`), else undefined:
 * `trustedOutput(options) ?? outputFor(infer(…)[0], options, name)` infers once per op.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const out = kernels.ktensor(kernels.DTYPES.float32, [2]);
 * console.log(kernels.trustedOutput({ out, inferred: true }) === out, kernels.trustedOutput({ out })); // true undefined
 * ```
 */
export function trustedOutput(options: KernelOptions | undefined): KTensor | undefined {
  return options !== undefined && options.inferred === true ? options.out : undefined;
}

/** Bytes of a signature's elements. */
export function bytesOf(sig: KSignature): number {
  return sizeOf(sig.shape) * sig.dtype.itemsize;
}

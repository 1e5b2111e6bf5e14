/**
 * `NDArray`: mindsim's host array, a small stand-in for numpy's `ndarray` (C-contiguous, typed-array
 * storage, numpy's dtype names and printing).
 * @module
 */
import { ArgumentTypeError, IndexOutOfRangeError, ShapeError } from '../../errors/index.js';
import {
  type DType,
  type DTypeLike,
  type DTypeName,
  type Shape,
  type TypedArray,
  castArray,
  describeValue,
  elementReader,
  formatShape,
  resolveDType,
  sizeOf,
  stridesOf,
} from '../../kernels/index.js';
import { formatArray } from './format/array-text.js';

/** A Python scalar as JavaScript holds it: a number, a bigint (int64) or a boolean. */
export type Scalar = number | bigint | boolean;

/** Nested JavaScript arrays of scalars, as {@link NDArray.tolist} returns them. */
export type NestedList = Scalar | NestedList[];

/**
 * An n-dimensional host array: shape, dtype and a typed array of elements in C order.
 * Build one with `np.array`, `np.arange`, `np.zeros`, `np.ones` or `np.full`.
 *
 * @example
 * ```ts
 * import { np } from 'mindsim';
 * const a = np.arange(6).reshape(2, 3);
 * console.log(a.shape, a.dtype, a.size, a.ndim); // [ 2, 3 ] int64 6 2
 * console.log(String(a));
 * // [[0 1 2]
 * //  [3 4 5]]
 * ```
 */
export class NDArray {
  /** The dimensions, outermost first; `[]` for a 0-d array. */
  readonly shape: readonly number[];
  /** The element type (a {@link DType}); {@link NDArray.dtype} gives its numpy name. */
  readonly dtypeInfo: DType;
  /** The elements in C order; float16/bfloat16 as bit patterns, int64 as a BigInt64Array. */
  readonly data: TypedArray;

  /**
   * Wraps existing storage (no copy). Most code should use the `np` functions instead.
   *
   * @param data - storage of the right typed-array class for `dtype`, with `prod(shape)` elements.
   * @param shape - the dimensions.
   * @param dtype - the element type.
   * @throws {@link ArgumentTypeError} when the storage does not suit the dtype or the shape.
   */
  constructor(data: TypedArray, shape: Shape, dtype: DTypeLike) {
    const dt = resolveDType(dtype, 'NDArray');
    if (!(data instanceof dt.storage) || data.length !== sizeOf(shape)) {
      throw new ArgumentTypeError(
        `NDArray: ${dt.name} data of shape ${formatShape(shape)} needs a ${dt.storage.name} of ` +
          `${sizeOf(shape)} elements, but got ${describeValue(data)} of length ${(data as TypedArray).length}`,
      );
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtypeInfo = dt;
  }

  /** numpy's name of the element type: `'float32'`, `'int64'`, `'bool'`... */
  get dtype(): DTypeName {
    return this.dtypeInfo.name;
  }

  /** The number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** The number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The same elements with another shape; shares the storage, as numpy's reshape of a contiguous array.
   * Takes dimensions as arguments or as one array; one dimension may be -1 (inferred).
   *
   * @throws {@link ShapeError} when the sizes differ ("cannot reshape array of size 6 into shape (4,)"),
   *   when more than one dimension is -1, or a dimension is negative.
   * @throws {@link ArgumentTypeError} when a dimension is not an integer.
   * @example
   * ```ts
   * import { np } from 'mindsim';
   * console.log(np.arange(6).reshape([3, -1]).shape); // [ 3, 2 ]
   * ```
   */
  reshape(...shape: (number | readonly number[])[]): NDArray {
    const dims = (shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : shape) as unknown[];
    for (const d of dims) {
      if (typeof d !== 'number' || !Number.isInteger(d)) {
        throw new ArgumentTypeError(`NDArray.reshape: every dimension must be an integer, but got ${describeValue(d)}`);
      }
    }
    const ints = dims as number[];
    const unknown = ints.filter((d) => d === -1).length;
    if (unknown > 1) throw new ShapeError('NDArray.reshape: can only specify one unknown dimension');
    if (ints.some((d) => d < -1)) {
      throw new ShapeError(`NDArray.reshape: negative dimensions not allowed, but got ${formatShape(ints)}`);
    }
    const known = ints.reduce((p, d) => (d === -1 ? p : p * d), 1);
    let resolved = ints;
    if (unknown === 1 && known !== 0 && this.size % known === 0) {
      resolved = ints.map((d) => (d === -1 ? this.size / known : d));
    }
    if (resolved.includes(-1) || sizeOf(resolved) !== this.size) {
      throw new ShapeError(`cannot reshape array of size ${this.size} into shape ${formatShape(ints)}`);
    }
    return new NDArray(this.data, resolved, this.dtypeInfo);
  }

  /**
   * A copy with another element type, with numpy's cast rules (see the kernels' `castArray`).
   *
   * @throws {@link DTypeError} for an unknown dtype name.
   * @example
   * ```ts
   * import { np } from 'mindsim';
   * console.log(String(np.array([1.5, 70000]).astype('float16'))); // [1.5 inf]
   * ```
   */
  astype(dtype: DTypeLike): NDArray {
    const to = resolveDType(dtype, 'NDArray.astype');
    return new NDArray(castArray(this.data, this.dtypeInfo, to), this.shape, to);
  }

  /**
   * One element as a JavaScript scalar: a number, a bigint for int64, a boolean for bool.
   * With no index the array must have exactly one element; one index is a flat (C-order) index;
   * otherwise one index per axis (negative indices count from the end).
   *
   * @throws {@link IndexOutOfRangeError} when an index is outside its axis.
   * @throws {@link ShapeError} when no index is given for an array of more than one element, or the
   *   number of indices matches neither 1 nor the number of axes.
   * @example
   * ```ts
   * import { np } from 'mindsim';
   * console.log(np.arange(6).reshape(2, 3).item(1, 2)); // 5n
   * ```
   */
  item(...index: number[]): Scalar {
    let flat: number;
    if (index.length === 0) {
      if (this.size !== 1) {
        throw new ShapeError(`NDArray.item: can only convert an array of size 1 to a scalar, but size is ${this.size}`);
      }
      flat = 0;
    } else if (index.length === 1 && this.ndim !== 1) {
      flat = normaliseIndex(index[0]!, this.size, 'flat');
    } else if (index.length === this.ndim) {
      const strides = stridesOf(this.shape);
      flat = 0;
      for (let k = 0; k < index.length; k++) flat += normaliseIndex(index[k]!, this.shape[k]!, `axis ${k}`) * strides[k]!;
    } else {
      throw new ShapeError(`NDArray.item: incorrect number of indices for array of shape ${formatShape(this.shape)}`);
    }
    return this.scalarAt(flat);
  }

  /**
   * The elements as nested JavaScript arrays (numbers, bigints for int64, booleans for bool).
   *
   * @example
   * ```ts
   * import { np } from 'mindsim';
   * console.log(np.ones([2, 2], 'bool').tolist()); // [ [ true, true ], [ true, true ] ]
   * ```
   */
  tolist(): NestedList {
    const strides = stridesOf(this.shape);
    const build = (axis: number, offset: number): NestedList => {
      if (axis === this.ndim) return this.scalarAt(offset);
      const out: NestedList[] = [];
      for (let i = 0; i < this.shape[axis]!; i++) out.push(build(axis + 1, offset + i * strides[axis]!));
      return out;
    };
    return build(0, 0);
  }

  /** The array as numpy's `str()` prints it. */
  toString(): string {
    return formatArray({ shape: this.shape, dtype: this.dtypeInfo, data: this.data });
  }

  private scalarAt(flat: number): Scalar {
    const v = elementReader(this.dtypeInfo, this.data)(flat);
    return this.dtypeInfo.kind === 'bool' ? v !== 0 : v;
  }
}

function normaliseIndex(i: number, n: number, what: string): number {
  if (!Number.isInteger(i)) throw new ArgumentTypeError(`NDArray.item: indices must be integers, but got ${i}`);
  const j = i < 0 ? i + n : i;
  if (j < 0 || j >= n) {
    throw new IndexOutOfRangeError(`NDArray.item: index ${i} is out of bounds for ${what} with size ${n}`);
  }
  return j;
}

/**
 * Shapes: validation, element counts, C-order strides and Python's tuple text.
 * @module
 */
import { ArgumentTypeError, ShapeError, ArgumentValueError } from '../errors/index.js';
import { describeValue } from './dtype.js';

/** A shape: one non-negative integer per axis; `[]` is a 0-d (scalar) array. */
export type Shape = readonly number[];

/**
 * Python's text of a shape tuple: `(2, 3)`, `(3,)`, `()`.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.formatShape([3])); // (3,)
 * ```
 */
export function formatShape(shape: Shape): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The number of elements of a shape (1 for `[]`). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** C-order (row-major) strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Largest element count mindsim allocates on the host in one array (what a typed array can hold). */
export const MAX_ELEMENTS = 2 ** 32 - 1;

/**
 * Checks and normalises a shape argument: a number `n` means `[n]`; every dimension must be a
 * non-negative integer, and the whole must fit in a typed array.
 *
 * @param shape - the shape as the user gave it.
 * @param api - the API to name in messages.
 * @throws {@link ArgumentTypeError} when a dimension is not an integer (numpy's TypeError).
 * @throws {@link ShapeError} when a dimension is negative (numpy's "negative dimensions are not allowed").
 * @throws {@link ArgumentValueError} when the array would be too big.
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.checkShape(3, 'np.zeros')); // [ 3 ]
 * ```
 */
export function checkShape(shape: unknown, api: string): number[] {
  const dims = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(dims)) {
    throw new ArgumentTypeError(`${api}: shape must be an integer or an array of integers, but got ${describeValue(shape)}`);
  }
  for (const d of dims) {
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new ArgumentTypeError(
        `${api}: every dimension must be an integer, but got ${describeValue(d)} in shape [${dims.map(String).join(', ')}]`,
      );
    }
  }
  if (dims.some((d: number) => d < 0)) {
    throw new ShapeError(`${api}: negative dimensions are not allowed, but got shape ${formatShape(dims)}`);
  }
  const size = sizeOf(dims);
  if (size > MAX_ELEMENTS) {
    throw new ArgumentValueError(
      `${api}: array is too big: shape ${formatShape(dims)} has ${size} elements, more than ${MAX_ELEMENTS}`,
    );
  }
  return [...dims];
}

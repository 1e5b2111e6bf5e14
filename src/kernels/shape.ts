/**
 * Shapes: validation, element counts, C-order strides and Python's tuple text.
 * @module
 */
import { ArgumentTypeError, ShapeError, ArgumentValueError, OutOfMemoryError } from '../errors/index.js';
import { describeValue, type DType, type TypedArray } from './dtype.js';

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
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/**
 * Whether two shapes are the same: as many axes, each of the same length.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.sameShape([2, 3], [2, 3]), kernels.sameShape([6], [2, 3])); // true false
 * ```
 */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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

/** Most dimensions an array may have (numpy 1.x's NPY_MAXDIMS, as MindSpore r1.5 pins it). */
export const MAX_DIMS = 32;

/** Most bytes mindsim allocates on the host for one array (4 GiB): past it numpy would be paging. */
export const MAX_HOST_BYTES = 2 ** 32;

/**
 * numpy's text of a byte count in allocation errors.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.numpySize(34359214080), kernels.numpySize(100)); // 32.0 GiB 100 bytes
 * ```
 */
export function numpySize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let unit = Math.floor(Math.max(Math.floor(Math.log2(Math.max(bytes, 1))), 1) / 10);
  let n = bytes / 2 ** (unit * 10);
  if (Math.round(n) === 1024) {
    unit += 1;
    n /= 1024;
  }
  if (unit === 0) return `${bytes} bytes`;
  return Math.round(n) < 1000 ? `${n.toPrecision(3)} ${units[unit]}` : `${n.toFixed(0)}. ${units[unit]}`;
}

/**
 * Zeroed host storage for an array of `shape` and `dtype`, as numpy allocates it.
 *
 * @throws {@link OutOfMemoryError} (numpy's MemoryError "Unable to allocate 32.0 GiB for an array with
 *   shape (65536, 65535) and data type float64") past {@link MAX_HOST_BYTES} or when the JavaScript
 *   engine cannot allocate it.
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(kernels.allocateHost(kernels.DTYPES.int32, [2, 2], 'np.zeros').length); // 4
 * ```
 */
export function allocateHost(dtype: DType, shape: Shape, api: string): TypedArray {
  checkHostBytes(shape, dtype.itemsize, dtype.name, api);
  try {
    return dtype.allocate(sizeOf(shape));
  } catch (e) {
    if (e instanceof RangeError) throw hostRefusal(shape, dtype.itemsize, dtype.name, api);
    throw e;
  }
}

function hostRefusal(shape: Shape, itemsize: number, dtypeName: string, api: string): OutOfMemoryError {
  return new OutOfMemoryError(`${api}: Unable to allocate ${numpySize(sizeOf(shape) * itemsize)} for an array with shape ${formatShape(shape)} and data type ${dtypeName}`);
}

/**
 * Checks that an array of `shape` with elements of `itemsize` bytes fits the host (as
 * {@link allocateHost}, before anything is allocated: initializers draw in float64 first).
 *
 * @throws {@link OutOfMemoryError} past {@link MAX_HOST_BYTES}.
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * kernels.checkHostBytes([1024, 1024], 8, 'float64', 'initializer'); // 8 MiB: fine
 * ```
 */
export function checkHostBytes(shape: Shape, itemsize: number, dtypeName: string, api: string): void {
  if (sizeOf(shape) * itemsize > MAX_HOST_BYTES) throw hostRefusal(shape, itemsize, dtypeName, api);
}

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
